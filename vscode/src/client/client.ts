// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// AttacheClient keeps one channel to the running Attache open: found through the discovery
// file, the WebSocket first, HTTP + SSE when the WebSocket cannot be had, `attache --stdio` when
// asked to. It survives drops, restarts and token resets: it reconnects with backoff, reads the
// discovery file again, and resumes every run it was following from its last event, so a reply
// that was streaming ends complete, with no gap and no duplicate.
import { EventEmitter } from 'node:events';

import type { Channel, ChannelClosed, HttpAnswer, Transport } from './channel.ts';
import { DiscoveryWatcher, type Discovery } from './discovery.ts';
import type { Identity } from './rpcchannel.ts';
import { SseChannel } from './ssechannel.ts';
import { StdioChannel, type StdioCommand } from './stdiochannel.ts';
import { ConnectError, WsChannel } from './wschannel.ts';
import {
  AttacheError,
  errorFromBody,
  isTerminal,
  type ChatParams,
  type CodingTaskParams,
  type HistoryMessage,
  type ModelInfo,
  type Notification,
  type PermissionDecision,
  type PermissionRequest,
  type PermissionResolved,
  type PermissionScope,
  type Presence,
  type ProviderInfo,
  type RunEvent,
  type RunStarted,
  type SessionInfo,
  type TopicChange,
} from './wire.ts';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface ClientStatus {
  state: ConnectionState;
  transport?: Transport;
  /** Why the HTTP fallback is in use, or why there is no connection. */
  detail?: string;
  /** Whether the discovery file names a running instance. */
  instanceFound: boolean;
}

export interface ClientOptions {
  discoveryFile: string;
  identity: Identity;
  /** 'auto' (default): the WebSocket, else HTTP + SSE. Tests force one. */
  transports?: 'auto' | 'websocket' | 'sse';
  log?: (line: string) => void;
  /** First and longest wait between attempts to reconnect. */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** While on the fallback, how often to try the WebSocket again. */
  upgradeProbeMs?: number;
  /** How often the discovery file is looked for while its folder is missing. */
  discoveryPollMs?: number;
}

export interface ClientEventMap {
  status: [ClientStatus];
  /** A run's events, each exactly once and in order. */
  event: [RunEvent];
  /** A run that cannot be followed any more (Attache restarted, or its events are gone): its
   * session's history says how it ended. */
  runLost: [{ run: string; session: string; reason: string }];
  topic: [TopicChange];
  notification: [Notification];
  notificationReply: [Notification];
  presence: [Presence];
  permissionRequest: [PermissionRequest];
  permissionResolved: [PermissionResolved];
  /** Each new channel, once it is open and its runs are resumed. */
  connected: [Transport];
}

interface TrackedRun {
  id: string;
  session: string;
  lastSeq: number;
  resuming: boolean;
}

const RECENT_RUNS = 256;

export class AttacheClient extends EventEmitter<ClientEventMap> {
  private readonly options: ClientOptions;
  private readonly watcher: DiscoveryWatcher;
  private readonly log: (line: string) => void;
  private current: Channel | undefined;
  private stdio: StdioCommand | undefined;
  private running = false;
  private wake: (() => void) | undefined;
  private loopDone: Promise<void> | undefined;
  private probe: NodeJS.Timeout | undefined;
  private readonly runs = new Map<string, TrackedRun>();
  private readonly ended: string[] = []; // runs seen to their end, newest last
  private readonly waiters: Array<() => void> = [];
  private fallbackReason: string | undefined;
  private finishServe: ((closed: ChannelClosed) => void) | undefined;
  private usedToken: string | undefined;
  status: ClientStatus = { state: 'disconnected', instanceFound: false };

  constructor(options: ClientOptions) {
    super();
    this.options = options;
    this.log = options.log ?? (() => {});
    this.watcher = new DiscoveryWatcher(options.discoveryFile, options.discoveryPollMs ?? 1000);
    this.watcher.on('change', (info: Discovery | null) => this.onDiscoveryChanged(info));
  }

  get channel(): Channel | undefined {
    return this.current;
  }

  get clientId(): string | undefined {
    return this.current?.clientId;
  }

