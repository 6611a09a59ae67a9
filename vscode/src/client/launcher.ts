// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Starting Attache when none runs: `attache --headless` in the background, attached to once its
// /health answers.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { readDiscovery, type Discovery } from './discovery.ts';

/** The `attache` to run: the setting when it names one, else the first on PATH; undefined if none. */
export async function findExecutable(setting: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const value = setting?.trim();
  if (value) {
    const expanded = value === '~' || value.startsWith('~/') ? path.join(env.HOME || os.homedir(), value.slice(1)) : value;
    return (await isExecutable(expanded)) ? path.resolve(expanded) : undefined;
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, 'attache');
    if (await isExecutable(candidate)) return candidate;
  }
  return undefined;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) return false;
    await fs.promises.access(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export interface HeadlessOptions {
  command: string;
  discoveryFile: string;
  /** More arguments (tests pass --port 0, --config-dir, --data-dir). */
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** How long to wait for /health before giving up. */
  timeoutMs?: number;
  pollMs?: number;
}

/** Whether GET /health answers on that port. */
export async function healthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * Starts `attache --headless` on its own (it outlives the editor, for every client to share) and
 * resolves with its discovery once its /health answers; rejects when it exits first or does not
 * answer in time.
 */
export function startHeadless(options: HeadlessOptions): Promise<Discovery & { started: number }> {
  const args = ['--headless', '--discovery-file', options.discoveryFile, ...(options.args ?? [])];
  const child = spawn(options.command, args, {
    env: options.env ?? process.env,
    detached: true,
    stdio: 'ignore',
  });
  const pid = child.pid;
  return new Promise((resolve, reject) => {
    let settled = false;
    let exitNote = '';
    const finish = (error: Error | null, info?: Discovery) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      child.unref();
      if (error) reject(error);
      else resolve({ ...info!, started: pid ?? 0 });
    };
    const deadline = setTimeout(
      () => finish(new Error(`attache --headless did not answer /health within ${(options.timeoutMs ?? 20000) / 1000} s.`)),
      options.timeoutMs ?? 20000,
    );
    child.once('error', (error) => finish(new Error(`Cannot start ${options.command}: ${error.message}.`)));
    child.once('exit', (code, signal) => {
      exitNote = `${signal ?? code}`;
      // Another instance may have won the race for the port and discovery file: attach to it.
      void readDiscovery(options.discoveryFile).then(async (info) => {
        if (info && (await healthy(info.port))) finish(null, info);
        else finish(new Error(`attache --headless exited (${exitNote}) before it answered.`));
      });
    });
    const poll = async () => {
      while (!settled) {
        const info = await readDiscovery(options.discoveryFile);
        if (info && (info.pid === pid || !pid) && (await healthy(info.port))) return finish(null, info);
        await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
      }
    };
    void poll();
  });
}
