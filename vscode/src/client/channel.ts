// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A channel is one connection to Attache: WebSocket JSON-RPC, stdio JSON-RPC, or HTTP + SSE.
// Each pushes the same things (run events, topics, notifications, presence, permission
// requests) and offers the same calls; AttacheClient keeps one open and replaces it when it drops.
import { EventEmitter } from 'node:events';

import type {
  CodingTaskParams,
  ChatParams,
  Notification,
  PermissionDecision,
  PermissionRequest,
  PermissionResolved,
  PermissionScope,
  Presence,
  RunEvent,
  RunStarted,
  TopicChange,
} from './wire.ts';

export type Transport = 'websocket' | 'sse' | 'stdio';

/** Why a channel ended: a close code and reason (WebSocket), or an error. */
export interface ChannelClosed {
  code?: number;
  reason?: string;
  error?: Error;
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}

/** The topics a client follows: every change another client makes shows here at once. */
export const TOPICS = ['sessions', 'providers', 'models', 'tools', 'history', 'settings', 'clients'];

export interface ChannelEventMap {
  event: [RunEvent];
  topic: [TopicChange];
  notification: [Notification];
  notificationReply: [Notification];
  presence: [Presence];
  permissionRequest: [PermissionRequest];
  permissionResolved: [PermissionResolved];
  closed: [ChannelClosed];
}

export abstract class Channel extends EventEmitter<ChannelEventMap> {
  abstract readonly transport: Transport;
  /** The id Attache gave this client (answers are signed with it: `by` in permission_resolved). */
  clientId: string | undefined;

  /** Connects, introduces itself and subscribes; rejects when it cannot. */
  abstract open(): Promise<void>;
  /** Closes for good; emits nothing more. */
  abstract close(): void;
  /** Ends the connection as a network failure would: 'closed' follows. */
  abstract drop(): void;
  /** Any REST route (README: Routes). */
  abstract http(method: string, path: string, body?: unknown): Promise<HttpAnswer>;
  abstract chat(params: ChatParams): Promise<RunStarted>;
  abstract codingTask(params: CodingTaskParams): Promise<RunStarted>;
  abstract regenerate(session: string | undefined): Promise<RunStarted>;
  abstract cancel(run: string): Promise<boolean>;
  /** Streams a run's events after afterSeq (then live) as 'event'; rejects with run_not_found or
   * resync_required when it cannot. */
  abstract resume(run: string, afterSeq: number): Promise<void>;
  abstract respondPermission(id: string, decision: PermissionDecision, scope: PermissionScope): Promise<void>;
  abstract replyNotification(id: string, reply: string): Promise<void>;
}
