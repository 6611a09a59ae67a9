// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The extension end to end in a real VS Code: its .vsix installed into code-server, Chromium
// driving the workbench, a real attache --headless and the fake provider behind it. One
// code-server start for the whole scenario: start Attache from the editor, take the workspace
// as the working directory (and say whose it is), chat (the reply seen streaming, Copy), the
// page's CSP, every editor command, screenshots in the dark and light themes, a code block
// applied after its diff and inserted, writes approved, denied, allowed for the session and
// answered elsewhere, a run stopped and regenerated, a question answered, the model switched
// from the status bar, chats made, renamed and deleted; then the HTTP fallback behind a proxy
// that refuses WebSockets, and Attache as a child over stdio where it cannot run headless.
//
//   ATTACHE_BINARY, ATTACHE_FAKE_PROVIDER   the binaries (CTest passes them)
//   ATTACHE_VSIX                            the packaged extension
//   ATTACHE_E2E_OUT                         where screenshots go (docs/ to refresh the README's)
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, afterEach, before, test } from 'node:test';

import { attacheBinary, homeEnvironment, makeHome, runningAttache, startFake, waitFor } from '../node/lib/index.js';
import { startRefusingProxy } from '../vscode/client/proxy.mjs';
import {
  chatFrame,
  installExtension,
  runCommand,
  startBrowser,
  startCodeServer,
  toast,
  writeMachineSettings,
  writeUserSettings,
} from './vscode.mjs';
import { EXPLAIN_ANSWER, MATH_JS, PYTHON_ANSWER, SAFER_CLAMP_ANSWER, answerLink, pieces } from './replies.mjs';

const vsix = process.env.ATTACHE_VSIX;
const out = process.env.ATTACHE_E2E_OUT;
// Generous: a busy machine, or Attache built with the sanitizers, is slow, not wrong.
const WAIT = { timeout: 90000 };

/** The history of the session the chat view shows (the one its list has selected). */
async function shownHistory() {
  const id = await chat.locator('#session').inputValue();
  return (await attache.request('GET', `/history?session=${encodeURIComponent(id)}`)).json.messages;
}

let dirs;
let fake;
let attache;
let server;
let browser;
let page;
let chat;
let workspace;
let userDataDir;
let baseSettings;

