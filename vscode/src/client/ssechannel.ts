// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The HTTP fallback, for when the WebSocket cannot be had (a proxy that refuses upgrades): plain
// requests for calls, GET /events for what Attache pushes, and each run's own SSE stream
// (POST /chat, GET /runs/{id}/events with Last-Event-ID to resume).
import { Channel, type HttpAnswer } from './channel.ts';
import type { Identity } from './rpcchannel.ts';
import { readSse, type SseMessage } from './sse.ts';
import { ConnectError, CONNECT_TIMEOUT_MS, encodeHeader, type Endpoint } from './wschannel.ts';
import {
  AttacheError,
  errorFromBody,
  isTerminal,
  type ChatParams,
  type CodingTaskParams,
  type Notification,
  type PermissionDecision,
  type PermissionRequest,
  type PermissionResolved,
  type PermissionScope,
  type Presence,
  type RunEvent,
  type RunStarted,
  type TopicChange,
} from './wire.ts';

export class SseChannel extends Channel {
  readonly transport = 'sse' as const;
  private readonly endpoint: Endpoint;
  private readonly identity: Identity;
  private readonly aborts = new Set<AbortController>();
  private ended = false;

  constructor(endpoint: Endpoint, identity: Identity) {
    super();
    this.endpoint = endpoint;
    this.identity = identity;
  }

