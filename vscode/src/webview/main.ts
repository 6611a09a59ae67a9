// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The chat view's page. It renders what the extension host sends and posts back what the user
// asks for; it has no network access and never sees the token.
import type { ConnectionView, HostMessage, LiveRunView, MessageView, SessionView, WebviewMessage } from '../protocol.ts';
import { renderMarkdown, type CodeBlock } from './markdown.ts';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): { draft?: string } | undefined;
  setState(state: { draft?: string }): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: WebviewMessage) => vscode.postMessage(message);

function element<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

const sessionSelect = element<HTMLSelectElement>('session');
const statusLine = element<HTMLButtonElement>('status');
const transportBadge = element<HTMLSpanElement>('transport');
const reconnectButton = element<HTMLButtonElement>('reconnect');
const noticeBox = element<HTMLDivElement>('notice');
const messagesBox = element<HTMLDivElement>('messages');
const emptyBox = element<HTMLDivElement>('empty');
const emptyText = element<HTMLParagraphElement>('empty-text');
const startButton = element<HTMLButtonElement>('start');
const input = element<HTMLTextAreaElement>('input');
const sendButton = element<HTMLButtonElement>('send');
const stopButton = element<HTMLButtonElement>('stop');
const regenerateButton = element<HTMLButtonElement>('regenerate');

let connection: ConnectionView = { state: 'connecting' };
let messages: MessageView[] = [];
let pending: string | undefined;
let live: LiveRunView | undefined;
let staticBlocks: CodeBlock[] = []; // the code blocks of the conversation, by number
let liveBlocks: CodeBlock[] = []; // those of the live reply
let liveElement: HTMLElement | undefined;

// Rendering --------------------------------------------------------------------------------

function nearBottom(): boolean {
  return messagesBox.scrollHeight - messagesBox.scrollTop - messagesBox.clientHeight < 48;
}

function messageElement(role: string, label: string): { outer: HTMLElement; body: HTMLElement } {
  const outer = document.createElement('div');
  outer.className = `message message-${role}`;
  const head = document.createElement('div');
  head.className = 'message-role';
  head.textContent = label;
  const body = document.createElement('div');
  body.className = 'message-body';
  outer.append(head, body);
  return { outer, body };
}

function renderInto(body: HTMLElement, text: string, role: string, blocks: CodeBlock[]): void {
  // Raw HTML is off: only markdown-it's own tags reach the page.
  body.innerHTML = renderMarkdown(text, blocks, role === 'user');
}

function labelOf(role: string): string {
  return role === 'user' ? 'You' : role === 'tool' ? 'Tool' : role === 'system' ? 'System' : 'Attache';
}

function renderConversation(): void {
  const stick = nearBottom();
  staticBlocks = [];
  messagesBox.replaceChildren();
  for (const message of messages) {
    const { outer, body } = messageElement(message.role, labelOf(message.role));
    renderInto(body, message.content, message.role, staticBlocks);
    if (message.status && message.status !== 'done') {
      const tag = document.createElement('div');
      tag.className = `message-status status-${message.status}`;
      const stopped = message.status === 'cancelled' || message.status === 'stopped';
      tag.textContent = stopped ? 'Stopped' : message.status === 'failed' ? 'Failed' : message.status;
      outer.append(tag);
    }
    messagesBox.append(outer);
  }
  if (pending !== undefined) {
    const { outer, body } = messageElement('user', 'You');
    outer.classList.add('message-pending');
    renderInto(body, pending, 'user', staticBlocks);
    messagesBox.append(outer);
  }
  liveElement = undefined;
  renderLive(stick);
  emptyBox.hidden = messages.length > 0 || pending !== undefined || live !== undefined;
}

function renderLive(stick = nearBottom()): void {
  if (!live) {
    liveElement?.remove();
    liveElement = undefined;
  } else {
    if (!liveElement) {
      liveElement = messageElement('assistant', 'Attache').outer;
      liveElement.classList.add('message-live');
      messagesBox.append(liveElement);
    }
    const body = liveElement.querySelector<HTMLElement>('.message-body')!;
    liveBlocks = [];
    renderInto(body, live.text, 'assistant', liveBlocks);
    liveElement.dataset.state = live.state;
    let footer = liveElement.querySelector<HTMLElement>('.message-activity');
    const note =
      live.state === 'failed'
        ? live.error ?? 'The reply failed.'
        : live.state === 'cancelled'
          ? 'Stopped'
          : live.activity ?? (live.state === 'streaming' && !live.text ? 'Thinking…' : '');
    if (note) {
      if (!footer) {
        footer = document.createElement('div');
        liveElement.append(footer);
      }
      footer.className = `message-activity activity-${live.state}`;
      footer.textContent = note;
      if (live.state === 'waiting') {
        // The notification may have been closed: the question can be asked again from here.
        const answer = document.createElement('button');
        answer.className = 'activity-answer';
        answer.textContent = 'Answer…';
        answer.title = 'Show the approval again';
        answer.addEventListener('click', () => post({ type: 'showApprovals' }));
        footer.append(' ', answer);
      }
    } else {
      footer?.remove();
    }
  }
  emptyBox.hidden = messages.length > 0 || pending !== undefined || live !== undefined;
  updateButtons();
  if (stick) messagesBox.scrollTop = messagesBox.scrollHeight;
}

function running(): boolean {
  return !!live && (live.state === 'streaming' || live.state === 'queued' || live.state === 'waiting');
}

