// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// What the end-to-end test's workspace holds and its fake model answers, and two small helpers.

/** One of the answers a permission notification offers (links in its message). */
export function answerLink(prompt, label) {
  return prompt.locator('a').filter({ hasText: new RegExp(`^${label}$`) });
}

/** Splits a reply into the small pieces a model streams. */
export function pieces(text, size = 6) {
  const list = [];
  for (let i = 0; i < text.length; i += size) list.push(text.slice(i, i + size));
  return list;
}

export const PYTHON_ANSWER = `In Python a slice with a step of \`-1\` walks the string backwards:

\`\`\`python
def reverse(text: str) -> str:
    return text[::-1]

print(reverse("attache"))  # ehcatta
\`\`\`

It works for lists and tuples too. \`"".join(reversed(text))\` does the same without the slice syntax.`;

export const EXPLAIN_ANSWER = `**\`clamp(value, min, max)\`** keeps \`value\` inside \`[min, max]\`:

1. \`Math.max(value, min)\` lifts anything below \`min\` up to \`min\`;
2. \`Math.min(…, max)\` then brings anything above \`max\` down to \`max\`.

So \`clamp(15, 0, 10)\` is \`10\` and \`clamp(-3, 0, 10)\` is \`0\`. It assumes \`min <= max\`: with the two swapped it always returns \`max\`.`;

export const SAFER_CLAMP_ANSWER = `With swapped bounds, order them first:

\`\`\`javascript
export function clamp(value, min, max) {
  const [lo, hi] = min <= max ? [min, max] : [max, min];
  return Math.min(Math.max(value, lo), hi);
}
\`\`\`

Now \`clamp(5, 10, 0)\` is \`5\` too: swapped bounds mean the same range.`;

export const MATH_JS = `// Small helpers for numbers.

export function clamp(value, min, max) {
  return Math.min(Math.max(value, min), max);
}

export function lerp(a, b, t) {
  return a + (b - a) * t;
}
`;