  private url(path: string): string {
    return `http://${this.endpoint.host ?? '127.0.0.1'}:${this.endpoint.port}${path}`;
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      Authorization: `Bearer ${this.endpoint.token}`,
      // REST calls are signed with this client's id, so an answer shows who gave it.
      'X-Attache-Client': this.clientId ?? this.identity.kind,
      ...extra,
    };
  }

  private abortable(): AbortController {
    const controller = new AbortController();
    this.aborts.add(controller);
    return controller;
  }

  async open(): Promise<void> {
    const controller = this.abortable();
    const timer = setTimeout(() => controller.abort(), CONNECT_TIMEOUT_MS);
    let response: Response;
    try {
      response = await fetch(this.url('/events'), {
        headers: {
          Authorization: `Bearer ${this.endpoint.token}`,
          Accept: 'text/event-stream',
          'X-Attache-Client': this.identity.kind,
          'User-Agent': encodeHeader(this.identity.name),
        },
        signal: controller.signal,
      });
    } catch (error) {
      clearTimeout(timer);
      this.aborts.delete(controller);
      const cause = (error as { cause?: NodeJS.ErrnoException }).cause;
      if (cause?.code === 'ECONNREFUSED') throw new ConnectError('Nothing listens on that port.', 'refused');
      throw new ConnectError(`Cannot reach Attache: ${(error as Error).message}.`, 'failed');
    }
    if (response.status === 401) {
      clearTimeout(timer);
      throw new ConnectError('Attache refused the token (401).', 'unauthorized', 401);
    }
    if (!response.ok || !response.body) {
      clearTimeout(timer);
      throw new ConnectError(`GET /events answered HTTP ${response.status}.`, 'failed', response.status);
    }
    // The feed's first event names this client; until then it is not open.
    await new Promise<void>((resolve, reject) => {
      let introduced = false;
      readSse(response.body!, (message) => {
        const event = parse(message);
        if (!event) return;
        if (event.type === 'hello' && !introduced) {
          introduced = true;
          clearTimeout(timer);
          this.clientId = (event.data as { client?: string }).client;
          resolve();
          return;
        }
        this.pushed(event.type, event.data);
      })
        .then(
          () => this.finish('the event stream ended'),
          (error: Error) => this.finish(error.message, error),
        )
        .finally(() => {
          this.aborts.delete(controller);
          clearTimeout(timer);
          if (!introduced) reject(new ConnectError('GET /events ended before it said hello.', 'failed'));
        });
    });
  }

  private pushed(type: string, data: unknown): void {
    switch (type) {
      case 'topic':
        this.emit('topic', data as TopicChange);
        break;
      case 'notification':
        this.emit('notification', data as Notification);
        break;
      case 'notification_reply':
        this.emit('notificationReply', data as Notification);
        break;
      case 'presence':
        this.emit('presence', data as Presence);
        break;
      case 'permission_request':
        this.emit('permissionRequest', data as PermissionRequest);
        break;
      case 'permission_resolved':
        this.emit('permissionResolved', data as PermissionResolved);
        break;
    }
  }

  private finish(reason: string, error?: Error): void {
    if (this.ended) return;
    this.close();
    this.emit('closed', { reason, error });
  }

  close(): void {
    this.ended = true;
    for (const controller of this.aborts) controller.abort();
    this.aborts.clear();
  }

  drop(): void {
    for (const controller of this.aborts) controller.abort(); // the streams fail: finish() follows
  }

  async http(method: string, path: string, body?: unknown): Promise<HttpAnswer> {
    if (this.ended) throw new AttacheError('Not connected to Attache.', 'disconnected', 0);
    const response = await fetch(this.url(path), {
      method,
      headers: this.headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: response.status, body: parsed };
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    const answer = await this.http('POST', path, body);
    if (answer.status >= 400) throw errorFromBody(answer.status, answer.body, `POST ${path} answered ${answer.status}.`);
    return answer.body;
  }

  /** Starts a run whose answer is its SSE stream; resolves with the run once its first event is in. */
  private async startStream(path: string, body: Record<string, unknown>): Promise<RunStarted> {
    const started = await this.stream('POST', path, JSON.stringify({ ...body, stream: true }), {});
    if (!started) throw new AttacheError(`POST ${path} ended before its first event.`, 'disconnected', 0);
    return started;
  }

  chat(params: ChatParams): Promise<RunStarted> {
    return this.startStream('/chat', { ...params });
  }

  codingTask(params: CodingTaskParams): Promise<RunStarted> {
    return this.startStream('/coding_task', { ...params });
  }

  regenerate(session: string | undefined): Promise<RunStarted> {
    return this.startStream('/chat/regenerate', session ? { session } : {});
  }

  async cancel(run: string): Promise<boolean> {
    const answer = (await this.post(`/runs/${encodeURIComponent(run)}/cancel`, {})) as { cancelled?: boolean };
    return answer.cancelled === true;
  }

  async resume(run: string, afterSeq: number): Promise<void> {
    await this.stream('GET', `/runs/${encodeURIComponent(run)}/events`, undefined, {
      'Last-Event-ID': `${run}:${afterSeq}`,
    });
  }

  async respondPermission(id: string, decision: PermissionDecision, scope: PermissionScope): Promise<void> {
    await this.post(`/permissions/${encodeURIComponent(id)}`, { decision, scope });
  }

  async replyNotification(id: string, reply: string): Promise<void> {
    await this.post(`/notifications/${encodeURIComponent(id)}/reply`, { reply });
  }

  /**
   * Reads a run's event stream in the background. Resolves once the stream has begun (with the
   * run named by its first event), or with nothing when it ended complete without one (a resume
   * after the last event); a stream that ends without [DONE] ends the channel, so the
   * client reconnects and resumes the run from its last event.
   */
  private async stream(
    method: string,
    path: string,
    body: string | undefined,
    extra: Record<string, string>,
  ): Promise<RunStarted | undefined> {
    if (this.ended) throw new AttacheError('Not connected to Attache.', 'disconnected', 0);
    const controller = this.abortable();
    let response: Response;
    try {
      response = await fetch(this.url(path), {
        method,
        headers: this.headers({
          Accept: 'text/event-stream',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...extra,
        }),
        body,
        signal: controller.signal,
      });
    } catch (error) {
      this.aborts.delete(controller);
      throw new AttacheError(`Cannot reach Attache: ${(error as Error).message}.`, 'disconnected', 0);
    }
    if (!response.ok || !response.body) {
      this.aborts.delete(controller);
      const text = await response.text();
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        // not JSON: the status says it
      }
      throw errorFromBody(response.status, json, `${method} ${path} answered ${response.status}.`);
    }
    return new Promise<RunStarted | undefined>((resolve, reject) => {
      let started: RunStarted | undefined;
      let done = false;
      readSse(response.body!, (message) => {
        if (message.data === '[DONE]') {
          done = true;
          return;
        }
        const event = parse(message) as RunEvent | null;
        if (!event || typeof event.run !== 'string') return;
        if (!started) {
          started = { run: event.run, session: event.session };
          resolve(started);
        }
        this.emit('event', event);
        if (isTerminal(event.type)) done = true;
      })
        .catch(() => undefined)
        .then(() => {
          this.aborts.delete(controller);
          if (!started && done) resolve(undefined);
          else if (!started) reject(new AttacheError(`${method} ${path} ended before its first event.`, 'disconnected', 0));
          if (!done) this.finish(`the stream of ${started?.run ?? path} broke off`);
        });
    });
  }
}

function parse(message: SseMessage): { type: string; data: unknown } | null {
  try {
    const json = JSON.parse(message.data) as { type?: unknown };
    return typeof json.type === 'string' ? (json as { type: string; data: unknown }) : null;
  } catch {
    return null;
  }
}
