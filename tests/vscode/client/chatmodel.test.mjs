// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The chat view's model in the extension host (vscode/src/host/chatmodel.ts, which knows
// nothing of vscode) against a real Attache: what it posts to the page for a message sent here,
// a chat another client starts in the shown session, Stop, Regenerate, and sessions made,
// renamed and deleted by anyone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { ChatModel } from '../../../vscode/src/host/chatmodel.ts';
import { startAttache, startFake, tokens, waitFor } from '../../node/lib/index.js';
import { connect } from './helpers.mjs';

let fake;
let attache;
let client;
let model;
let selected;
const posted = [];

/** The last message of a type the model posted to the page. */
function last(type, filter = () => true) {
  return posted.filter((m) => m.type === type && filter(m)).at(-1);
}

function conversation() {
  return last('conversation');
}

before(async () => {
  fake = await startFake();
  attache = await startAttache({ fake });
  client = await connect(attache);
  model = new ChatModel(client, { get: () => selected, set: (s) => (selected = s) });
  model.attach((message) => posted.push(structuredClone(message)));
  await model.reload();
});

after(async () => {
  await client?.stop();
  await attache?.stop();
  await fake?.stop();
  attache?.dirs.remove();
});

test('a message sent from the view: shown at once, streamed live, then kept as history', async () => {
  const { reply, text } = tokens(20, 20);
  await fake.replies(reply);
  const sending = model.send('  What is new?  ');
  // Shown at once, before any answer, trimmed.
  assert.equal(conversation().pending, 'What is new?');
  await sending;
  const session = model.selectedSession();
  assert.ok(session, 'the new session is shown');
  await waitFor(() => last('live', (m) => m.live?.state === 'streaming' && m.live.text.length > 0), {
    what: 'the reply streaming live',
  });
  await waitFor(
    () => {
      const c = conversation();
      return c.session === session && c.messages.length === 2 && c.pending === undefined ? c : null;
    },
    { what: 'the turn in the history' },
  );
  assert.deepEqual(
    conversation().messages.map((m) => [m.role, m.content]),
    [
      ['user', 'What is new?'],
      ['assistant', text],
    ],
  );
  await waitFor(() => last('live')?.live === undefined, { what: 'the live copy dropped' });
  // Streamed in pieces: the page saw the reply grow before it was whole.
  const lengths = posted.filter((m) => m.type === 'live' && m.live).map((m) => m.live.text.length);
  assert.ok(lengths.some((n) => n > 0 && n < text.length), JSON.stringify(lengths));
  const sessions = last('sessions');
  assert.equal(sessions.selected, session);
  assert.ok(sessions.sessions.some((s) => s.id === session));
});

test('a chat another client starts in the shown session streams in the view', async () => {
  const { reply, text } = tokens(5, 10);
  await fake.replies(reply);
  const answer = await attache.request('POST', '/chat', { message: 'from the window', session: model.selectedSession(), stream: false });
  assert.equal(answer.status, 200);
  await waitFor(() => conversation().messages.at(-1)?.content === text, { what: 'the other client’s turn in the view' });
  assert.equal(conversation().messages.at(-2).content, 'from the window');
});

test('Stop cancels the reply; Regenerate replaces it', async () => {
  await fake.replies({ chunks: 400, delayMs: 40 }, { tokens: ['A fresh', ' answer.'] });
  await model.send('a long one');
  await waitFor(() => model.liveRun()?.text.length > 0, { what: 'the reply to start' });
  await model.stop();
  await waitFor(() => conversation().messages.at(-1)?.status === 'cancelled', { what: 'the stopped turn' });
  await model.regenerate();
  await waitFor(() => conversation().messages.at(-1)?.content === 'A fresh answer.', { what: 'the regenerated reply' });
  assert.equal(conversation().messages.at(-2).content, 'a long one');
  assert.ok(!conversation().messages.some((m) => m.status === 'cancelled'), 'the stopped reply is gone');
});

test('sessions made, renamed and deleted elsewhere show in the list', async () => {
  const made = await attache.request('POST', '/session/new', { name: 'from curl', load: false });
  assert.equal(made.status, 201);
  const id = made.json.session.id;
  await waitFor(() => last('sessions').sessions.some((s) => s.id === id && s.name === 'from curl'), { what: 'the new session' });
  await attache.request('POST', '/session/rename', { session: id, name: 'renamed' });
  await waitFor(() => last('sessions').sessions.some((s) => s.id === id && s.name === 'renamed'), { what: 'the rename' });
  await model.select(id);
  assert.equal(conversation().session, id);
  assert.deepEqual(conversation().messages, []);
  await model.remove(id);
  await waitFor(() => !last('sessions').sessions.some((s) => s.id === id), { what: 'the deletion' });
  assert.notEqual(model.selectedSession(), id);
});

test('a failed reply stays shown with its error until the next message', async () => {
  await fake.replies({ fault: 'unauthorized' });
  await model.send('this one fails upstream');
  const failed = await waitFor(() => last('live', (m) => m.live?.state === 'failed'), { what: 'the failed run' });
  assert.match(failed.live.error, /API key/);
  // The history is read again once the run has ended (a failure before any text stores the
  // question and an empty reply marked failed); the error stays on the page all the same.
  const at = posted.indexOf(failed);
  await waitFor(() => posted.slice(at).some((m) => m.type === 'conversation'), { what: 'the history read again' });
  const [question, mark] = conversation().messages.slice(-2);
  assert.deepEqual([question.role, question.content], ['user', 'this one fails upstream']);
  assert.deepEqual([mark.role, mark.content, mark.status], ['assistant', '', 'failed']);
  assert.equal(model.liveRun()?.state, 'failed', 'the error is still shown');
  assert.equal(last('live').live?.state, 'failed');
  const { reply, text } = tokens(2);
  await fake.replies(reply);
  await model.send('try again');
  await waitFor(() => conversation().messages.at(-1)?.content === text, { what: 'the next reply' });
  // The history can show the reply a moment before its stream_end (sent once it is on disk).
  await waitFor(() => model.liveRun() === undefined, { what: 'the error cleared by the next reply' });
});

test('a request Attache refuses becomes a notice on the page', async () => {
  await fake.replies({ chunks: 400, delayMs: 40 });
  await model.send('keep writing');
  await waitFor(() => model.liveRun()?.text.length > 0, { what: 'the reply to start' });
  const before = posted.length;
  await model.regenerate(); // refused: a reply is still being written in this session
  const notice = posted.slice(before).find((m) => m.type === 'notice');
  assert.ok(notice, 'a notice was posted');
  assert.equal(notice.kind, 'error');
  assert.match(notice.text, /still being written/);
  await model.stop();
  await waitFor(() => model.liveRun() === undefined, { what: 'the stop' });
});
