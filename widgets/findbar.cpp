// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "findbar.h"

#include "transcriptview.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QToolButton>

FindBar::FindBar(TranscriptView *transcript, QWidget *parent)
    : QFrame(parent)
    , m_transcript(transcript)
{
    setObjectName(QStringLiteral("findBar"));
    m_field = new QLineEdit(this);
    m_field->setPlaceholderText(tr("Find in the conversation"));
    m_field->setClearButtonEnabled(true);
    m_field->installEventFilter(this);
    m_status = new QLabel(this);
    m_previous = new QToolButton(this);
    m_previous->setText(QStringLiteral("↑"));
    m_previous->setToolTip(tr("Previous match (Shift+Enter)"));
    m_next = new QToolButton(this);
    m_next->setText(QStringLiteral("↓"));
    m_next->setToolTip(tr("Next match (Enter)"));
    m_close = new QToolButton(this);
    m_close->setText(QStringLiteral("✕"));
    m_close->setToolTip(tr("Close (Esc)"));
    for (QToolButton *button : { m_previous, m_next, m_close }) {
        button->setAutoRaise(true);
        button->setFocusPolicy(Qt::NoFocus);
    }
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_field, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_previous);
    layout->addWidget(m_next);
    layout->addWidget(m_close);
    connect(m_field, &QLineEdit::textChanged, this, [this] {
        refresh();
        search(false);
    });
    connect(m_previous, &QToolButton::clicked, this, [this] { search(true); });
    connect(m_next, &QToolButton::clicked, this, [this] { search(false); });
    connect(m_close, &QToolButton::clicked, this, &FindBar::close);
    hide();
}

void FindBar::open()
{
    show();
    m_field->setFocus(Qt::ShortcutFocusReason);
    m_field->selectAll();
    refresh();
}

void FindBar::close()
{
    hide();
    m_transcript->markMatches({});
    m_transcript->setFocus(Qt::OtherFocusReason);
}

void FindBar::refresh()
{
    if (isHidden())
        return;
    const QString text = m_field->text();
    const int count = m_transcript->markMatches(text);
    if (text.isEmpty())
        m_status->clear();
    else if (count == 0)
        m_status->setText(tr("No matches"));
    else
        m_status->setText(tr("%n match(es)", nullptr, count));
}

void FindBar::search(bool backward)
{
    const QString text = m_field->text();
    if (!text.isEmpty())
        m_transcript->findNext(text, backward);
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_field && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape) {
            close();
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            search(key->modifiers().testFlag(Qt::ShiftModifier));
            return true;
        }
    }
    return QFrame::eventFilter(watched, event);
}
