// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Child processes a test starts: each in its own process group, stopped by pid (the group), and
// every one still running stopped when the test process exits, however it exits.
import { spawn } from 'node:child_process';

const running = new Set();

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

process.on('exit', () => {
  for (const child of running) killGroup(child.pid, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const child of running) killGroup(child.pid, 'SIGKILL');
    process.exit(130);
  });
}

/**
 * Starts a command in a process group of its own. Its output is kept (the last 64 KiB of each
 * stream) for error messages: `child.output()`.
 */
export function startProcess(command, args, options = {}) {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (out = (out + d).slice(-65536)));
  child.stderr.setEncoding('utf8').on('data', (d) => (err = (err + d).slice(-65536)));
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  child.exited.then(() => running.delete(child));
  child.output = () => `--- stdout of ${command}\n${out}\n--- stderr\n${err}`;
  return child;
}

/** Stops a child's process group: SIGTERM, then SIGKILL if it has not exited after graceMs. */
export async function stopProcess(child, graceMs = 10000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exited;
  killGroup(child.pid, 'SIGTERM');
  const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), graceMs);
  const result = await child.exited;
  clearTimeout(timer);
  return result;
}

/** Kills a child's process group at once, as a crash would. */
export async function killProcess(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exited;
  killGroup(child.pid, 'SIGKILL');
  return child.exited;
}
