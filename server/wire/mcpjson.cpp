// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/mcpjson.h"

namespace McpJson {

QJsonObject server(const McpServerStatus &status)
{
    QJsonArray tools;
    for (const McpServerStatus::ToolEntry &tool : status.tools)
        tools.append(QJsonObject { { QStringLiteral("name"), tool.name },
                                   { QStringLiteral("tool"), tool.tool },
                                   { QStringLiteral("description"), tool.description },
                                   { QStringLiteral("annotations"), tool.annotations } });
    QJsonObject json {
        { QStringLiteral("name"), status.name },
        { QStringLiteral("transport"), status.transport },
        { QStringLiteral("state"), McpServerStatus::stateName(status.state) },
        { QStringLiteral("enabled"), status.state != McpServerStatus::State::Disabled },
        { QStringLiteral("target"), status.target },
        { QStringLiteral("restarts"), status.restarts },
        { QStringLiteral("tools"), tools },
        { QStringLiteral("since"), status.since.toString(Qt::ISODateWithMs) },
    };
    if (!status.lastError.isEmpty())
        json.insert(QStringLiteral("last_error"), status.lastError);
    if (status.exitCode >= 0)
        json.insert(QStringLiteral("exit_code"), status.exitCode);
    if (!status.stderrTail.isEmpty())
        json.insert(QStringLiteral("stderr_tail"), status.stderrTail);
    if (status.retryInMs >= 0)
        json.insert(QStringLiteral("retry_in_ms"), status.retryInMs);
    if (!status.protocolVersion.isEmpty())
        json.insert(QStringLiteral("protocol_version"), status.protocolVersion);
    if (!status.serverName.isEmpty())
        json.insert(QStringLiteral("server_info"),
                    QJsonObject { { QStringLiteral("name"), status.serverName },
                                  { QStringLiteral("version"), status.serverVersion } });
    return json;
}

QJsonArray servers(const QList<McpServerStatus> &servers)
{
    QJsonArray list;
    for (const McpServerStatus &status : servers)
        list.append(server(status));
    return list;
}

Result<McpServerConfig> newServer(const QJsonObject &body)
{
    const QJsonValue name = body.value(QLatin1String("name"));
    if (!name.isString() || name.toString().isEmpty())
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("Name the server: {\"name\": \"files\", \"command\": "
                                            "\"npx\", \"args\": [...]} or {\"name\": …, \"url\": "
                                            "…}.") };
    QJsonObject entry = body;
    entry.remove(QStringLiteral("name"));
    return McpConfigFile::parseEntry(name.toString(), entry);
}

} // namespace McpJson
