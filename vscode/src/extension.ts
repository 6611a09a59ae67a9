// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The extension: wires the client library (the connection to Attache) to VS Code's views,
// commands, notifications and status bar. Everything networked runs here, in the extension
// host; the chat webview only renders.
import * as path from 'node:path';

import * as vscode from 'vscode';

import { Approvals } from './client/approvals.ts';
import { AttacheClient } from './client/client.ts';
import { resolveDiscoveryPath } from './client/discovery.ts';
import { ApprovalsUi } from './host/approvalsui.ts';
import { ChatModel } from './host/chatmodel.ts';
import { CHAT_VIEW_ID, ChatViewProvider } from './host/chatview.ts';
import { EditorActions } from './host/editoractions.ts';
import { createLog } from './host/log.ts';
import { NotificationsUi } from './host/notificationsui.ts';
import { ProposalDocuments } from './host/proposals.ts';
import { Startup } from './host/startup.ts';
import { StatusBar } from './host/statusbar.ts';
import { askAboutSelection, runTask, TASKS } from './host/tasks.ts';
import { WorkingDirectory } from './host/workingdir.ts';

const SELECTED_SESSION_KEY = 'attache.selectedSession';

let client: AttacheClient | undefined;

function workspaceName(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  return vscode.workspace.name ?? (folder ? path.basename(folder.uri.fsPath) : 'no folder');
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = createLog();
  context.subscriptions.push(log);
  const config = vscode.workspace.getConfiguration('attache');
  const discoveryFile = resolveDiscoveryPath(config.get<string>('discoveryFile'));
  log.info(`discovery file: ${discoveryFile}`);

  const attache = new AttacheClient({
    discoveryFile,
    identity: { kind: 'vscode', name: `VS Code — ${workspaceName()}` },
    log: (line) => log.info(line),
  });
  client = attache;

  const proposals = new ProposalDocuments();
  const actions = new EditorActions(proposals);
  const model = new ChatModel(attache, {
    get: () => context.workspaceState.get<string>(SELECTED_SESSION_KEY),
    set: (session) => void context.workspaceState.update(SELECTED_SESSION_KEY, session),
  });
  const view = new ChatViewProvider(context.extensionUri, model, actions);
  const statusBar = new StatusBar(attache, (connection) => model.setConnection(connection));
  const approvals = new Approvals(attache);
  const approvalsUi = new ApprovalsUi(approvals, attache, proposals, log);
  new NotificationsUi(attache);
  const startup = new Startup(attache, log);
  const workingDir = new WorkingDirectory(attache);
  const parts = { client: attache, model, view, workingDir };

  attache.on('connected', () => void workingDir.offer());
  attache.on('runLost', ({ reason }) => log.info(`a run could not be followed: ${reason}`));

  context.subscriptions.push(
    proposals,
    actions,
    statusBar,
    approvalsUi,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: true } }),
    ...TASKS.map((task) => vscode.commands.registerCommand(task.command, () => runTask(parts, task.type))),
    vscode.commands.registerCommand('attache.askAboutSelection', () => askAboutSelection(parts)),
    vscode.commands.registerCommand('attache.openChat', () => view.reveal(true)),
    vscode.commands.registerCommand('attache.newChat', async () => {
      await view.reveal(true);
      await model.newSession();
    }),
    vscode.commands.registerCommand('attache.pickModel', () => statusBar.pick()),
    vscode.commands.registerCommand('attache.reconnect', () => attache.retryNow()),
    vscode.commands.registerCommand('attache.start', () => startup.start()),
    vscode.commands.registerCommand('attache.useWorkspaceFolder', () => workingDir.offer(true)),
    vscode.commands.registerCommand('attache.showLog', () => log.show()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('attache.discoveryFile'))
        void vscode.window
          .showInformationMessage('Reload the window for the new Attache discovery file to take effect.', 'Reload')
          .then((choice) => choice && vscode.commands.executeCommand('workbench.action.reloadWindow'));
    }),
    { dispose: () => void attache.stop() },
  );

  await attache.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
