// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "controllers/systemcontroller.h"

#include "controllers/controller.h"
#include "engine.h"
#include "wire/protocol.h"
#include "wire/sessionsjson.h"

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
        QJsonObject status = SessionsJson::status(m_engine.status());
        status.insert(QStringLiteral("server"), m_serverInfo());
        e.respond(json(status));
    });
    router.add("GET", QStringLiteral("/capabilities"), [this](const ApiRequest &, HttpExchange &e) {
        e.respond(json(Protocol::capabilities(m_router->routes(),
                                              m_rpcMethods ? m_rpcMethods() : QStringList())));
    });
}
