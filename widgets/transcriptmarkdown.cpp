// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "transcriptmarkdown.h"

#include "codehighlighter.h"

namespace TranscriptMarkdown {

namespace {

// "```lang" / "~~~" with at most three spaces before it (CommonMark); returns the fence.
QString openingFence(const QString &line, QString *indent)
{
    int spaces = 0;
    while (spaces < line.size() && line.at(spaces) == QLatin1Char(' '))
        ++spaces;
    if (spaces > 3 || spaces >= line.size())
        return {};
    const QChar c = line.at(spaces);
    if (c != QLatin1Char('`') && c != QLatin1Char('~'))
        return {};
    int end = spaces;
    while (end < line.size() && line.at(end) == c)
        ++end;
    if (end - spaces < 3)
        return {};
    // A backtick fence's info string may not contain a backtick (it would be inline code).
    if (c == QLatin1Char('`') && line.indexOf(QLatin1Char('`'), end) >= 0)
        return {};
    *indent = line.left(spaces);
    return line.mid(spaces, end - spaces);
}

bool closesFence(const QString &line, const QString &fence)
{
    const QString trimmed = line.trimmed();
    int leading = 0;
    while (leading < line.size() && line.at(leading) == QLatin1Char(' '))
        ++leading;
    if (leading > 3 || trimmed.size() < fence.size())
        return false;
    for (const QChar c : trimmed) {
        if (c != fence.at(0))
            return false;
    }
    return true;
}

QString stripIndent(const QString &line, qsizetype indent)
{
    qsizetype n = 0;
    while (n < indent && n < line.size() && line.at(n) == QLatin1Char(' '))
        ++n;
    return line.mid(n);
}

} // namespace

QList<CodeBlock> codeBlocks(const QStringList &lines)
{
    QList<CodeBlock> blocks;
    for (int i = 0; i < lines.size(); ++i) {
        CodeBlock block;
        block.fence = openingFence(lines.at(i), &block.indent);
        if (block.fence.isEmpty())
            continue;
        block.openLine = i;
        QStringList code;
        int j = i + 1;
        for (; j < lines.size(); ++j) {
            if (closesFence(lines.at(j), block.fence)) {
                block.closeLine = j;
                break;
            }
            code.append(stripIndent(lines.at(j), block.indent.size()));
        }
        block.code = code.join(QLatin1Char('\n'));
        blocks.append(block);
        i = j; // past the closing fence (or the end)
    }
    return blocks;
}

QString withCopyLinks(const QString &markdown, const QString &linkText, const QString &linkPrefix,
                      bool complete, QStringList *blocks, QStringList *languages)
{
    QStringList lines = markdown.split(QLatin1Char('\n'));
    const QList<CodeBlock> found = codeBlocks(lines);
    if (found.isEmpty())
        return markdown;
    // From the last block up, so earlier line numbers stay right.
    QList<QPair<int, QStringList>> inserts;
    qsizetype index = blocks ? blocks->size() : 0; // numbered on from the turn's earlier parts
    for (const CodeBlock &block : found) {
        if (block.closeLine < 0 && !complete)
            break; // still being written: its header comes with its end
        const QString info = lines.at(block.openLine).trimmed().mid(block.fence.size()).trimmed();
        const QString language = CodeHighlighter::displayName(info);
        QString header = block.indent;
        if (!language.isEmpty())
            header += escaped(language) + QStringLiteral(" \u00a0\u00a0 ");
        header += QLatin1Char('[') + linkText + QLatin1String("](") + linkPrefix
            + QString::number(index) + QLatin1Char(')');
        // The empty line ends what came before, so the header never joins a paragraph.
        inserts.append({ block.openLine, { QString(), header } });
        if (blocks)
            blocks->append(block.code);
        if (languages)
            languages->append(info);
        ++index;
    }
    for (auto it = inserts.crbegin(); it != inserts.crend(); ++it) {
        for (qsizetype k = it->second.size() - 1; k >= 0; --k)
            lines.insert(it->first, it->second.at(k));
    }
    return lines.join(QLatin1Char('\n'));
}

QString escaped(const QString &text)
{
    static const QString special = QStringLiteral("\\`*_{}[]()#+-.!|~<>&\"'");
    QString out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        if (special.contains(c))
            out.append(QLatin1Char('\\'));
        out.append(c);
    }
    return out;
}

QString fromPlainText(const QString &text)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    const QList<CodeBlock> blocks = codeBlocks(lines);
    QStringList out;
    int next = 0; // the next block
    for (int i = 0; i < lines.size(); ++i) {
        if (next < blocks.size() && blocks.at(next).openLine == i) {
            const CodeBlock &block = blocks.at(next++);
            const int last = block.closeLine < 0 ? int(lines.size()) - 1 : block.closeLine;
            if (!out.isEmpty())
                out.append(QString());
            for (int j = i; j <= last; ++j)
                out.append(lines.at(j));
            if (block.closeLine < 0)
                out.append(block.indent + block.fence);
            out.append(QString());
            i = last;
            continue;
        }
        QString line = lines.at(i);
        // Leading spaces would make an indented code block: keep them as non-breaking ones.
        int spaces = 0;
        while (spaces < line.size() && line.at(spaces) == QLatin1Char(' '))
            ++spaces;
        line = QString(spaces, QChar(0x00a0)) + escaped(line.mid(spaces));
        // Two trailing spaces: a line break, as typed, not a new paragraph.
        out.append(line.isEmpty() ? line : line + QLatin1String("  "));
    }
    return out.join(QLatin1Char('\n'));
}

QString fenced(const QString &text, const QString &info)
{
    int longest = 0;
    int run = 0;
    for (const QChar c : text) {
        run = c == QLatin1Char('`') ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const QString fence(std::max(3, longest + 1), QLatin1Char('`'));
    return fence + info + QLatin1Char('\n') + text
        + (text.endsWith(QLatin1Char('\n')) ? QString() : QStringLiteral("\n")) + fence;
}

} // namespace TranscriptMarkdown
