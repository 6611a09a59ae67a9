// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "controllers/toolscontroller.h"

#include "clients/presence.h"
#include "controllers/controller.h"
#include "engine.h"
#include "wire/toolsjson.h"

#include <algorithm>

using namespace Controller;

ToolsController::ToolsController(Engine &engine)
    : m_engine(engine)
{ }

void ToolsController::registerRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/tools"), [this](const ApiRequest &, HttpExchange &e) {
        e.respond(
            json({ { QStringLiteral("tools"), ToolsJson::tools(m_engine.tools().describe()) } }));
    });
    router.add("GET", QStringLiteral("/tools/status"),
               [this](const ApiRequest &, HttpExchange &e) { e.respond(json(status())); });
    router.add("POST", QStringLiteral("/tools/enable"),
               [this](const ApiRequest &r, HttpExchange &e) { enable(r, e, true); });
    router.add("POST", QStringLiteral("/tools/disable"),
               [this](const ApiRequest &r, HttpExchange &e) { enable(r, e, false); });
    router.add("POST", QStringLiteral("/tools/config"),
               [this](const ApiRequest &r, HttpExchange &e) { configure(r, e); });
    router.add("GET", QStringLiteral("/working_dir"),
               [this](const ApiRequest &, HttpExchange &e) { e.respond(json(workingDirJson())); });
    router.add("POST", QStringLiteral("/working_dir"),
               [this](const ApiRequest &r, HttpExchange &e) { workingDir(r, e); });
    router.add("GET", QStringLiteral("/auto_inject"), [this](const ApiRequest &, HttpExchange &e) {
        e.respond(json({ { QStringLiteral("enabled"), m_engine.autoInject() } }));
    });
    router.add("POST", QStringLiteral("/auto_inject"),
               [this](const ApiRequest &r, HttpExchange &e) {
                   QJsonObject body;
                   if (auto error = parseObject(r, body))
                       return fail(e, *error);
                   if (!body.value(QLatin1String("enabled")).isBool())
                       return fail(e,
                                   ApiError::badRequest(QStringLiteral(
                                       "Send {\"enabled\": true} or {\"enabled\": false}.")));
                   m_engine.setAutoInject(body.value(QLatin1String("enabled")).toBool());
                   e.respond(json({ { QStringLiteral("enabled"), m_engine.autoInject() } }));
               });
    router.add("GET", QStringLiteral("/permissions"), [this](const ApiRequest &, HttpExchange &e) {
        QJsonArray pending;
        for (const PermissionRequest &request : m_engine.tools().permissions().pending())
            pending.append(ToolsJson::permissionRequest(request));
        e.respond(json({ { QStringLiteral("pending"), pending } }));
    });
    router.add(
        "POST", QStringLiteral("/permissions/{id}"), [this](const ApiRequest &r, HttpExchange &e) {
            QJsonObject body;
            if (auto error = parseObject(r, body))
                return fail(e, *error);
            if (auto error =
                    respond(m_engine, r.params.value(QStringLiteral("id")), body, r.clientId))
                return fail(e, *error);
            e.respond(json({ { QStringLiteral("ok"), true } }));
        });
}

std::optional<ApiError> ToolsController::respond(Engine &engine, const QString &id,
                                                 const QJsonObject &body, const QString &clientId)
{
    const QString decision = body.value(QLatin1String("decision")).toString();
    const auto scope =
        PermissionBroker::scopeFromString(body.value(QLatin1String("scope")).toString());
    if ((decision != QLatin1String("allow") && decision != QLatin1String("deny")) || !scope)
        return ApiError::badRequest(
            QStringLiteral("Answer with {\"decision\": \"allow\" or \"deny\", "
                           "\"scope\": \"once\", \"session\" or \"always\"}."));
    const Status status = engine.tools().permissions().respond(
        id, decision == QLatin1String("allow"), *scope, clientId);
    if (!status) {
        ApiError error = ApiError::fromEngine(status.error());
        if (status.error().kind == ErrorKind::Conflict)
            error.code = QStringLiteral("already_answered"); // someone else answered first
        return error;
    }
    return std::nullopt;
}