  get discoveryFile(): string {
    return this.options.discoveryFile;
  }

  /** Starts connecting, and keeps connected until stop(). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.watcher.start();
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.watcher.close();
    this.stopProbe();
    this.abandon('stopped');
    this.wake?.();
    await this.loopDone;
    this.setStatus({ state: 'disconnected', instanceFound: false });
  }

  /** Try again now rather than after the current wait. */
  retryNow(): void {
    this.wake?.();
  }

  /** From now on, talk to `attache --stdio` run as a child instead of an instance on a port. */
  useStdio(command: StdioCommand): void {
    this.stdio = command;
    this.abandon('switching to attache --stdio');
    this.wake?.();
  }

  /** Resolves once connected (at once when it is); rejects after timeoutMs if given. */
  connected(timeoutMs?: number): Promise<void> {
    if (this.status.state === 'connected') return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.waiters.splice(this.waiters.indexOf(waiter) >>> 0, 1);
              reject(new AttacheError(`Not connected after ${timeoutMs / 1000} s: ${this.status.detail ?? ''}`, 'disconnected', 0));
            }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Closes the connection as a network failure would; the client reconnects and resumes. */
  dropConnection(): void {
    this.current?.drop();
  }

  // The connection loop --------------------------------------------------------------------

  private async loop(): Promise<void> {
    const initial = this.options.retryInitialMs ?? 250;
    const longest = this.options.retryMaxMs ?? 5000;
    let delay = initial;
    while (this.running) {
      this.setStatus({ ...this.status, state: 'connecting' });
      let channel: Channel;
      try {
        channel = await this.connectOnce();
      } catch (error) {
        if (!this.running) break;
        const message = (error as Error).message;
        this.log(`not connected: ${message}`);
        this.setStatus({ state: 'disconnected', detail: message, instanceFound: this.watcher.current() !== null });
        await this.pause(delay);
        delay = Math.min(delay * 2, longest);
        continue;
      }
      delay = initial;
      const closed = await this.serve(channel);
      if (!this.running) break;
      this.log(`connection closed${closed.code ? ` (${closed.code} ${closed.reason ?? ''})` : closed.reason ? `: ${closed.reason}` : ''}`);
      this.setStatus({ state: 'disconnected', detail: closed.reason, instanceFound: this.watcher.current() !== null });
      if (closed.code === 1008) {
        // The token was reset: the discovery file gets the new one. Wait for it (or for a
        // while, then read it again anyway).
        const info = await this.watcher.refresh();
        if (this.running && (!info || info.token === this.usedToken)) await this.pause(longest);
      }
    }
  }

  /** Waits ms, or less when the discovery file changes or retryNow() is called. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }

  private onDiscoveryChanged(info: Discovery | null): void {
    this.log(info ? `discovery file: Attache on port ${info.port} (pid ${info.pid})` : 'discovery file: no running Attache');
    if (this.stdio) return;
    // Another port or token: this connection is to an instance that is gone or has moved on.
    if (this.current && this.current.transport !== 'stdio') this.abandon('the discovery file changed');
    this.wake?.();
  }

  private async connectOnce(): Promise<Channel> {
    const identity = this.options.identity;
    if (this.stdio) {
      const channel = new StdioChannel(this.stdio, identity);
      await channel.open();
      return channel;
    }
    const info = await this.watcher.refresh();
    if (!info) throw new ConnectError(`Attache is not running (no ${this.options.discoveryFile}).`, 'refused');
    const endpoint = { port: info.port, token: info.token };
    this.usedToken = info.token;
    const mode = this.options.transports ?? 'auto';
    let fallback: string | undefined;
    if (mode !== 'sse') {
      const ws = new WsChannel(endpoint, identity);
      try {
        await ws.open();
        return ws;
      } catch (error) {
        if (!(error instanceof ConnectError) || error.failure !== 'upgrade_refused' || mode === 'websocket') throw error;
        fallback = error.message;
        this.log(`WebSocket refused (${fallback}): falling back to HTTP + SSE`);
      }
    }
    const sse = new SseChannel(endpoint, identity);
    await sse.open();
    this.fallbackReason = fallback ?? 'HTTP + SSE chosen in the settings';
    return sse;
  }

  /** Closes the channel in use; serve() returns and the loop goes on (or ends, when stopped). */
  private abandon(reason: string): void {
    const channel = this.current;
    this.current = undefined;
    channel?.close();
    this.finishServe?.({ reason });
  }

