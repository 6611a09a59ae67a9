// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/provider.h"

#include <QDateTime>
#include <QList>
#include <QPointer>
#include <QString>

#include <optional>

class Run;

/** How a conversation's replies are asked for; the provider's defaults where unset. */
struct ChatSettings
{
    QString systemPrompt; // sent as a leading system message
    std::optional<double> temperature;
    std::optional<int> maxTokens;
    bool isDefault() const { return systemPrompt.isEmpty() && !temperature && !maxTokens; }
    bool operator==(const ChatSettings &o) const
    {
        return systemPrompt == o.systemPrompt && temperature == o.temperature
            && maxTokens == o.maxTokens;
    }
    bool operator!=(const ChatSettings &o) const { return !(*this == o); }
};

/** One conversation: its messages, and the runs waiting their turn in it. */
struct Session
{
    QString id;
    QString name;
    QString title; // from the first message; empty until there is one
    QDateTime created;
    QDateTime updated;
    QString provider; // of the last turn
    QString model;
    ChatSettings settings;
    QList<ChatMessage> messages;
    bool loaded = true; // false until the messages are read from the store
    int storedCount = 0; // how many messages the store holds, while not loaded
    QPointer<Run> active; // the run streaming now, if any
    QList<QPointer<Run>> queue; // runs waiting for the active one, oldest first
};
