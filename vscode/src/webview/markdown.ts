// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Markdown to HTML for the chat: markdown-it with raw HTML off (a reply is text, never markup
// for this page), code highlighted by highlight.js, each code block with its own actions.
import hljs from 'highlight.js/lib/common';
import MarkdownIt from 'markdown-it';

export interface CodeBlock {
  code: string;
  language: string;
}

const md = new MarkdownIt({ html: false, linkify: true, breaks: false, typographer: false });
// What the user typed: a line break is a line break.
const typed = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });

/** Renders `text`; the code blocks it holds are appended to `blocks`, numbered from there. */
export function renderMarkdown(text: string, blocks: CodeBlock[], asTyped = false): string {
  return (asTyped ? typed : md).render(text, { blocks });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function highlight(code: string, language: string): string {
  if (language && hljs.getLanguage(language)) {
    try {
      return hljs.highlight(code, { language, ignoreIllegals: true }).value;
    } catch {
      // fall through to plain text
    }
  }
  return escapeHtml(code);
}

const fence = (tokens: Array<{ info: string; content: string }>, index: number, _options: unknown, env: unknown): string => {
  const token = tokens[index]!;
  const language = token.info.trim().split(/\s+/)[0] ?? '';
  const blocks = ((env as { blocks?: CodeBlock[] } | undefined)?.blocks ?? []) as CodeBlock[];
  const number = blocks.length;
  blocks.push({ code: token.content, language });
  const label = language ? `<span class="code-language">${escapeHtml(language)}</span>` : '<span class="code-language"></span>';
  return (
    `<div class="code-block" data-block="${number}">` +
    `<div class="code-toolbar">${label}` +
    '<button class="code-action" data-action="copy" title="Copy the code">Copy</button>' +
    '<button class="code-action" data-action="insert" title="Insert the code at the cursor in the editor">Insert</button>' +
    '<button class="code-action" data-action="apply" title="Show the change as a diff, then apply it to the file">Apply…</button>' +
    '</div>' +
    `<pre><code class="hljs${language ? ` language-${escapeHtml(language)}` : ''}">` +
    `${highlight(token.content, language)}</code></pre></div>`
  );
};

for (const instance of [md, typed]) {
  instance.renderer.rules.fence = fence as unknown as NonNullable<typeof instance.renderer.rules.fence>;
  // A link shows where it goes; VS Code opens it outside, asking first.
  instance.renderer.rules.link_open = (tokens, index, options, _env, self) => {
    tokens[index]!.attrSet('title', tokens[index]!.attrGet('href') ?? '');
    return self.renderToken(tokens, index, options);
  };
}
