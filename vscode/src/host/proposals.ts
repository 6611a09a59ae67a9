// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Read-only documents holding text Attache proposes (a code block applied to a file, a tool's
// write), for the right-hand side of a diff editor, and the arguments of a tool call.
import * as vscode from 'vscode';

export const PROPOSAL_SCHEME = 'attache-proposal';

export class ProposalDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private next = 1;
  private readonly registration: vscode.Disposable;

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, this);
  }

  dispose(): void {
    this.registration.dispose();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.path) ?? '';
  }

  /** A new document named `name` (its extension picks the language) holding `text`. */
  add(name: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${this.next++}/${name}` });
    this.contents.set(uri.path, text);
    return uri;
  }

  remove(uri: vscode.Uri): void {
    this.contents.delete(uri.path);
  }

  /** Closes every tab that shows the document (alone or in a diff). */
  async close(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const tabs = vscode.window.tabGroups.all
      .flatMap((group) => group.tabs)
      .filter((tab) => {
        const input = tab.input;
        if (input instanceof vscode.TabInputTextDiff) return input.modified.toString() === key || input.original.toString() === key;
        if (input instanceof vscode.TabInputText) return input.uri.toString() === key;
        return false;
      });
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
  }
}
