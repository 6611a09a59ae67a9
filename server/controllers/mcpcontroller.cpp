// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "controllers/mcpcontroller.h"

#include "controllers/controller.h"
#include "engine.h"
#include "wire/mcpjson.h"

using namespace Controller;

McpController::McpController(Engine &engine)
    : m_engine(engine)
{ }

void McpController::respondWith(HttpExchange &exchange, const QString &name, int status)
{
    const auto server = m_engine.mcp().server(name);
    if (!server)
        return fail(
            exchange,
            ApiError::fromEngine({ ErrorKind::NotFound,
                                   QStringLiteral("There is no MCP server \"%1\".").arg(name) }));
    exchange.respond(json(McpJson::server(*server), status));
}

void McpController::registerRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/mcp/servers"), [this](const ApiRequest &, HttpExchange &e) {
        QJsonObject body { { QStringLiteral("servers"),
                             McpJson::servers(m_engine.mcp().servers()) },
                           { QStringLiteral("config_path"), m_engine.mcp().configPath() } };
        if (!m_engine.mcp().configWarning().isEmpty())
            body.insert(QStringLiteral("warning"), m_engine.mcp().configWarning());
        e.respond(json(body));
    });
    router.add("GET", QStringLiteral("/mcp/servers/{name}"),
               [this](const ApiRequest &r, HttpExchange &e) {
                   respondWith(e, r.params.value(QStringLiteral("name")));
               });
    router.add("POST", QStringLiteral("/mcp/servers"),
               [this](const ApiRequest &r, HttpExchange &e) {
                   QJsonObject body;
                   if (auto error = parseObject(r, body))
                       return fail(e, *error);
                   const Result<McpServerConfig> config = McpJson::newServer(body);
                   if (!config)
                       return fail(e, ApiError::fromEngine(config.error()));
                   if (const Status added = m_engine.mcp().addServer(config.value()); !added) {
                       ApiError error = ApiError::fromEngine(added.error());
                       if (m_engine.mcp().server(config.value().name)) {
                           error.status = 409; // the name is taken
                           error.code = QStringLiteral("conflict");
                       }
                       return fail(e, error);
                   }
                   respondWith(e, config.value().name, 201);
               });
    router.add("DELETE", QStringLiteral("/mcp/servers/{name}"),
               [this](const ApiRequest &r, HttpExchange &e) {
                   const QString name = r.params.value(QStringLiteral("name"));
                   if (const Status removed = m_engine.mcp().removeServer(name); !removed)
                       return fail(e, ApiError::fromEngine(removed.error()));
                   e.respond(json({ { QStringLiteral("ok"), true } }));
               });
    const auto action = [this](Status (McpManager::*apply)(const QString &)) {
        return [this, apply](const ApiRequest &r, HttpExchange &e) {
            const QString name = r.params.value(QStringLiteral("name"));
            if (const Status done = (m_engine.mcp().*apply)(name); !done)
                return fail(e, ApiError::fromEngine(done.error()));
            respondWith(e, name);
        };
    };
    router.add("POST", QStringLiteral("/mcp/servers/{name}/restart"), action(&McpManager::restart));
    router.add("POST", QStringLiteral("/mcp/servers/{name}/enable"),
               [this](const ApiRequest &r, HttpExchange &e) {
                   const QString name = r.params.value(QStringLiteral("name"));
                   if (const Status done = m_engine.mcp().setEnabled(name, true); !done)
                       return fail(e, ApiError::fromEngine(done.error()));
                   respondWith(e, name);
               });
    router.add("POST", QStringLiteral("/mcp/servers/{name}/disable"),
               [this](const ApiRequest &r, HttpExchange &e) {
                   const QString name = r.params.value(QStringLiteral("name"));
                   if (const Status done = m_engine.mcp().setEnabled(name, false); !done)
                       return fail(e, ApiError::fromEngine(done.error()));
                   respondWith(e, name);
               });
}