before(async () => {
  assert.ok(vsix && fs.existsSync(vsix), `ATTACHE_VSIX must name the packaged extension (got ${vsix})`);
  dirs = makeHome('attache-e2e-');
  workspace = path.join(dirs.root, 'project');
  fs.mkdirSync(path.join(workspace, 'src'), { recursive: true });
  fs.writeFileSync(path.join(workspace, 'src', 'math.js'), MATH_JS);

  fake = await startFake();
  // No Attache runs: the extension offers to start one (attache.path, below), which reads its
  // settings from $XDG_CONFIG_HOME/attache (a free port, not 8765) and writes its discovery file
  // to $XDG_STATE_HOME/attache/server.json, where the extension looks: all in the test's folder.
  fs.mkdirSync(path.join(dirs.config, 'attache'), { recursive: true });
  fs.writeFileSync(path.join(dirs.config, 'attache', 'settings.ini'), '[server]\nport=0\n');

  userDataDir = path.join(dirs.root, 'vscode-user');
  const extensionsDir = path.join(dirs.root, 'vscode-extensions');
  baseSettings = {
    // The manifest says "ui": in a remote window it runs beside the user, where Attache is.
    // code-server's UI side is the browser, which cannot run a Node extension: here the
    // workbench's server side is that machine.
    'remote.extensionKind': { 'attache.attache': ['workspace'] },
    'workbench.startupEditor': 'none',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'editor.minimap.enabled': false,
    'window.commandCenter': false,
    'workbench.layoutControl.enabled': false,
    'workbench.colorTheme': 'Default Dark Modern',
    'typescript.disableAutomaticTypeAcquisition': true,
    'editor.lightbulb.enabled': 'off',
  };
  writeUserSettings(userDataDir, baseSettings);
  writeMachineSettings(userDataDir, { 'attache.path': attacheBinary() });
  await installExtension({ root: dirs.root, vsix, userDataDir, extensionsDir });
  // What the Attache the extension starts inherits: the fake provider, no secret store.
  const env = homeEnvironment(dirs, { ATTACHE_OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'test' });
  const inherited = { ...env };
  for (const key of ['HOME', 'XDG_STATE_HOME', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME']) delete inherited[key];
  server = await startCodeServer({ root: dirs.root, userDataDir, extensionsDir, folder: workspace, env: inherited });
  ({ context: browser, page } = await startBrowser({ root: dirs.root }));
  await page.goto(server.url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 180000 });
  chat = chatFrame(page);
});

let failed = false;

afterEach(async (t) => {
  // A failed step leaves a picture of the window behind, to see what went wrong.
  if (t.passed === false) failed = true;
  if (t.passed === false && page && out) {
    fs.mkdirSync(out, { recursive: true });
    await page.screenshot({ path: path.join(out, `failed-${t.name.replace(/\W+/g, '-')}.png`) }).catch(() => {});
  }
});

after(async () => {
  await browser?.close().catch(() => {});
  await attache?.stop(); // while its parent, the extension host, is there to see it exit
  await server?.stop();
  await fake?.stop();
  if (dirs && !failed) dirs.remove();
  else if (dirs) console.log(`kept ${dirs.root} for a look`);
});

test('with no Attache running, the extension offers to start it, and attaches', async () => {
  await page.locator('.activitybar [aria-label="Attache"]').first().click();
  await chat.locator('body[data-connection="disconnected"]').waitFor(WAIT);
  await chat.locator('#empty').filter({ hasText: 'Attache is not running' }).waitFor(WAIT);
  const offer = toast(page, 'Attache is not running. Start it in the background');
  await offer.waitFor(WAIT);
  await offer.getByRole('button', { name: 'Start Attache' }).click();
  await chat.locator('body[data-connection="connected"]').waitFor(WAIT);
  attache = await runningAttache(dirs);
  assert.notEqual(attache.port, 8765);
  assert.equal((await attache.request('GET', '/health')).status, 200);
});

test('the chat view connects and takes the workspace as the working directory', async () => {
  await chat.locator('#status').filter({ hasText: 'openai' }).waitFor(WAIT);
  const status = page.locator('.statusbar-item').filter({ hasText: 'openai' });
  await status.first().waitFor(WAIT);

  const offer = toast(page, 'Let Attache work in project?');
  await offer.waitFor(WAIT);
  await offer.getByRole('button', { name: 'Use this folder' }).click();
  await waitFor(async () => (await attache.request('GET', '/working_dir')).json?.path === fs.realpathSync(workspace), {
    what: 'the workspace to become the working directory',
  });
  // The extension is an attached client, named after the workspace; the engine records it
  // as the one that chose the working directory.
  const clients = (await attache.request('GET', '/clients')).json.clients;
  assert.ok(
    clients.some((c) => c.kind === 'vscode' && c.name === 'VS Code — project'),
    JSON.stringify(clients),
  );
  assert.equal((await attache.request('GET', '/working_dir')).json.set_by, 'VS Code — project');
});

test('when another client moved the working directory, the question says whose it is', async () => {
  const elsewhere = fs.mkdtempSync(path.join(dirs.root, 'elsewhere-'));
  const moved = await attache.request('POST', '/working_dir', { path: elsewhere }, {
    'X-Attache-Client-Name': 'Attache window',
  });
  assert.equal(moved.json.set_by, 'Attache window');
  await runCommand(page, 'Attache: Use the Workspace Folder as Working Directory');
  const question = toast(page, 'set by Attache window');
  await question.waitFor(WAIT);
  await question.getByRole('button', { name: 'Switch to project' }).click();
  await waitFor(async () => (await attache.request('GET', '/working_dir')).json?.set_by === 'VS Code — project', {
    what: 'the workspace to be the working directory again',
  });
});

test('a message sent in the chat view streams its reply as Markdown', async () => {
  await fake.replies({ tokens: pieces(PYTHON_ANSWER), delayMs: 40 });
  // Every text the live reply shows, as the page renders it: the reply must grow on screen.
  await chat.locator('#messages').evaluate((box) => {
    window.seen = [];
    new MutationObserver(() => {
      const live = box.querySelector('.message-live .message-body');
      if (live) window.seen.push(live.textContent);
    }).observe(box, { childList: true, subtree: true, characterData: true });
  });
  await chat.locator('#input').fill('How do I reverse a string in Python?');
  await chat.locator('#input').press('Enter');

  const answer = chat.locator('.message-assistant:not(.message-live)').filter({ hasText: 'walks the string backwards' });
  await answer.waitFor(WAIT);
  const seen = await chat.locator('#messages').evaluate(() => window.seen);
  const partial = seen.filter((text) => text.length > 0 && text.length < 100);
  assert.ok(partial.length > 0, `the reply was seen partly written: ${JSON.stringify(seen.slice(0, 5))}`);
  assert.equal(await answer.locator('pre code.language-python').count(), 1);
  assert.ok((await answer.locator('.hljs-keyword').count()) > 0, 'the code is highlighted');
  assert.deepEqual(await answer.locator('.code-action').allTextContents(), ['Copy', 'Insert', 'Apply…']);
  // Copy puts the block's code, as written, on the clipboard (the browser's, in code-server).
  await browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  await answer.locator('.code-action[data-action="copy"]').click();
  await page.bringToFront();
  await waitFor(async () => (await page.evaluate(() => navigator.clipboard.readText().catch(() => ''))).includes('return text[::-1]'), {
    what: 'the code block on the clipboard',
  });
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied.trimEnd(), 'def reverse(text: str) -> str:\n    return text[::-1]\n\nprint(reverse("attache"))  # ehcatta');
  await chat.locator('.message-user').filter({ hasText: 'How do I reverse a string in Python?' }).waitFor(WAIT);
  const asked = (await fake.requests()).at(-1);
  assert.equal(asked.messages.at(-1).content, 'How do I reverse a string in Python?');
});

