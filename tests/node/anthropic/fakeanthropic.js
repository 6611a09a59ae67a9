// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The fake Anthropic Messages API (tests/fakeanthropic) as a process, scripted over its control
// API: messages are FakeMessage as JSON, by its field names (text, thinking, signature, chunks,
// toolUses: [{id, name, input, pieces}], stopReason, inputTokens, cacheReadTokens,
// cacheWriteTokens, unknownEvent, delayMs, firstByteDelayMs, fault, faultAfter,
// retryAfterSeconds, errorMessage).
import * as fs from 'node:fs';

import { startProcess, stopProcess } from '../lib/processes.js';
import { waitFor } from '../lib/wait.js';

function binary() {
  const value = process.env.ATTACHE_FAKE_ANTHROPIC;
  if (!value) throw new Error('ATTACHE_FAKE_ANTHROPIC is not set: run the test through ctest (./scripts/test.sh), which passes the binary\'s path.');
  fs.accessSync(value, fs.constants.X_OK);
  return value;
}

export class FakeAnthropic {
  constructor(child, port) {
    this.child = child;
    this.port = port;
    /** What ATTACHE_ANTHROPIC_BASE_URL takes: the API's root, without /v1. */
    this.baseUrl = `http://127.0.0.1:${port}`;
  }

  async control(method, path, body) {
    const response = await fetch(`${this.baseUrl}/_fake/${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) throw new Error(`fake Anthropic: ${method} /_fake/${path}: ${response.status} ${json?.error?.message}`);
    return json;
  }

  /** Queues answers for the next /v1/messages requests, in order. */
  messages(...messages) {
    return this.control('POST', 'messages', messages.flat());
  }

  /** The models GET /v1/models lists (ids), and the status it answers with. */
  models(ids, status = 200) {
    return this.control('POST', 'models', { ids, status });
  }

  /** The requests it received: {path, body, headers: {x-api-key, anthropic-version, …}}. */
  async requests() {
    return (await this.control('GET', 'requests')).requests;
  }

  /** {open_streams, client_disconnects, finished_streams, requests, count_requests, …} */
  stats() {
    return this.control('GET', 'stats');
  }

  reset() {
    return this.control('POST', 'reset');
  }

  stop() {
    return stopProcess(this.child);
  }
}

/** Starts the fake on a free loopback port. */
export async function startFakeAnthropic(args = []) {
  const child = startProcess(binary(), ['--port', '0', ...args]);
  let printed = '';
  child.stdout.on('data', (d) => (printed += d));
  const port = await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`the fake Anthropic API exited: ${child.output()}`);
      return /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(printed)?.[1];
    },
    { timeoutMs: 20000, what: 'the fake Anthropic API to listen' },
  );
  return new FakeAnthropic(child, Number(port));
}
