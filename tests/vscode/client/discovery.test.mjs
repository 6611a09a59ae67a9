// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The discovery file as the extension reads it: where it is, what counts as a running instance,
// and a watcher that sees the file replaced (as Attache replaces it, by renaming a new one over
// it) and removed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

import { makeHome, nextEvent } from '../../node/lib/index.js';
import { defaultDiscoveryPath, DiscoveryWatcher, readDiscovery, resolveDiscoveryPath, SseParser } from './helpers.mjs';

function write(file, json) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(json), { mode: 0o600 });
  fs.renameSync(temp, file);
}

test('where the discovery file is', () => {
  assert.equal(defaultDiscoveryPath({ XDG_STATE_HOME: '/x/state', HOME: '/h' }), '/x/state/attache/server.json');
  assert.equal(defaultDiscoveryPath({ HOME: '/h' }), '/h/.local/state/attache/server.json');
  // A relative XDG_STATE_HOME is ignored, as the XDG rules and Attache itself say.
  assert.equal(defaultDiscoveryPath({ XDG_STATE_HOME: 'rel', HOME: '/h' }), '/h/.local/state/attache/server.json');
  assert.equal(resolveDiscoveryPath('', { HOME: '/h' }), '/h/.local/state/attache/server.json');
  assert.equal(resolveDiscoveryPath('~/attache.json', { HOME: '/h' }), '/h/attache.json');
  assert.equal(resolveDiscoveryPath('/etc/a.json', { HOME: '/h' }), '/etc/a.json');
});

test('a file naming a dead pid, or without a token, is no running instance', async () => {
  const dirs = makeHome();
  try {
    const file = dirs.discoveryFile;
    assert.equal(await readDiscovery(file), null);
    write(file, { port: 8765, token: 'abc', pid: process.pid, protocol: 1 });
    assert.deepEqual(await readDiscovery(file), { port: 8765, token: 'abc', pid: process.pid, protocol: 1, file });
    write(file, { port: 8765, token: '', pid: process.pid });
    assert.equal(await readDiscovery(file), null);
    write(file, { port: 0, token: 'abc', pid: process.pid });
    assert.equal(await readDiscovery(file), null);
    fs.writeFileSync(file, '{"port": 87');
    assert.equal(await readDiscovery(file), null);
    // A pid that no longer exists: a crash left the file behind.
    const { spawnSync } = await import('node:child_process');
    const dead = spawnSync('true').pid;
    write(file, { port: 8765, token: 'abc', pid: dead });
    assert.equal(await readDiscovery(file), null);
  } finally {
    dirs.remove();
  }
});

test('the watcher sees the file appear, be replaced with a new token, and go', async () => {
  const dirs = makeHome();
  const watcher = new DiscoveryWatcher(dirs.discoveryFile, 50);
  try {
    assert.equal(await watcher.start(), null); // its folder does not even exist yet
    let change = nextEvent(watcher, 'change');
    write(dirs.discoveryFile, { port: 4000, token: 'one', pid: process.pid });
    assert.equal((await change).token, 'one');
    change = nextEvent(watcher, 'change');
    write(dirs.discoveryFile, { port: 4000, token: 'two', pid: process.pid });
    assert.equal((await change).token, 'two');
    // Caught half-written (not JSON yet): no change is reported until it is whole.
    change = nextEvent(watcher, 'change');
    fs.writeFileSync(dirs.discoveryFile, '{"port": 4000, "tok');
    await watcher.refresh();
    write(dirs.discoveryFile, { port: 4000, token: 'three', pid: process.pid });
    assert.equal((await change).token, 'three');
    change = nextEvent(watcher, 'change');
    fs.rmSync(dirs.discoveryFile);
    assert.equal(await change, null);
  } finally {
    watcher.close();
    dirs.remove();
  }
});

test('the SSE parser takes events split anywhere, CRLF or LF, comments and multi-line data', () => {
  const text = ': ping\r\nretry: 2000\r\n\r\nid: r_1:1\r\ndata: {"a":\r\ndata: 1}\r\n\r\nid: r_1:2\ndata: [DONE]\n\n';
  for (let split = 0; split <= text.length; split++) {
    const got = [];
    const parser = new SseParser((m) => got.push(m));
    parser.feed(text.slice(0, split));
    parser.feed(text.slice(split));
    assert.deepEqual(
      got.map((m) => [m.id, m.data]),
      [
        ['r_1:1', '{"a":\n1}'],
        ['r_1:2', '[DONE]'],
      ],
      `split at ${split}`,
    );
  }
});
