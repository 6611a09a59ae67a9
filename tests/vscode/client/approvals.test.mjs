// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Approvals with two attached clients, each with the extension's Approvals: the request reaches
// both with its full arguments and the write's diff; the first answer wins, the other client's
// prompt closes saying who answered, and a late answer is told so.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';

import { nextEvent, startAttache, startFake } from '../../node/lib/index.js';
import { Approvals, connect, runEnded } from './helpers.mjs';

let fake;
let attache;
let workspace;
let editor; // the extension
let other; // another client (a second editor, a script)
let editorApprovals;
let otherApprovals;

before(async () => {
  fake = await startFake();
  attache = await startAttache({ fake });
  workspace = path.join(attache.dirs.root, 'workspace');
  fs.mkdirSync(workspace);
  fs.writeFileSync(path.join(workspace, 'notes.txt'), 'old line\n');
  editor = await connect(attache, { name: 'VS Code — approvals' });
  other = await connect(attache, { kind: 'cli', name: 'Other client' });
  editorApprovals = new Approvals(editor);
  otherApprovals = new Approvals(other);
  assert.equal(await editor.setWorkingDir(workspace), fs.realpathSync(workspace));
});

after(async () => {
  await editor?.stop();
  await other?.stop();
  await attache?.stop();
  await fake?.stop();
  attache?.dirs.remove();
});

function writeReply(file, content) {
  return [
    { tokens: ['Writing it.'], toolCalls: [{ id: 'call_1', name: 'write_file', arguments: { path: file, content } }] },
    { tokens: ['Done', '.'] },
  ];
}

test('answered in the extension: the write happens and the other prompt closes naming who', async () => {
  await fake.replies(writeReply('notes.txt', 'new line\n'));
  const openedHere = nextEvent(editorApprovals, 'opened');
  const openedThere = nextEvent(otherApprovals, 'opened');
  const closedThere = nextEvent(otherApprovals, 'closed');
  const closedHere = nextEvent(editorApprovals, 'closed');
  const started = await editor.chat({ message: 'replace the note', session: 'approvals' });

  const request = await openedHere;
  assert.equal((await openedThere).id, request.id);
  assert.equal(request.tool, 'write_file');
  assert.deepEqual(request.arguments, { path: 'notes.txt', content: 'new line\n' });
  assert.match(request.diff, /^-old line$/m);
  assert.match(request.diff, /^\+new line$/m);

  assert.deepEqual(await editorApprovals.answer(request.id, 'allow', 'once'), { accepted: true });
  const there = await closedThere;
  assert.equal(there.request.id, request.id);
  assert.equal(there.allowed, true);
  assert.equal(there.scope, 'once');
  assert.equal(there.by, editor.clientId);
  assert.equal(there.byMe, false);
  assert.equal(there.byName, 'VS Code — approvals');
  assert.equal(otherApprovals.describe(there), 'write_file was allowed once by VS Code — approvals.');
  assert.equal((await closedHere).byMe, true);
  assert.deepEqual(otherApprovals.pending(), []);

  // The other client answers too late: it is told who was first, and nothing changes.
  const late = await otherApprovals.answer(request.id, 'deny', 'once');
  assert.equal(late.accepted, false);
  assert.equal(late.byName, 'VS Code — approvals');

  const events = await runEnded(editor, started.run);
  assert.equal(events.at(-1).type, 'stream_end');
  assert.ok(events.some((e) => e.type === 'tool_result'));
  assert.equal(fs.readFileSync(path.join(workspace, 'notes.txt'), 'utf8'), 'new line\n');
});

test('answered by the other client first: the extension prompt closes, its answer is refused', async () => {
  await fake.replies(writeReply('other.txt', 'should not be written\n'));
  const opened = nextEvent(editorApprovals, 'opened');
  const openedThere = nextEvent(otherApprovals, 'opened');
  const closedHere = nextEvent(editorApprovals, 'closed');
  const started = await editor.chat({ message: 'write another file', session: 'approvals' });
  const request = await opened;
  assert.equal((await openedThere).id, request.id);
  assert.deepEqual(await otherApprovals.answer(request.id, 'deny', 'once'), { accepted: true });

  const here = await closedHere;
  assert.equal(here.allowed, false);
  assert.equal(here.byMe, false);
  assert.equal(here.byName, 'Other client');
  assert.equal(editorApprovals.describe(here), 'write_file was denied by Other client.');
  const late = await editorApprovals.answer(request.id, 'allow', 'always');
  assert.equal(late.accepted, false);
  assert.match(late.message, /denied by Other client/);

  await runEnded(editor, started.run);
  assert.equal(fs.existsSync(path.join(workspace, 'other.txt')), false);
});

test('a late answer sent to Attache itself is refused with 409 and reported', async () => {
  await fake.replies(writeReply('third.txt', 'x\n'));
  const opened = nextEvent(editorApprovals, 'opened');
  const started = await editor.chat({ message: 'a third', session: 'approvals' });
  const request = await opened;
  // Another client answers over plain HTTP, and this one has not heard yet when it answers.
  const answered = await attache.request('POST', `/permissions/${request.id}`, { decision: 'allow', scope: 'once' });
  assert.equal(answered.status, 200, answered.text);
  let error;
  try {
    await editor.respondPermission(request.id, 'deny', 'once');
  } catch (e) {
    error = e;
  }
  assert.equal(error?.status, 409);
  assert.equal(error?.code, 'already_answered');
  await runEnded(editor, started.run);
  assert.equal(fs.readFileSync(path.join(workspace, 'third.txt'), 'utf8'), 'x\n');
});
