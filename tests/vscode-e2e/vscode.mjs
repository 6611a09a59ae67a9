// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A real VS Code for a test: code-server from this folder's lockfile, on loopback with no
// authentication, its config, data, extensions and HOME in a temp folder, driven through
// Debian's Chromium by playwright-core. One start serves the whole scenario.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

import { startProcess, stopProcess, waitFor } from '../node/lib/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const codeServer = path.join(here, 'node_modules', 'code-server', 'out', 'node', 'entry.js');

export const CHROMIUM = process.env.ATTACHE_CHROMIUM || '/usr/bin/chromium';

/** What every code-server and Chromium process of the test gets: HOME and XDG inside root. */
function environment(root, extra = {}) {
  const env = { ...process.env };
  // Nothing of the caller's editor, keys or Attache leaks in; `extra` says what the test wants.
  for (const key of Object.keys(env)) {
    if (key.startsWith('VSCODE_') || key.startsWith('ATTACHE_') || key.endsWith('_API_KEY')) delete env[key];
  }
  Object.assign(env, extra);
  Object.assign(env, {
    HOME: path.join(root, 'home'),
    XDG_CONFIG_HOME: path.join(root, 'config'),
    XDG_DATA_HOME: path.join(root, 'data'),
    XDG_CACHE_HOME: path.join(root, 'cache'),
    XDG_STATE_HOME: path.join(root, 'state'),
  });
  return env;
}

export function writeUserSettings(userDataDir, settings) {
  const dir = path.join(userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

/** Settings of the machine the extension host runs on (code-server's side), where settings
 * with "machine" scope, such as paths of that machine, are read in a remote window. */
export function writeMachineSettings(userDataDir, settings) {
  const dir = path.join(userDataDir, 'Machine');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
}

/** `code-server --install-extension <vsix>` into the test's extensions folder. */
export async function installExtension({ root, vsix, userDataDir, extensionsDir }) {
  const child = startProcess(
    process.execPath,
    [codeServer, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix],
    { env: environment(root) },
  );
  const { code } = await child.exited;
  if (code !== 0) throw new Error(`code-server --install-extension failed (${code}): ${child.output()}`);
}

/** Starts code-server on 127.0.0.1 (a free port) and resolves with its address. */
export async function startCodeServer({ root, userDataDir, extensionsDir, folder, env = {} }) {
  const child = startProcess(
    process.execPath,
    [
      codeServer,
      '--auth',
      'none',
      '--bind-addr',
      '127.0.0.1:0',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-workspace-trust',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      folder,
    ],
    { env: environment(root, env) },
  );
  let printed = '';
  child.stdout.on('data', (d) => (printed += d));
  child.stderr.on('data', (d) => (printed += d));
  const port = await waitFor(
    () => {
      if (child.exitCode !== null) throw new Error(`code-server exited: ${child.output()}`);
      return /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(printed)?.[1];
    },
    { timeoutMs: 60000, what: 'code-server to listen' },
  );
  return {
    child,
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`,
    stop: () => stopProcess(child),
  };
}

/** Debian's Chromium, headless, with a fresh profile in the test's folder. */
export async function startBrowser({ root }) {
  const profile = path.join(root, 'chromium-profile');
  fs.mkdirSync(profile, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    env: environment(root),
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return { context, page };
}

/** The chat view's page: the webview iframe of the extension, and the frame inside it. */
export function chatFrame(page) {
  return page.frameLocator('iframe.webview[src*="extensionId=attache.attache"]').frameLocator('iframe#active-frame');
}

/** A notification toast holding `text`. */
export function toast(page, text) {
  return page.locator('.notifications-toasts .notification-toast').filter({ hasText: text });
}

/** Runs a command from the command palette by its title. */
export async function runCommand(page, title) {
  const input = page.locator('.quick-input-widget input');
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: title }).first();
  // The palette closes when the focus moves (a view the last command revealed taking it late):
  // then it is opened again, a few times at most.
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`, { timeout: 15000 });
      await row.click({ timeout: 15000 });
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}
