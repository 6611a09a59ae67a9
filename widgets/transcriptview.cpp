// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "transcriptview.h"

#include "transcriptmarkdown.h"
#include "transcriptstyle.h"

#include <QClipboard>
#include <QCursor>
#include <QDesktopServices>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextDocumentFragment>
#include <QTextFrame>
#include <QToolButton>
#include <QToolTip>

#include <algorithm>

namespace {

const QLatin1String Scheme("attache");

} // namespace

TranscriptView::TranscriptView(QWidget *parent)
    : QTextBrowser(parent)
    , m_mono(QFontDatabase::systemFont(QFontDatabase::FixedFont))
{
    setOpenLinks(false); // every link is handled here: copy, details, actions, or the browser
    setTabChangesFocus(true); // Tab leaves the transcript, as it leaves every other field
    setFrameShape(QFrame::NoFrame);
    connect(this, &QTextBrowser::anchorClicked, this, &TranscriptView::onAnchorClicked);

    m_jump = new QToolButton(this);
    m_jump->setObjectName(QStringLiteral("jumpToLatest"));
    m_jump->setText(tr("↓ Jump to latest"));
    m_jump->setToolTip(tr("Scroll to the newest message"));
    m_jump->setCursor(Qt::PointingHandCursor);
    m_jump->setFocusPolicy(Qt::NoFocus);
    m_jump->hide();
    connect(m_jump, &QToolButton::clicked, this, &TranscriptView::scrollToLatest);

    // Whoever reads the end keeps seeing it, as the reply grows or the view gets shorter.
    QScrollBar *bar = verticalScrollBar();
    connect(bar, &QScrollBar::valueChanged, this, [this, bar](int value) {
        if (!m_holdScroll)
            m_stickToEnd = value >= bar->maximum() - 4;
        updateJumpButton();
    });
    connect(bar, &QScrollBar::rangeChanged, this, [this, bar](int, int maximum) {
        if (m_stickToEnd && !m_holdScroll)
            bar->setValue(maximum);
        updateJumpButton();
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

QString TranscriptView::actionHref(int turn, Action action)
{
    return QStringLiteral("attache:act/%1/%2").arg(turn).arg(int(action));
}

QString TranscriptView::actionText(Action action)
{
    switch (action) {
    case Action::Copy:
        return tr("Copy");
    case Action::Edit:
        return tr("Edit");
    case Action::Delete:
        return tr("Delete");
    case Action::Regenerate:
        return tr("Regenerate");
    case Action::PreviousVariant:
        return QStringLiteral("‹");
    case Action::NextVariant:
        return QStringLiteral("›");
    }
    return {};
}

void TranscriptView::clearTurns()
{
    m_turns.clear();
    m_starts.clear();
    clear();
    m_stickToEnd = true;
    updateColumn();
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

// What is left when everything is removed is the document's first block, with the format of the
// last block removed (a list item's, say): plain again, it shows no stray bullet above the chat.
void TranscriptView::plainIfFirst(QTextCursor &cursor)
{
    if (!cursor.atStart())
        return;
    cursor.setBlockFormat(QTextBlockFormat());
    cursor.setBlockCharFormat(QTextCharFormat());
}

void TranscriptView::truncate(int index)
{
    if (index < 0 || index >= m_turns.size())
        return;
    QTextCursor cursor(document());
    cursor.setPosition(m_starts.at(index));
    cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    plainIfFirst(cursor);
    m_turns.resize(index);
    m_starts.resize(index);
}

QString TranscriptView::selectedText() const
{
    return textCursor().selection().toPlainText();
}

void TranscriptView::scrollToLatest()
{
    m_stickToEnd = true;
    QScrollBar *bar = verticalScrollBar();
    bar->setValue(bar->maximum());
    updateJumpButton();
}

void TranscriptView::updateJumpButton()
{
    const bool show = !m_stickToEnd && verticalScrollBar()->maximum() > 0;
    if (show) {
        m_jump->adjustSize();
        const QRect area = viewport()->geometry();
        m_jump->move(area.center().x() - m_jump->width() / 2,
                     area.bottom() - m_jump->height() - 12);
        m_jump->raise();
    }
    m_jump->setVisible(show);
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
        plainIfFirst(cursor);
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
    updateJumpButton();
}

void TranscriptView::render(int index, QTextCursor &cursor)
{
    Turn &turn = m_turns[index];
    cursor.movePosition(QTextCursor::End);
    m_starts[index] = cursor.position();
    const bool user = turn.role == Turn::Role::User;
    QTextCharFormat who;
    who.setFontWeight(QFont::Bold);
    who.setForeground(palette().color(user ? QPalette::Link : QPalette::Text));
    QTextFrame *band = nullptr;
    if (user) {
        // A tinted band tells the user's turns from the replies at a glance.
        band = cursor.insertFrame(TranscriptStyle::userBand(palette(), index == 0));
        cursor.setBlockCharFormat(who);
    } else {
        QTextBlockFormat heading;
        heading.setTopMargin(index == 0 ? 0 : 14);
        heading.setBottomMargin(2);
        if (document()->isEmpty()) {
            cursor.setBlockFormat(heading);
            cursor.setBlockCharFormat(who);
        } else {
            cursor.insertBlock(heading, who);
        }
    }
    cursor.insertText(turn.who, who);
    const QString markdown = markdownOf(turn, index);
    if (!markdown.isEmpty()) {
        cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
        // No raw HTML: a reply that talks about <tags> shows them, it is not laid out by them.
        cursor.insertMarkdown(markdown,
                              QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub
                                                              | QTextDocument::MarkdownNoHTML));
    }
    renderMeta(index, cursor);
    if (band)
        cursor = band->lastCursorPosition();
    cursor.movePosition(QTextCursor::End);
}

void TranscriptView::renderMeta(int index, QTextCursor &cursor)
{
    const Turn &turn = m_turns.at(index);
    if (turn.messageIndex < 0 || !turn.complete)
        return; // a reply still streaming, or one of another client not stored yet
    const bool user = turn.role == Turn::Role::User;
    QTextCharFormat plain = TranscriptStyle::metaFormat(palette(), font());
    QTextBlockFormat block;
    block.setTopMargin(2);
    block.setProperty(TranscriptStyle::MetaProperty, true);
    if (!user) {
        const ReplyStats &stats = turn.shownVariant >= 0 && turn.shownVariant < turn.variants.size()
            ? turn.variants.at(turn.shownVariant).stats
            : turn.stats;
        const QString line = TurnBuilder::statsLine(stats);
        if (!line.isEmpty()) {
            cursor.insertBlock(block, plain);
            cursor.insertText(line, plain);
        }
    }
    cursor.insertBlock(block, plain);
    const auto link = [&](Action action, const QString &text) {
        QTextCharFormat anchor = plain;
        anchor.setAnchor(true);
        anchor.setAnchorHref(actionHref(index, action));
        anchor.setForeground(palette().color(QPalette::Link));
        cursor.insertText(text.isEmpty() ? actionText(action) : text, anchor);
    };
    const auto gap = [&] {
        cursor.insertText(QStringLiteral("   "), plain);
    };
    if (!turn.variants.isEmpty()) {
        const int count = int(turn.variants.size()) + 1;
        const int shown = turn.shownVariant < 0 ? count : turn.shownVariant + 1;
        link(Action::PreviousVariant, {});
        cursor.insertText(QStringLiteral(" %1/%2 ").arg(shown).arg(count), plain);
        link(Action::NextVariant, {});
        gap();
    }
    link(Action::Copy, {});
    if (user) {
        gap();
        link(Action::Edit, {});
    } else if (turn.regenerable) {
        gap();
        link(Action::Regenerate, {});
    }
    gap();
    link(Action::Delete, {});
}

QString TranscriptView::markdownOf(Turn &turn, int index) const
{
    if (turn.role == Turn::Role::User)
        return TranscriptMarkdown::fromPlainText(turn.text);
    turn.codeBlocks.clear();
    turn.codeLanguages.clear();
    const QString copy = tr("Copy code");
    const QString prefix = QStringLiteral("attache:copy/%1/").arg(index);
    if (turn.shownVariant >= 0 && turn.shownVariant < turn.variants.size()) {
        return TranscriptMarkdown::withCopyLinks(turn.variants.at(turn.shownVariant).content, copy,
                                                 prefix, true, &turn.codeBlocks,
                                                 &turn.codeLanguages);
    }
    QStringList pieces;
    for (int i = 0; i < turn.parts.size(); ++i) {
        const Turn::Part &part = turn.parts.at(i);
        if (part.tool >= 0 && part.tool < turn.tools.size()) {
            pieces.append(
                TurnBuilder::toolMarkdown(turn.tools.at(part.tool), toolHref(index, part.tool)));
        } else if (part.tool < 0) {
            // Text before a tool call is finished; the last part is while the reply streams.
            const bool complete = turn.complete || i + 1 < turn.parts.size();
            pieces.append(TranscriptMarkdown::withCopyLinks(part.markdown, copy, prefix, complete,
                                                            &turn.codeBlocks, &turn.codeLanguages));
        }
    }
    if (!turn.footer.isEmpty())
        pieces.append(turn.footer);
    return pieces.join(QLatin1String("\n\n"));
}

void TranscriptView::decorate(int fromPosition, QTextCursor &cursor)
{
    TranscriptStyle::decorate(document(), fromPosition, cursor, palette(), font(), m_mono);
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
    } else if (path.at(0) == QLatin1String("act") && item >= 0
               && item <= int(Action::NextVariant)) {
        onAction(turnIndex, Action(item));
    }
}

void TranscriptView::onAction(int turnIndex, Action action)
{
    Turn &turn = m_turns[turnIndex];
    const int count = int(turn.variants.size()) + 1;
    int shown = turn.shownVariant < 0 ? count - 1 : turn.shownVariant;
    switch (action) {
    case Action::Copy: {
        const QString markdown = turn.markdown();
        QGuiApplication::clipboard()->setText(markdown);
        QToolTip::showText(QCursor::pos(), tr("Copied"), this);
        Q_EMIT messageCopied(markdown);
        return;
    }
    case Action::PreviousVariant:
    case Action::NextVariant:
        shown = std::clamp(shown + (action == Action::NextVariant ? 1 : -1), 0, count - 1);
        turn.shownVariant = shown == count - 1 ? -1 : shown;
        layOut(turnIndex, true);
        return;
    case Action::Edit:
    case Action::Delete:
    case Action::Regenerate:
        Q_EMIT actionTriggered(turnIndex, action);
        return;
    }
}

int TranscriptView::markMatches(const QString &text)
{
    QList<ExtraSelection> marks;
    if (!text.isEmpty()) {
        QTextCharFormat mark;
        mark.setBackground(TranscriptStyle::matchColor(palette()));
        for (QTextCursor found = document()->find(text); !found.isNull();
             found = document()->find(text, found))
            marks.append({ found, mark });
    }
    setExtraSelections(marks);
    return int(marks.size());
}

bool TranscriptView::findNext(const QString &text, bool backward)
{
    if (text.isEmpty())
        return false;
    const QTextDocument::FindFlags flags =
        backward ? QTextDocument::FindBackward : QTextDocument::FindFlags();
    if (find(text, flags))
        return true;
    // Round again from the other end.
    QTextCursor wrap(document());
    wrap.movePosition(backward ? QTextCursor::End : QTextCursor::Start);
    setTextCursor(wrap);
    return find(text, flags);
}

void TranscriptView::updateColumn()
{
    // A line of about ColumnCharacters reads well; wider, the text sits in a centred column.
    const int column = fontMetrics().averageCharWidth() * ColumnCharacters;
    const int side = std::max(12, (viewport()->width() - column) / 2);
    QTextFrameFormat root = document()->rootFrame()->frameFormat();
    if (int(root.leftMargin()) == side && int(root.rightMargin()) == side)
        return;
    root.setLeftMargin(side);
    root.setRightMargin(side);
    root.setTopMargin(12);
    root.setBottomMargin(24);
    document()->rootFrame()->setFrameFormat(root);
}

void TranscriptView::resizeEvent(QResizeEvent *event)
{
    QTextBrowser::resizeEvent(event);
    updateColumn();
    updateJumpButton();
}

void TranscriptView::changeEvent(QEvent *event)
{
    QTextBrowser::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_turns.isEmpty())
        layOut(0, true); // colours of names and code follow a light or dark theme
}
