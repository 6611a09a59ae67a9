// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Starting Attache when none runs: `attache --headless` found and waited for, and, when that is
// not the way, `attache --stdio` as a child speaking the same JSON-RPC, one message per line.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';

import { attacheBinary, homeEnvironment, makeHome, startFake, tokens } from '../../node/lib/index.js';
import { AttacheClient, findExecutable, healthy, readDiscovery, startHeadless } from './helpers.mjs';
import { chunkText, recordEvents, runEnded } from './helpers.mjs';

function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // gone
  }
}

test('findExecutable: the setting when it names a binary, else attache on PATH', async () => {
  const binary = attacheBinary();
  assert.equal(await findExecutable(binary), binary);
  assert.equal(await findExecutable('/nonexistent/attache'), undefined);
  assert.equal(await findExecutable('', { PATH: `/nonexistent:${path.dirname(binary)}` }), binary);
  assert.equal(await findExecutable('', { PATH: '/nonexistent' }), undefined);
});

test('startHeadless starts attache in the background and resolves once /health answers', async () => {
  const fake = await startFake();
  const dirs = makeHome();
  let pid;
  try {
    const env = homeEnvironment(dirs, { ATTACHE_OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'test' });
    const info = await startHeadless({
      command: attacheBinary(),
      discoveryFile: dirs.discoveryFile,
      args: ['--port', '0', '--config-dir', dirs.config, '--data-dir', dirs.data],
      env,
    });
    pid = info.pid;
    assert.equal(info.pid, info.started);
    assert.equal(await healthy(info.port), true);
    assert.deepEqual((await readDiscovery(dirs.discoveryFile))?.port, info.port);

    const client = new AttacheClient({ discoveryFile: dirs.discoveryFile, identity: { kind: 'vscode', name: 'started' } });
    recordEvents(client);
    await client.start();
    await client.connected(30000);
    const { reply, text } = tokens(4);
    await fake.replies(reply);
    const run = await client.chat({ message: 'hi', session: 'started' });
    assert.equal(chunkText(await runEnded(client, run.run)), text);
    await client.stop();
  } finally {
    if (pid) killGroup(pid);
    await fake.stop();
    dirs.remove();
  }
});

test('startHeadless rejects when the binary cannot run', async () => {
  const dirs = makeHome();
  try {
    await assert.rejects(startHeadless({ command: '/nonexistent/attache', discoveryFile: dirs.discoveryFile }), /Cannot start/);
  } finally {
    dirs.remove();
  }
});

test('attache --stdio as a child: the same JSON-RPC, one message per line', async () => {
  const fake = await startFake();
  const dirs = makeHome();
  const logs = [];
  const client = new AttacheClient({
    discoveryFile: dirs.discoveryFile,
    identity: { kind: 'vscode', name: 'VS Code — stdio' },
    log: (line) => logs.push(line),
  });
  recordEvents(client);
  try {
    client.useStdio({
      command: attacheBinary(),
      args: ['--port', '0', '--config-dir', dirs.config, '--data-dir', dirs.data, '--discovery-file', dirs.discoveryFile],
      env: homeEnvironment(dirs, { ATTACHE_OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'test' }),
    });
    await client.start();
    await client.connected(30000);
    assert.equal(client.status.transport, 'stdio');
    const { reply, text } = tokens(6, 5);
    await fake.replies(reply);
    const run = await client.chat({ message: 'over stdio', session: 'stdio' });
    const events = await runEnded(client, run.run);
    assert.equal(chunkText(events), text);
    assert.equal(events.at(-1).data, text);
    const history = await client.history(run.session);
    assert.equal(history.at(-1).content, text);
  } finally {
    await client.stop();
    await fake.stop();
    dirs.remove();
  }
});
