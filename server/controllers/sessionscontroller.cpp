// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "controllers/sessionscontroller.h"

#include "controllers/controller.h"
#include "engine.h"
#include "wire/sessionsjson.h"

#include <QRegularExpression>

using namespace Controller;

namespace {

/** The body, and the session it names ("session": an id or a name), which it must. */
std::optional<ApiError> sessionNamed(const ApiRequest &request, QJsonObject &body, QString &ref)
{
    if (auto error = parseObject(request, body);
        error || (error = optionalString(body, QLatin1String("session"), ref)))
        return error;
    if (ref.isEmpty())
        return ApiError::badRequest(QStringLiteral("\"session\" (an id or a name) is required."));
    return std::nullopt;
}

} // namespace

SessionsController::SessionsController(Engine &engine)
    : m_engine(engine)
{ }

void SessionsController::registerRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/sessions"),
               [this](const ApiRequest &, HttpExchange &e) { list(e); });
    router.add("POST", QStringLiteral("/session/new"),
               [this](const ApiRequest &r, HttpExchange &e) { create(r, e); });
    router.add("POST", QStringLiteral("/session/load"),
               [this](const ApiRequest &r, HttpExchange &e) { load(r, e); });
    router.add("POST", QStringLiteral("/session/save"),
               [this](const ApiRequest &r, HttpExchange &e) { save(r, e); });
    router.add("POST", QStringLiteral("/session/rename"),
               [this](const ApiRequest &r, HttpExchange &e) { rename(r, e); });
    router.add("POST", QStringLiteral("/session/delete"),
               [this](const ApiRequest &r, HttpExchange &e) { remove(r, e); });
    router.add("POST", QStringLiteral("/session/settings"),
               [this](const ApiRequest &r, HttpExchange &e) { setSettings(r, e); });
    router.add("GET", QStringLiteral("/session/export"),
               [this](const ApiRequest &r, HttpExchange &e) { exportSession(r, e); });
    router.add("POST", QStringLiteral("/session/import"),
               [this](const ApiRequest &r, HttpExchange &e) { importSession(r, e); });
    router.add("GET", QStringLiteral("/usage"),
               [this](const ApiRequest &r, HttpExchange &e) { usage(r, e); });
}

void SessionsController::answerWithSession(HttpExchange &exchange, const QString &ref, int status)
{
    const Session *session = m_engine.session(ref);
    exchange.respond(
        json({ { QStringLiteral("session"), SessionsJson::session(m_engine, *session) } }, status));
}

void SessionsController::list(HttpExchange &exchange)
{
    QJsonArray sessions;
    for (const Session *session : m_engine.sessions())
        sessions.append(SessionsJson::session(m_engine, *session));
    exchange.respond(json({ { QStringLiteral("current"), m_engine.currentSessionId() },
                            { QStringLiteral("sessions"), sessions } }));
}

void SessionsController::create(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    QString name;
    if (auto error = parseObject(request, body);
        error || (error = optionalString(body, QLatin1String("name"), name)))
        return fail(exchange, *error);
    const Result<QString> id = m_engine.sessionManager().newSession(name);
    if (!id.ok())
        return fail(exchange, ApiError::fromEngine(id.error()));
    if (body.value(QLatin1String("load")).toBool(true))
        m_engine.sessionManager().load(id.value());
    answerWithSession(exchange, id.value(), 201);
}

void SessionsController::load(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    QString ref;
    if (auto error = sessionNamed(request, body, ref))
        return fail(exchange, *error);
    const Status status = m_engine.sessionManager().load(ref);
    if (!status)
        return fail(exchange, ApiError::fromEngine(status.error()));
    answerWithSession(exchange, ref);
}

void SessionsController::save(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    QString ref;
    QString name;
    if (auto error = parseObject(request, body); error
        || (error = optionalString(body, QLatin1String("session"), ref))
        || (error = optionalString(body, QLatin1String("name"), name)))
        return fail(exchange, *error);
    if (!m_engine.session(ref))
        return fail(
            exchange,
            ApiError::fromEngine(
                { ErrorKind::NotFound, QStringLiteral("There is no session \"%1\".").arg(ref) }));
    if (name.isEmpty()) {
        // Sessions save themselves after every turn; "save" is a checkpoint that says so.
        return answerWithSession(exchange, ref);
    }
    const Result<QString> copy = m_engine.sessionManager().saveAs(ref, name);
    if (!copy.ok())
        return fail(exchange, ApiError::fromEngine(copy.error()));
    answerWithSession(exchange, copy.value(), 201);
}

void SessionsController::rename(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    QString ref;
    QString name;
    if (auto error = parseObject(request, body); error
        || (error = optionalString(body, QLatin1String("session"), ref))
        || (error = optionalString(body, QLatin1String("name"), name)))
        return fail(exchange, *error);
    const Status status = m_engine.sessionManager().rename(ref, name);
    if (!status)
        return fail(exchange, ApiError::fromEngine(status.error()));
    answerWithSession(exchange, name);
}

