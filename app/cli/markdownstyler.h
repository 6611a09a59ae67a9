// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace Cli {

/**
 * Styles a Markdown reply for a terminal as it streams: headings bold and blue, code blocks
 * (between ``` fences) yellow with their fences dimmed, `inline code` cyan and **bold** bold.
 * Text leaves as soon as its style is known: only the start of a line that may become a fence
 * or a heading, or a lone '*', waits for the next characters. Unstyled, text passes unchanged.
 */
class MarkdownStyler
{
public:
    explicit MarkdownStyler(bool styled)
        : m_styled(styled)
    { }

    /** The next piece of the reply, styled, as UTF-8. */
    QByteArray feed(QStringView text);
    /** What was held back, with every style ended; the styler starts afresh. */
    QByteArray finish();
    /** Whether what has left so far ends a line (or nothing has left). */
    bool atLineStart() const { return m_lastWasNewline; }

private:
    enum class Line { Undecided, Normal, Heading, Fence, Code };

    void decide(bool lineComplete);
    void inlineChar(QChar c);
    void put(QStringView text);
    void emitStyle(const char *sequence);
    void endLine();

    bool m_styled;
    Line m_line = Line::Undecided;
    bool m_inFence = false;
    bool m_inlineCode = false;
    bool m_bold = false;
    bool m_star = false; // a '*' waiting to see whether a second one follows
    bool m_lastWasNewline = true;
    QString m_pending; // the start of the current line while its kind is unknown
    QString m_out;
};

} // namespace Cli
