// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "router.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>

#include <functional>

class Engine;

/** GET /health (no token), /status and /capabilities. */
class SystemController
{
public:
    /** serverInfo adds what only the server knows (port, url) to /status. */
    SystemController(Engine &engine, std::function<QJsonObject()> serverInfo);
    void registerRoutes(Router &router);
    /** The JSON-RPC methods /capabilities lists (the dispatcher is made after the routes). */
    void setRpcMethods(std::function<QStringList()> methods) { m_rpcMethods = std::move(methods); }
    /** A door in another API's shape, listed under "gateways" in /capabilities. */
    void addGateway(const QString &name, const QJsonObject &description)
    {
        m_gateways.insert(name, description);
    }

private:
    QJsonObject status() const;

    Engine &m_engine;
    std::function<QJsonObject()> m_serverInfo;
    const Router *m_router = nullptr;
    std::function<QStringList()> m_rpcMethods;
    QDateTime m_startedAt; // for the uptime in /status (`attache status`)
    QElapsedTimer m_uptime;
    QJsonObject m_gateways;
};
