// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "controllers/eventscontroller.h"

#include "controllers/controller.h"
#include "engine.h"
#include "events/ssestream.h"
#include "events/streamhub.h"
#include "wire/clientsjson.h"

using namespace Controller;

EventsController::EventsController(Engine &engine, StreamHub &hub)
    : m_engine(engine)
    , m_hub(hub)
{ }

void EventsController::registerRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/topics"), [this](const ApiRequest &, HttpExchange &e) {
        e.respond(json(ClientsJson::topics(m_engine.topics())));
    });
    router.add("GET", QStringLiteral("/events"),
               [this](const ApiRequest &r, HttpExchange &e) { events(r, e); });
    router.add("GET", QStringLiteral("/clients"), [this](const ApiRequest &, HttpExchange &e) {
        e.respond(
            json({ { QStringLiteral("clients"), ClientsJson::clients(m_engine.presence()) } }));
    });
    router.add("POST", QStringLiteral("/notifications"),
               [this](const ApiRequest &r, HttpExchange &e) { postNotification(r, e); });
    router.add("GET", QStringLiteral("/notifications/{id}"),
               [this](const ApiRequest &r, HttpExchange &e) { notification(r, e); });
    router.add("POST", QStringLiteral("/notifications/{id}/reply"),
               [this](const ApiRequest &r, HttpExchange &e) { replyToNotification(r, e); });
}

void EventsController::events(const ApiRequest &request, HttpExchange &exchange)
{
    auto *stream = new SseStream(&exchange, m_hub);
    stream->begin();
    // An SSE listener is an attached client too; it leaves when its connection closes.
    const QByteArray kind = request.header("x-attache-client");
    const QString clientId = m_engine.presence().attach(
        kind.isEmpty() ? QStringLiteral("other") : QString::fromUtf8(kind),
        QString::fromUtf8(request.header("user-agent")), QStringLiteral("sse"));
    m_hub.addFeed(stream, clientId);
}

void EventsController::postNotification(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    if (auto error = parseObject(request, body))
        return fail(exchange, *error);
    QString message;
    QString kind;
    QString to;
    for (auto [key, out] : { std::pair { QLatin1String("message"), &message },
                             std::pair { QLatin1String("kind"), &kind },
                             std::pair { QLatin1String("client"), &to } }) {
        if (auto error = optionalString(body, key, *out))
            return fail(exchange, *error);
    }
    if (!to.isEmpty() && !m_engine.presence().find(to))
        return fail(
            exchange,
            ApiError {
                404,
                QStringLiteral("client_not_found"),
                QStringLiteral("No client \"%1\" is attached; GET /clients lists them.").arg(to),
                {} });
    const Result<Notification> posted =
        m_engine.notifications().post(message, kind, request.clientId, to);
    if (!posted.ok())
        return fail(exchange, ApiError::fromEngine(posted.error()));
    exchange.respond(json(ClientsJson::notification(posted.value()), 201));
}

void EventsController::notification(const ApiRequest &request, HttpExchange &exchange)
{
    const Notification *n =
        m_engine.notifications().find(request.params.value(QStringLiteral("id")));
    if (!n)
        return fail(exchange, ApiError::notFound(request.path));
    exchange.respond(json(ClientsJson::notification(*n)));
}

void EventsController::replyToNotification(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    if (auto error = parseObject(request, body))
        return fail(exchange, *error);
    QString answer;
    if (auto error = optionalString(body, QLatin1String("reply"), answer))
        return fail(exchange, *error);
    const Status status = m_engine.notifications().reply(request.params.value(QStringLiteral("id")),
                                                         answer, request.clientId);
    if (!status)
        return fail(exchange, ApiError::fromEngine(status.error()));
    exchange.respond(json({ { QStringLiteral("ok"), true } }));
}
