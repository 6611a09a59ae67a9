// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "transcriptview.h"

#include "transcriptmarkdown.h"

#include <QClipboard>
#include <QCursor>
#include <QDesktopServices>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextDocumentFragment>
#include <QToolTip>

namespace {

const QLatin1String Scheme("attache");

QColor blend(const QColor &a, const QColor &b, qreal amount)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * amount,
                            a.greenF() + (b.greenF() - a.greenF()) * amount,
                            a.blueF() + (b.blueF() - a.blueF()) * amount);
}

} // namespace

TranscriptView::TranscriptView(QWidget *parent)
    : QTextBrowser(parent)
    , m_mono(QFontDatabase::systemFont(QFontDatabase::FixedFont))
{
    setOpenLinks(false); // every link is handled here: copy, details, or the browser
    connect(this, &QTextBrowser::anchorClicked, this, &TranscriptView::onAnchorClicked);
    // Whoever reads the end keeps seeing it, as the reply grows or the view gets shorter.
    QScrollBar *bar = verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) {
        if (!m_holdScroll)
            m_stickToEnd = value >= bar->maximum() - 4;
    });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int maximum) {
        if (m_stickToEnd && !m_holdScroll)
            bar->setValue(maximum);
    });
}

QString TranscriptView::copyHref(int turn, int block)
{
    return QStringLiteral("attache:copy/%1/%2").arg(turn).arg(block);
}

QString TranscriptView::toolHref(int turn, int call)
{
    return QStringLiteral("attache:tool/%1/%2").arg(turn).arg(call);
}

void TranscriptView::clearTurns()
{
    m_turns.clear();
    m_starts.clear();
    clear();
}

int TranscriptView::appendTurn(const Turn &turn)
{
    m_turns.append(turn);
    m_starts.append(-1);
    layOut(int(m_turns.size()) - 1, false);
    return int(m_turns.size()) - 1;
}

void TranscriptView::refresh(int index)
{
    if (index >= 0 && index < m_turns.size())
        layOut(index, false);
}

void TranscriptView::truncate(int index)
{
    if (index < 0 || index >= m_turns.size())
        return;
    QTextCursor cursor(document());
    cursor.setPosition(m_starts.at(index));
    cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    m_turns.resize(index);
    m_starts.resize(index);
}

QString TranscriptView::selectedText() const
{
    return textCursor().selection().toPlainText();
}

void TranscriptView::layOut(int from, bool keepScroll)
{
    QScrollBar *bar = verticalScrollBar();
    const int scrolled = bar->value();
    m_holdScroll = keepScroll;
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    if (m_starts.at(from) >= 0) {
        cursor.setPosition(m_starts.at(from));
        cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
        cursor.removeSelectedText();
    }
    for (int i = from; i < m_turns.size(); ++i)
        render(i, cursor);
    decorate(m_starts.at(from), cursor);
    cursor.endEditBlock();
    if (keepScroll)
        bar->setValue(scrolled);
    else if (m_stickToEnd)
        bar->setValue(bar->maximum());
    m_holdScroll = false;
}

void TranscriptView::render(int index, QTextCursor &cursor)
{
    Turn &turn = m_turns[index];
    cursor.movePosition(QTextCursor::End);
    m_starts[index] = cursor.position();
    QTextBlockFormat heading;
    heading.setTopMargin(index == 0 ? 0 : 16);
    heading.setBottomMargin(2);
    QTextCharFormat who;
    who.setFontWeight(QFont::Bold);
    if (turn.role == Turn::Role::User)
        who.setForeground(palette().color(QPalette::Link));
    if (document()->isEmpty()) {
        cursor.setBlockFormat(heading);
        cursor.setBlockCharFormat(who);
    } else {
        cursor.insertBlock(heading, who);
    }
    cursor.insertText(turn.who, who);
    const QString markdown = markdownOf(turn, index);
    if (markdown.isEmpty())
        return;
    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    // No raw HTML: a reply that talks about <tags> shows them, it is not laid out by them.
    cursor.insertMarkdown(markdown,
                          QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub
                                                          | QTextDocument::MarkdownNoHTML));
}

