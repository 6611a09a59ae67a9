// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/sessionjson.h"

#include "sessions/sessionmanager.h"

namespace SessionJson {

QJsonObject settings(const ChatSettings &settings)
{
    QJsonObject json;
    if (!settings.systemPrompt.isEmpty())
        json.insert(QStringLiteral("system_prompt"), settings.systemPrompt);
    if (settings.temperature)
        json.insert(QStringLiteral("temperature"), *settings.temperature);
    if (settings.maxTokens)
        json.insert(QStringLiteral("max_tokens"), *settings.maxTokens);
    return json;
}

QJsonObject session(const Session &session, const SessionManager &sessions)
{
    return { { QStringLiteral("id"), session.id },
             { QStringLiteral("name"), session.name },
             { QStringLiteral("title"), SessionManager::shownName(session) },
             { QStringLiteral("created"), session.created.toString(Qt::ISODateWithMs) },
             { QStringLiteral("updated"), session.updated.toString(Qt::ISODateWithMs) },
             { QStringLiteral("provider"), session.provider },
             { QStringLiteral("model"), session.model },
             { QStringLiteral("message_count"), sessions.messageCount(session) },
             { QStringLiteral("current"), session.id == sessions.currentId() },
             { QStringLiteral("settings"), settings(session.settings) } };
}

} // namespace SessionJson
