// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// What the chat view shows, kept in the extension host: the sessions shared with every client,
// the shown session's history, and the reply being written in each session, live. It speaks to
// the view only through HostMessage (protocol.ts), and knows nothing of `vscode`.
import type { AttacheClient } from '../client/client.ts';
import { errorMessage } from '../client/errors.ts';
import { isTerminal, type HistoryMessage, type RunEvent, type SessionInfo } from '../client/wire.ts';
import type { ConnectionView, HostMessage, LiveRunView, MessageView, SessionView } from '../protocol.ts';

/** Where the shown session is remembered between windows (the workspace's state). */
export interface SelectionStore {
  get(): string | undefined;
  set(session: string | undefined): void;
}

const LIVE_POST_MS = 40; // at most this often a streaming reply is sent to the view

export class ChatModel {
  private readonly client: AttacheClient;
  private readonly store: SelectionStore;
  private sessions: SessionInfo[] = [];
  private selected: string | undefined;
  private messages: MessageView[] = [];
  private pending: string | undefined;
  private readonly live = new Map<string, LiveRunView>(); // by session
  private readonly liveTimers = new Map<string, NodeJS.Timeout>();
  private connection: ConnectionView = { state: 'connecting' };
  private historyRequest = 0;
  private poster: ((message: HostMessage) => void) | undefined;

  constructor(client: AttacheClient, store: SelectionStore) {
    this.client = client;
    this.store = store;
    this.selected = store.get();
    client.on('connected', () => void this.reload());
    client.on('topic', (change) => {
      if (change.topic === 'sessions') void this.refreshSessions();
      else if (change.topic === 'history') void this.loadHistory();
    });
    client.on('event', (event) => this.onEvent(event));
    client.on('runLost', ({ session }) => {
      this.live.delete(session);
      this.postLive(session);
      void this.loadHistory();
    });
  }

  /** The view attached (or went away: undefined); it gets everything at once. */
  attach(poster: ((message: HostMessage) => void) | undefined): void {
    this.poster = poster;
    if (!poster) return;
    this.post({ type: 'connection', connection: this.connection });
    this.postSessions();
    this.postConversation();
    if (this.selected) this.postLive(this.selected);
  }

  setConnection(connection: ConnectionView): void {
    this.connection = connection;
    this.post({ type: 'connection', connection });
  }

  selectedSession(): string | undefined {
    return this.selected;
  }

  sessionName(id: string): string | undefined {
    return this.sessions.find((s) => s.id === id)?.name;
  }

  liveRun(session = this.selected): LiveRunView | undefined {
    return session ? this.live.get(session) : undefined;
  }

  notice(text: string, kind: 'info' | 'error' = 'error'): void {
    this.post({ type: 'notice', text, kind });
  }

  private post(message: HostMessage): void {
    this.poster?.(message);
  }

  // Sessions and history -------------------------------------------------------------------

  async reload(): Promise<void> {
    await this.refreshSessions();
    await this.loadHistory();
  }

  async refreshSessions(): Promise<void> {
    let answer: { current: string; sessions: SessionInfo[] };
    try {
      answer = await this.client.sessions();
    } catch {
      return; // not connected: the next connection reloads
    }
    this.sessions = answer.sessions;
    const known = (id: string | undefined) => !!id && this.sessions.some((s) => s.id === id);
    if (!known(this.selected)) {
      const next = known(answer.current) ? answer.current : this.sessions[0]?.id;
      if (next !== this.selected) {
        this.selected = next;
        this.store.set(next);
        this.postSessions();
        await this.loadHistory();
        return;
      }
    }
    this.postSessions();
  }

  async loadHistory(): Promise<void> {
    const session = this.selected;
    const request = ++this.historyRequest;
    let history: HistoryMessage[] = [];
    if (session) {
      try {
        history = await this.client.history(session);
      } catch {
        return;
      }
    }
    if (request !== this.historyRequest) return; // a newer load is on its way
    // A turn's tool calls are stored as messages without text: the reply around them says it.
    // A reply that failed or was stopped before its first word still shows how it ended.
    this.messages = history
      .filter((m) => m.content.trim() !== '' || (m.status !== undefined && m.status !== 'done'))
      .map((m) => ({ role: roleOf(m.role), content: m.content, status: m.status }));
    // The message sent from here shows until the history has it.
    const lastUser = [...this.messages].reverse().find((m) => m.role === 'user');
    if (this.pending !== undefined && lastUser?.content.endsWith(this.pending)) this.pending = undefined;
    this.postConversation();
  }

  async select(session: string): Promise<void> {
    if (session === this.selected) return;
    this.selected = session;
    this.store.set(session);
    this.pending = undefined;
    this.messages = [];
    this.postSessions();
    this.postConversation();
    this.postLive(session);
    await this.loadHistory();
  }

  async newSession(): Promise<void> {
    const session = await this.client.newSession();
    await this.refreshSessions();
    await this.select(session.id);
  }

  async rename(session: string, name: string): Promise<void> {
    await this.client.renameSession(session, name);
    await this.refreshSessions();
  }

