// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class QLabel;
class QPushButton;

/** What the chat shows until a provider can answer: what Attache needs and where to set it. */
class OnboardingPage : public QWidget
{
    Q_OBJECT
public:
    explicit OnboardingPage(QWidget *parent = nullptr);

    /** The engine's own account of what is missing (names the variables and settings). */
    void setDetails(const QString &text);
    QPushButton *apiKeyButton() const { return m_apiKey; }
    QPushButton *localServerButton() const { return m_localServer; }

Q_SIGNALS:
    void apiKeyRequested();
    void localServerRequested();

private:
    QPushButton *m_apiKey = nullptr;
    QPushButton *m_localServer = nullptr;
    QLabel *m_details = nullptr;
};
