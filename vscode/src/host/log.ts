// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The extension's log (Output → Attache). Nothing written here ever holds the token: the
// client library logs ports, pids and client ids only.
import * as vscode from 'vscode';

export interface Log {
  info(line: string): void;
  error(line: string): void;
}

export function createLog(): Log & vscode.Disposable & { show(): void } {
  const channel = vscode.window.createOutputChannel('Attache', { log: true });
  return {
    info: (line) => channel.info(line),
    error: (line) => channel.error(line),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}
