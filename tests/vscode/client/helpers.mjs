// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// What the extension's client tests share: the client library from its TypeScript sources (Node
// runs them as they are), connected to a real attache --headless, and run collectors.
import { AttacheClient, isTerminal } from '../../../vscode/src/client/index.ts';
import { waitFor } from '../../node/lib/index.js';

export * from '../../../vscode/src/client/index.ts';

/** A client of `attache` (a started instance) as the extension makes one; started, connected. */
export async function connect(attache, options = {}) {
  const logs = [];
  const client = new AttacheClient({
    discoveryFile: options.discoveryFile ?? attache.discoveryFile,
    identity: { kind: options.kind ?? 'vscode', name: options.name ?? 'VS Code — test' },
    transports: options.transports ?? 'auto',
    retryInitialMs: 50,
    retryMaxMs: options.retryMaxMs ?? 1000,
    discoveryPollMs: 200,
    upgradeProbeMs: options.upgradeProbeMs,
    log: (line) => logs.push(line),
  });
  client.logs = logs;
  recordEvents(client);
  await client.start();
  await client.connected(30000);
  return client;
}

/** Keeps every run event a client delivers, by run: client.runEvents.get(run). */
export function recordEvents(client) {
  client.runEvents = new Map();
  client.on('event', (event) => {
    if (!client.runEvents.has(event.run)) client.runEvents.set(event.run, []);
    client.runEvents.get(event.run).push(event);
  });
}

/** Resolves with a run's events once its last one (stream_end, error, cancelled) is in. */
export function runEnded(client, run, what = `run ${run} to end`) {
  return waitFor(
    () => {
      const events = client.runEvents.get(run) ?? [];
      return events.length > 0 && isTerminal(events.at(-1).type) ? events : null;
    },
    { what, timeoutMs: 60000 },
  );
}

/** The text of a run's chunks, in order. */
export function chunkText(events) {
  return events
    .filter((e) => e.type === 'stream_chunk')
    .map((e) => e.data)
    .join('');
}

/** The events' sequence numbers, in the order delivered. */
export function seqs(events) {
  return events.map((e) => e.seq);
}
