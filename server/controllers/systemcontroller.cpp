// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "controllers/systemcontroller.h"

#include "controllers/controller.h"
#include "engine.h"
#include "wire/protocol.h"
#include "wire/sessionsjson.h"

#include <QCoreApplication>

using namespace Controller;

SystemController::SystemController(Engine &engine, std::function<QJsonObject()> serverInfo)
    : m_engine(engine)
    , m_serverInfo(std::move(serverInfo))
    , m_startedAt(QDateTime::currentDateTime())
{
    m_uptime.start();
}

void SystemController::registerRoutes(Router &router)
{
    m_router = &router;
    router.add("GET", QStringLiteral("/health"), [](const ApiRequest &, HttpExchange &e) {
        e.respond(json({ { QStringLiteral("status"), QStringLiteral("ok") } }));
    });
    router.add("GET", QStringLiteral("/status"),
               [this](const ApiRequest &, HttpExchange &e) { e.respond(json(status())); });
    router.add("GET", QStringLiteral("/capabilities"), [this](const ApiRequest &, HttpExchange &e) {
        QJsonObject capabilities = Protocol::capabilities(
            m_router->routes(), m_rpcMethods ? m_rpcMethods() : QStringList());
        capabilities.insert(QStringLiteral("gateways"), m_gateways);
        e.respond(json(capabilities));
    });
}

QJsonObject SystemController::status() const
{
    QJsonObject status = SessionsJson::status(m_engine.status());
    QJsonObject server = m_serverInfo();
    server.insert(QStringLiteral("pid"), QCoreApplication::applicationPid());
    server.insert(QStringLiteral("started_at"), m_startedAt.toString(Qt::ISODateWithMs));
    server.insert(QStringLiteral("uptime_seconds"), m_uptime.elapsed() / 1000);
    status.insert(QStringLiteral("server"), server);
    if (const Session *current = m_engine.session())
        status.insert(QStringLiteral("session_name"), current->name);
    // What runs now, and for whom: the terminal's `attache status` and `attache follow`.
    QJsonArray runs;
    for (const Run *run : m_engine.activeRuns()) {
        const Session *session = m_engine.session(run->sessionId());
        runs.append(
            QJsonObject { { QStringLiteral("run"), run->id() },
                          { QStringLiteral("session"), run->sessionId() },
                          { QStringLiteral("session_name"), session ? session->name : QString() },
                          { QStringLiteral("state"), Run::stateName(run->state()) },
                          { QStringLiteral("provider"), run->spec().providerId },
                          { QStringLiteral("model"), run->spec().model },
                          { QStringLiteral("client"), run->spec().clientId } });
    }
    status.insert(QStringLiteral("runs"), runs);
    return status;
}