QJsonObject ToolsController::status() const
{
    QJsonArray enabled;
    for (const ToolBox::Info &tool : m_engine.tools().describe()) {
        if (tool.enabled)
            enabled.append(tool.name);
    }
    QJsonObject status = ToolsJson::config(m_engine.tools().config());
    status.insert(QStringLiteral("enabled"), enabled);
    // An MCP server's tools need no working directory: they alone make tools available.
    const QList<ToolSpec> offered = m_engine.tools().definitions();
    const bool mcpOffered = std::any_of(offered.begin(), offered.end(), [this](const ToolSpec &s) {
        const Tool *tool = m_engine.tools().find(s.name);
        return tool && !tool->source().isEmpty();
    });
    status.insert(QStringLiteral("available"),
                  (m_engine.tools().workspace().isSet() && !enabled.isEmpty()) || mcpOffered);
    status.insert(QStringLiteral("pending_permissions"),
                  m_engine.tools().permissions().pending().size());
    if (!m_engine.tools().workspace().isSet())
        status.insert(
            QStringLiteral("hint"),
            QStringLiteral("The built-in tools need a working directory: POST /working_dir "
                           "{\"path\": …}."));
    return status;
}

void ToolsController::enable(const ApiRequest &request, HttpExchange &exchange, bool enabled)
{
    QJsonObject body;
    if (auto error = parseObject(request, body))
        return fail(exchange, *error);
    QStringList names;
    if (body.value(QLatin1String("tool")).isString())
        names.append(body.value(QLatin1String("tool")).toString());
    for (const QJsonValue &name : body.value(QLatin1String("tools")).toArray())
        names.append(name.toString());
    if (names.isEmpty())
        return fail(exchange,
                    ApiError::badRequest(QStringLiteral(
                        "Name the tools: {\"tool\": \"read_file\"} or {\"tools\": [...]}.")));
    const Status status = m_engine.tools().setEnabled(names, enabled);
    if (!status)
        return fail(exchange, ApiError::fromEngine(status.error()));
    exchange.respond(json(this->status()));
}

void ToolsController::configure(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    if (auto error = parseObject(request, body))
        return fail(exchange, *error);
    const Result<ToolBox::ConfigChange> change = ToolsJson::configChange(body);
    if (!change)
        return fail(exchange, ApiError::fromEngine(change.error()));
    const Status status = m_engine.tools().applyConfig(change.value());
    if (!status)
        return fail(exchange, ApiError::fromEngine(status.error()));
    exchange.respond(json(this->status()));
}

void ToolsController::workingDir(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    QString path;
    if (auto error = parseObject(request, body);
        error || (error = optionalString(body, QLatin1String("path"), path)))
        return fail(exchange, *error);
    // Who sets it, by the name the client gave (hello, or X-Attache-Client-Name).
    QString by;
    if (const ClientInfo *client = m_engine.presence().find(request.clientId))
        by = client->name;
    if (by.isEmpty()) {
        const QString named = QString::fromUtf8(request.header("x-attache-client-name"));
        for (const QChar c : named.left(200)) {
            if (c.isPrint())
                by += c;
        }
    }
    const Status status = m_engine.tools().setWorkingDirectory(path, by);
    if (!status)
        return fail(exchange, ApiError::fromEngine(status.error()));
    exchange.respond(json(workingDirJson()));
}

QJsonObject ToolsController::workingDirJson() const
{
    QJsonObject body { { QStringLiteral("path"), m_engine.tools().workspace().root() } };
    const QString by = m_engine.tools().workingDirectorySetBy();
    if (!by.isEmpty())
        body.insert(QStringLiteral("set_by"), by);
    return body;
}
