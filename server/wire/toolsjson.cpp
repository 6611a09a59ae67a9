// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/toolsjson.h"

#include "tools/permissionbroker.h"

namespace ToolsJson {

QJsonObject tool(const ToolBox::Info &info)
{
    QJsonObject json { { QStringLiteral("name"), info.name },
                       { QStringLiteral("description"), info.description },
                       { QStringLiteral("kind"), ToolBox::kindName(info.kind) },
                       { QStringLiteral("enabled"), info.enabled },
                       { QStringLiteral("policy"), ToolBox::policyName(info.policy) },
                       { QStringLiteral("parameters"), info.parameters },
                       { QStringLiteral("source"),
                         info.source.isEmpty() ? QStringLiteral("builtin")
                                               : QStringLiteral("mcp") } };
    if (!info.source.isEmpty()) {
        json.insert(QStringLiteral("server"), info.source);
        json.insert(QStringLiteral("annotations"), info.annotations);
    }
    return json;
}

QJsonArray tools(const QList<ToolBox::Info> &tools)
{
    QJsonArray list;
    for (const ToolBox::Info &info : tools)
        list.append(tool(info));
    return list;
}

QJsonObject config(const ToolBox::Config &config)
{
    QJsonObject policies;
    for (auto it = config.policies.cbegin(); it != config.policies.cend(); ++it)
        policies.insert(it.key(), ToolBox::policyName(it.value()));
    return { { QStringLiteral("working_dir"), config.workingDirectory },
             { QStringLiteral("max_rounds"), config.maxRounds },
             { QStringLiteral("command_timeout_ms"), config.limits.commandTimeoutMs },
             { QStringLiteral("output_cap"), qint64(config.limits.outputCap) },
             { QStringLiteral("read_cap"), qint64(config.limits.readCap) },
             { QStringLiteral("permission_timeout_ms"), config.permissionTimeoutMs },
             { QStringLiteral("mcp_timeout_ms"), config.limits.mcpTimeoutMs },
             { QStringLiteral("policies"), policies } };
}

Result<ToolBox::ConfigChange> configChange(const QJsonObject &body)
{
    ToolBox::ConfigChange change;
    const auto number = [&body](const char *key, std::optional<int> &out) -> Status {
        const QJsonValue value = body.value(QLatin1String(key));
        if (value.isUndefined())
            return {};
        if (!value.isDouble() || value.toDouble() != double(value.toInt()))
            return EngineError {
                ErrorKind::InvalidRequest,
                QStringLiteral("\"%1\" must be a whole number.").arg(QLatin1String(key))
            };
        out = value.toInt();
        return {};
    };
    for (const Status &status :
         { number("max_rounds", change.maxRounds),
           number("command_timeout_ms", change.commandTimeoutMs),
           number("output_cap", change.outputCap), number("read_cap", change.readCap),
           number("permission_timeout_ms", change.permissionTimeoutMs),
           number("mcp_timeout_ms", change.mcpTimeoutMs) }) {
        if (!status)
            return status.error();
    }
    const QJsonValue policies = body.value(QLatin1String("policies"));
    if (!policies.isUndefined() && !policies.isObject()) {
        const QString message =
            QStringLiteral("\"policies\" maps tool names to allow, ask or deny.");
        return EngineError { ErrorKind::InvalidRequest, message };
    }
    const QJsonObject given = policies.toObject();
    for (auto it = given.begin(); it != given.end(); ++it) {
        const auto policy = ToolBox::policyFromName(it.value().toString());
        if (!policy)
            return EngineError {
                ErrorKind::InvalidRequest,
                QStringLiteral(
                    "\"policies\" maps tool names to allow, ask or deny; \"%1\" is not valid.")
                    .arg(it.key())
            };
        change.policies.insert(it.key(), *policy);
    }
    return change;
}

QJsonObject permissionRequest(const PermissionRequest &request)
{
    QJsonObject json { { QStringLiteral("id"), request.id },
                       { QStringLiteral("run"), request.runId },
                       { QStringLiteral("session"), request.sessionId },
                       { QStringLiteral("call"), request.callId },
                       { QStringLiteral("tool"), request.tool },
                       { QStringLiteral("arguments"), request.arguments },
                       { QStringLiteral("at"), request.at.toString(Qt::ISODateWithMs) },
                       { QStringLiteral("timeout_ms"), request.timeoutMs } };
    if (!request.preview.isEmpty())
        json.insert(QStringLiteral("diff"), request.preview.english());
    if (!request.source.isEmpty()) {
        json.insert(QStringLiteral("server"), request.source);
        json.insert(QStringLiteral("annotations"), request.annotations);
    }
    return json;
}

} // namespace ToolsJson
