// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A token reset (POST /token/reset) closes every connection (the WebSocket with 1008 "token
// reset"); the client reads the new token from the discovery file and reconnects, over the
// WebSocket and over the fallback alike, and a reply streaming at that moment still ends whole.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { nextEvent, readDiscovery, startAttache, startFake, tokens, waitFor } from '../../node/lib/index.js';
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
  test(`a token reset: the client re-reads the discovery file and goes on (${transports})`, async () => {
    const client = await connect(attache, { transports });
    try {
      const oldToken = attache.token;
      const { reply, text } = tokens(30, 25);
      await fake.replies(reply);
      const started = await client.chat({ message: 'still streaming at the reset', session: `reset-${transports}` });
      await waitFor(() => (client.runEvents.get(started.run) ?? []).some((e) => e.type === 'stream_chunk'), {
        what: 'the first chunk',
      });
      const closed = nextEvent(client, 'status', (s) => s.state === 'disconnected');
      const reconnected = nextEvent(client, 'connected');
      const reset = await attache.request('POST', '/token/reset', {});
      assert.equal(reset.status, 200, reset.text);
      const status = await closed;
      if (transports === 'websocket') assert.equal(status.detail, 'token reset');
      await reconnected;
      const newToken = attache.rereadToken();
      assert.notEqual(newToken, oldToken);
      assert.equal(readDiscovery(attache.discoveryFile).token, newToken);
      // The old token is refused now; the client's calls go through.
      assert.equal((await attache.request('GET', '/status', undefined, { Authorization: `Bearer ${oldToken}` })).status, 401);
      assert.ok((await client.engineStatus()).provider);

      const events = await runEnded(client, started.run);
      assert.deepEqual(seqs(events), events.map((_, i) => i + 1));
      assert.equal(chunkText(events), text);
      assert.ok(!client.logs.some((line) => line.includes(oldToken) || line.includes(newToken)), 'no token in the log');
    } finally {
      await client.stop();
    }
  });
}
