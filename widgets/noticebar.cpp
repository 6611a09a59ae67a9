// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "noticebar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

NoticeBar::NoticeBar(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("noticeBar"));
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("notice"));
    m_label->setWordWrap(true);
    m_label->setTextFormat(Qt::RichText);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::LinksAccessibleByMouse);
    m_close = new QToolButton(this);
    m_close->setObjectName(QStringLiteral("closeNotice"));
    m_close->setText(QStringLiteral("✕"));
    m_close->setToolTip(tr("Close this notice"));
    m_close->setAccessibleName(tr("Close this notice"));
    m_close->setAutoRaise(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_close, 0, Qt::AlignTop);
    connect(m_label, &QLabel::linkActivated, this, &NoticeBar::linkActivated);
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void NoticeBar::showNotice(const QString &html, bool isError)
{
    m_isError = isError;
    m_label->setText(html);
    setStyleSheet(isError ? QStringLiteral("#noticeBar { background: #b3261e; border-radius: 4px; }"
                                           " #notice { color: white; }"
                                           " #closeNotice { color: white; }")
                          : QStringLiteral("#noticeBar { background: palette(alternate-base);"
                                           " border-radius: 4px; }"));
    show();
}

void NoticeBar::dismiss()
{
    if (m_isError)
        hide();
}
