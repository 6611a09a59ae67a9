// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// JSON-RPC over ws://127.0.0.1:<port>/ws, the token on the upgrade request. Node sends no Origin
// header, which Attache admits on the token alone.
import WebSocket from 'ws';

import { RpcChannel, type Identity } from './rpcchannel.ts';

/** Why a connection could not be made, as far as the client can tell. */
export type ConnectFailure =
  | 'refused' // nothing listens there: Attache is not running (or just went away)
  | 'unauthorized' // 401: the token is stale (reset, or a new instance)
  | 'upgrade_refused' // HTTP answers but the WebSocket upgrade does not go through (a proxy)
  | 'failed'; // anything else

export class ConnectError extends Error {
  readonly failure: ConnectFailure;
  readonly status: number | undefined;
  constructor(message: string, failure: ConnectFailure, status?: number) {
    super(message);
    this.name = 'ConnectError';
    this.failure = failure;
    this.status = status;
  }
}

export interface Endpoint {
  port: number;
  token: string;
  host?: string;
}

export const CONNECT_TIMEOUT_MS = 10000;

/** How `ws` words a handshake that something between here and Attache broke off. */
const UPGRADE_FAILED =
  /socket hang up|closed before|Invalid WebSocket frame|Unexpected server response|handshake has timed out|ECONNRESET/i;

export class WsChannel extends RpcChannel {
  readonly transport = 'websocket' as const;
  private socket: WebSocket | undefined;
  private readonly endpoint: Endpoint;

  constructor(endpoint: Endpoint, identity: Identity) {
    super(identity);
    this.endpoint = endpoint;
  }

  async open(): Promise<void> {
    const host = this.endpoint.host ?? '127.0.0.1';
    const socket = new WebSocket(`ws://${host}:${this.endpoint.port}/ws`, {
      headers: {
        Authorization: `Bearer ${this.endpoint.token}`,
        'X-Attache-Client': this.identity.kind,
        'X-Attache-Client-Name': encodeHeader(this.identity.name),
      },
      handshakeTimeout: CONNECT_TIMEOUT_MS,
      perMessageDeflate: false,
      maxPayload: 64 * 1024 * 1024,
    });
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      const fail = (error: ConnectError) => {
        socket.removeAllListeners();
        socket.on('error', () => {}); // a late error after terminate() must not throw
        socket.terminate();
        reject(error);
      };
      socket.once('open', () => {
        socket.removeAllListeners();
        resolve();
      });
      socket.once('unexpected-response', (_request, response) => {
        const status = response.statusCode ?? 0;
        response.resume();
        if (status === 401) fail(new ConnectError('Attache refused the token (401).', 'unauthorized', status));
        else fail(new ConnectError(`The WebSocket upgrade was answered with HTTP ${status}.`, 'upgrade_refused', status));
      });
      socket.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'ECONNREFUSED') fail(new ConnectError('Nothing listens on that port.', 'refused'));
        else if (UPGRADE_FAILED.test(error.message))
          fail(new ConnectError(`The WebSocket upgrade failed: ${error.message}.`, 'upgrade_refused'));
        else fail(new ConnectError(`Cannot reach Attache: ${error.message}.`, 'failed'));
      });
    });
    socket.on('message', (data, isBinary) => {
      if (!isBinary) this.receive(data.toString());
    });
    socket.on('close', (code, reason) => this.finish(code, reason.toString()));
    socket.on('error', (error) => this.finish(undefined, error.message, error));
    try {
      await this.introduce();
    } catch (error) {
      this.close();
      throw error;
    }
  }

  close(): void {
    this.ended = true;
    this.removeAllListeners('closed');
    this.socket?.removeAllListeners();
    this.socket?.on('error', () => {});
    this.socket?.terminate();
  }

  /** Drops the connection as a network failure would (for tests and for a stuck socket). */
  drop(): void {
    this.socket?.terminate();
  }

  protected send(text: string): void {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) throw new Error('The WebSocket is not open.');
    this.socket.send(text);
  }
}

/** Header values are Latin-1 on the wire; a name with other characters goes as UTF-8 bytes. */
export function encodeHeader(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1');
}
