// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/sessionsjson.h"

#include "engine.h"
#include "wire/runeventjson.h"

#include <QJsonArray>

namespace {

QJsonObject usageRow(const UsageTotals &row, const QStringList &keys)
{
    QJsonObject json;
    for (qsizetype i = 0; i < keys.size() && i < row.group.size(); ++i)
        json.insert(keys.at(i), row.group.at(i));
    json.insert(QStringLiteral("requests"), row.requests);
    json.insert(QStringLiteral("prompt_tokens"), row.promptTokens);
    json.insert(QStringLiteral("completion_tokens"), row.completionTokens);
    json.insert(QStringLiteral("total_tokens"), row.totalTokens());
    json.insert(QStringLiteral("cost"), row.cost);
    json.insert(QStringLiteral("cache_read_tokens"), row.cacheReadTokens);
    json.insert(QStringLiteral("cache_write_tokens"), row.cacheWriteTokens);
    if (row.includesEstimates)
        json.insert(QStringLiteral("includes_estimates"), true);
    return json;
}

QJsonArray usageRows(const QList<UsageTotals> &rows, const QStringList &keys)
{
    QJsonArray list;
    for (const UsageTotals &row : rows)
        list.append(usageRow(row, keys));
    return list;
}

} // namespace

namespace SessionsJson {

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

QJsonObject session(const Engine &engine, const Session &session)
{
    return { { QStringLiteral("id"), session.id },
             { QStringLiteral("name"), session.name },
             { QStringLiteral("title"), SessionManager::shownName(session) },
             { QStringLiteral("created"), session.created.toString(Qt::ISODateWithMs) },
             { QStringLiteral("updated"), session.updated.toString(Qt::ISODateWithMs) },
             { QStringLiteral("provider"), session.provider },
             { QStringLiteral("model"), session.model },
             { QStringLiteral("message_count"), engine.sessionManager().messageCount(session) },
             { QStringLiteral("current"), session.id == engine.currentSessionId() },
             { QStringLiteral("settings"), settings(session.settings) } };
}

QJsonObject usage(const UsageReport &report)
{
    const QString provider = QStringLiteral("provider");
    return { { QStringLiteral("totals"), usageRow(report.totals, {}) },
             { QStringLiteral("by_provider"), usageRows(report.byProvider, { provider }) },
             { QStringLiteral("by_model"),
               usageRows(report.byModel, { provider, QStringLiteral("model") }) },
             { QStringLiteral("by_session"),
               usageRows(report.bySession, { QStringLiteral("session_id") }) },
             { QStringLiteral("by_client"),
               usageRows(report.byClient, { QStringLiteral("client_id") }) },
             { QStringLiteral("by_day"), usageRows(report.byDay, { QStringLiteral("day") }) } };
}

QJsonObject status(const EngineStatus &status)
{
    QJsonObject json { { QStringLiteral("version"), status.version },
                       { QStringLiteral("provider"), status.provider },
                       { QStringLiteral("model"), status.model },
                       { QStringLiteral("session"), status.session },
                       { QStringLiteral("active_runs"), status.activeRuns },
                       { QStringLiteral("sessions"), status.sessions },
                       { QStringLiteral("storage"), status.storage } };
    if (!status.storageWarning.isEmpty())
        json.insert(QStringLiteral("storage_warning"), status.storageWarning);
    if (!status.storageError.isEmpty())
        json.insert(QStringLiteral("storage_error"), status.storageError);
    if (status.setupNeeded)
        json.insert(QStringLiteral("setup_needed"), RunEventJson::error(*status.setupNeeded));
    return json;
}

} // namespace SessionsJson
