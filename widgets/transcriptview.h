// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "transcriptturn.h"

#include <QTextBrowser>

/**
 * The conversation as rich text: one block of Markdown per turn. A turn that changes (a reply
 * streaming, a tool call opened) is laid out again from where it starts; the turns above it are
 * left alone. Code blocks get a Copy link; tool calls a link that shows or hides their details.
 */
class TranscriptView : public QTextBrowser
{
    Q_OBJECT
public:
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

    static QString copyHref(int turn, int block);
    static QString toolHref(int turn, int call);

Q_SIGNALS:
    void codeCopied(const QString &code);

protected:
    void changeEvent(QEvent *event) override;

private:
    void onAnchorClicked(const QUrl &url);
    /** keepScroll: the view stays where it is (a toggle); otherwise it follows the end when the
     * user is reading there. */
    void layOut(int from, bool keepScroll);
    void render(int index, QTextCursor &cursor);
    QString markdownOf(Turn &turn, int index) const;
    void decorate(int fromPosition, QTextCursor &cursor);

    QList<Turn> m_turns;
    QList<int> m_starts; // document position where each turn begins
    bool m_stickToEnd = true; // the user reads the end: new text scrolls into view
    bool m_holdScroll = false;
    QFont m_mono;
};
