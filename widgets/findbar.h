// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>

class QLabel;
class QLineEdit;
class QToolButton;
class TranscriptView;

/** Find in the conversation (Ctrl+F): every match marked, Enter for the next, Shift+Enter for
 * the one before, Esc closes. */
class FindBar : public QFrame
{
    Q_OBJECT
public:
    explicit FindBar(TranscriptView *transcript, QWidget *parent = nullptr);

    /** Shows the bar with the field focused (and what was found before selected). */
    void open();
    void close();
    QLineEdit *field() const { return m_field; }
    QLabel *status() const { return m_status; }
    /** Marks the matches of the text again (the conversation changed). */
    void refresh();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void search(bool backward);

    TranscriptView *m_transcript;
    QLineEdit *m_field = nullptr;
    QLabel *m_status = nullptr;
    QToolButton *m_previous = nullptr;
    QToolButton *m_next = nullptr;
    QToolButton *m_close = nullptr;
};
