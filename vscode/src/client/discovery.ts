// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The discovery file: where a running Attache says on which port it listens and with which
// token (README: "Talk to it like an editor would"). Read in the extension host only: the token
// never goes to a webview or a log.
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Discovery {
  port: number;
  token: string;
  pid: number;
  protocol: number;
  /** Where it was read from, for messages. */
  file: string;
}

/** `$XDG_STATE_HOME/attache/server.json`, or `~/.local/state/attache/server.json`. */
export function defaultDiscoveryPath(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME;
  const base =
    state && path.isAbsolute(state) ? state : path.join(env.HOME || os.homedir(), '.local', 'state');
  return path.join(base, 'attache', 'server.json');
}

/** The path to use: the setting when it names one (with `~` for the home folder), else the default. */
export function resolveDiscoveryPath(setting: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const value = setting?.trim();
  if (!value) return defaultDiscoveryPath(env);
  if (value === '~' || value.startsWith('~/')) return path.join(env.HOME || os.homedir(), value.slice(1));
  return path.resolve(value);
}

/** Whether a process with this pid exists (a file left by a crash names a dead one). */
export function processAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return true; // no pid to judge by: trust the file
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The file's contents when it names a live instance; null when there is none (or it is stale). */
export async function readDiscovery(file: string): Promise<Discovery | null> {
  const read = await readDiscoveryFile(file);
  return read === 'unreadable' ? null : read;
}

/** As readDiscovery, but 'unreadable' for a file that is there and not JSON (being written). */
async function readDiscoveryFile(file: string): Promise<Discovery | null | 'unreadable'> {
  let text: string;
  try {
    text = await fs.promises.readFile(file, 'utf8');
  } catch {
    return null;
  }
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'unreadable';
  }
  const port = Number(json.port);
  const token = typeof json.token === 'string' ? json.token : '';
  const pid = Number(json.pid ?? 0);
  if (!Number.isInteger(port) || port <= 0 || port > 65535 || token === '') return null;
  if (!processAlive(pid)) return null;
  return { port, token, pid, protocol: Number(json.protocol ?? 1), file };
}

/** Same instance and token: nothing for a client to do. */
export function sameDiscovery(a: Discovery | null, b: Discovery | null): boolean {
  return a === b || (!!a && !!b && a.port === b.port && a.token === b.token && a.pid === b.pid);
}

/**
 * Watches the discovery file and emits 'change' (Discovery | null) when what it says changes:
 * a token reset, a restart on another port, the instance going away. Attache replaces the file
 * by renaming a new one over it, so the folder is watched, not the file; while the folder does
 * not exist yet it is looked for again every pollMs.
 */
export class DiscoveryWatcher extends EventEmitter {
  private watcher: fs.FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private last: Discovery | null = null;
  private reading = false;
  private again = false;
  private closed = false;
  readonly file: string;
  private readonly pollMs: number;

  constructor(file: string, pollMs = 1000) {
    super();
    this.file = file;
    this.pollMs = pollMs;
  }

  /** Starts watching; resolves with what the file says now. */
  async start(): Promise<Discovery | null> {
    this.last = await readDiscovery(this.file);
    this.watch();
    return this.last;
  }

  current(): Discovery | null {
    return this.last;
  }

  close(): void {
    this.closed = true;
    this.watcher?.close();
    this.watcher = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Reads the file again now (as after a close that says the token was reset). */
  async refresh(): Promise<Discovery | null> {
    await this.check();
    return this.last;
  }

  private watch(): void {
    if (this.closed) return;
    try {
      this.watcher = fs.watch(path.dirname(this.file), { persistent: false }, (_event, name) => {
        if (!name || name.toString() === path.basename(this.file)) void this.check();
      });
      this.watcher.on('error', () => this.rewatch());
      // A pid that dies without removing the file changes nothing on disk: look now and then.
      this.schedule(this.pollMs * 5);
    } catch {
      this.rewatch();
    }
  }

  private rewatch(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.check();
      this.watch();
    }, this.pollMs);
    this.timer.unref();
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.check().finally(() => {
        if (!this.closed && this.watcher) this.schedule(ms);
      });
    }, ms);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = true;
    try {
      do {
        this.again = false;
        const read = await readDiscoveryFile(this.file);
        if (this.closed) return;
        // Caught while written by something that does not replace it whole: read it next time.
        if (read === 'unreadable') continue;
        const next = read;
        if (!sameDiscovery(next, this.last)) {
          this.last = next;
          this.emit('change', next);
        }
      } while (this.again);
    } finally {
      this.reading = false;
    }
  }
}
