// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The messages between the extension host and the chat webview (postMessage, both ways). The
// webview renders and asks; the host owns the network and the token, which never appear here.

export interface ConnectionView {
  state: 'connecting' | 'connected' | 'disconnected';
  /** "WebSocket", "HTTP fallback", "stdio". */
  transport?: string;
  detail?: string;
  /** Whether the discovery file names a running Attache (else the view offers to start one). */
  instanceFound?: boolean;
  provider?: string;
  model?: string;
}

export interface SessionView {
  id: string;
  name: string;
  updated: string;
  messageCount: number;
  /** A reply is being written in it now. */
  streaming: boolean;
}

export interface MessageView {
  role: 'user' | 'assistant' | 'tool' | 'system' | 'error';
  content: string;
  /** How a stored turn ended when not done: cancelled (stopped), failed. */
  status?: string;
}

/** The reply being written in the shown session. */
export interface LiveRunView {
  run: string;
  text: string;
  state: 'queued' | 'streaming' | 'waiting' | 'done' | 'cancelled' | 'failed';
  error?: string;
  /** What it is doing now: "Running write_file…", "Waiting for your approval". */
  activity?: string;
}

/** Host → webview. */
export type HostMessage =
  | { type: 'connection'; connection: ConnectionView }
  | { type: 'sessions'; sessions: SessionView[]; selected: string | undefined }
  | {
      type: 'conversation';
      session: string | undefined;
      messages: MessageView[];
      /** Sent from here, not in the history yet. */
      pending: string | undefined;
    }
  | { type: 'live'; session: string; live: LiveRunView | undefined }
  | { type: 'notice'; text: string; kind: 'info' | 'error' }
  | { type: 'focusInput' };

/** Webview → host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'stop' }
  | { type: 'regenerate' }
  | { type: 'selectSession'; session: string }
  | { type: 'newSession' }
  | { type: 'renameSession'; session: string }
  | { type: 'deleteSession'; session: string }
  | { type: 'copyCode'; code: string }
  | { type: 'insertCode'; code: string }
  | { type: 'applyCode'; code: string; language: string }
  | { type: 'pickModel' }
  | { type: 'reconnect' }
  | { type: 'start' }
  | { type: 'showApprovals' };

export function isWebviewMessage(value: unknown): value is WebviewMessage {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
