// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// JSON-RPC 2.0 over any message transport (WebSocket frames, stdio lines): calls and their
// answers, and the notifications Attache pushes.
import { Channel, TOPICS, type HttpAnswer } from './channel.ts';
import {
  AttacheError,
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

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

interface RpcError {
  code: number;
  message: string;
  data?: { code?: string; status?: number };
}

/** How this client introduces itself in `hello`. */
export interface Identity {
  kind: string;
  name: string;
}

export abstract class RpcChannel extends Channel {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  protected ended = false;
  protected readonly identity: Identity;

  constructor(identity: Identity) {
    super();
    this.identity = identity;
  }

  /** Writes one JSON-RPC message. */
  protected abstract send(text: string): void;

  /** After the transport is up: hello, then every topic and every session's runs. */
  protected async introduce(): Promise<void> {
    const hello = (await this.call('hello', { kind: this.identity.kind, name: this.identity.name })) as {
      client?: string;
    };
    this.clientId = hello.client;
    await this.call('subscribe', { topics: TOPICS, sessions: ['*'] });
  }

  call(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    if (this.ended) return Promise.reject(new AttacheError('Not connected to Attache.', 'disconnected', 0));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
      } catch (error) {
        this.pending.delete(id);
        reject(error as Error);
      }
    });
  }

  /** Called with each message the transport receives. */
  protected receive(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return; // not JSON-RPC: nothing to answer
    }
    for (const item of Array.isArray(message) ? message : [message]) this.dispatch(item as Record<string, unknown>);
  }

  /** The transport ended: every call still waiting fails, and listeners learn why. */
  protected finish(code?: number, reason?: string, error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    const failure = new AttacheError(
      reason ? `The connection to Attache closed: ${reason}.` : 'The connection to Attache closed.',
      'disconnected',
      0,
    );
    for (const pending of this.pending.values()) pending.reject(failure);
    this.pending.clear();
    this.emit('closed', { code, reason, error });
  }

  private dispatch(message: Record<string, unknown>): void {
    if (typeof message.id === 'number' && ('result' in message || 'error' in message)) {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.error) {
        const error = message.error as RpcError;
        pending.reject(new AttacheError(error.message, error.data?.code ?? `rpc_${error.code}`, error.data?.status ?? 0));
      } else {
        pending.resolve(message.result);
      }
      return;
    }
    const params = message.params;
    switch (message.method) {
      case 'event':
        this.emit('event', params as RunEvent);
        break;
      case 'topic':
        this.emit('topic', params as TopicChange);
        break;
      case 'notification':
        this.emit('notification', params as Notification);
        break;
      case 'notification.reply':
        this.emit('notificationReply', params as Notification);
        break;
      case 'presence':
        this.emit('presence', params as Presence);
        break;
      case 'permission.request':
        this.emit('permissionRequest', params as PermissionRequest);
        break;
      case 'permission.resolved':
        this.emit('permissionResolved', params as PermissionResolved);
        break;
    }
  }

  async http(method: string, path: string, body?: unknown): Promise<HttpAnswer> {
    const params: Record<string, unknown> = { method, path };
    if (body !== undefined) params.body = body;
    const answer = (await this.call('http_request', params)) as {
      status: number;
      headers?: Record<string, string>;
      body?: string;
      bodyEncoding?: string;
    };
    const text = answer.bodyEncoding === 'base64' ? Buffer.from(answer.body ?? '', 'base64').toString('utf8') : answer.body ?? '';
    let parsed: unknown = text;
    if ((answer.headers?.['content-type'] ?? '').includes('json')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: answer.status, body: parsed };
  }

  async chat(params: ChatParams): Promise<RunStarted> {
    return (await this.call('chat', { ...params })) as RunStarted;
  }

  async codingTask(params: CodingTaskParams): Promise<RunStarted> {
    return (await this.call('coding_task', { ...params })) as RunStarted;
  }

  async regenerate(session: string | undefined): Promise<RunStarted> {
    return (await this.call('regenerate', session ? { session } : {})) as RunStarted;
  }

  async cancel(run: string): Promise<boolean> {
    const answer = (await this.call('cancel', { run })) as { cancelled?: boolean };
    return answer.cancelled === true;
  }

  async resume(run: string, afterSeq: number): Promise<void> {
    await this.call('resume', { run, after_seq: afterSeq });
  }

  async respondPermission(id: string, decision: PermissionDecision, scope: PermissionScope): Promise<void> {
    await this.call('permission.respond', { id, decision, scope });
  }

  async replyNotification(id: string, reply: string): Promise<void> {
    await this.call('notification.reply', { id, reply });
  }
}
