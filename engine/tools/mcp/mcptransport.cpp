// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/mcp/mcptransport.h"

#include <QJsonArray>
#include <QJsonDocument>

void McpTransport::notify(const QJsonObject &message, std::function<void()> taken)
{
    send(message);
    taken();
}

QList<QJsonObject> McpTransport::messagesIn(const QJsonDocument &doc)
{
    QList<QJsonObject> messages;
    if (doc.isObject())
        messages.append(doc.object());
    for (const QJsonValue &value : doc.array()) {
        if (value.isObject())
            messages.append(value.toObject());
    }
    return messages;
}

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
