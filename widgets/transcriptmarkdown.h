// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

/**
 * The Markdown the transcript is made of: fenced code blocks found (and given a Copy link) in
 * a reply, plain text escaped so it shows as typed, code fenced safely.
 */
namespace TranscriptMarkdown {

/** A fenced code block of a Markdown text, by line. */
struct CodeBlock
{
    int openLine = 0;
    int closeLine = -1; // -1: not closed (yet: a reply still streaming)
    QString indent; // the fence's own indentation, stripped from the code's lines
    QString fence; // "```" or "~~~…", for closing an unclosed block
    QString code; // exactly the block's text, without the fences
};

QList<CodeBlock> codeBlocks(const QStringList &lines);

/**
 * The Markdown with a header line over every fenced code block: its language and a link whose
 * href is linkPrefix + the block's index in *blocks, where its code is appended (its info
 * string to *languages). A block still being written gets its header once the text is complete
 * (or the block closed): a copy is never of half the code.
 */
QString withCopyLinks(const QString &markdown, const QString &linkText, const QString &linkPrefix,
                      bool complete, QStringList *blocks, QStringList *languages = nullptr);

/** Text a person typed, shown as typed: Markdown characters escaped, line breaks kept, and
 * fenced code blocks in it left as code. */
QString fromPlainText(const QString &text);

/** One line of plain text, escaped for Markdown. */
QString escaped(const QString &text);

/** text in a code fence longer than any backtick run inside it. */
QString fenced(const QString &text, const QString &info = {});

} // namespace TranscriptMarkdown