function updateButtons(): void {
  const connected = connection.state === 'connected';
  stopButton.hidden = !running();
  sendButton.hidden = running();
  sendButton.disabled = !connected;
  regenerateButton.hidden = running() || !messages.some((m) => m.role === 'user');
  regenerateButton.disabled = !connected;
}

const WELCOME = 'Ask Attache anything, or select code in an editor and pick an Attache command from its context menu.';

function renderConnection(): void {
  if (connection.state === 'connected') {
    statusLine.textContent = connection.provider ? `${connection.provider} · ${connection.model ?? ''}` : 'Connected';
  } else if (connection.state === 'connecting') {
    statusLine.textContent = 'Connecting to Attache…';
  } else {
    statusLine.textContent = 'Not connected';
  }
  // With nothing to show yet, the empty page says what is wrong and what to do.
  const missing = connection.state === 'disconnected' && connection.instanceFound === false;
  if (connection.state === 'disconnected') {
    emptyText.textContent = missing
      ? 'Attache is not running. Start it in the background for VS Code and your other tools, or start the Attache window.'
      : `Cannot reach Attache${connection.detail ? `: ${connection.detail}` : ''}. It tries again by itself.`;
  } else {
    emptyText.textContent = WELCOME;
  }
  startButton.hidden = !missing;
  statusLine.title =
    connection.state === 'connected' ? 'Switch the provider or the model' : connection.detail ?? 'Attache is not connected';
  statusLine.disabled = connection.state !== 'connected';
  document.body.dataset.connection = connection.state;
  transportBadge.hidden = connection.state !== 'connected' || connection.transport === 'WebSocket';
  transportBadge.textContent = connection.transport ?? '';
  transportBadge.title = connection.detail ?? '';
  reconnectButton.hidden = connection.state !== 'disconnected' || missing;
  const connected = connection.state === 'connected';
  element<HTMLButtonElement>('new').disabled = !connected;
  for (const id of ['rename', 'delete']) element<HTMLButtonElement>(id).disabled = !connected || !sessionSelect.value;
  updateButtons();
}

function renderSessions(sessions: SessionView[], selected: string | undefined): void {
  sessionSelect.replaceChildren();
  if (sessions.length === 0) {
    const option = new Option('New chat', '');
    sessionSelect.append(option);
  }
  for (const session of sessions) {
    const option = new Option(`${session.streaming ? '● ' : ''}${session.name}`, session.id);
    option.selected = session.id === selected;
    sessionSelect.append(option);
  }
  sessionSelect.disabled = sessions.length === 0;
  for (const id of ['rename', 'delete']) element<HTMLButtonElement>(id).disabled = !selected || connection.state !== 'connected';
}

function showNotice(text: string, kind: 'info' | 'error'): void {
  noticeBox.hidden = false;
  noticeBox.className = `notice notice-${kind}`;
  noticeBox.querySelector('.notice-text')!.textContent = text;
}

// Messages from the host -------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent<HostMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'connection':
      connection = message.connection;
      renderConnection();
      break;
    case 'sessions':
      renderSessions(message.sessions, message.selected);
      break;
    case 'conversation':
      messages = message.messages;
      pending = message.pending;
      renderConversation();
      break;
    case 'live':
      live = message.live;
      renderLive();
      break;
    case 'notice':
      showNotice(message.text, message.kind);
      break;
    case 'focusInput':
      input.focus();
      break;
  }
});

// What the user does -----------------------------------------------------------------------

function send(): void {
  const text = input.value;
  if (!text.trim() || connection.state !== 'connected' || running()) return;
  post({ type: 'send', text });
  input.value = '';
  vscode.setState({ draft: '' });
  noticeBox.hidden = true;
}

input.value = vscode.getState()?.draft ?? '';
input.addEventListener('input', () => vscode.setState({ draft: input.value }));
input.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    send();
  }
});
sendButton.addEventListener('click', send);
stopButton.addEventListener('click', () => post({ type: 'stop' }));
regenerateButton.addEventListener('click', () => post({ type: 'regenerate' }));
statusLine.addEventListener('click', () => post({ type: 'pickModel' }));
reconnectButton.addEventListener('click', () => post({ type: 'reconnect' }));
startButton.addEventListener('click', () => post({ type: 'start' }));
sessionSelect.addEventListener('change', () => {
  if (sessionSelect.value) post({ type: 'selectSession', session: sessionSelect.value });
});
element('new').addEventListener('click', () => post({ type: 'newSession' }));
element('rename').addEventListener('click', () => sessionSelect.value && post({ type: 'renameSession', session: sessionSelect.value }));
element('delete').addEventListener('click', () => sessionSelect.value && post({ type: 'deleteSession', session: sessionSelect.value }));
noticeBox.querySelector('.notice-close')!.addEventListener('click', () => (noticeBox.hidden = true));

messagesBox.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button.code-action');
  if (!button) return;
  const number = Number(button.closest<HTMLElement>('.code-block')?.dataset.block);
  const block = (button.closest('.message-live') ? liveBlocks : staticBlocks)[number];
  if (!block) return;
  switch (button.dataset.action) {
    case 'copy':
      post({ type: 'copyCode', code: block.code });
      button.textContent = 'Copied';
      setTimeout(() => (button.textContent = 'Copy'), 1500);
      break;
    case 'insert':
      post({ type: 'insertCode', code: block.code });
      break;
    case 'apply':
      post({ type: 'applyCode', code: block.code, language: block.language });
      break;
  }
});

renderConnection();
post({ type: 'ready' });
