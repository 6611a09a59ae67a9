// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/protocol.h"

#include <QJsonArray>

namespace Protocol {

QStringList transports()
{
    return { QStringLiteral("http"), QStringLiteral("sse"), QStringLiteral("websocket"),
             QStringLiteral("stdio") };
}

QStringList features()
{
    return {
        QStringLiteral("chat"),          QStringLiteral("cancel"),   QStringLiteral("replay"),
        QStringLiteral("sessions"),      QStringLiteral("history"),  QStringLiteral("providers"),
        QStringLiteral("models"),        QStringLiteral("tools"),    QStringLiteral("permissions"),
        QStringLiteral("notifications"), QStringLiteral("usage"),    QStringLiteral("coding_tasks"),
        QStringLiteral("regenerate"),    QStringLiteral("presence"), QStringLiteral("topics")
    };
}

QJsonObject capabilities(const QStringList &routes, const QStringList &rpcMethods)
{
    QStringList methods = rpcMethods;
    methods.sort();
    return { { QStringLiteral("protocol"), Version },
             { QStringLiteral("version"), QStringLiteral(ATTACHE_VERSION) },
             { QStringLiteral("transports"), QJsonArray::fromStringList(transports()) },
             { QStringLiteral("features"), QJsonArray::fromStringList(features()) },
             { QStringLiteral("routes"), QJsonArray::fromStringList(routes) },
             { QStringLiteral("rpc_methods"), QJsonArray::fromStringList(methods) } };
}

} // namespace Protocol
