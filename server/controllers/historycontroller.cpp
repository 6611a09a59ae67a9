// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "controllers/historycontroller.h"

#include "controllers/controller.h"
#include "engine.h"

using namespace Controller;

HistoryController::HistoryController(Engine &engine)
    : m_engine(engine)
{ }

void HistoryController::registerRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/history"),
               [this](const ApiRequest &r, HttpExchange &e) { history(r, e); });
    router.add("POST", QStringLiteral("/history/clear"),
               [this](const ApiRequest &r, HttpExchange &e) { clear(r, e); });
}

void HistoryController::history(const ApiRequest &request, HttpExchange &exchange)
{
    const QString ref = request.query.queryItemValue(QStringLiteral("session"), QUrl::FullyDecoded);
    const Result<QList<ChatMessage>> messages = m_engine.history(ref);
    if (!messages.ok())
        return fail(exchange, ApiError::fromEngine(messages.error()));
    QJsonArray list;
    for (const ChatMessage &message : messages.value()) {
        QJsonObject item { { QStringLiteral("role"), message.role },
                           { QStringLiteral("content"), message.content } };
        if (!message.status.isEmpty())
            item.insert(QStringLiteral("status"), message.status);
        list.append(item);
    }
    exchange.respond(json({ { QStringLiteral("session"), m_engine.session(ref)->id },
                            { QStringLiteral("messages"), list } }));
}

void HistoryController::clear(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    if (auto error = parseObject(request, body))
        return fail(exchange, *error);
    QString ref;
    if (auto error = optionalString(body, QLatin1String("session"), ref))
        return fail(exchange, *error);
    const Status status = m_engine.clearHistory(ref);
    if (!status)
        return fail(exchange, ApiError::fromEngine(status.error()));
    exchange.respond(json({ { QStringLiteral("cleared"), true },
                            { QStringLiteral("session"), m_engine.session(ref)->id } }));
}
