// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Approvals in the editor: a permission request shows as a notification with the tool and its
// full arguments, a write opens its diff first, and the answer goes back as permission.respond.
// The first answer anywhere wins; when the window or another client answers, the notification
// and the diff close and a message says who answered. (The notification is a progress one,
// with the answers as links: VS Code closes those when asked, not a message's buttons.)
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as vscode from 'vscode';

import type { Approvals, PromptClosed } from '../client/approvals.ts';
import type { AttacheClient } from '../client/client.ts';
import { errorMessage } from '../client/errors.ts';
import type { PermissionDecision, PermissionRequest, PermissionScope } from '../client/wire.ts';
import type { Log } from './log.ts';
import type { ProposalDocuments } from './proposals.ts';

const CHOICES: Array<{ label: string; decision: PermissionDecision; scope: PermissionScope }> = [
  { label: 'Allow once', decision: 'allow', scope: 'once' },
  { label: 'Allow for this session', decision: 'allow', scope: 'session' },
  { label: 'Always allow', decision: 'allow', scope: 'always' },
  { label: 'Deny', decision: 'deny', scope: 'once' },
];

export class ApprovalsUi implements vscode.Disposable {
  private readonly approvals: Approvals;
  private readonly client: AttacheClient;
  private readonly proposals: ProposalDocuments;
  private readonly log: Log;
  private readonly diffs = new Map<string, vscode.Uri[]>(); // request id → documents shown
  private readonly shown = new Map<string, () => void>(); // request id → closes its notification
  private readonly disposables: vscode.Disposable[] = [];

  constructor(approvals: Approvals, client: AttacheClient, proposals: ProposalDocuments, log: Log) {
    this.approvals = approvals;
    this.client = client;
    this.proposals = proposals;
    this.log = log;
    approvals.on('opened', (request) => void this.prompt(request));
    approvals.on('closed', (closed) => void this.onClosed(closed));
    this.disposables.push(
      vscode.commands.registerCommand('attache.showPermissionArguments', (id: string) => this.showArguments(id)),
      vscode.commands.registerCommand('attache.showPendingApprovals', () => this.pickPending()),
      vscode.commands.registerCommand(
        'attache.answerPermission',
        (id: string, decision: PermissionDecision, scope: PermissionScope) => this.answerFromLink(id, decision, scope),
      ),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private async prompt(request: PermissionRequest): Promise<void> {
    this.log.info(`permission request ${request.id}: ${request.tool}`);
    if (typeof request.arguments?.content === 'string' || request.diff) await this.showDiff(request);
    if (this.approvals.outcome(request.id)) return; // answered elsewhere while the diff opened
    if (this.shown.has(request.id)) return; // on screen already
    const link = (label: string, command: string, args: unknown[]) =>
      `[${label}](command:${command}?${encodeURIComponent(JSON.stringify(args))})`;
    const args = JSON.stringify(request.arguments ?? {});
    const answers = CHOICES.map((c) => link(c.label, 'attache.answerPermission', [request.id, c.decision, c.scope]));
    const message =
      `Attache asks to run ${request.tool} with ${args}. ` +
      `${link('Open the arguments', 'attache.showPermissionArguments', [request.id])} — ${answers.join(' · ')}`;
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: message, cancellable: true },
      (_progress, cancelled) =>
        new Promise<void>((resolve) => {
          this.shown.set(request.id, resolve);
          // Cancel only closes it: the request stays pending (attache.showPendingApprovals, or
          // the chat view, asks again).
          cancelled.onCancellationRequested(() => resolve());
        }),
    );
    this.shown.delete(request.id);
  }

  private async answerFromLink(id: string, decision: PermissionDecision, scope: PermissionScope): Promise<void> {
    const request = this.approvals.pending().find((r) => r.id === id);
    if (!request) {
      const closed = this.approvals.outcome(id);
      void vscode.window.showInformationMessage(closed ? `Already answered: ${this.approvals.describe(closed)}` : 'That request is no longer waiting.');
      return;
    }
    await this.answer(request, decision, scope);
  }

  private async answer(request: PermissionRequest, decision: PermissionDecision, scope: PermissionScope): Promise<void> {
    try {
      const outcome = await this.approvals.answer(request.id, decision, scope);
      if (!outcome.accepted) void vscode.window.showInformationMessage(`Already answered: ${outcome.message}`);
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not answer Attache: ${errorMessage(error)}`);
    }
  }

  private async onClosed(closed: PromptClosed): Promise<void> {
    this.log.info(`permission ${closed.request.id}: ${this.approvals.describe(closed)}`);
    this.shown.get(closed.request.id)?.(); // whoever answered, the question goes
    for (const uri of this.diffs.get(closed.request.id) ?? []) {
      await this.proposals.close(uri);
      this.proposals.remove(uri);
    }
    this.diffs.delete(closed.request.id);
    if (!closed.byMe) void vscode.window.showInformationMessage(this.approvals.describe(closed));
    else vscode.window.setStatusBarMessage(this.approvals.describe(closed), 4000);
  }

  /** The file as it is beside the file as the tool would write it. */
  private async showDiff(request: PermissionRequest): Promise<void> {
    const shown = this.diffs.get(request.id);
    const name = path.basename(typeof request.arguments?.path === 'string' ? request.arguments.path : 'file');
    const title = `${name}: the write Attache asks for`;
    if (shown && shown.length >= 2) {
      // Asked again (the notification had been closed): the same diff, in front.
      await vscode.commands.executeCommand('vscode.diff', shown[0], shown[1], title, { preview: false });
      return;
    }
    const target = typeof request.arguments?.path === 'string' ? request.arguments.path : 'file';
    let root = '';
    try {
      root = await this.client.workingDir();
    } catch {
      // unknown: the path is shown as given
    }
    const file = path.isAbsolute(target) || !root ? target : path.join(root, target);
    let before = '';
    try {
      before = await fs.promises.readFile(file, 'utf8');
    } catch {
      // a new file
    }
    const after = typeof request.arguments?.content === 'string' ? request.arguments.content : '';
    const left = this.proposals.add(`${name} (now)`, before);
    const right = this.proposals.add(name, after);
    this.diffs.set(request.id, [left, right]);
    await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: false });
  }

  private async showArguments(id: string): Promise<void> {
    const request = this.approvals.pending().find((r) => r.id === id) ?? this.approvals.outcome(id)?.request;
    if (!request) return;
    const json = JSON.stringify({ tool: request.tool, arguments: request.arguments }, null, 2);
    const text = request.diff ? `${json}\n\n${request.diff}` : json;
    const uri = this.proposals.add(`${request.tool}-${request.id}.json`, text);
    this.diffs.set(id, [...(this.diffs.get(id) ?? []), uri]); // closed with the request
    await vscode.window.showTextDocument(uri, { preview: true });
  }

  private async pickPending(): Promise<void> {
    const pending = this.approvals.pending();
    if (pending.length === 0) {
      void vscode.window.showInformationMessage('No tool call is waiting for an answer.');
      return;
    }
    for (const request of pending) void this.prompt(request);
  }
}
