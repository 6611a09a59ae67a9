// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// JSON-RPC with `attache --stdio` as a child process, one message per line: for when no instance
// runs and none could be started in the background.
import { spawn, type ChildProcess } from 'node:child_process';
import * as readline from 'node:readline';

import { RpcChannel, type Identity } from './rpcchannel.ts';
import { ConnectError } from './wschannel.ts';

export interface StdioCommand {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Lines the child writes on stderr (its log). */
  onLog?: (line: string) => void;
}

export class StdioChannel extends RpcChannel {
  readonly transport = 'stdio' as const;
  private child: ChildProcess | undefined;
  private readonly spec: StdioCommand;

  constructor(spec: StdioCommand, identity: Identity) {
    super(identity);
    this.spec = spec;
  }

  /** The child's pid while it runs. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  async open(): Promise<void> {
    const child = spawn(this.spec.command, [...this.spec.args, '--stdio'], {
      env: this.spec.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (error: NodeJS.ErrnoException) =>
        reject(new ConnectError(`Cannot start ${this.spec.command}: ${error.message}.`, error.code === 'ENOENT' ? 'refused' : 'failed')),
      );
    });
    readline.createInterface({ input: child.stdout! }).on('line', (line) => this.receive(line));
    readline.createInterface({ input: child.stderr! }).on('line', (line) => this.spec.onLog?.(line));
    child.stdin!.on('error', () => {}); // a child that died: 'exit' says so
    child.once('exit', (code, signal) => this.finish(undefined, `attache --stdio exited (${signal ?? code})`));
    await this.introduce();
  }

  close(): void {
    this.ended = true;
    this.removeAllListeners('closed');
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.child.stdin?.end(); // end of input: it finishes what it has and exits
      const child = this.child;
      setTimeout(() => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      }, 2000).unref();
    }
  }

  drop(): void {
    this.child?.kill('SIGKILL');
  }

  protected send(text: string): void {
    if (!this.child?.stdin?.writable) throw new Error('attache --stdio is not running.');
    this.child.stdin.write(text + '\n');
  }
}