test('the chat page reaches nothing but the extension host: its CSP holds', async () => {
  const csp = await chat.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /connect-src 'none'/);
  // The browser itself refuses: a request to Attache's port, and a script without the nonce.
  // Each refusal is reported as a violation event, which the page waits for.
  const outcome = await chat.locator('body').evaluate(async (body, url) => {
    const violated = [];
    const reported = new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (e) => {
        violated.push(e.effectiveDirective);
        const script = violated.some((d) => d.startsWith('script-src'));
        if (script && violated.includes('connect-src')) resolve();
      });
    });
    let fetched = 'reached';
    try {
      await fetch(url);
    } catch {
      fetched = 'blocked';
    }
    const script = document.createElement('script');
    script.textContent = 'window.injected = true;';
    body.appendChild(script); // an allowed inline script would have run by now
    const injected = window.injected === true;
    await reported;
    return { fetched, injected, violated };
  }, `http://127.0.0.1:${attache.port}/health`);
  assert.equal(outcome.fetched, 'blocked');
  assert.equal(outcome.injected, false);
  assert.ok(outcome.violated.includes('connect-src'), JSON.stringify(outcome.violated));
  assert.ok(outcome.violated.some((d) => d.startsWith('script-src')), JSON.stringify(outcome.violated));
});

