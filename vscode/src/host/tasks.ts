// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The editor commands: a coding task (explain, test, docs, debug, implement, review) on the
// selection or the whole file, and a question about the selection. The reply streams in the
// chat view, in the session it shows.
import * as vscode from 'vscode';

import type { AttacheClient } from '../client/client.ts';
import { errorMessage } from '../client/errors.ts';
import type { CodingTaskType } from '../client/wire.ts';
import type { ChatModel } from './chatmodel.ts';
import type { ChatViewProvider } from './chatview.ts';
import type { WorkingDirectory } from './workingdir.ts';

export const TASKS: Array<{ command: string; type: CodingTaskType; title: string }> = [
  { command: 'attache.explain', type: 'explain', title: 'Explain' },
  { command: 'attache.writeTests', type: 'test', title: 'Write Tests' },
  { command: 'attache.document', type: 'docs', title: 'Document' },
  { command: 'attache.debug', type: 'debug', title: 'Debug' },
  { command: 'attache.implement', type: 'implement', title: 'Implement' },
  { command: 'attache.review', type: 'review', title: 'Review' },
];

interface Parts {
  client: AttacheClient;
  model: ChatModel;
  view: ChatViewProvider;
  workingDir: WorkingDirectory;
}

/** The selection, or the whole document when nothing is selected. */
function code(editor: vscode.TextEditor): string {
  const selection = editor.selection;
  return selection.isEmpty ? editor.document.getText() : editor.document.getText(selection);
}

async function ready(parts: Parts): Promise<vscode.TextEditor | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Open a file (and select some code) first.');
    return undefined;
  }
  if (!code(editor).trim()) {
    void vscode.window.showInformationMessage('There is nothing to send: the file is empty.');
    return undefined;
  }
  if (parts.client.status.state !== 'connected') {
    const choice = await vscode.window.showWarningMessage('Attache is not connected.', 'Start Attache', 'Show Log');
    if (choice === 'Start Attache') await vscode.commands.executeCommand('attache.start');
    else if (choice === 'Show Log') await vscode.commands.executeCommand('attache.showLog');
    return undefined;
  }
  await parts.workingDir.offer();
  return editor;
}

export async function runTask(parts: Parts, type: CodingTaskType): Promise<void> {
  const editor = await ready(parts);
  if (!editor) return;
  const document = editor.document;
  await parts.view.reveal();
  try {
    const started = await parts.client.codingTask({
      task_type: type,
      content: code(editor),
      language: document.languageId,
      filename: vscode.workspace.asRelativePath(document.uri, false),
      session: parts.model.selectedSession(),
    });
    await parts.model.adopt(started.session);
  } catch (error) {
    void vscode.window.showErrorMessage(`Attache: ${errorMessage(error)}`);
  }
}

export async function askAboutSelection(parts: Parts): Promise<void> {
  const editor = await ready(parts);
  if (!editor) return;
  const question = await vscode.window.showInputBox({
    title: 'Ask Attache about the selection',
    prompt: editor.selection.isEmpty ? `About ${vscode.workspace.asRelativePath(editor.document.uri)}` : 'About the selected code',
    placeHolder: 'What does this do? Why does it fail? How could it be simpler?',
  });
  if (!question?.trim()) return;
  await parts.view.reveal();
  try {
    const started = await parts.client.chat({
      message: question.trim(),
      session: parts.model.selectedSession(),
      context: { code: code(editor), language: editor.document.languageId },
    });
    await parts.model.adopt(started.session);
  } catch (error) {
    void vscode.window.showErrorMessage(`Attache: ${errorMessage(error)}`);
  }
}
