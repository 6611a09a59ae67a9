// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "chatsettingsdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <utility>

ChatSettingsDialog::ChatSettingsDialog(const QString &chatName, const ChatSettings &settings,
                                       QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Chat settings"));
    auto *about = new QLabel(
        tr("For \"%1\" only; kept with the chat and sent with each of its messages.").arg(chatName),
        this);
    about->setWordWrap(true);

    m_prompt = new QPlainTextEdit(settings.systemPrompt, this);
    m_prompt->setPlaceholderText(tr("For example: Answer briefly, in German."));
    m_prompt->setTabChangesFocus(true);
    m_prompt->setMinimumHeight(fontMetrics().lineSpacing() * 5);

    m_temperatureSet = new QCheckBox(tr("Temperature"), this);
    m_temperature = new QDoubleSpinBox(this);
    m_temperature->setRange(0, 2);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(2);
    m_temperature->setValue(settings.temperature.value_or(0.7));
    m_temperature->setToolTip(tr("Lower is more focused, higher more varied (0–2)."));
    m_temperatureSet->setChecked(settings.temperature.has_value());

    m_maxTokensSet = new QCheckBox(tr("Maximum tokens"), this);
    m_maxTokens = new QSpinBox(this);
    m_maxTokens->setRange(1, 1000000);
    m_maxTokens->setSingleStep(256);
    m_maxTokens->setValue(settings.maxTokens.value_or(2048));
    m_maxTokens->setToolTip(tr("The longest a reply may be."));
    m_maxTokensSet->setChecked(settings.maxTokens.has_value());

    using Row = std::pair<QCheckBox *, QWidget *>;
    for (const Row &row :
         { Row { m_temperatureSet, m_temperature }, Row { m_maxTokensSet, m_maxTokens } }) {
        QCheckBox *box = row.first;
        QWidget *field = row.second;
        field->setEnabled(box->isChecked());
        connect(box, &QCheckBox::toggled, field, &QWidget::setEnabled);
    }

    auto *form = new QFormLayout;
    form->addRow(tr("System prompt"), m_prompt);
    form->addRow(m_temperatureSet, m_temperature);
    form->addRow(m_maxTokensSet, m_maxTokens);
    auto *hint = new QLabel(tr("Unchecked: the provider's default."), this);
    hint->setEnabled(false);
    form->addRow(QString(), hint);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(about);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(480, sizeHint().height());
}

ChatSettings ChatSettingsDialog::settings() const
{
    ChatSettings settings;
    settings.systemPrompt = m_prompt->toPlainText().trimmed();
    if (m_temperatureSet->isChecked())
        settings.temperature = m_temperature->value();
    if (m_maxTokensSet->isChecked())
        settings.maxTokens = m_maxTokens->value();
    return settings;
}