test('Explain on a selection runs the coding task and its reply streams into the chat', async () => {
  await runCommand(page, 'Go to File');
  await page.keyboard.type('math.js');
  await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: 'math.js' }).first().waitFor(WAIT);
  await page.keyboard.press('Enter');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-line').filter({ hasText: 'export function clamp' }).waitFor(WAIT);
  // Select the clamp function: lines 3 to 5.
  await editor.locator('.view-line').filter({ hasText: 'export function clamp' }).click();
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+End');

  await fake.replies({ tokens: pieces(EXPLAIN_ANSWER), delayMs: 20 });
  await runCommand(page, 'Attache: Explain');
  await chat.locator('.message-assistant:not(.message-live)').filter({ hasText: 'lifts anything below' }).waitFor(WAIT);
  const prompt = (await fake.requests()).at(-1).messages.at(-1).content;
  assert.ok(prompt.includes('export function clamp(value, min, max) {'), prompt);
  assert.ok(prompt.includes('return Math.min(Math.max(value, min), max);'), prompt);
  assert.ok(!prompt.includes('lerp'), 'only the selection was sent');
});

test('the other editor commands send their own task, and a question about the selection', async () => {
  // The clamp function is still selected in math.js.
  const tasks = [
    ['Attache: Write Tests', 'Write thorough unit tests for the following javascript code (from src/math.js)'],
    ['Attache: Document', 'Write clear documentation for the following javascript code (from src/math.js)'],
    ['Attache: Debug', 'Find the bugs in the following javascript code (from src/math.js)'],
    ['Attache: Implement', 'Implement the following as javascript code (from src/math.js)'],
    ['Attache: Review', 'Review the following javascript code (from src/math.js)'],
  ];
  for (const [command, opening] of tasks) {
    const answered = `Done: ${command}.`;
    await fake.replies({ tokens: pieces(answered) });
    await runCommand(page, command);
    await chat.locator('.message-assistant:not(.message-live)').filter({ hasText: answered }).waitFor(WAIT);
    const prompt = (await fake.requests()).at(-1).messages.at(-1).content;
    assert.ok(prompt.startsWith(opening), `${command}: ${prompt.slice(0, 120)}`);
    assert.ok(prompt.includes('export function clamp(value, min, max) {'), `${command} sent the selection`);
  }

  await fake.replies({ tokens: pieces('It keeps a value between two bounds.') });
  await runCommand(page, 'Attache: Ask Attache about the Selection');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor(WAIT);
  await input.fill('Why Math.min outside?');
  await input.press('Enter');
  await chat.locator('.message-assistant:not(.message-live)').filter({ hasText: 'between two bounds' }).waitFor(WAIT);
  const sent = JSON.stringify((await fake.requests()).at(-1).messages);
  assert.ok(sent.includes('Why Math.min outside?'), sent.slice(0, 300));
  assert.ok(sent.includes('return Math.min(Math.max(value, min), max);'), 'the selection went as context');
});

test('the chat view in the dark and the light theme (screenshots)', async () => {
  // A wider chat for the pictures: drag the side bar's edge.
  const sidebar = await page.locator('.part.sidebar').boundingBox();
  await page.mouse.move(sidebar.x + sidebar.width + 1, 400);
  await page.mouse.down();
  await page.mouse.move(560, 400, { steps: 8 });
  await page.mouse.up();
  await page.mouse.move(900, 600); // nothing hovered in the picture
  await chat.locator('body.vscode-dark').waitFor(WAIT);
  if (out) await page.screenshot({ path: path.join(out, 'vscode-chat-dark.png') });

  await runCommand(page, 'Preferences: Color Theme');
  await page.keyboard.type('Light Modern');
  await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: 'Light Modern' }).first().waitFor(WAIT);
  await page.keyboard.press('Enter');
  // The webview takes the theme's colours too: VS Code marks its page for the theme kind.
  await chat.locator('body.vscode-light').waitFor(WAIT);
  const background = await chat.locator('#input').evaluate((input) => getComputedStyle(input).backgroundColor);
  assert.match(background, /rgb\(2[0-9][0-9], 2[0-9][0-9], 2[0-9][0-9]\)/, `a light input background, got ${background}`);
  await page.mouse.move(900, 600);
  if (out) await page.screenshot({ path: path.join(out, 'vscode-chat-light.png') });
});

