// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The extension's client against a real attache --headless and the fake provider: it finds the
// instance through the discovery file, connects over the WebSocket, chats, and sees a chat
// another client started in the same engine.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { startAttache, startFake, tokens, waitFor } from '../../node/lib/index.js';
import { chunkText, connect, runEnded, seqs } from './helpers.mjs';

let fake;
let attache;
let client;

before(async () => {
  fake = await startFake();
  attache = await startAttache({ fake });
  client = await connect(attache, { name: 'VS Code — chat test' });
});

after(async () => {
  await client?.stop();
  await attache?.stop();
  await fake?.stop();
  attache?.dirs.remove();
});

test('connects over the WebSocket as a vscode client, found by the discovery file', async () => {
  assert.equal(client.status.state, 'connected');
  assert.equal(client.status.transport, 'websocket');
  const clients = await client.clients();
  const me = clients.find((c) => c.id === client.clientId);
  assert.ok(me, `its own id ${client.clientId} is among ${JSON.stringify(clients)}`);
  assert.equal(me.kind, 'vscode');
  assert.equal(me.name, 'VS Code — chat test');
  // The token is used but never logged.
  assert.ok(client.logs.length > 0);
  assert.ok(!client.logs.some((line) => line.includes(attache.token)), client.logs.join('\n'));
});

test('a chat streams every chunk in order and ends with the whole reply', async () => {
  const { reply, text } = tokens(8, 5);
  await fake.replies(reply);
  const started = await client.chat({ message: 'hello there', session: 'chat-test' });
  assert.match(started.run, /^r_/);
  const events = await runEnded(client, started.run);
  assert.equal(events[0].type, 'stream_start');
  assert.deepEqual(seqs(events), events.map((_, i) => i + 1));
  assert.equal(chunkText(events), text);
  assert.equal(events.at(-1).type, 'stream_end');
  assert.equal(events.at(-1).data, text);
  const asked = (await fake.requests()).at(-1);
  assert.equal(asked.messages.at(-1).content, 'hello there');
  const history = await client.history(started.session);
  assert.deepEqual(
    history.map((m) => [m.role, m.content]),
    [
      ['user', 'hello there'],
      ['assistant', text],
    ],
  );
});

test('a chat started by another client (curl) streams here live', async () => {
  const { reply, text } = tokens(6, 5);
  await fake.replies(reply);
  const answer = await attache.request('POST', '/chat', { message: 'from curl', session: 'shared', stream: false });
  assert.equal(answer.status, 200, answer.text);
  const events = await runEnded(client, answer.json.run);
  assert.equal(chunkText(events), text);
  assert.equal(events.at(-1).session, answer.json.session);
});

test('a coding task and regenerate stream like a chat', async () => {
  await fake.replies({ tokens: ['It adds', ' two numbers.'] }, { tokens: ['Adds', ' a and b.'] });
  const task = await client.codingTask({
    task_type: 'explain',
    content: 'function add(a, b) { return a + b; }',
    language: 'javascript',
    filename: 'add.js',
    session: 'tasks',
  });
  const first = await runEnded(client, task.run);
  assert.equal(first.at(-1).data, 'It adds two numbers.');
  const prompt = (await fake.requests()).at(-1).messages.at(-1).content;
  assert.ok(prompt.includes('function add(a, b)'), prompt);

  const again = await client.regenerate(task.session);
  assert.notEqual(again.run, task.run);
  const second = await runEnded(client, again.run);
  assert.equal(second.at(-1).data, 'Adds a and b.');
  const history = await client.history(task.session);
  assert.equal(history.length, 2);
  assert.equal(history[1].content, 'Adds a and b.');
});

test('cancel stops the upstream request and ends the run cancelled', async () => {
  await fake.replies({ chunks: 400, delayMs: 50 });
  const before = (await fake.stats()).client_disconnects;
  const started = await client.chat({ message: 'a long one', session: 'cancel' });
  await waitFor(() => (client.runEvents.get(started.run) ?? []).some((e) => e.type === 'stream_chunk'), {
    what: 'the first chunk',
  });
  assert.equal(await client.cancel(started.run), true);
  const events = await runEnded(client, started.run);
  assert.equal(events.at(-1).type, 'cancelled');
  await waitFor(async () => (await fake.stats()).client_disconnects > before, { what: 'the fake to see its client leave' });
});
