// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A real `attache --headless` for a test: its own HOME, XDG folders, config, data and discovery
// file in a temp folder, a free port, the OpenAI provider pointed at a fake, stopped by pid.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { attacheBinary } from './binaries.js';
import { killProcess, startProcess, stopProcess } from './processes.js';
import { waitFor } from './wait.js';

/** A temp folder with the layout a user's home has; removed by `remove()`. */
export function makeHome(prefix = 'attache-test-') {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const dirs = {
    root,
    home: path.join(root, 'home'),
    config: path.join(root, 'config'),
    data: path.join(root, 'data'),
    state: path.join(root, 'state'),
    cache: path.join(root, 'cache'),
    runtime: path.join(root, 'runtime'),
  };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  dirs.discoveryFile = path.join(dirs.state, 'attache', 'server.json');
  dirs.remove = () => fs.rmSync(root, { recursive: true, force: true });
  return dirs;
}

/**
 * The environment for Attache or a client in that home: the caller's, without keys or Attache
 * variables, HOME and XDG folders inside it, no session bus (so no secret store is reached).
 */
export function homeEnvironment(dirs, extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.endsWith('_API_KEY') || key.startsWith('ATTACHE_')) continue;
    env[key] = value;
  }
  Object.assign(env, {
    HOME: dirs.home,
    XDG_STATE_HOME: dirs.state,
    XDG_CONFIG_HOME: dirs.config,
    XDG_DATA_HOME: dirs.data,
    XDG_CACHE_HOME: dirs.cache,
    XDG_RUNTIME_DIR: dirs.runtime,
    DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(dirs.root, 'no-session-bus')}`,
    QT_QPA_PLATFORM: 'offscreen',
  });
  return { ...env, ...extra };
}

/** Reads a discovery file as Attache wrote it, or null. */
export function readDiscovery(file) {
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    return json.port && json.token ? json : null;
  } catch {
    return null;
  }
}

export class Attache {
  constructor(child, dirs, env, discovery) {
    this.child = child;
    this.dirs = dirs;
    this.env = env;
    this.pid = child?.pid;
    this.discoveryFile = dirs.discoveryFile;
    this.port = discovery.port;
    this.token = discovery.token;
  }

  url(p) {
    return `http://127.0.0.1:${this.port}${p}`;
  }

  /** Reads the token again (after a reset). */
  rereadToken() {
    this.token = readDiscovery(this.discoveryFile).token;
    return this.token;
  }

  /** A REST call with the token; resolves with {status, json}. */
  async request(method, p, body, headers = {}) {
    const response = await fetch(this.url(p), {
      method,
      headers: {
        Authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, json, text };
  }

  output() {
    return this.child ? this.child.output() : '(started by another process: no output kept)';
  }

  stop() {
    return this.child ? stopProcess(this.child) : stopByPid(this.pid);
  }

  /** Kills it at once, as a crash would (the discovery file stays behind). */
  kill() {
    return this.child ? killProcess(this.child) : stopByPid(this.pid, 'SIGKILL');
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }
  // An exited process whose parent has not collected it yet is gone all the same.
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return true; // no /proc: trust kill()
  }
}

/** Stops a process another one started (its own process group, as Attache's launcher makes it). */
async function stopByPid(pid, signal = 'SIGTERM') {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      return; // gone already
    }
  }
  await waitFor(() => !alive(pid), { timeoutMs: 20000, what: `pid ${pid} to exit` });
}

/**
 * The Attache that another process started in `dirs` (the extension's "Start Attache"), found
 * through its discovery file once its /health answers; stop() ends it by pid.
 */
export async function runningAttache(dirs, { timeoutMs = 60000 } = {}) {
  const discovery = await waitFor(
    async () => {
      const info = readDiscovery(dirs.discoveryFile);
      if (!info || !alive(info.pid)) return null;
      const health = await fetch(`http://127.0.0.1:${info.port}/health`).catch(() => null);
      return health?.ok ? info : null;
    },
    { timeoutMs, what: `an Attache to answer, named by ${dirs.discoveryFile}` },
  );
  const attache = new Attache(null, dirs, null, discovery);
  attache.pid = discovery.pid;
  return attache;
}

/**
 * Starts `attache --headless` in `dirs` (a fresh makeHome() unless given) with the OpenAI
 * provider pointed at `fake`, and resolves once its /health answers.
 */
export async function startAttache({ fake, dirs = makeHome(), args = [], env = {}, binary = attacheBinary() } = {}) {
  const environment = homeEnvironment(dirs, {
    ...(fake ? { ATTACHE_OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'test' } : {}),
    ...env,
  });
  fs.rmSync(dirs.discoveryFile, { force: true });
  const child = startProcess(
    binary,
    ['--headless', '--port', '0', '--config-dir', dirs.config, '--data-dir', dirs.data, '--discovery-file', dirs.discoveryFile, ...args],
    { env: environment },
  );
  const discovery = await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`attache exited (${child.exitCode}): ${child.output()}`);
      const info = readDiscovery(dirs.discoveryFile);
      if (!info || info.pid !== child.pid) return null;
      const health = await fetch(`http://127.0.0.1:${info.port}/health`).catch(() => null);
      return health?.ok ? info : null;
    },
    { timeoutMs: 30000, what: 'attache --headless to answer /health' },
  );
  return new Attache(child, dirs, environment, discovery);
}
