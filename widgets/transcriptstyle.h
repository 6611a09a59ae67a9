// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFont>
#include <QPalette>
#include <QTextFormat>
#include <QTextFrameFormat>

class QTextCursor;
class QTextDocument;

/** How the transcript looks: the user's band, code, headings, quotes, the lines under a turn.
 * Colours come from the palette, so a light and a dark theme both read well. */
namespace TranscriptStyle {

/** Set on the blocks under a turn (its stats and actions). */
constexpr int MetaProperty = QTextFormat::UserProperty + 1;
/** Set on the header line over a code block. */
constexpr int CodeHeaderProperty = QTextFormat::UserProperty + 2;

QColor blend(const QColor &a, const QColor &b, qreal amount);
QColor codeBackground(const QPalette &palette);
QColor matchColor(const QPalette &palette);
bool isDark(const QPalette &palette);
QTextFrameFormat userBand(const QPalette &palette, bool first);
/** The small, quiet text of the stats and actions under a turn. */
QTextCharFormat metaFormat(const QPalette &palette, const QFont &font);
/** Styles the blocks from fromPosition on: code (shaded, monospaced, highlighted, under a
 * header), inline code, headings sized for a chat, block quotes. */
void decorate(QTextDocument *document, int fromPosition, QTextCursor &cursor,
              const QPalette &palette, const QFont &font, const QFont &mono);

} // namespace TranscriptStyle
