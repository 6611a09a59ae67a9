// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/apierror.h"
#include "router.h"

#include <QJsonObject>

#include <optional>

class Engine;

/**
 * GET /tools, /tools/status; POST /tools/enable, /tools/disable, /tools/config;
 * POST /working_dir; GET /permissions; POST /permissions/{id}.
 */
class ToolsController
{
public:
    explicit ToolsController(Engine &engine);
    void registerRoutes(Router &router);

    /** {decision: allow|deny, scope: once|session|always} from any transport. */
    static std::optional<ApiError> respond(Engine &engine, const QString &id,
                                           const QJsonObject &body, const QString &clientId);

private:
    void enable(const ApiRequest &request, HttpExchange &exchange, bool enabled);
    void configure(const ApiRequest &request, HttpExchange &exchange);
    void workingDir(const ApiRequest &request, HttpExchange &exchange);
    /** {path, set_by}: set_by names who chose it, when that is known. */
    QJsonObject workingDirJson() const;
    QJsonObject status() const;

    Engine &m_engine;
};
