// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The status-bar item: connected or not (and over the HTTP fallback when so), the provider and
// the model; a click switches them.
import * as vscode from 'vscode';

import type { AttacheClient, ClientStatus } from '../client/client.ts';
import { errorMessage } from '../client/errors.ts';
import type { ConnectionView } from '../protocol.ts';

export function transportName(status: ClientStatus): string | undefined {
  switch (status.transport) {
    case 'websocket':
      return 'WebSocket';
    case 'sse':
      return 'HTTP fallback';
    case 'stdio':
      return 'stdio';
    default:
      return undefined;
  }
}

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly client: AttacheClient;
  private provider: string | undefined;
  private model: string | undefined;
  private setupNeeded: string | undefined;
  private readonly onChange: (view: ConnectionView) => void;
  private refreshing = 0;

  constructor(client: AttacheClient, onChange: (view: ConnectionView) => void) {
    this.client = client;
    this.onChange = onChange;
    this.item = vscode.window.createStatusBarItem('attache.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Attache';
    client.on('status', () => this.render());
    client.on('connected', () => void this.refresh());
    client.on('topic', (change) => {
      if (change.topic === 'providers' || change.topic === 'models' || change.topic === 'settings') void this.refresh();
    });
    this.render();
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }

  /** Reads the provider and model again. */
  async refresh(): Promise<void> {
    const request = ++this.refreshing;
    try {
      const status = await this.client.engineStatus();
      if (request !== this.refreshing) return;
      this.provider = status.provider || undefined;
      this.model = status.model || undefined;
      this.setupNeeded = status.setup_needed?.message;
    } catch {
      return;
    }
    this.render();
  }

  view(): ConnectionView {
    const status = this.client.status;
    return {
      state: status.state,
      transport: transportName(status),
      detail: status.detail,
      instanceFound: status.instanceFound,
      provider: this.provider,
      model: this.model,
    };
  }

  private render(): void {
    const status = this.client.status;
    const view = this.view();
    const via = view.transport && view.transport !== 'WebSocket' ? ` (${view.transport})` : '';
    if (status.state === 'connected') {
      const what = this.provider ? `${this.provider} · ${this.model ?? ''}` : 'no provider';
      this.item.text = `$(comment-discussion) ${what}${via}`;
      const lines = [`Attache: connected over ${view.transport ?? '?'}`];
      if (status.transport === 'sse') lines.push(`The WebSocket could not be used: ${status.detail ?? ''}`);
      lines.push(this.provider ? `Provider ${this.provider}, model ${this.model ?? '(default)'}` : '');
      if (this.setupNeeded) lines.push(this.setupNeeded);
      lines.push('Click to switch the provider or the model.');
      this.item.tooltip = lines.filter(Boolean).join('\n');
      this.item.command = 'attache.pickModel';
      this.item.backgroundColor = this.setupNeeded ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    } else if (status.state === 'connecting') {
      this.item.text = '$(sync~spin) Attache';
      this.item.tooltip = 'Attache: connecting…';
      this.item.command = 'attache.showLog';
      this.item.backgroundColor = undefined;
    } else {
      this.item.text = '$(debug-disconnect) Attache';
      this.item.tooltip = `Attache: not connected${status.detail ? ` (${status.detail})` : ''}. Click to connect or start it.`;
      this.item.command = status.instanceFound ? 'attache.reconnect' : 'attache.start';
      this.item.backgroundColor = undefined;
    }
    this.onChange(view);
  }

  /** Quick picks over GET /providers and GET /models; POST /provider and POST /model. */
  async pick(): Promise<void> {
    if (this.client.status.state !== 'connected') {
      void vscode.window.showWarningMessage('Attache is not connected.');
      return;
    }
    try {
      const providers = await this.client.providers();
      const items = providers.map((p) => ({
        label: p.name || p.id,
        description: `${p.id}${p.current ? ' · current' : ''}`,
        detail: p.ready ? p.base_url : `${p.base_url} · needs a key`,
        picked: p.current,
        id: p.id,
      }));
      const provider = await vscode.window.showQuickPick(items, {
        title: 'Attache: provider',
        placeHolder: 'Pick the provider (every client shares it)',
        matchOnDescription: true,
      });
      if (!provider) return;
      if (!providers.find((p) => p.id === provider.id)?.current) await this.client.setProvider(provider.id);
      const models = await this.client.models();
      const current = (await this.client.engineStatus()).model;
      const model = await vscode.window.showQuickPick(
        models.map((m) => ({
          label: m.id,
          description: m.id === current ? 'current' : m.name !== m.id ? m.name : undefined,
          detail: m.description || undefined,
        })),
        { title: `Attache: model of ${provider.label}`, placeHolder: 'Pick the model' },
      );
      if (model && model.label !== current) await this.client.setModel(model.label);
      await this.refresh();
    } catch (error) {
      void vscode.window.showErrorMessage(`Attache: ${errorMessage(error)}`);
    }
  }
}
