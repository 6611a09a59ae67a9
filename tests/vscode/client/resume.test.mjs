// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Drops and restarts: a reply streaming when the connection drops ends complete, every event
// exactly once and in order (WebSocket `resume`, SSE `Last-Event-ID`); a restart of Attache is
// followed to its new port and token, and the run it lost is reported, not left hanging.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { nextEvent, startAttache, startFake, tokens, waitFor } from '../../node/lib/index.js';
import { chunkText, connect, runEnded, seqs } from './helpers.mjs';

let fake;
let attache;

before(async () => {
  fake = await startFake();
  attache = await startAttache({ fake });
});

after(async () => {
  await attache?.stop();
  await fake?.stop();
  attache?.dirs.remove();
});

for (const transports of ['websocket', 'sse']) {
  test(`a drop mid-stream is resumed with the exact reply (${transports})`, async () => {
    const client = await connect(attache, { transports });
    try {
      assert.equal(client.status.transport, transports);
      const { reply, text } = tokens(40, 25);
      await fake.replies(reply);
      const before = await fake.stats();
      const started = await client.chat({ message: 'tell me a long story', session: `resume-${transports}` });
      await waitFor(() => (client.runEvents.get(started.run) ?? []).filter((e) => e.type === 'stream_chunk').length >= 5, {
        what: 'five chunks before the drop',
      });
      const reconnected = nextEvent(client, 'connected');
      client.dropConnection();
      await reconnected;
      const events = await runEnded(client, started.run);
      assert.deepEqual(seqs(events), events.map((_, i) => i + 1), 'every event once, in order');
      assert.equal(chunkText(events), text);
      assert.equal(events.at(-1).type, 'stream_end');
      assert.equal(events.at(-1).data, text);
      // The engine kept the upstream request going while nobody watched.
      const afterStats = await fake.stats();
      assert.equal(afterStats.client_disconnects, before.client_disconnects);
      assert.ok(client.logs.some((line) => line.startsWith('connection closed')), client.logs.join('\n'));
    } finally {
      await client.stop();
    }
  });
}

test('a restart of Attache: the lost run is reported, the client follows the new port and token', async () => {
  const client = await connect(attache);
  try {
    await fake.replies({ chunks: 400, delayMs: 50 });
    const started = await client.chat({ message: 'this one dies with Attache', session: 'restart' });
    await waitFor(() => (client.runEvents.get(started.run) ?? []).some((e) => e.type === 'stream_chunk'), {
      what: 'the first chunk',
    });
    const lost = nextEvent(client, 'runLost');
    const down = nextEvent(client, 'status', (s) => s.state === 'disconnected');
    const { port: oldPort, token: oldToken } = attache;
    await attache.kill(); // a crash: the discovery file stays, naming a dead pid
    await down;
    const reconnected = nextEvent(client, 'connected');
    attache = await startAttache({ fake, dirs: attache.dirs });
    assert.notEqual(attache.token, oldToken);
    assert.equal(await reconnected, 'websocket');
    const { run } = await lost;
    assert.equal(run, started.run);
    assert.equal(client.status.transport, 'websocket');
    assert.ok(attache.port !== oldPort || attache.token !== oldToken);

    const { reply, text } = tokens(5);
    await fake.reset();
    await fake.replies(reply);
    const again = await client.chat({ message: 'hello again', session: 'restart' });
    assert.equal(chunkText(await runEnded(client, again.run)), text);
  } finally {
    await client.stop();
  }
});

test('Attache going away and coming back (a clean stop)', async () => {
  const client = await connect(attache);
  try {
    const gone = nextEvent(client, 'status', (s) => s.state === 'disconnected' && !s.instanceFound);
    await attache.stop(); // removes its discovery file
    await gone;
    const reconnected = nextEvent(client, 'connected');
    attache = await startAttache({ fake, dirs: attache.dirs });
    await reconnected;
    const { reply, text } = tokens(3);
    await fake.replies(reply);
    const started = await client.chat({ message: 'back?', session: 'back' });
    assert.equal(chunkText(await runEnded(client, started.run)), text);
  } finally {
    await client.stop();
  }
});