test('a code block is applied to the selection after its diff', async () => {
  await fake.replies({ tokens: pieces(SAFER_CLAMP_ANSWER), delayMs: 5 });
  await chat.locator('#input').fill('Make clamp work when min and max are swapped.');
  await chat.locator('#input').press('Enter');
  const answer = chat.locator('.message-assistant:not(.message-live)').filter({ hasText: 'swapped bounds' });
  await answer.waitFor(WAIT);
  await answer.locator('.code-action[data-action="apply"]').click();

  const diffTab = page.locator('.tabs-container .tab').filter({ hasText: "math.js ↔ Attache's code" });
  await diffTab.waitFor(WAIT);
  const question = toast(page, "Apply Attache's code to the selection in math.js?");
  await question.waitFor(WAIT);
  await question.getByRole('button', { name: 'Apply', exact: true }).click();
  await diffTab.waitFor({ state: 'detached', ...WAIT });
  const editor = page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-line').filter({ hasText: 'const [lo, hi] = min <= max' }).waitFor(WAIT);
  // The rest of the file is as it was; the change is in the editor, for the user to save.
  await editor.locator('.view-line').filter({ hasText: 'export function lerp(a, b, t) {' }).waitFor(WAIT);
  assert.equal(await editor.locator('.view-line').filter({ hasText: 'return Math.min(Math.max(value, min), max);' }).count(), 0);
  assert.equal(fs.readFileSync(path.join(workspace, 'src', 'math.js'), 'utf8'), MATH_JS);

  // Insert puts the block at the cursor of the editor the user was in, without asking.
  await editor.locator('.view-line').filter({ hasText: 'export function lerp(a, b, t) {' }).click();
  await page.keyboard.press('Control+End');
  await answer.locator('.code-action[data-action="insert"]').click();
  await waitFor(async () => (await editor.locator('.view-line').filter({ hasText: 'const [lo, hi] = min <= max' }).count()) === 2, {
    what: 'the code block to be inserted at the end of math.js',
  });
});

test('a write is approved from its notification after its diff opened (and asked again)', async () => {
  await fake.replies(
    {
      tokens: ['I will create it.'],
      toolCalls: [{ id: 'call_1', name: 'write_file', arguments: { path: 'hello.txt', content: 'Hello from Attache!\n' } }],
    },
    { tokens: pieces('Created `hello.txt` with a greeting.') },
  );
  await chat.locator('#input').fill('Create hello.txt with a greeting');
  await chat.locator('#input').press('Enter');

  const prompt = toast(page, 'Attache asks to run write_file');
  await prompt.waitFor(WAIT);
  assert.match(await prompt.innerText(), /hello\.txt/);
  const diffTab = page.locator('.tabs-container .tab').filter({ hasText: 'the write Attache asks for' });
  await diffTab.waitFor(WAIT);
  await chat.locator('.message-activity').filter({ hasText: 'Waiting for approval of write_file' }).waitFor(WAIT);
  assert.equal(fs.existsSync(path.join(workspace, 'hello.txt')), false, 'nothing is written before the answer');

  // Closed without an answer, the request waits; the chat view asks it again.
  await prompt.getByRole('button', { name: 'Cancel' }).click();
  await prompt.waitFor({ state: 'detached', ...WAIT });
  await chat.locator('.activity-answer').click();
  await prompt.waitFor(WAIT);
  await answerLink(prompt, 'Allow once').click();
  // Gone before the next request: a toast on its way out would be taken for the next one's.
  await prompt.waitFor({ state: 'detached', ...WAIT });
  await chat.locator('.message-assistant:not(.message-live)').filter({ hasText: 'with a greeting.' }).waitFor(WAIT);
  assert.equal(fs.readFileSync(path.join(workspace, 'hello.txt'), 'utf8'), 'Hello from Attache!\n');
  await diffTab.waitFor({ state: 'detached', ...WAIT });
});

