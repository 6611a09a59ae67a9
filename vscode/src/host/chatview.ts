// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The chat view: a webview in Attache's own activity-bar container. Its page gets a strict
// Content-Security-Policy (its own script and style, by nonce and origin; nothing remote) and
// talks to the host through postMessage only.
import { randomBytes } from 'node:crypto';

import * as vscode from 'vscode';

import { errorMessage } from '../client/errors.ts';
import { isWebviewMessage, type WebviewMessage } from '../protocol.ts';
import type { ChatModel } from './chatmodel.ts';
import type { EditorActions } from './editoractions.ts';

export const CHAT_VIEW_ID = 'attache.chat';

export class ChatViewProvider implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private readonly extensionUri: vscode.Uri;
  private readonly model: ChatModel;
  private readonly actions: EditorActions;

  constructor(extensionUri: vscode.Uri, model: ChatModel, actions: EditorActions) {
    this.extensionUri = extensionUri;
    this.model = model;
    this.actions = actions;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const dist = vscode.Uri.joinPath(this.extensionUri, 'dist');
    view.webview.options = { enableScripts: true, localResourceRoots: [media, dist] };
    view.webview.html = this.html(view.webview);
    view.webview.onDidReceiveMessage((message: unknown) => {
      if (isWebviewMessage(message)) void this.onMessage(message);
    });
    view.onDidDispose(() => {
      if (this.view === view) {
        this.view = undefined;
        this.model.attach(undefined);
      }
    });
  }

  /** Shows the view (and puts the cursor in its input). */
  async reveal(focusInput = false): Promise<void> {
    await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
    if (focusInput) void this.view?.webview.postMessage({ type: 'focusInput' });
  }

  private async onMessage(message: WebviewMessage): Promise<void> {
    try {
      switch (message.type) {
        case 'ready':
          this.model.attach((m) => void this.view?.webview.postMessage(m));
          break;
        case 'send':
          await this.model.send(message.text);
          break;
        case 'stop':
          await this.model.stop();
          break;
        case 'regenerate':
          await this.model.regenerate();
          break;
        case 'selectSession':
          await this.model.select(message.session);
          break;
        case 'newSession':
          await this.model.newSession();
          break;
        case 'renameSession': {
          const name = await vscode.window.showInputBox({
            title: 'Rename the chat',
            value: this.model.sessionName(message.session) ?? '',
            validateInput: (value) => (value.trim() ? undefined : 'A chat needs a name.'),
          });
          if (name?.trim()) await this.model.rename(message.session, name.trim());
          break;
        }
        case 'deleteSession': {
          const name = this.model.sessionName(message.session) ?? message.session;
          const choice = await vscode.window.showWarningMessage(
            `Delete the chat "${name}"? It goes for every client, the Attache window included.`,
            { modal: true },
            'Delete',
          );
          if (choice === 'Delete') await this.model.remove(message.session);
          break;
        }
        case 'copyCode':
          await vscode.env.clipboard.writeText(message.code);
          break;
        case 'insertCode':
          await this.actions.insert(message.code);
          break;
        case 'applyCode':
          await this.actions.apply(message.code);
          break;
        case 'pickModel':
          await vscode.commands.executeCommand('attache.pickModel');
          break;
        case 'reconnect':
          await vscode.commands.executeCommand('attache.reconnect');
          break;
        case 'start':
          await vscode.commands.executeCommand('attache.start');
          break;
        case 'showApprovals':
          await vscode.commands.executeCommand('attache.showPendingApprovals');
          break;
      }
    } catch (error) {
      this.model.notice(errorMessage(error));
    }
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'chat.css'));
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
      `img-src ${webview.cspSource} data:`,
      `font-src ${webview.cspSource}`,
      "connect-src 'none'",
      "form-action 'none'",
      "base-uri 'none'",
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>Attache</title>
</head>
<body data-connection="connecting">
<header>
  <div class="sessions">
    <select id="session" aria-label="Chat"></select>
    <button id="new" title="Start a new chat">New</button>
    <button id="rename" title="Rename this chat">Rename</button>
    <button id="delete" title="Delete this chat">Delete</button>
  </div>
  <div class="connection">
    <button id="status" title="Switch the provider or the model"></button>
    <span id="transport" class="badge" hidden></span>
    <button id="reconnect" hidden title="Try to connect again now">Reconnect</button>
  </div>
</header>
<div id="notice" class="notice" hidden role="alert">
  <span class="notice-text"></span><button class="notice-close" title="Dismiss">×</button>
</div>
<div id="messages" role="log" aria-live="polite"></div>
<div id="empty">
  <p id="empty-text">Ask Attache anything, or select code in an editor and pick an Attache command from its context menu.</p>
  <button id="start" class="primary" hidden title="Run attache --headless in the background">Start Attache</button>
</div>
<footer>
  <textarea id="input" rows="3" placeholder="Ask Attache… (Enter to send, Shift+Enter for a new line)" aria-label="Message"></textarea>
  <div class="actions">
    <button id="regenerate" hidden title="Ask again for the last reply, replacing it">Regenerate</button>
    <button id="stop" hidden title="Stop the reply being written">Stop</button>
    <button id="send" class="primary" title="Send (Enter)">Send</button>
  </div>
</footer>
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }
}