  /** Uses an open channel until it closes. */
  private async serve(channel: Channel): Promise<ChannelClosed> {
    this.current = channel;
    const closed = new Promise<ChannelClosed>((resolve) => {
      this.finishServe = resolve;
      channel.once('closed', resolve);
    });
    channel.on('event', (event) => this.onEvent(event));
    channel.on('topic', (change) => this.emit('topic', change));
    channel.on('notification', (n) => this.emit('notification', n));
    channel.on('notificationReply', (n) => this.emit('notificationReply', n));
    channel.on('presence', (p) => this.emit('presence', p));
    channel.on('permissionRequest', (r) => this.emit('permissionRequest', r));
    channel.on('permissionResolved', (r) => this.emit('permissionResolved', r));
    this.log(`connected over ${channel.transport} as ${channel.clientId ?? '?'}`);
    for (const run of [...this.runs.values()]) void this.resumeRun(run);
    this.setStatus({
      state: 'connected',
      transport: channel.transport,
      detail: channel.transport === 'sse' ? this.fallbackReason : undefined,
      instanceFound: true,
    });
    for (const waiter of this.waiters.splice(0)) waiter();
    this.emit('connected', channel.transport);
    if (channel.transport === 'sse' && (this.options.transports ?? 'auto') === 'auto') this.startProbe();
    const result = await closed;
    this.finishServe = undefined;
    this.stopProbe();
    if (this.current === channel) this.current = undefined;
    channel.removeAllListeners();
    return result;
  }

  /** On the fallback, tries the WebSocket now and then; once it goes through, reconnects over it. */
  private startProbe(): void {
    this.stopProbe();
    const every = this.options.upgradeProbeMs ?? 30000;
    this.probe = setInterval(() => {
      const info = this.watcher.current();
      if (!info) return;
      const ws = new WsChannel({ port: info.port, token: info.token }, { ...this.options.identity, kind: 'probe' });
      ws.open().then(
        () => {
          ws.close();
          this.log('the WebSocket goes through again: leaving the HTTP fallback');
          this.abandon('the WebSocket is available again');
        },
        () => undefined,
      );
    }, every);
    this.probe.unref();
  }

  private stopProbe(): void {
    if (this.probe) clearInterval(this.probe);
    this.probe = undefined;
  }

  private setStatus(status: ClientStatus): void {
    const before = this.status;
    this.status = status;
    if (
      before.state !== status.state ||
      before.transport !== status.transport ||
      before.detail !== status.detail ||
      before.instanceFound !== status.instanceFound
    )
      this.emit('status', status);
  }

  // Runs: each event once, in order; resumed after a drop -----------------------------------

  private onEvent(event: RunEvent): void {
    let run = this.runs.get(event.run);
    if (!run) {
      if (this.ended.includes(event.run)) return; // a replay of a run already seen to its end
      run = { id: event.run, session: event.session, lastSeq: 0, resuming: false };
      this.runs.set(run.id, run);
    }
    if (event.seq <= run.lastSeq) return; // already delivered
    if (event.seq > run.lastSeq + 1) {
      // Something in between is missing (joined late): ask for everything after the last one.
      if (!run.resuming) void this.resumeRun(run);
      return;
    }
    run.lastSeq = event.seq;
    if (isTerminal(event.type)) this.forget(run.id);
    this.emit('event', event);
  }

  private forget(id: string): void {
    this.runs.delete(id);
    this.ended.push(id);
    if (this.ended.length > RECENT_RUNS) this.ended.shift();
  }

  private async resumeRun(run: TrackedRun): Promise<void> {
    const channel = this.current;
    if (!channel || run.resuming) return;
    run.resuming = true;
    try {
      await channel.resume(run.id, run.lastSeq);
    } catch (error) {
      const code = error instanceof AttacheError ? error.code : '';
      if (code === 'run_not_found' || code === 'resync_required') {
        this.forget(run.id);
        this.emit('runLost', { run: run.id, session: run.session, reason: (error as Error).message });
      }
      // Otherwise the channel is going down: the next one resumes it.
    } finally {
      run.resuming = false;
    }
  }

