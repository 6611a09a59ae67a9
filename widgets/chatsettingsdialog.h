// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sessions/session.h"

#include <QDialog>

class QCheckBox;
class QDoubleSpinBox;
class QPlainTextEdit;
class QSpinBox;

/** One conversation's own settings: its system prompt, temperature and maximum tokens. */
class ChatSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    ChatSettingsDialog(const QString &chatName, const ChatSettings &settings,
                       QWidget *parent = nullptr);

    ChatSettings settings() const;
    QPlainTextEdit *systemPrompt() const { return m_prompt; }
    QCheckBox *temperatureSet() const { return m_temperatureSet; }
    QDoubleSpinBox *temperature() const { return m_temperature; }
    QCheckBox *maxTokensSet() const { return m_maxTokensSet; }
    QSpinBox *maxTokens() const { return m_maxTokens; }

private:
    QPlainTextEdit *m_prompt = nullptr;
    QCheckBox *m_temperatureSet = nullptr;
    QDoubleSpinBox *m_temperature = nullptr;
    QCheckBox *m_maxTokensSet = nullptr;
    QSpinBox *m_maxTokens = nullptr;
};
