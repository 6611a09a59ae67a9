// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// When no Attache runs: offer to start `attache --headless` (the `attache.path` setting, else
// `attache` on PATH) and attach once its /health answers; when that cannot be done, run
// `attache --stdio` as a child and speak the same JSON-RPC over its stdin and stdout.
import * as vscode from 'vscode';

import type { AttacheClient } from '../client/client.ts';
import { errorMessage } from '../client/errors.ts';
import { findExecutable, startHeadless } from '../client/launcher.ts';
import type { Log } from './log.ts';

export class Startup {
  private readonly client: AttacheClient;
  private readonly log: Log;
  private offered = false;
  private starting = false;

  constructor(client: AttacheClient, log: Log) {
    this.client = client;
    this.log = log;
    client.on('status', (status) => {
      if (status.state === 'disconnected' && !status.instanceFound && !this.offered) void this.offer();
    });
  }

  /** Asks once per window whether to start Attache. */
  private async offer(): Promise<void> {
    this.offered = true;
    if (!vscode.workspace.getConfiguration('attache').get<boolean>('offerToStart', true)) return;
    const choice = await vscode.window.showInformationMessage(
      'Attache is not running. Start it in the background for VS Code and your other tools?',
      'Start Attache',
      'Not now',
    );
    if (choice === 'Start Attache') await this.start();
  }

  /** The attache.start command. */
  async start(): Promise<void> {
    if (this.starting) return;
    if (this.client.status.state === 'connected') {
      void vscode.window.showInformationMessage('Attache is already running and connected.');
      return;
    }
    const setting = vscode.workspace.getConfiguration('attache').get<string>('path', '');
    const command = await findExecutable(setting);
    if (!command) {
      const open = await vscode.window.showErrorMessage(
        setting
          ? `Cannot run ${setting}: it is not an executable file. Fix the attache.path setting.`
          : 'Cannot find attache on PATH. Install it, or set attache.path to the binary (for a build: build/bin/attache).',
        'Open Settings',
      );
      if (open) await vscode.commands.executeCommand('workbench.action.openSettings', 'attache.path');
      return;
    }
    this.starting = true;
    try {
      await vscode.window.withProgress<void>(
        { location: vscode.ProgressLocation.Notification, title: 'Starting Attache…' },
        async () => {
          try {
            const info = await startHeadless({ command, discoveryFile: this.client.discoveryFile });
            this.log.info(`started ${command} --headless: pid ${info.pid}, port ${info.port}`);
            this.client.retryNow();
            await this.client.connected(20000);
          } catch (error) {
            // Headless could not be had (a port it may not open, a sandbox): the same engine
            // as a child, over its stdio.
            this.log.error(`attache --headless: ${errorMessage(error)}; using attache --stdio instead`);
            this.client.useStdio({
              command,
              args: ['--discovery-file', this.client.discoveryFile],
              onLog: (line) => this.log.info(`attache --stdio: ${line}`),
            });
            await this.client.connected(20000);
            void vscode.window.showInformationMessage(
              `Attache could not start in the background (${errorMessage(error)}); it runs as a child of this window instead.`,
            );
          }
        },
      );
    } catch (error) {
      void vscode.window.showErrorMessage(`Attache could not be started: ${errorMessage(error)}`);
    } finally {
      this.starting = false;
    }
  }
}
