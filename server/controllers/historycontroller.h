// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "router.h"

class Engine;

/** GET /history and POST /history/clear, for the current session or ?session=. */
class HistoryController
{
public:
    explicit HistoryController(Engine &engine);
    void registerRoutes(Router &router);

private:
    void history(const ApiRequest &request, HttpExchange &exchange);
    void clear(const ApiRequest &request, HttpExchange &exchange);

    Engine &m_engine;
};
