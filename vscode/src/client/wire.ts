// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The shapes Attache sends and takes on the wire (README: the protocol; server/ for the source).

/** One event of a run: the same envelope on SSE, WebSocket and stdio. */
export interface RunEvent {
  type: RunEventType;
  data: unknown;
  run: string;
  seq: number;
  session: string;
  metadata: Record<string, unknown>;
}

export type RunEventType =
  | 'queued'
  | 'stream_start'
  | 'stream_chunk'
  | 'thinking'
  | 'context_injected'
  | 'tool_call'
  | 'tool_result'
  | 'permission_request'
  | 'permission_resolved'
  | 'usage'
  | 'stream_end'
  | 'error'
  | 'cancelled';

/** The last event of a run: after it the run sends nothing more. */
export function isTerminal(type: string): boolean {
  return type === 'stream_end' || type === 'error' || type === 'cancelled';
}

/** A tool call waiting for a yes or no; `diff` is a write's unified diff. */
export interface PermissionRequest {
  id: string;
  run: string;
  session: string;
  call: string;
  tool: string;
  arguments: Record<string, unknown>;
  diff?: string;
  at: string;
  timeout_ms: number;
}

/** Who answered a permission request, and how. `by` is the answering client's id. */
export interface PermissionResolved {
  id: string;
  run?: string;
  tool: string;
  allowed: boolean;
  scope: string;
  by: string;
}

export type PermissionDecision = 'allow' | 'deny';
export type PermissionScope = 'once' | 'session' | 'always';

export interface Notification {
  id: string;
  message: string;
  kind: 'info' | 'question' | 'suggestion' | string;
  from: string;
  to?: string;
  at: string;
  reply?: string;
  replied_by?: string;
}

export interface TopicChange {
  topic: string;
  version: number;
}

export interface ClientInfo {
  id: string;
  kind?: string;
  name?: string;
  transport?: string;
  [key: string]: unknown;
}

/** A presence message: the list first, then what changed. Lists are bounded: a message that
 * does not name everyone says `complete: false` (GET /clients lists them all). */
export interface Presence {
  clients?: ClientInfo[];
  joined?: ClientInfo[];
  updated?: ClientInfo[];
  left?: string[];
  count: number;
  complete?: boolean;
}

export interface SessionInfo {
  id: string;
  name: string;
  created: string;
  updated: string;
  provider: string;
  model: string;
  message_count: number;
  current: boolean;
}

export interface HistoryMessage {
  role: string;
  content: string;
  status?: string;
}

export interface ProviderInfo {
  id: string;
  name: string;
  has_api_key: boolean;
  ready: boolean;
  current: boolean;
  base_url: string;
}

export interface ModelInfo {
  id: string;
  name: string;
  description: string;
}

export type CodingTaskType = 'explain' | 'test' | 'docs' | 'debug' | 'implement' | 'review';

export interface ChatParams {
  message: string;
  session?: string;
  context?: { code?: string; language?: string };
}

export interface CodingTaskParams {
  task_type: CodingTaskType;
  content: string;
  language?: string;
  filename?: string;
  session?: string;
}

/** What starting a run answers: its id and session. */
export interface RunStarted {
  run: string;
  session: string;
}

/** An error as Attache words it: `{"error": {"code", "message"}}`. */
export class AttacheError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(message: string, code: string, status: number) {
    super(message);
    this.name = 'AttacheError';
    this.code = code;
    this.status = status;
  }
}

/** Reads an HTTP error body (or a JSON-RPC error's data) into an AttacheError. */
export function errorFromBody(status: number, body: unknown, fallback: string): AttacheError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const message = typeof error?.message === 'string' ? error.message : fallback;
  const code = typeof error?.code === 'string' ? error.code : `http_${status}`;
  return new AttacheError(message, code, status);
}
