// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QColor>
#include <QList>
#include <QString>

/**
 * Syntax highlighting for the code blocks of a reply: a compact rule set per common language
 * (keywords, strings, comments, numbers, calls), line by line, with what a line leaves open (a
 * block comment, a triple-quoted string) carried to the next. Debian has no Qt 6 build of a
 * highlighting library, and a reply's code needs only this much.
 */
namespace CodeHighlighter {

enum class Kind { Keyword, String, Comment, Number, Call, Tag };

struct Span
{
    int start = 0;
    int length = 0;
    Kind kind = Kind::Keyword;
};

/** "py" → "python", "c++" → "cpp", "sh" → "bash"; empty when the language is not known. */
QString canonicalName(const QString &info);
/** What the header of a block says: "Python", "C++", or the info string as written. */
QString displayName(const QString &info);
/** The spans of one line; state is 0 at a block's start and carried from line to line. */
QList<Span> highlightLine(const QString &language, const QString &line, int *state);
/** A colour that reads well on the code's background, light or dark. */
QColor colorFor(Kind kind, bool dark);

} // namespace CodeHighlighter