  async remove(session: string): Promise<void> {
    await this.client.deleteSession(session);
    if (session === this.selected) {
      this.selected = undefined;
      this.store.set(undefined);
    }
    await this.refreshSessions();
    await this.loadHistory();
  }

  // Runs -----------------------------------------------------------------------------------

  /** Sends a message in the shown session (a new one when there is none yet). */
  async send(text: string): Promise<void> {
    const message = text.trim();
    if (!message) return;
    this.clearFailed();
    this.pending = message;
    this.postConversation();
    try {
      const started = await this.client.chat({ message, session: this.selected });
      await this.adopt(started.session);
    } catch (error) {
      this.pending = undefined;
      this.postConversation();
      this.notice(errorMessage(error));
    }
  }

  /** Follows a run started elsewhere in this window (an editor command) in the view. */
  async adopt(session: string): Promise<void> {
    if (session !== this.selected) {
      await this.refreshSessions();
      await this.select(session);
    }
  }

  async stop(): Promise<void> {
    const live = this.liveRun();
    if (!live || isFinished(live.state)) return;
    try {
      await this.client.cancel(live.run);
    } catch (error) {
      this.notice(errorMessage(error));
    }
  }

  async regenerate(): Promise<void> {
    if (!this.selected) return;
    this.clearFailed();
    try {
      await this.client.regenerate(this.selected);
    } catch (error) {
      this.notice(errorMessage(error));
    }
  }

  private clearFailed(): void {
    const live = this.liveRun();
    if (this.selected && live && isFinished(live.state)) {
      this.live.delete(this.selected);
      this.postLive(this.selected);
    }
  }

  private onEvent(event: RunEvent): void {
    const session = event.session;
    let live = this.live.get(session);
    if (!live || live.run !== event.run) {
      live = { run: event.run, text: '', state: 'streaming' };
      this.live.set(session, live);
      if (session !== this.selected || !this.sessions.some((s) => s.id === session)) void this.refreshSessions();
      else this.postSessions();
    }
    switch (event.type) {
      case 'queued':
        live.state = 'queued';
        live.activity = 'Waiting for the reply before it';
        break;
      case 'stream_start':
        live.state = 'streaming';
        live.activity = undefined;
        break;
      case 'stream_chunk':
        live.text += typeof event.data === 'string' ? event.data : '';
        live.activity = undefined;
        break;
      case 'tool_call': {
        const name = (event.data as { name?: string; tool?: string } | null)?.name ?? (event.data as { tool?: string } | null)?.tool;
        live.activity = `Running ${name ?? 'a tool'}…`;
        break;
      }
      case 'tool_result':
        live.activity = undefined;
        live.text += live.text && !live.text.endsWith('\n') ? '\n\n' : '';
        break;
      case 'permission_request':
        live.state = 'waiting';
        live.activity = `Waiting for approval of ${(event.data as { tool?: string } | null)?.tool ?? 'a tool'}`;
        break;
      case 'permission_resolved':
        live.state = 'streaming';
        live.activity = undefined;
        break;
      case 'stream_end':
        live.state = 'done';
        if (typeof event.data === 'string') live.text = event.data;
        break;
      case 'cancelled':
        live.state = 'cancelled';
        break;
      case 'error': {
        live.state = 'failed';
        live.error = (event.data as { message?: string } | null)?.message ?? 'The reply failed.';
        break;
      }
    }
    if (isTerminal(event.type)) {
      this.postLive(session, true);
      void this.afterRun(session, event.run);
    } else {
      this.postLive(session);
    }
  }

  /** Once a run has ended its turn is in the history: show that, and drop the live copy. */
  private async afterRun(session: string, run: string): Promise<void> {
    if (session === this.selected) await this.loadHistory();
    const live = this.live.get(session);
    if (live?.run === run && live.state !== 'failed') {
      this.live.delete(session);
      this.postLive(session, true);
    }
    this.postSessions();
  }

  // Posting --------------------------------------------------------------------------------

  private postSessions(): void {
    const views: SessionView[] = this.sessions.map((s) => ({
      id: s.id,
      name: s.name,
      updated: s.updated,
      messageCount: s.message_count,
      streaming: !!this.live.get(s.id) && !isFinished(this.live.get(s.id)!.state),
    }));
    this.post({ type: 'sessions', sessions: views, selected: this.selected });
  }

  private postConversation(): void {
    this.post({ type: 'conversation', session: this.selected, messages: this.messages, pending: this.pending });
  }

  /** The shown session's live reply; while it streams, at most every LIVE_POST_MS. */
  private postLive(session: string, now = false): void {
    if (session !== this.selected) return;
    const send = () => {
      this.liveTimers.delete(session);
      if (session === this.selected) this.post({ type: 'live', session, live: this.live.get(session) });
    };
    if (now) {
      clearTimeout(this.liveTimers.get(session));
      send();
    } else if (!this.liveTimers.has(session)) {
      this.liveTimers.set(session, setTimeout(send, LIVE_POST_MS));
    }
  }
}

function roleOf(role: string): MessageView['role'] {
  return role === 'user' || role === 'assistant' || role === 'tool' || role === 'system' ? role : 'assistant';
}

function isFinished(state: LiveRunView['state']): boolean {
  return state === 'done' || state === 'cancelled' || state === 'failed';
}
