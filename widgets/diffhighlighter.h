// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSyntaxHighlighter>
#include <QTextCharFormat>

/** Colours a unified diff as code review tools do: added lines green, removed red, hunks blue. */
class DiffHighlighter : public QSyntaxHighlighter
{
public:
    /** dark: the text is shown on a dark background. */
    DiffHighlighter(QTextDocument *document, bool dark);

    QTextCharFormat addedFormat() const { return m_added; }
    QTextCharFormat removedFormat() const { return m_removed; }

    struct Counts
    {
        int added = 0;
        int removed = 0;
    };
    /** Lines added and removed in a unified diff (headers not counted). */
    static Counts count(const QString &diff);

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_added;
    QTextCharFormat m_removed;
    QTextCharFormat m_hunk;
    QTextCharFormat m_header;
};
