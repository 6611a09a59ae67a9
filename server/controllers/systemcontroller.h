// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "router.h"

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
    /** A door in another API's shape, listed under "gateways" in /capabilities. */
    void addGateway(const QString &name, const QJsonObject &description)
    {
        m_gateways.insert(name, description);
    }

    static constexpr int ProtocolVersion = 1;

private:
    Engine &m_engine;
    std::function<QJsonObject()> m_serverInfo;
    const Router *m_router = nullptr;
    QJsonObject m_gateways;
};
