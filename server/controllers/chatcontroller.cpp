// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "controllers/chatcontroller.h"

#include "controllers/controller.h"
#include "engine.h"
#include "events/ssestream.h"
#include "rpc/runwatchers.h"

#include <QJsonDocument>

#include <memory>
#include <utility>

using namespace Controller;

ChatController::ChatController(Engine &engine, RunWatchers &watchers, StreamHub &hub)
    : m_engine(engine)
    , m_watchers(watchers)
    , m_hub(hub)
{ }

void ChatController::registerRoutes(Router &router)
{
    router.add("POST", QStringLiteral("/chat"),
               [this](const ApiRequest &r, HttpExchange &e) { chat(r, e); });
    router.add("POST", QStringLiteral("/coding_task"),
               [this](const ApiRequest &r, HttpExchange &e) { codingTask(r, e); });
    router.add("POST", QStringLiteral("/chat/regenerate"),
               [this](const ApiRequest &r, HttpExchange &e) { regenerate(r, e); });
    router.add("POST", QStringLiteral("/chat/cancel"),
               [this](const ApiRequest &r, HttpExchange &e) { cancelCurrent(r, e); });
    router.add("POST", QStringLiteral("/runs/{id}/cancel"),
               [this](const ApiRequest &r, HttpExchange &e) { cancelRun(r, e); });
    router.add("GET", QStringLiteral("/runs/{id}/events"),
               [this](const ApiRequest &r, HttpExchange &e) { runEvents(r, e); });
}

std::optional<ApiError> ChatController::parseChat(const QJsonObject &body, ChatRequest &chat)
{
    const QJsonValue message = body.value(QLatin1String("message"));
    if (!message.isString())
        return ApiError::badRequest(
            QStringLiteral("\"message\" is required and must be a string."));
    chat.message = message.toString();
    for (const auto &field : { std::pair { QLatin1String("session"), &chat.session },
                               std::pair { QLatin1String("provider"), &chat.provider },
                               std::pair { QLatin1String("model"), &chat.model } }) {
        if (auto error = optionalString(body, field.first, *field.second))
            return error;
    }
    const QJsonValue context = body.value(QLatin1String("context"));
    if (context.isObject()) {
        if (auto error = optionalString(context.toObject(), QLatin1String("code"), chat.code))
            return error;
        if (auto error =
                optionalString(context.toObject(), QLatin1String("language"), chat.language))
            return error;
    } else if (!context.isUndefined() && !context.isNull()) {
        return ApiError::badRequest(QStringLiteral("\"context\" must be an object."));
    }
    return std::nullopt;
}

void ChatController::chat(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    if (auto error = parseObject(request, body))
        return fail(exchange, *error);

    ChatRequest chat;
    chat.clientId = request.clientId;
    if (auto error = parseChat(body, chat))
        return fail(exchange, *error);
    bool stream = true;
    if (auto error = optionalBool(body, QLatin1String("stream"), stream))
        return fail(exchange, *error);

    start([&](const Engine::Watch &watch) { return m_engine.chat(chat, watch); }, stream, exchange);
}

std::optional<ApiError> ChatController::parseCodingTask(const QJsonObject &body, CodingTask &task)
{
    for (const auto &field : { std::pair { QLatin1String("task_type"), &task.type },
                               std::pair { QLatin1String("content"), &task.content },
                               std::pair { QLatin1String("language"), &task.language },
                               std::pair { QLatin1String("filename"), &task.filename },
                               std::pair { QLatin1String("session"), &task.session } }) {
        if (auto error = optionalString(body, field.first, *field.second))
            return error;
    }
    return std::nullopt;
}

void ChatController::codingTask(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    if (auto error = parseObject(request, body))
        return fail(exchange, *error);
    CodingTask task;
    task.clientId = request.clientId;
    if (auto error = parseCodingTask(body, task))
        return fail(exchange, *error);
    bool stream = true;
    if (auto error = optionalBool(body, QLatin1String("stream"), stream))
        return fail(exchange, *error);
    start([&](const Engine::Watch &watch) { return m_engine.codingTask(task, watch); }, stream,
          exchange);
}

std::optional<ApiError> ChatController::parseRegenerate(const QJsonObject &body, QString &session)
{
    return optionalString(body, QLatin1String("session"), session);
}

Result<Run *> ChatController::regenerate(Engine &engine, const QString &session,
                                         const QString &clientId, const Engine::Watch &watch)
{
    // The engine starts the new run without a watch; it is followed from its first event all
    // the same, since every event it has is replayed to the watcher.
    Result<Run *> run = engine.regenerate(session, clientId);
    if (run.ok() && watch)
        watch(run.value());
    return run;
}

void ChatController::regenerate(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    if (auto error = parseObject(request, body))
        return fail(exchange, *error);
    QString session;
    if (auto error = parseRegenerate(body, session))
        return fail(exchange, *error);
    bool stream = true;
    if (auto error = optionalBool(body, QLatin1String("stream"), stream))
        return fail(exchange, *error);
    start(
        [&](const Engine::Watch &watch) {
            return regenerate(m_engine, session, request.clientId, watch);
        },
        stream, exchange);
}

