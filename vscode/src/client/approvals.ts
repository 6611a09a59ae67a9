// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Permission requests as one client sees them: each opens once (however many ways it arrives),
// the first answer anywhere wins, and when it is answered (here, in the window, by another
// client, or by the timeout) the prompt closes, saying who answered.
import { EventEmitter } from 'node:events';

import type { AttacheClient } from './client.ts';
import {
  AttacheError,
  type ClientInfo,
  type PermissionDecision,
  type PermissionRequest,
  type PermissionResolved,
  type PermissionScope,
  type Presence,
} from './wire.ts';

export interface PromptClosed {
  request: PermissionRequest;
  allowed: boolean;
  scope: string;
  /** The answering client's id: "gui" for the window, "timeout" when nobody answered. */
  by: string;
  /** In words: "you", "the Attache window", "VS Code — other", "the timeout". */
  byName: string;
  byMe: boolean;
}

export type AnswerOutcome = { accepted: true } | { accepted: false; byName: string; message: string };

export interface ApprovalsEventMap {
  opened: [PermissionRequest];
  closed: [PromptClosed];
}

/** Who is attached, kept from presence messages, to name whoever answered. */
export class ClientDirectory {
  private readonly clients = new Map<string, ClientInfo>();

  apply(presence: Presence): void {
    if (presence.clients) {
      this.clients.clear();
      for (const client of presence.clients) this.clients.set(client.id, client);
    }
    for (const client of [...(presence.joined ?? []), ...(presence.updated ?? [])]) this.clients.set(client.id, client);
    // A client that left is still named by the answers it gave: keep it.
  }

  set(list: ClientInfo[]): void {
    for (const client of list) this.clients.set(client.id, client);
  }

  name(id: string): string | undefined {
    const client = this.clients.get(id);
    return client?.name || client?.kind || undefined;
  }
}

export class Approvals extends EventEmitter<ApprovalsEventMap> {
  private readonly client: AttacheClient;
  private readonly open = new Map<string, PermissionRequest>();
  private readonly done = new Map<string, PromptClosed>();
  readonly directory = new ClientDirectory();

  constructor(client: AttacheClient) {
    super();
    this.client = client;
    client.on('presence', (presence) => this.directory.apply(presence));
    client.on('permissionRequest', (request) => this.onRequest(request));
    client.on('permissionResolved', (resolved) => this.onResolved(resolved));
    client.on('event', (event) => {
      // The run's own stream says it too (the only way over a stream that is not /events).
      if (event.type === 'permission_request') this.onRequest(event.data as PermissionRequest);
      else if (event.type === 'permission_resolved') this.onResolved(event.data as PermissionResolved);
    });
    client.on('connected', () => void this.catchUp());
    if (client.status.state === 'connected') void this.catchUp();
  }

  /** Requests waiting for an answer, oldest first. */
  pending(): PermissionRequest[] {
    return [...this.open.values()];
  }

  /** How a request ended, once it has. */
  outcome(id: string): PromptClosed | undefined {
    return this.done.get(id);
  }

  /** Answers; the first answer anywhere wins, and a later one is told who was first. */
  async answer(id: string, decision: PermissionDecision, scope: PermissionScope): Promise<AnswerOutcome> {
    const closed = this.done.get(id);
    if (closed) return { accepted: false, byName: closed.byName, message: this.describe(closed) };
    try {
      await this.client.respondPermission(id, decision, scope);
      return { accepted: true };
    } catch (error) {
      if (error instanceof AttacheError && (error.status === 409 || error.code === 'already_answered')) {
        const later = this.done.get(id);
        return { accepted: false, byName: later?.byName ?? 'someone else', message: later ? this.describe(later) : error.message };
      }
      throw error;
    }
  }

  /** "write_file was allowed once by the Attache window." */
  describe(closed: PromptClosed): string {
    const what = closed.allowed
      ? `allowed ${closed.scope === 'once' ? 'once' : closed.scope === 'session' ? 'for this session' : 'always'}`
      : 'denied';
    if (closed.by === 'unknown') return `${closed.request.tool} was answered while VS Code was not connected.`;
    if (closed.by === 'timeout') return `${closed.request.tool} was denied: nobody answered in time.`;
    if (closed.scope === 'withdrawn') return `${closed.request.tool} is no longer asked for: its run ended.`;
    return `${closed.request.tool} was ${what} by ${closed.byName}.`;
  }

  private onRequest(request: PermissionRequest): void {
    if (!request?.id || this.open.has(request.id) || this.done.has(request.id)) return;
    this.open.set(request.id, request);
    this.emit('opened', request);
  }

  private onResolved(resolved: PermissionResolved): void {
    if (!resolved?.id || this.done.has(resolved.id)) return;
    const request = this.open.get(resolved.id) ?? ({ id: resolved.id, tool: resolved.tool, arguments: {} } as PermissionRequest);
    this.open.delete(resolved.id);
    const byMe = !!this.client.clientId && resolved.by === this.client.clientId;
    const closed: PromptClosed = {
      request,
      allowed: resolved.allowed,
      scope: resolved.scope,
      by: resolved.by,
      byName: byMe ? 'you' : this.nameOf(resolved.by),
      byMe,
    };
    this.done.set(resolved.id, closed);
    if (this.done.size > 500) this.done.delete(this.done.keys().next().value!);
    if (!byMe && closed.byName === `client ${resolved.by}`) {
      // Attached since the last presence this client saw: ask who it is before saying.
      this.client
        .clients()
        .then((list) => {
          this.directory.set(list);
          closed.byName = this.nameOf(resolved.by);
        })
        .catch(() => undefined)
        .finally(() => this.emit('closed', closed));
      return;
    }
    this.emit('closed', closed);
  }

  private nameOf(by: string): string {
    if (by === 'gui') return 'the Attache window';
    if (by === 'timeout') return 'the timeout';
    if (by === 'http' || by === 'anonymous') return 'an HTTP client';
    return this.directory.name(by) ?? `client ${by}`;
  }

  /** After a (re)connect: requests asked while away, and who is attached now. */
  private async catchUp(): Promise<void> {
    try {
      this.directory.set(await this.client.clients());
      // Only what was open before asking can have been answered unseen: one that arrives
      // while the answer is on its way is not in it yet.
      const asked = new Map(this.open);
      const answer = await this.client.request<{ pending: PermissionRequest[] }>('GET', '/permissions');
      const still = new Set(answer.pending.map((r) => r.id));
      for (const request of answer.pending) this.onRequest(request);
      for (const [id, request] of asked) {
        if (!still.has(id) && this.open.has(id))
          this.onResolved({ id, tool: request.tool, allowed: false, scope: 'unknown', by: 'unknown' });
      }
    } catch {
      // The connection went again: the next one catches up.
    }
  }
}
