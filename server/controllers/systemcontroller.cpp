// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "controllers/systemcontroller.h"

#include "controllers/controller.h"
#include "engine.h"

using namespace Controller;

SystemController::SystemController(Engine &engine, std::function<QJsonObject()> serverInfo)
    : m_engine(engine)
    , m_serverInfo(std::move(serverInfo))
{ }

void SystemController::registerRoutes(Router &router)
{
    m_router = &router;
    router.add("GET", QStringLiteral("/health"), [](const ApiRequest &, HttpExchange &e) {
        e.respond(json({ { QStringLiteral("status"), QStringLiteral("ok") } }));
    });
    router.add("GET", QStringLiteral("/status"), [this](const ApiRequest &, HttpExchange &e) {
        QJsonObject status = m_engine.status();
        status.insert(QStringLiteral("server"), m_serverInfo());
        e.respond(json(status));
    });
    router.add("GET", QStringLiteral("/capabilities"), [this](const ApiRequest &, HttpExchange &e) {
        e.respond(
            json({ { QStringLiteral("protocol"), ProtocolVersion },
                   { QStringLiteral("version"), QStringLiteral(ATTACHE_VERSION) },
                   { QStringLiteral("transports"),
                     QJsonArray { QStringLiteral("http"), QStringLiteral("sse"),
                                  QStringLiteral("websocket"), QStringLiteral("stdio") } },
                   { QStringLiteral("features"),
                     QJsonArray { QStringLiteral("chat"), QStringLiteral("cancel"),
                                  QStringLiteral("replay"), QStringLiteral("providers"),
                                  QStringLiteral("models"), QStringLiteral("history") } },
                   { QStringLiteral("gateways"), m_gateways },
                   { QStringLiteral("routes"), QJsonArray::fromStringList(m_router->routes()) } }));
    });
}
