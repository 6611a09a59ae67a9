// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Messages posted to Attache (POST /notifications) as VS Code notifications; a question can be
// answered (notification.reply), and the answer reaches whoever asked.
import * as vscode from 'vscode';

import type { AttacheClient } from '../client/client.ts';
import { errorMessage } from '../client/errors.ts';
import type { Notification } from '../client/wire.ts';

export class NotificationsUi {
  private readonly client: AttacheClient;
  private readonly seen = new Set<string>();

  constructor(client: AttacheClient) {
    this.client = client;
    client.on('notification', (n) => void this.show(n));
  }

  private async show(n: Notification): Promise<void> {
    if (this.seen.has(n.id) || (this.client.clientId && n.from === this.client.clientId)) return;
    this.seen.add(n.id);
    if (n.kind === 'question') {
      const choice = await vscode.window.showInformationMessage(`Attache asks: ${n.message}`, 'Reply…');
      if (choice !== 'Reply…') return;
      const reply = await vscode.window.showInputBox({ title: 'Reply to Attache', prompt: n.message, ignoreFocusOut: true });
      if (reply === undefined) return;
      try {
        await this.client.replyNotification(n.id, reply);
        vscode.window.setStatusBarMessage('Attache: reply sent.', 3000);
      } catch (error) {
        void vscode.window.showErrorMessage(`Attache: the reply was not sent: ${errorMessage(error)}`);
      }
    } else if (n.kind === 'suggestion') {
      void vscode.window.showInformationMessage(`Attache suggests: ${n.message}`);
    } else {
      void vscode.window.showInformationMessage(`Attache: ${n.message}`);
    }
  }
}
