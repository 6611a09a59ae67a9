// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "transcriptturn.h"

#include <QTextBrowser>

class QToolButton;

/**
 * The conversation as rich text in a centred reading column: one block of Markdown per turn,
 * the user's turns on a tinted band. A turn that changes (a reply streaming, a tool call opened)
 * is laid out again from where it starts; the turns above it are left alone. Code blocks get a
 * header with their language and a Copy link, and are highlighted; tool calls a link that shows
 * or hides their details; stored messages their actions (copy, edit, delete, regenerate, the
 * earlier answers) and a reply how it was made.
 */
class TranscriptView : public QTextBrowser
{
    Q_OBJECT
public:
    enum class Action { Copy, Edit, Delete, Regenerate, PreviousVariant, NextVariant };
    Q_ENUM(Action)

    explicit TranscriptView(QWidget *parent = nullptr);

    void clearTurns();
    /** Shows a turn below the others; returns its index. */
    int appendTurn(const Turn &turn);
    int turnCount() const { return int(m_turns.size()); }
    Turn &turn(int index) { return m_turns[index]; }
    const Turn &turn(int index) const { return m_turns.at(index); }
    /** Lays out turn index (and those below it) again after it changed. */
    void refresh(int index);
    /** Drops the turns from index on. */
    void truncate(int index);
    /** The selected text as plain text; empty when nothing is selected. */
    QString selectedText() const;

    /** Whether the end of the conversation is in view (new text scrolls into view). */
    bool isAtEnd() const { return m_stickToEnd; }
    /** Scrolls to the end and follows it again. */
    void scrollToLatest();
    QToolButton *jumpButton() const { return m_jump; }

    /** Marks every occurrence of text; returns how many there are. */
    int markMatches(const QString &text);
    /** Selects the next (or previous) occurrence after the cursor, wrapping around. */
    bool findNext(const QString &text, bool backward = false);

    /** The widest the text gets, in average characters; the column is centred beyond it. */
    static constexpr int ColumnCharacters = 96;

    static QString copyHref(int turn, int block);
    static QString toolHref(int turn, int call);
    static QString actionHref(int turn, Action action);
    static QString actionText(Action action);

Q_SIGNALS:
    void codeCopied(const QString &code);
    void messageCopied(const QString &markdown);
    /** Edit, Delete or Regenerate on a stored turn (copy and variants are handled here). */
    void actionTriggered(int turn, TranscriptView::Action action);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void onAnchorClicked(const QUrl &url);
    void onAction(int turnIndex, Action action);
    /** keepScroll: the view stays where it is (a toggle); otherwise it follows the end when the
     * user is reading there. */
    static void plainIfFirst(QTextCursor &cursor);
    void layOut(int from, bool keepScroll);
    void render(int index, QTextCursor &cursor);
    void renderMeta(int index, QTextCursor &cursor);
    QString markdownOf(Turn &turn, int index) const;
    /** Code, headings, quotes and links of the blocks from fromPosition on (transcriptstyle.cpp).
     */
    void decorate(int fromPosition, QTextCursor &cursor);
    void updateColumn();
    void updateJumpButton();

    QList<Turn> m_turns;
    QList<int> m_starts; // document position where each turn begins
    bool m_stickToEnd = true; // the user reads the end: new text scrolls into view
    bool m_holdScroll = false;
    QFont m_mono;
    QToolButton *m_jump = nullptr;
};