test('Deny runs nothing; Allow for this session is not asked again', async () => {
  const denied = path.join(workspace, 'denied.txt');
  await fake.replies(
    { tokens: ['Trying.'], toolCalls: [{ id: 'call_d', name: 'write_file', arguments: { path: 'denied.txt', content: 'no\n' } }] },
    { tokens: pieces('Understood, I left it alone.') },
  );
  await chat.locator('#input').fill('Create denied.txt');
  await chat.locator('#input').press('Enter');
  let prompt = toast(page, 'Attache asks to run write_file');
  await prompt.waitFor(WAIT);
  await answerLink(prompt, 'Deny').click();
  await prompt.waitFor({ state: 'detached', ...WAIT });
  await chat.locator('.message-assistant:not(.message-live)').filter({ hasText: 'I left it alone.' }).waitFor(WAIT);
  assert.equal(fs.existsSync(denied), false, 'a denied write writes nothing');
  const told = (await fake.requests()).at(-1).messages.filter((m) => m.role === 'tool');
  assert.match(told.at(-1).content, /denied/);

  // For this session: the next write in this chat runs without a question (it would wait
  // for an answer otherwise, and the file would never appear).
  await fake.replies(
    { tokens: ['Writing.'], toolCalls: [{ id: 'call_s1', name: 'write_file', arguments: { path: 'one.txt', content: '1\n' } }] },
    { tokens: pieces('Wrote one.') },
    { tokens: ['Writing.'], toolCalls: [{ id: 'call_s2', name: 'write_file', arguments: { path: 'two.txt', content: '2\n' } }] },
    { tokens: pieces('Wrote two.') },
  );
  await chat.locator('#input').fill('Create one.txt');
  await chat.locator('#input').press('Enter');
  prompt = toast(page, 'Attache asks to run write_file');
  await prompt.waitFor(WAIT);
  await answerLink(prompt, 'Allow for this session').click();
  await prompt.waitFor({ state: 'detached', ...WAIT });
  await chat.locator('.message-assistant:not(.message-live)').filter({ hasText: 'Wrote one.' }).waitFor(WAIT);
  await chat.locator('#input').fill('Create two.txt');
  await chat.locator('#input').press('Enter');
  await chat.locator('.message-assistant:not(.message-live)').filter({ hasText: 'Wrote two.' }).waitFor(WAIT);
  assert.equal(fs.readFileSync(path.join(workspace, 'two.txt'), 'utf8'), '2\n');
});

test('a request answered by another client leaves VS Code, which says who answered', async () => {
  await chat.locator('#new').click(); // a new chat: "for this session" does not reach it
  await fake.replies(
    { tokens: ['Trying.'], toolCalls: [{ id: 'call_o', name: 'write_file', arguments: { path: 'other.txt', content: 'o\n' } }] },
    { tokens: pieces('Someone said no.') },
  );
  await chat.locator('#input').fill('Create other.txt');
  await chat.locator('#input').press('Enter');
  const prompt = toast(page, 'Attache asks to run write_file');
  await prompt.waitFor(WAIT);
  const pending = (await attache.request('GET', '/permissions')).json.pending;
  assert.equal(pending.length, 1, JSON.stringify(pending));
  const answered = await attache.request('POST', `/permissions/${pending[0].id}`, { decision: 'deny', scope: 'once' });
  assert.equal(answered.status, 200, answered.text);
  await prompt.waitFor({ state: 'detached', ...WAIT });
  await toast(page, 'write_file was denied').first().waitFor(WAIT);
  await chat.locator('.message-assistant:not(.message-live)').filter({ hasText: 'Someone said no.' }).waitFor(WAIT);
  assert.equal(fs.existsSync(path.join(workspace, 'other.txt')), false);
});

