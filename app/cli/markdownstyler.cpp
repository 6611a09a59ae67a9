// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/markdownstyler.h"

namespace Cli {

namespace {

const char *const Reset = "\033[0m";
const char *const HeadingStyle = "\033[1;34m";
const char *const FenceStyle = "\033[2m";
const char *const CodeStyle = "\033[33m";
const char *const InlineCodeStyle = "\033[36m";
const char *const BoldStyle = "\033[1m";

// Whether the start of a line (without its newline) may still turn into `marker`, and whether it
// already has: up to three spaces of indentation, then the marker.
bool mayBecome(QStringView line, QStringView marker)
{
    qsizetype i = 0;
    while (i < line.size() && i < 3 && line[i] == QLatin1Char(' '))
        ++i;
    const QStringView rest = line.mid(i);
    return rest.size() < marker.size() ? marker.startsWith(rest) : rest.startsWith(marker);
}

bool startsWithMarker(QStringView line, QStringView marker)
{
    return line.trimmed().startsWith(marker) && line.size() - line.trimmed().size() <= 3;
}

} // namespace

QByteArray MarkdownStyler::feed(QStringView text)
{
    if (!m_styled) {
        if (!text.isEmpty())
            m_lastWasNewline = text.endsWith(QLatin1Char('\n'));
        return text.toUtf8();
    }
    m_out.clear();
    for (const QChar c : text) {
        if (m_line == Line::Undecided) {
            if (c == QLatin1Char('\n')) {
                decide(true);
                endLine();
                continue;
            }
            m_pending += c;
            decide(false);
            continue;
        }
        if (c == QLatin1Char('\n')) {
            endLine();
            continue;
        }
        if (m_line == Line::Normal)
            inlineChar(c);
        else
            put(QStringView(&c, 1));
    }
    return m_out.toUtf8();
}

void MarkdownStyler::decide(bool lineComplete)
{
    const QStringView line = m_pending;
    const QStringView fence = u"```";
    if (m_inFence) {
        if (!lineComplete && mayBecome(line, fence) && !startsWithMarker(line, fence))
            return;
        m_line = startsWithMarker(line, fence) ? Line::Fence : Line::Code;
        emitStyle(m_line == Line::Fence ? FenceStyle : CodeStyle);
        put(line);
    } else {
        if (!lineComplete && mayBecome(line, fence) && !startsWithMarker(line, fence))
            return;
        qsizetype hashes = 0;
        while (hashes < line.size() && line[hashes] == QLatin1Char('#'))
            ++hashes;
        if (!lineComplete && hashes == line.size() && hashes <= 6)
            return; // "##" so far: a heading if a space follows
        if (startsWithMarker(line, fence)) {
            m_line = Line::Fence;
            emitStyle(FenceStyle);
            put(line);
        } else if (hashes >= 1 && hashes <= 6 && line.size() > hashes
                   && line[hashes] == QLatin1Char(' ')) {
            m_line = Line::Heading;
            emitStyle(HeadingStyle);
            put(line);
        } else {
            m_line = Line::Normal;
            for (const QChar c : line)
                inlineChar(c);
        }
    }
    m_pending.clear();
}

void MarkdownStyler::inlineChar(QChar c)
{
    if (m_star) {
        m_star = false;
        if (c == QLatin1Char('*')) {
            m_bold = !m_bold;
            emitStyle(m_bold ? BoldStyle : Reset);
            if (!m_bold && m_inlineCode)
                emitStyle(InlineCodeStyle);
            return;
        }
        put(u"*");
    }
    if (c == QLatin1Char('`')) {
        m_inlineCode = !m_inlineCode;
        emitStyle(m_inlineCode ? InlineCodeStyle : Reset);
        if (!m_inlineCode && m_bold)
            emitStyle(BoldStyle);
        return;
    }
    if (c == QLatin1Char('*') && !m_inlineCode) {
        m_star = true;
        return;
    }
    put(QStringView(&c, 1));
}

void MarkdownStyler::put(QStringView text)
{
    if (text.isEmpty())
        return;
    m_out += text;
    m_lastWasNewline = text.endsWith(QLatin1Char('\n'));
}

void MarkdownStyler::emitStyle(const char *sequence)
{
    m_out += QLatin1String(sequence);
}

void MarkdownStyler::endLine()
{
    if (m_star)
        put(u"*");
    const bool styledLine = m_line != Line::Normal && m_line != Line::Undecided;
    if (styledLine || m_inlineCode || m_bold)
        emitStyle(Reset);
    if (m_line == Line::Fence)
        m_inFence = !m_inFence;
    m_line = Line::Undecided;
    m_star = m_inlineCode = m_bold = false;
    put(u"\n");
}

QByteArray MarkdownStyler::finish()
{
    if (!m_styled)
        return {};
    m_out.clear();
    if (m_line == Line::Undecided && !m_pending.isEmpty())
        decide(true);
    if (m_star)
        put(u"*");
    if (m_line != Line::Normal && m_line != Line::Undecided)
        emitStyle(Reset);
    else if (m_inlineCode || m_bold)
        emitStyle(Reset);
    m_line = Line::Undecided;
    m_inFence = m_inlineCode = m_bold = m_star = false;
    return m_out.toUtf8();
}

} // namespace Cli
