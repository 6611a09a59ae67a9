// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The workspace folder as Attache's working directory (where its tools read, write and run),
// when the user agrees. The engine has one working directory for every client: when another
// was set, the question says whose it is (the engine records who set it).
import * as path from 'node:path';

import * as vscode from 'vscode';

import type { AttacheClient } from '../client/client.ts';
import { errorMessage } from '../client/errors.ts';

export class WorkingDirectory {
  private readonly client: AttacheClient;
  private asked = false;

  constructor(client: AttacheClient) {
    this.client = client;
  }

  private folder(): vscode.WorkspaceFolder | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder?.uri.scheme === 'file' ? folder : undefined;
  }

  /** Offers the workspace folder, once per window unless `force` (the command). */
  async offer(force = false): Promise<void> {
    const folder = this.folder();
    if (!folder || !vscode.workspace.isTrusted || this.client.status.state !== 'connected') {
      if (force) void vscode.window.showInformationMessage('Open a trusted folder to let Attache work in it.');
      return;
    }
    const mode = vscode.workspace.getConfiguration('attache').get<string>('workingDirectory', 'ask');
    if (mode === 'never' && !force) return;
    if (this.asked && !force) return;
    let current: string;
    let setBy: string | undefined;
    try {
      ({ path: current, set_by: setBy } = await this.client.workingDirOwner());
    } catch {
      return;
    }
    const mine = folder.uri.fsPath;
    if (current === mine) return;
    this.asked = true;
    if (mode === 'always' && !current && !force) return this.use(mine, folder.name);
    let question: string;
    let yes: string;
    if (current) {
      const whose = setBy || 'another client';
      question =
        `Attache works in ${current}, set by ${whose}. Switch it to ${folder.name}? ` +
        'Attache has one working directory for every client.';
      yes = `Switch to ${folder.name}`;
    } else {
      question = `Let Attache work in ${folder.name}? Its tools may read files there, and write files or run commands once you approve.`;
      yes = 'Use this folder';
    }
    const no = current ? `Keep ${path.basename(current) || current}` : 'Not now';
    const choice = await vscode.window.showInformationMessage(question, yes, no);
    if (choice === yes) await this.use(mine, folder.name);
  }

  private async use(dir: string, name: string): Promise<void> {
    try {
      await this.client.setWorkingDir(dir);
      vscode.window.setStatusBarMessage(`Attache now works in ${name}.`, 5000);
    } catch (error) {
      void vscode.window.showErrorMessage(`Attache could not use ${dir}: ${errorMessage(error)}`);
    }
  }
}