void SessionsController::setSettings(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    QString ref;
    if (auto error = parseObject(request, body);
        error || (error = optionalString(body, QLatin1String("session"), ref)))
        return fail(exchange, *error);
    // Each field given replaces the one kept; null clears it; one left out stays.
    const Session *session = m_engine.session(ref);
    ChatSettings settings = session ? session->settings : ChatSettings();
    const QJsonValue prompt = body.value(QLatin1String("system_prompt"));
    const QJsonValue temperature = body.value(QLatin1String("temperature"));
    const QJsonValue maxTokens = body.value(QLatin1String("max_tokens"));
    if ((!prompt.isUndefined() && !prompt.isNull() && !prompt.isString())
        || (!temperature.isUndefined() && !temperature.isNull() && !temperature.isDouble())
        || (!maxTokens.isUndefined() && !maxTokens.isNull() && !maxTokens.isDouble()))
        return fail(exchange,
                    ApiError::badRequest(QStringLiteral(
                        "\"system_prompt\" is a string, \"temperature\" and \"max_tokens\" "
                        "are numbers (null clears one).")));
    if (!prompt.isUndefined())
        settings.systemPrompt = prompt.toString();
    if (!temperature.isUndefined())
        settings.temperature =
            temperature.isNull() ? std::nullopt : std::optional<double>(temperature.toDouble());
    if (!maxTokens.isUndefined())
        settings.maxTokens =
            maxTokens.isNull() ? std::nullopt : std::optional<int>(maxTokens.toInt());
    const Status status = m_engine.sessionManager().setSettings(ref, settings);
    if (!status)
        return fail(exchange, ApiError::fromEngine(status.error()));
    answerWithSession(exchange, ref);
}

void SessionsController::remove(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    QString ref;
    if (auto error = sessionNamed(request, body, ref))
        return fail(exchange, *error);
    const Status status = m_engine.sessionManager().remove(ref);
    if (!status)
        return fail(exchange, ApiError::fromEngine(status.error()));
    exchange.respond(json({ { QStringLiteral("deleted"), true },
                            { QStringLiteral("current"), m_engine.currentSessionId() } }));
}

void SessionsController::exportSession(const ApiRequest &request, HttpExchange &exchange)
{
    const QString ref = request.query.queryItemValue(QStringLiteral("session"), QUrl::FullyDecoded);
    const QString format = request.query.hasQueryItem(QStringLiteral("format"))
        ? request.query.queryItemValue(QStringLiteral("format"))
        : QStringLiteral("markdown");
    const Result<QByteArray> exported = m_engine.sessionManager().exportSession(ref, format);
    if (!exported.ok())
        return fail(exchange, ApiError::fromEngine(exported.error()));
    const bool isJson = format == QLatin1String("json");
    QString filename = m_engine.session(ref)->name;
    filename.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
    exchange.respond(
        { 200,
          isJson ? QByteArrayLiteral("application/json")
                 : QByteArrayLiteral("text/markdown; charset=utf-8"),
          exported.value(),
          { { "Content-Disposition",
              "attachment; filename=\"" + filename.toUtf8() + (isJson ? ".json\"" : ".md\"") } } });
}

void SessionsController::importSession(const ApiRequest &request, HttpExchange &exchange)
{
    // ?name= imports under that name (a taken one is refused); else the file's own, made unique.
    const Result<QString> id = m_engine.sessionManager().importSession(
        request.body, request.query.queryItemValue(QStringLiteral("name"), QUrl::FullyDecoded));
    if (!id.ok())
        return fail(exchange, ApiError::fromEngine(id.error()));
    answerWithSession(exchange, id.value(), 201);
}

void SessionsController::usage(const ApiRequest &request, HttpExchange &exchange)
{
    UsageFilter filter;
    const auto date = [&](const QString &key, QDate &out) -> bool {
        if (!request.query.hasQueryItem(key))
            return true;
        out = QDate::fromString(request.query.queryItemValue(key), Qt::ISODate);
        return out.isValid();
    };
    if (!date(QStringLiteral("from"), filter.from) || !date(QStringLiteral("to"), filter.to))
        return fail(
            exchange,
            ApiError::badRequest(QStringLiteral("\"from\" and \"to\" are dates like 2026-11-22.")));
    filter.sessionId = request.query.queryItemValue(QStringLiteral("session"), QUrl::FullyDecoded);
    if (const Session *s =
            filter.sessionId.isEmpty() ? nullptr : m_engine.session(filter.sessionId))
        filter.sessionId = s->id; // a name works too
    filter.clientId = request.query.queryItemValue(QStringLiteral("client"), QUrl::FullyDecoded);
    const Result<UsageReport> report = m_engine.usage(filter);
    if (!report)
        return fail(exchange, ApiError::fromEngine(report.error()));
    exchange.respond(json(SessionsJson::usage(report.value())));
}