void ChatController::start(const Starter &startRun, bool stream, HttpExchange &exchange)
{
    Engine::Watch watch;
    if (stream) {
        // Followed from the moment it starts: the response head and stream_start leave right
        // after the upstream request, in the same pass.
        watch = [this, &exchange](Run *run) {
            auto *sse = new SseStream(&exchange, m_hub);
            sse->streamRun(run, 0, &m_watchers);
        };
    }
    const Result<Run *> run = startRun(watch);
    if (!run.ok())
        return fail(exchange, ApiError::fromEngine(run.error()));
    if (!stream)
        answerWhenFinished(run.value(), exchange);
}

void ChatController::answerWhenFinished(Run *run, HttpExchange &exchange)
{
    // Watched while the client waits; one that leaves gets the same grace as a stream.
    m_watchers.watch(run);
    auto watching = std::make_shared<bool>(true);
    auto release = [this, run, watching] {
        if (std::exchange(*watching, false))
            m_watchers.unwatch(run);
    };
    QObject::connect(&exchange, &HttpExchange::closed, run, release);
    QObject::connect(run, &Run::finished, &exchange, [run, release, exchange = &exchange] {
        release();
        if (const auto error = run->error()) {
            ApiError api = ApiError::fromEngine(*error);
            ApiResponse response = api.toResponse();
            QJsonObject body = api.toJson();
            body.insert(QStringLiteral("run"), run->id());
            body.insert(QStringLiteral("session"), run->sessionId());
            body.insert(QStringLiteral("partial_response"), run->reply());
            response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
            exchange->respond(response);
            return;
        }
        QJsonObject body { { QStringLiteral("run"), run->id() },
                           { QStringLiteral("session"), run->sessionId() },
                           { QStringLiteral("response"), run->reply() },
                           { QStringLiteral("state"), Run::stateName(run->state()) },
                           { QStringLiteral("provider"), run->spec().providerId },
                           { QStringLiteral("model"), run->spec().model } };
        if (const auto usage = run->usage()) {
            QJsonObject u { { QStringLiteral("prompt_tokens"), usage->promptTokens },
                            { QStringLiteral("completion_tokens"), usage->completionTokens },
                            { QStringLiteral("total_tokens"), usage->totalTokens() } };
            if (usage->estimated)
                u.insert(QStringLiteral("estimated"), true);
            body.insert(QStringLiteral("usage"), u);
        }
        exchange->respond(json(body));
    });
}

void ChatController::cancelCurrent(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    if (auto error = parseObject(request, body))
        return fail(exchange, *error);
    QString session;
    if (auto error = optionalString(body, QLatin1String("session"), session))
        return fail(exchange, *error);
    if (!session.isEmpty() && !m_engine.session(session))
        return fail(exchange,
                    ApiError { 404,
                               QStringLiteral("not_found"),
                               QStringLiteral("There is no session \"%1\".").arg(session),
                               {} });
    Run *run = m_engine.activeRun(session);
    const bool cancelled = run && m_engine.cancelRun(run->id());
    QJsonObject answer { { QStringLiteral("cancelled"), cancelled } };
    if (run)
        answer.insert(QStringLiteral("run"), run->id());
    exchange.respond(json(answer));
}

void ChatController::cancelRun(const ApiRequest &request, HttpExchange &exchange)
{
    const QString id = request.params.value(QStringLiteral("id"));
    Run *run = m_engine.findRun(id);
    if (!run)
        return fail(exchange,
                    ApiError { 404,
                               QStringLiteral("run_not_found"),
                               QStringLiteral("There is no run \"%1\" (finished runs are "
                                              "kept for a while, then forgotten).")
                                   .arg(id),
                               {} });
    const bool cancelled = m_engine.cancelRun(id);
    exchange.respond(json({ { QStringLiteral("cancelled"), cancelled },
                            { QStringLiteral("run"), id },
                            { QStringLiteral("state"), Run::stateName(run->state()) } }));
}

void ChatController::runEvents(const ApiRequest &request, HttpExchange &exchange)
{
    const QString id = request.params.value(QStringLiteral("id"));
    Run *run = m_engine.findRun(id);
    if (!run)
        return fail(exchange,
                    ApiError { 404,
                               QStringLiteral("run_not_found"),
                               QStringLiteral("There is no run \"%1\".").arg(id),
                               {} });
    // Last-Event-ID is "<run>:<seq>" as sent in every id field; a bare number is accepted too.
    quint64 after = 0;
    const QByteArray lastEventId = request.header("last-event-id");
    if (!lastEventId.isEmpty()) {
        const qsizetype colon = lastEventId.lastIndexOf(':');
        bool ok = false;
        after = lastEventId.mid(colon + 1).toULongLong(&ok);
        if (!ok || (colon >= 0 && lastEventId.left(colon) != id.toUtf8()))
            return fail(exchange,
                        ApiError::badRequest(
                            QStringLiteral("Last-Event-ID must be \"%1:<seq>\".").arg(id)));
    }
    if (after + 1 < run->firstBufferedSeq()) {
        return fail(exchange,
                    ApiError { 409,
                               QStringLiteral("resync_required"),
                               QStringLiteral("Events after %1 are no longer buffered; "
                                              "reload the session history instead.")
                                   .arg(after),
                               {} });
    }
    auto *sse = new SseStream(&exchange, m_hub);
    sse->streamRun(run, after, &m_watchers);
}
