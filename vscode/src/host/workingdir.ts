// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The workspace folder as Attache's working directory (where its tools read, write and run),
// when the user agrees. The engine has one working directory for every client: when another
// was set, the question says whose it is.
import * as path from 'node:path';

import * as vscode from 'vscode';

import type { AttacheClient } from '../client/client.ts';
import { errorMessage } from '../client/errors.ts';

/** Kept in the global state, which every VS Code window shares: who set which directory. */
const SET_BY_KEY = 'attache.workingDirectorySetBy';

export class WorkingDirectory {
  private readonly client: AttacheClient;
  private readonly context: vscode.ExtensionContext;
  private asked = false;

  constructor(client: AttacheClient, context: vscode.ExtensionContext) {
    this.client = client;
    this.context = context;
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
    try {
      current = await this.client.workingDir();
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
      const setBy = this.context.globalState.get<{ path: string; by: string }>(SET_BY_KEY);
      const whose = setBy?.path === current ? setBy.by : 'the Attache window or another client';
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
      await this.context.globalState.update(SET_BY_KEY, { path: dir, by: `VS Code — ${name}` });
      vscode.window.setStatusBarMessage(`Attache now works in ${name}.`, 5000);
    } catch (error) {
      void vscode.window.showErrorMessage(`Attache could not use ${dir}: ${errorMessage(error)}`);
    }
  }
}
