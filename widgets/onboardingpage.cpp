// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "onboardingpage.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

QLabel *wrapped(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

OnboardingPage::OnboardingPage(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("onboarding"));
    auto *title = new QLabel(tr("Welcome to Attache"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    title->setFont(big);

    auto *intro =
        wrapped(tr("Attache needs an AI model to talk to. Connect one of these and the "
                   "chat opens here; editors and scripts attached to Attache use it too."),
                this);

    m_apiKey = new QPushButton(tr("Add an API key"), this);
    m_apiKey->setDefault(true);
    auto *apiKeyText = wrapped(tr("For a hosted provider: OpenAI, Perplexity, OpenRouter, Groq, "
                                  "Mistral… Paste the key in the Provider panel."),
                               this);
    m_localServer = new QPushButton(tr("Use a local server (Ollama, llama.cpp, LM Studio)"), this);
    auto *localText = wrapped(tr("No key and nothing leaves your machine: start the server, then "
                                 "choose it in the Provider panel."),
                              this);

    m_details = wrapped(QString(), this);
    m_details->setObjectName(QStringLiteral("onboardingDetails"));
    QPalette muted = m_details->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    m_details->setPalette(muted);

    auto *card = new QFrame(this);
    card->setFrameShape(QFrame::StyledPanel);
    card->setMaximumWidth(620);
    auto *inner = new QVBoxLayout(card);
    inner->setContentsMargins(24, 24, 24, 24);
    inner->setSpacing(10);
    inner->addWidget(title);
    inner->addWidget(intro);
    inner->addSpacing(8);
    inner->addWidget(m_apiKey, 0, Qt::AlignLeft);
    inner->addWidget(apiKeyText);
    inner->addSpacing(4);
    inner->addWidget(m_localServer, 0, Qt::AlignLeft);
    inner->addWidget(localText);
    inner->addSpacing(8);
    inner->addWidget(m_details);

    // Centred by stretches, not by alignment: aligned widgets get their size hint, and word
    // wrapped labels would be cut short.
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(card, 3);
    row->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addLayout(row);
    layout->addStretch(2);

    connect(m_apiKey, &QPushButton::clicked, this, &OnboardingPage::apiKeyRequested);
    connect(m_localServer, &QPushButton::clicked, this, &OnboardingPage::localServerRequested);
}

void OnboardingPage::setDetails(const QString &text)
{
    m_details->setText(text);
    m_details->setVisible(!text.isEmpty());
}
