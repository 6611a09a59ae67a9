// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/mcp/mcptransport.h"

void McpTransport::cancel(const QJsonValue &id, const QString &reason)
{
    send({ { QStringLiteral("jsonrpc"), QStringLiteral("2.0") },
           { QStringLiteral("method"), QStringLiteral("notifications/cancelled") },
           { QStringLiteral("params"),
             QJsonObject { { QStringLiteral("requestId"), id },
                           { QStringLiteral("reason"), reason } } } });
}

QJsonObject McpTransport::errorFor(const QJsonObject &request, int code, const QString &message,
                                   const QJsonObject &data)
{
    QJsonObject error { { QStringLiteral("code"), code }, { QStringLiteral("message"), message } };
    if (!data.isEmpty())
        error.insert(QStringLiteral("data"), data);
    return { { QStringLiteral("jsonrpc"), QStringLiteral("2.0") },
             { QStringLiteral("id"), request.value(QLatin1String("id")) },
             { QStringLiteral("error"), error } };
}