test('Stop ends a reply being written and the provider stops', async () => {
  const words = Array.from({ length: 600 }, (_, i) => `${i + 1} `);
  await fake.replies({ tokens: words, holdAfter: 5 }); // then held: still being written
  const before = (await fake.stats()).client_disconnects;
  await chat.locator('#input').fill('Count slowly to six hundred.');
  await chat.locator('#input').press('Enter');
  await chat.locator('.message-live[data-state="streaming"] .message-body').filter({ hasText: '3 ' }).waitFor(WAIT);
  await chat.locator('#stop').click();
  await chat.locator('.message-status, .message-activity').filter({ hasText: 'Stopped' }).first().waitFor(WAIT);
  await waitFor(async () => (await fake.stats()).client_disconnects > before, { what: 'the upstream request to be cut' });
  await chat.locator('#send').waitFor({ state: 'visible', ...WAIT });
  const history = await shownHistory();
  assert.equal(history.at(-1).status, 'cancelled');
  assert.ok(!history.at(-1).content.includes('600'), 'the reply was cut short');
});

test('Regenerate asks again and replaces the stopped reply', async () => {
  await fake.replies({ tokens: pieces('1, 2, 3… and so on, up to six hundred.'), delayMs: 5 });
  await chat.locator('#regenerate').click();
  await chat.locator('.message-assistant:not(.message-live)').filter({ hasText: 'up to six hundred.' }).waitFor(WAIT);
  const history = await shownHistory();
  assert.equal(history.at(-1).content, '1, 2, 3… and so on, up to six hundred.');
  assert.equal(history.at(-2).content, 'Count slowly to six hundred.');
  assert.ok(!history.some((m) => m.status === 'cancelled'), 'the stopped reply was replaced');
  assert.equal((await fake.requests()).at(-1).messages.at(-1).content, 'Count slowly to six hundred.');
});

test('a question posted to Attache is a notification, answered from VS Code', async () => {
  const posted = await attache.request('POST', '/notifications', { message: 'Deploy to staging now?', kind: 'question' });
  assert.equal(posted.status, 201, posted.text);
  const question = toast(page, 'Attache asks: Deploy to staging now?');
  await question.waitFor(WAIT);
  await question.getByRole('button', { name: 'Reply…' }).click();
  const input = page.locator('.quick-input-widget input');
  await input.waitFor(WAIT);
  await input.fill('yes, go ahead');
  await input.press('Enter');
  await waitFor(async () => (await attache.request('GET', `/notifications/${posted.json.id}`)).json.reply === 'yes, go ahead', {
    what: 'the reply to reach Attache',
  });
});

test('the status bar switches the model, and the chat view shows it', async () => {
  await page.locator('.statusbar-item').filter({ hasText: 'openai' }).first().click();
  const picker = page.locator('.quick-input-widget');
  await picker.locator('.monaco-list-row').filter({ hasText: 'openai' }).first().waitFor(WAIT);
  await picker.locator('input').fill('openai');
  await picker.locator('.monaco-list-row').filter({ hasText: 'openai · current' }).first().click();
  // The models the provider lists (the fake's).
  await picker.locator('.monaco-list-row').filter({ hasText: 'fake-model-large' }).first().waitFor(WAIT);
  await picker.locator('.monaco-list-row').filter({ hasText: 'fake-model-large' }).first().click();
  await page.locator('.statusbar-item').filter({ hasText: 'openai · fake-model-large' }).first().waitFor(WAIT);
  await chat.locator('#status').filter({ hasText: 'openai · fake-model-large' }).waitFor(WAIT);
  assert.equal((await attache.request('GET', '/status')).json.model, 'fake-model-large');
});

