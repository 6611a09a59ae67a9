// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/apierror.h"
#include "router.h"

class Engine;

/**
 * GET /mcp/servers, GET /mcp/servers/{name}; POST /mcp/servers (add an entry to mcp.json);
 * DELETE /mcp/servers/{name}; POST /mcp/servers/{name}/enable, /disable, /restart.
 */
class McpController
{
public:
    explicit McpController(Engine &engine);
    void registerRoutes(Router &router);

private:
    void respondWith(HttpExchange &exchange, const QString &name, int status = 200);

    Engine &m_engine;
};
