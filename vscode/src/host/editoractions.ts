// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// What a code block in the chat can do to the editor: insert at the cursor, or apply to the
// file after the change was shown in a diff editor.
import * as path from 'node:path';

import * as vscode from 'vscode';

import type { ProposalDocuments } from './proposals.ts';

export class EditorActions implements vscode.Disposable {
  private lastEditor: vscode.TextEditor | undefined;
  private readonly subscription: vscode.Disposable;
  private readonly proposals: ProposalDocuments;

  constructor(proposals: ProposalDocuments) {
    this.proposals = proposals;
    this.lastEditor = vscode.window.activeTextEditor;
    // The chat takes the focus: remember the editor the user was in.
    this.subscription = vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor && editor.document.uri.scheme !== 'output') this.lastEditor = editor;
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }

  /** The editor to act on: the active one, else the last one the user was in, if still open. */
  private target(): vscode.TextEditor | undefined {
    const active = vscode.window.activeTextEditor;
    if (active) return active;
    const last = this.lastEditor;
    if (last && vscode.window.visibleTextEditors.includes(last)) return last;
    return vscode.window.visibleTextEditors[0];
  }

  async insert(code: string): Promise<void> {
    const editor = this.target();
    if (!editor) {
      void vscode.window.showInformationMessage('Open a file to insert the code into.');
      return;
    }
    await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    await editor.edit((edit) => {
      for (const selection of editor.selections) edit.replace(selection, code);
    });
  }

  /**
   * Shows the file beside the file with the code applied (the selection replaced, or the whole
   * file when nothing is selected), then applies it if the user agrees.
   */
  async apply(code: string): Promise<void> {
    const editor = this.target();
    if (!editor) {
      void vscode.window.showInformationMessage('Open the file to apply the code to.');
      return;
    }
    const document = editor.document;
    const selection = editor.selection;
    const range = selection.isEmpty
      ? new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length))
      : new vscode.Range(selection.start, selection.end);
    const original = document.getText();
    const updated = original.slice(0, document.offsetAt(range.start)) + code + original.slice(document.offsetAt(range.end));
    const name = path.basename(document.uri.path);
    const proposal = this.proposals.add(name, updated);
    const what = selection.isEmpty ? name : `the selection in ${name}`;
    await vscode.commands.executeCommand('vscode.diff', document.uri, proposal, `${name} ↔ Attache's code`, {
      preview: true,
      viewColumn: editor.viewColumn,
    });
    const choice = await vscode.window.showInformationMessage(`Apply Attache's code to ${what}?`, 'Apply', 'Discard');
    await this.proposals.close(proposal);
    this.proposals.remove(proposal);
    if (choice !== 'Apply') return;
    if (document.getText() !== original) {
      void vscode.window.showWarningMessage(`${name} changed while the diff was open; nothing was applied.`);
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, code);
    if (await vscode.workspace.applyEdit(edit)) await vscode.window.showTextDocument(document, editor.viewColumn);
  }
}