test('chats are made, renamed and deleted from the view', async () => {
  const count = async () => (await attache.request('GET', '/sessions')).json.sessions.length;
  const before = await count();
  await chat.locator('#new').click();
  await waitFor(async () => (await count()) === before + 1, { what: 'a new session' });
  await chat.locator('#rename').click();
  const input = page.locator('.quick-input-widget input');
  await input.waitFor(WAIT);
  await input.fill('Release notes');
  await input.press('Enter');
  await chat.locator('#session option:checked').filter({ hasText: 'Release notes' }).waitFor({ state: 'attached', ...WAIT });
  assert.ok((await attache.request('GET', '/sessions')).json.sessions.some((s) => s.name === 'Release notes'));

  await chat.locator('#delete').click();
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor(WAIT);
  assert.match(await dialog.innerText(), /Delete the chat "Release notes"/);
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await waitFor(async () => (await count()) === before, { what: 'the session deleted' });
  assert.ok(!(await attache.request('GET', '/sessions')).json.sessions.some((s) => s.name === 'Release notes'));
});

test('behind a proxy that refuses WebSockets: HTTP and SSE, and the status bar says so', async () => {
  // The window is pointed (attache.discoveryFile) at the same Attache through the proxy.
  const proxy = await startRefusingProxy(attache.port);
  try {
    const info = JSON.parse(fs.readFileSync(dirs.discoveryFile, 'utf8'));
    const proxied = path.join(dirs.root, 'through-proxy.json');
    fs.writeFileSync(proxied, JSON.stringify({ ...info, port: proxy.port }), { mode: 0o600 });
    writeMachineSettings(userDataDir, { 'attache.path': attacheBinary(), 'attache.discoveryFile': proxied });
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.statusbar-item').filter({ hasText: '(HTTP fallback)' }).first().waitFor(WAIT);
    assert.ok(proxy.counts.upgradesRefused > 0, 'the WebSocket was tried first');

    await runCommand(page, 'Attache: Open Chat');
    await chat.locator('body[data-connection="connected"]').waitFor(WAIT);
    await fake.replies({ tokens: pieces('Streamed over plain HTTP.'), delayMs: 5 });
    await chat.locator('#input').fill('Are you there?');
    await chat.locator('#input').press('Enter');
    await chat.locator('.message-assistant:not(.message-live)').filter({ hasText: 'over plain HTTP.' }).waitFor(WAIT);
    assert.ok(proxy.counts.requests > 0, 'the chat went through the proxy');
  } finally {
    writeMachineSettings(userDataDir, { 'attache.path': attacheBinary() });
    await proxy.close();
  }
});

test('when Attache cannot run in the background, it runs as a child of the window (--stdio)', async () => {
  await attache.stop();
  attache = null;
  // A machine where Attache may not listen: --headless fails, --stdio works.
  const wrapper = path.join(dirs.root, 'attache-without-headless');
  fs.writeFileSync(
    wrapper,
    '#!/bin/sh\n' +
      'for a in "$@"; do [ "$a" = --headless ] && { echo "nothing may listen here" >&2; exit 1; }; done\n' +
      `exec "${attacheBinary()}" "$@"\n`,
    { mode: 0o755 },
  );
  writeMachineSettings(userDataDir, { 'attache.path': wrapper });
  await runCommand(page, 'Developer: Reload Window');
  const offer = toast(page, 'Attache is not running. Start it in the background');
  await offer.waitFor(WAIT);
  await offer.getByRole('button', { name: 'Start Attache' }).click();
  await toast(page, 'it runs as a child of this window instead').waitFor(WAIT);
  await page.locator('.statusbar-item').filter({ hasText: '(stdio)' }).first().waitFor(WAIT);

  await runCommand(page, 'Attache: Open Chat');
  await chat.locator('body[data-connection="connected"]').waitFor(WAIT);
  await fake.replies({ tokens: pieces('Answered over stdio.'), delayMs: 5 });
  await chat.locator('#input').fill('Still there?');
  await chat.locator('#input').press('Enter');
  await chat.locator('.message-assistant:not(.message-live)').filter({ hasText: 'Answered over stdio.' }).waitFor(WAIT);
});