QString TranscriptView::markdownOf(Turn &turn, int index) const
{
    if (turn.role == Turn::Role::User)
        return TranscriptMarkdown::fromPlainText(turn.text);
    turn.codeBlocks.clear();
    QStringList pieces;
    const QString copy = tr("Copy code");
    const QString prefix = QStringLiteral("attache:copy/%1/").arg(index);
    for (int i = 0; i < turn.parts.size(); ++i) {
        const Turn::Part &part = turn.parts.at(i);
        if (part.tool >= 0 && part.tool < turn.tools.size()) {
            pieces.append(
                TurnBuilder::toolMarkdown(turn.tools.at(part.tool), toolHref(index, part.tool)));
        } else if (part.tool < 0) {
            // Text before a tool call is finished; the last part is while the reply streams.
            const bool complete = turn.complete || i + 1 < turn.parts.size();
            pieces.append(TranscriptMarkdown::withCopyLinks(part.markdown, copy, prefix, complete,
                                                            &turn.codeBlocks));
        }
    }
    if (!turn.footer.isEmpty())
        pieces.append(turn.footer);
    return pieces.join(QLatin1String("\n\n"));
}

void TranscriptView::decorate(int fromPosition, QTextCursor &cursor)
{
    const QColor code =
        blend(palette().color(QPalette::Base), palette().color(QPalette::Text), 0.07);
    for (QTextBlock block = document()->findBlock(fromPosition); block.isValid();
         block = block.next()) {
        const QTextBlockFormat format = block.blockFormat();
        if (format.hasProperty(QTextFormat::BlockCodeFence)) {
            QTextBlockFormat shaded;
            shaded.setBackground(code);
            cursor.setPosition(block.position());
            cursor.mergeBlockFormat(shaded);
            continue;
        }
        // Inline code: the importer only asks for a fixed pitch, which many fonts ignore.
        for (QTextBlock::iterator it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (!fragment.charFormat().fontFixedPitch())
                continue;
            QTextCharFormat mono;
            mono.setFontFamilies({ m_mono.family() });
            mono.setBackground(code);
            cursor.setPosition(fragment.position());
            cursor.setPosition(fragment.position() + fragment.length(), QTextCursor::KeepAnchor);
            cursor.mergeCharFormat(mono);
        }
        const QTextBlock::iterator first = block.begin();
        if (!first.atEnd()
            && first.fragment().charFormat().anchorHref().startsWith(
                QLatin1String("attache:copy/"))) {
            QTextBlockFormat link;
            link.setAlignment(Qt::AlignRight);
            link.setTopMargin(0);
            cursor.setPosition(block.position());
            cursor.mergeBlockFormat(link);
        }
    }
}

void TranscriptView::onAnchorClicked(const QUrl &url)
{
    if (url.scheme() != Scheme) {
        if (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http")
            || url.scheme() == QLatin1String("mailto"))
            QDesktopServices::openUrl(url);
        return;
    }
    const QStringList path = url.path().split(QLatin1Char('/'));
    if (path.size() != 3)
        return;
    bool turnOk = false;
    bool itemOk = false;
    const int turnIndex = path.at(1).toInt(&turnOk);
    const int item = path.at(2).toInt(&itemOk);
    if (!turnOk || !itemOk || turnIndex < 0 || turnIndex >= m_turns.size())
        return;
    Turn &turn = m_turns[turnIndex];
    if (path.at(0) == QLatin1String("copy") && item >= 0 && item < turn.codeBlocks.size()) {
        const QString code = turn.codeBlocks.at(item);
        QGuiApplication::clipboard()->setText(code);
        QToolTip::showText(QCursor::pos(), tr("Copied"), this);
        Q_EMIT codeCopied(code);
    } else if (path.at(0) == QLatin1String("tool") && item >= 0 && item < turn.tools.size()) {
        turn.tools[item].expanded = !turn.tools.at(item).expanded;
        layOut(turnIndex, true); // the line clicked stays where it is
    }
}

void TranscriptView::changeEvent(QEvent *event)
{
    QTextBrowser::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_turns.isEmpty())
        layOut(0, true); // colours of names and code follow a light or dark theme
}
