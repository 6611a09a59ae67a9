// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The fake OpenAI-compatible provider (tests/fakeprovider) as a process, scripted over its
// control API: replies are FakeReply as JSON, by its field names (tokens, chunks, delayMs,
// firstByteDelayMs, usage, promptTokens, fault, faultAfter, retryAfterSeconds, errorMessage,
// toolCalls: [{id, name, arguments, pieces}], holdAfter: N chunks, then wait for release()).
import { fakeProviderBinary } from './binaries.js';
import { startProcess, stopProcess } from './processes.js';
import { waitFor } from './wait.js';

export class FakeProvider {
  constructor(child, port) {
    this.child = child;
    this.port = port;
    this.origin = `http://127.0.0.1:${port}`;
    /** What ATTACHE_<ID>_BASE_URL takes. */
    this.baseUrl = `${this.origin}/v1`;
  }

  async control(method, path, body) {
    const response = await fetch(`${this.origin}/_fake/${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`fake provider: ${method} /_fake/${path}: ${response.status} ${json?.error?.message}`);
    return json;
  }

  /** Queues replies for the next chat requests, in order. */
  replies(...replies) {
    return this.control('POST', 'replies', replies.flat());
  }

  /** The reply for every request the queue does not answer. */
  setDefault(reply) {
    return this.control('POST', 'default', reply);
  }

  /** The chat request bodies it received, in order. */
  async requests() {
    return (await this.control('GET', 'requests')).requests;
  }

  /** Lets every reply held at its holdAfter go on; resolves to how many were held. */
  async release() {
    return (await this.control('POST', 'release')).released;
  }

  /** {open_streams, client_disconnects, finished_streams, held_streams, chat_requests, chat_connections, models_requests, queued} */
  stats() {
    return this.control('GET', 'stats');
  }

  /** Empties the queue and forgets requests and counts. */
  reset() {
    return this.control('POST', 'reset');
  }

  stop() {
    return stopProcess(this.child);
  }
}

/** Starts the fake on a free loopback port (extra arguments: --delay-ms N, --tokens a,b, …). */
export async function startFake(args = []) {
  const child = startProcess(fakeProviderBinary(), ['--port', '0', ...args]);
  let printed = '';
  child.stdout.on('data', (d) => (printed += d));
  const port = await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`the fake provider exited: ${child.output()}`);
      return /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(printed)?.[1];
    },
    { timeoutMs: 20000, what: 'the fake provider to listen' },
  );
  return new FakeProvider(child, Number(port));
}

/** A reply of `count` tokens "t0 ", "t1 ", … and what they add up to. */
export function tokens(count, delayMs = 0) {
  const list = Array.from({ length: count }, (_, i) => `t${i} `);
  return { reply: { tokens: list, delayMs }, text: list.join('') };
}