  /** Runs being followed that have not ended, with the last event delivered of each. */
  activeRuns(): Array<{ run: string; session: string; lastSeq: number }> {
    return [...this.runs.values()].map((r) => ({ run: r.id, session: r.session, lastSeq: r.lastSeq }));
  }

  private track(started: RunStarted): RunStarted {
    if (!this.runs.has(started.run) && !this.ended.includes(started.run))
      this.runs.set(started.run, { id: started.run, session: started.session, lastSeq: 0, resuming: false });
    return started;
  }

  // Calls ----------------------------------------------------------------------------------

  private need(): Channel {
    if (!this.current) throw new AttacheError('Not connected to Attache.', 'disconnected', 0);
    return this.current;
  }

  http(method: string, path: string, body?: unknown): Promise<HttpAnswer> {
    return this.need().http(method, path, body);
  }

  /** A REST call whose error status becomes an AttacheError. */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.http(method, path, body);
    if (answer.status >= 400) throw errorFromBody(answer.status, answer.body, `${method} ${path} answered ${answer.status}.`);
    return answer.body as T;
  }

  async chat(params: ChatParams): Promise<RunStarted> {
    return this.track(await this.need().chat(params));
  }

  async codingTask(params: CodingTaskParams): Promise<RunStarted> {
    return this.track(await this.need().codingTask(params));
  }

  async regenerate(session: string | undefined): Promise<RunStarted> {
    return this.track(await this.need().regenerate(session));
  }

  cancel(run: string): Promise<boolean> {
    return this.need().cancel(run);
  }

  respondPermission(id: string, decision: PermissionDecision, scope: PermissionScope): Promise<void> {
    return this.need().respondPermission(id, decision, scope);
  }

  replyNotification(id: string, reply: string): Promise<void> {
    return this.need().replyNotification(id, reply);
  }

  async sessions(): Promise<{ current: string; sessions: SessionInfo[] }> {
    return this.request('GET', '/sessions');
  }

  async history(session: string): Promise<HistoryMessage[]> {
    const answer = await this.request<{ messages: HistoryMessage[] }>('GET', `/history?session=${encodeURIComponent(session)}`);
    return answer.messages;
  }

  async newSession(name?: string): Promise<SessionInfo> {
    const answer = await this.request<{ session: SessionInfo }>('POST', '/session/new', name ? { name, load: false } : { load: false });
    return answer.session;
  }

  async renameSession(session: string, name: string): Promise<SessionInfo> {
    return (await this.request<{ session: SessionInfo }>('POST', '/session/rename', { session, name })).session;
  }

  async deleteSession(session: string): Promise<void> {
    await this.request('POST', '/session/delete', { session });
  }

  async providers(): Promise<ProviderInfo[]> {
    return this.request('GET', '/providers');
  }

  async models(): Promise<ModelInfo[]> {
    return this.request('GET', '/models');
  }

  async setProvider(provider: string): Promise<{ provider: string; model: string }> {
    return this.request('POST', '/provider', { provider });
  }

  async setModel(model: string): Promise<{ provider: string; model: string }> {
    return this.request('POST', '/model', { model });
  }

  async engineStatus(): Promise<{ provider: string; model: string; session: string; setup_needed?: { message?: string } }> {
    return this.request('GET', '/status');
  }

  async workingDir(): Promise<string> {
    return (await this.workingDirOwner()).path;
  }

  /** The working directory and, when the engine knows it, the client that set it. */
  async workingDirOwner(): Promise<{ path: string; set_by?: string }> {
    return this.request<{ path: string; set_by?: string }>('GET', '/working_dir');
  }

  async setWorkingDir(path: string): Promise<string> {
    return (await this.request<{ path: string }>('POST', '/working_dir', { path })).path;
  }

  async clients(): Promise<Array<{ id: string; kind?: string; name?: string }>> {
    return (await this.request<{ clients: Array<{ id: string; kind?: string; name?: string }> }>('GET', '/clients')).clients;
  }
}
