// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The HTTP + SSE fallback: behind a proxy that refuses WebSocket upgrades the client says so and
// goes on over plain HTTP and event streams, chats, resumes after a drop with Last-Event-ID, and
// gets what Attache pushes (topics, notifications, permission requests) from GET /events.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';

import { nextEvent, startAttache, startFake, tokens, waitFor } from '../../node/lib/index.js';
import { chunkText, connect, runEnded, seqs } from './helpers.mjs';
import { startRefusingProxy } from './proxy.mjs';

let fake;
let attache;
let proxy;
let client;

before(async () => {
  fake = await startFake();
  attache = await startAttache({ fake });
  proxy = await startRefusingProxy(attache.port);
  // What a client behind the proxy is told: the proxy's port, Attache's token.
  const discoveryFile = path.join(attache.dirs.root, 'through-proxy.json');
  fs.writeFileSync(
    discoveryFile,
    JSON.stringify({ port: proxy.port, token: attache.token, pid: attache.pid, protocol: 1 }),
    { mode: 0o600 },
  );
  client = await connect(attache, { discoveryFile, name: 'VS Code — behind a proxy' });
});

after(async () => {
  await client?.stop();
  await proxy?.close();
  await attache?.stop();
  await fake?.stop();
  attache?.dirs.remove();
});

test('a refused upgrade falls back to HTTP + SSE, and says why', async () => {
  assert.equal(client.status.state, 'connected');
  assert.equal(client.status.transport, 'sse');
  assert.match(client.status.detail, /502/);
  assert.ok(proxy.counts.upgradesRefused >= 1);
  assert.ok(client.logs.some((line) => line.includes('falling back to HTTP + SSE')), client.logs.join('\n'));
  // Attached as a client all the same, under its name.
  const me = (await client.clients()).find((c) => c.id === client.clientId);
  assert.equal(me?.name, 'VS Code — behind a proxy');
});

test('a chat over the fallback streams the whole reply', async () => {
  const { reply, text } = tokens(10, 5);
  await fake.replies(reply);
  const topic = nextEvent(client, 'topic', (change) => change.topic === 'sessions');
  const started = await client.chat({ message: 'over plain HTTP', session: 'fallback' });
  const events = await runEnded(client, started.run);
  assert.deepEqual(seqs(events), events.map((_, i) => i + 1));
  assert.equal(chunkText(events), text);
  assert.equal(events.at(-1).data, text);
  // The new session was announced on GET /events.
  await topic;
});

test('a drop through the proxy mid-stream resumes with Last-Event-ID', async () => {
  const { reply, text } = tokens(40, 25);
  await fake.replies(reply);
  const started = await client.chat({ message: 'long, over the fallback', session: 'fallback' });
  await waitFor(() => (client.runEvents.get(started.run) ?? []).filter((e) => e.type === 'stream_chunk').length >= 5, {
    what: 'five chunks before the drop',
  });
  const reconnected = nextEvent(client, 'connected');
  proxy.dropAll();
  assert.equal(await reconnected, 'sse');
  const events = await runEnded(client, started.run);
  assert.deepEqual(seqs(events), events.map((_, i) => i + 1), 'every event once, in order');
  assert.equal(chunkText(events), text);
});

test('notifications arrive over GET /events and a question is answered over HTTP', async () => {
  const arrived = nextEvent(client, 'notification', (n) => n.message === 'Deploy now?');
  const posted = await attache.request('POST', '/notifications', { message: 'Deploy now?', kind: 'question' });
  assert.equal(posted.status, 201, posted.text);
  const notification = await arrived;
  await client.replyNotification(notification.id, 'yes');
  const stored = await attache.request('GET', `/notifications/${notification.id}`);
  assert.equal(stored.json.reply, 'yes');
  assert.equal(stored.json.replied_by, client.clientId);
});
