// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "diffhighlighter.h"

#include <QStringView>

DiffHighlighter::DiffHighlighter(QTextDocument *document, bool dark)
    : QSyntaxHighlighter(document)
{
    m_added.setForeground(dark ? QColor(0x7e, 0xe7, 0x87) : QColor(0x11, 0x63, 0x29));
    m_added.setBackground(dark ? QColor(0x1f, 0x3a, 0x28) : QColor(0xe6, 0xff, 0xec));
    m_removed.setForeground(dark ? QColor(0xff, 0xa1, 0x98) : QColor(0xa4, 0x0e, 0x26));
    m_removed.setBackground(dark ? QColor(0x4a, 0x1f, 0x22) : QColor(0xff, 0xeb, 0xe9));
    m_hunk.setForeground(dark ? QColor(0x79, 0xc0, 0xff) : QColor(0x09, 0x69, 0xda));
    m_header.setFontWeight(QFont::Bold);
}

void DiffHighlighter::highlightBlock(const QString &text)
{
    // Before the first hunk, "---" and "+++" name the files; inside one they are changed lines
    // that happen to start with dashes or pluses.
    const bool inHunk = previousBlockState() == 1;
    if (text.startsWith(QLatin1String("@@"))) {
        setFormat(0, int(text.size()), m_hunk);
        setCurrentBlockState(1);
        return;
    }
    setCurrentBlockState(inHunk ? 1 : 0);
    if (!inHunk)
        setFormat(0, int(text.size()), m_header);
    else if (text.startsWith(QLatin1Char('+')))
        setFormat(0, int(text.size()), m_added);
    else if (text.startsWith(QLatin1Char('-')))
        setFormat(0, int(text.size()), m_removed);
}

DiffHighlighter::Counts DiffHighlighter::count(const QString &diff)
{
    Counts counts;
    bool inHunk = false;
    for (const QStringView line : QStringView(diff).split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1String("@@")))
            inHunk = true;
        else if (inHunk && line.startsWith(QLatin1Char('+')))
            ++counts.added;
        else if (inHunk && line.startsWith(QLatin1Char('-')))
            ++counts.removed;
    }
    return counts;
}
