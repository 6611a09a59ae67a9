// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

/** A notice over the input: an error (red) or a hint, with a button that closes it. */
class NoticeBar : public QFrame
{
    Q_OBJECT
public:
    explicit NoticeBar(QWidget *parent = nullptr);

    void showNotice(const QString &html, bool isError);
    /** Hides it; an error only when the notice on show is one (a hint stays). */
    void dismiss();
    bool isError() const { return m_isError && isVisible(); }
    QLabel *label() const { return m_label; }
    QToolButton *closeButton() const { return m_close; }

Q_SIGNALS:
    void linkActivated(const QString &link);

private:
    QLabel *m_label = nullptr;
    QToolButton *m_close = nullptr;
    bool m_isError = false;
};
