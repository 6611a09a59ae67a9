// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "transcriptstyle.h"

#include "codehighlighter.h"

#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

#include <algorithm>

namespace TranscriptStyle {

namespace {

bool isCodeHeader(const QTextBlock &block)
{
    for (QTextBlock::iterator it = block.begin(); !it.atEnd(); ++it) {
        if (it.fragment().charFormat().anchorHref().startsWith(QLatin1String("attache:copy/")))
            return true;
    }
    return false;
}

void highlight(const QTextBlock &first, const QString &language, QTextCursor &cursor, bool dark)
{
    int state = 0;
    for (QTextBlock block = first;
         block.isValid() && block.blockFormat().hasProperty(QTextFormat::BlockCodeFence);
         block = block.next()) {
        const QList<CodeHighlighter::Span> spans =
            CodeHighlighter::highlightLine(language, block.text(), &state);
        for (const CodeHighlighter::Span &span : spans) {
            QTextCharFormat format;
            format.setForeground(CodeHighlighter::colorFor(span.kind, dark));
            if (span.kind == CodeHighlighter::Kind::Comment)
                format.setFontItalic(true);
            cursor.setPosition(block.position() + span.start);
            cursor.setPosition(block.position() + span.start + span.length,
                               QTextCursor::KeepAnchor);
            cursor.mergeCharFormat(format);
        }
    }
}

} // namespace

QColor blend(const QColor &a, const QColor &b, qreal amount)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * amount,
                            a.greenF() + (b.greenF() - a.greenF()) * amount,
                            a.blueF() + (b.blueF() - a.blueF()) * amount);
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5;
}

QColor codeBackground(const QPalette &palette)
{
    // Darker than the page in a light theme, lighter in a dark one, never low-contrast.
    return blend(palette.color(QPalette::Base), palette.color(QPalette::Text),
                 isDark(palette) ? 0.10 : 0.06);
}

QColor matchColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0x80, 0x66, 0x00) : QColor(0xff, 0xe0, 0x66);
}

QTextFrameFormat userBand(const QPalette &palette, bool first)
{
    QTextFrameFormat band;
    band.setBackground(blend(palette.color(QPalette::Base), palette.color(QPalette::Highlight),
                             isDark(palette) ? 0.22 : 0.10));
    band.setBorder(0);
    band.setPadding(10);
    band.setTopMargin(first ? 0 : 18);
    band.setBottomMargin(6);
    return band;
}

QTextCharFormat metaFormat(const QPalette &palette, const QFont &font)
{
    QTextCharFormat format;
    format.setForeground(blend(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.4));
    format.setFontPointSize(std::max(7.0, font.pointSizeF() * 0.86));
    format.setFontWeight(QFont::Normal);
    return format;
}

void decorate(QTextDocument *document, int fromPosition, QTextCursor &cursor,
              const QPalette &palette, const QFont &font, const QFont &mono)
{
    const QColor code = codeBackground(palette);
    const QColor header = blend(code, palette.color(QPalette::Text), 0.06);
    const bool dark = isDark(palette);
    const qreal base = font.pointSizeF() > 0 ? font.pointSizeF() : 10;
    for (QTextBlock block = document->findBlock(fromPosition); block.isValid();
         block = block.next()) {
        const QTextBlockFormat format = block.blockFormat();
        if (format.hasProperty(QTextFormat::BlockCodeFence)) {
            const bool first =
                !block.previous().blockFormat().hasProperty(QTextFormat::BlockCodeFence);
            QTextBlockFormat shaded;
            shaded.setBackground(code);
            shaded.setLeftMargin(0);
            shaded.setTopMargin(0);
            shaded.setBottomMargin(0);
            cursor.setPosition(block.position());
            cursor.mergeBlockFormat(shaded);
            QTextCharFormat monoText;
            monoText.setFontFamilies({ mono.family() });
            cursor.setPosition(block.position());
            cursor.setPosition(block.position() + block.length() - 1, QTextCursor::KeepAnchor);
            cursor.mergeCharFormat(monoText);
            if (first) {
                highlight(block, format.stringProperty(QTextFormat::BlockCodeLanguage), cursor,
                          dark);
            }
            continue;
        }
        if (isCodeHeader(block)) {
            QTextBlockFormat bar;
            bar.setBackground(header);
            bar.setTopMargin(8);
            bar.setBottomMargin(0);
            bar.setProperty(CodeHeaderProperty, true);
            cursor.setPosition(block.position());
            cursor.mergeBlockFormat(bar);
            QTextCharFormat small;
            small.setFontPointSize(std::max(7.0, base * 0.86));
            cursor.setPosition(block.position());
            cursor.setPosition(block.position() + block.length() - 1, QTextCursor::KeepAnchor);
            cursor.mergeCharFormat(small);
            continue;
        }
        if (format.headingLevel() > 0) {
            // The importer's sizes are for documents; a chat's headings are a step up at most.
            static const qreal scale[] = { 1.3, 1.18, 1.08, 1.0, 1.0, 1.0 };
            QTextCharFormat heading;
            heading.setFontPointSize(base * scale[std::clamp(format.headingLevel(), 1, 6) - 1]);
            heading.setFontWeight(QFont::Bold);
            QTextBlockFormat spacing;
            spacing.setTopMargin(10);
            spacing.setBottomMargin(4);
            cursor.setPosition(block.position());
            cursor.mergeBlockFormat(spacing);
            cursor.setPosition(block.position() + block.length() - 1, QTextCursor::KeepAnchor);
            cursor.mergeCharFormat(heading);
            continue;
        }
        if (format.hasProperty(QTextFormat::BlockQuoteLevel)) {
            QTextBlockFormat quote;
            quote.setBackground(blend(palette.color(QPalette::Base), palette.color(QPalette::Link),
                                      dark ? 0.14 : 0.07));
            quote.setLeftMargin(12);
            QTextCharFormat quiet;
            quiet.setForeground(
                blend(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.2));
            quiet.setFontItalic(true);
            cursor.setPosition(block.position());
            cursor.mergeBlockFormat(quote);
            cursor.setPosition(block.position() + block.length() - 1, QTextCursor::KeepAnchor);
            cursor.mergeCharFormat(quiet);
        }
        // Inline code: the importer only asks for a fixed pitch, which many fonts ignore.
        for (QTextBlock::iterator it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.charFormat().fontFixedPitch())
                continue;
            QTextCharFormat inlineCode;
            inlineCode.setFontFamilies({ mono.family() });
            inlineCode.setBackground(code);
            cursor.setPosition(fragment.position());
            cursor.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
            cursor.mergeCharFormat(inlineCode);
        }
    }
}

} // namespace TranscriptStyle
