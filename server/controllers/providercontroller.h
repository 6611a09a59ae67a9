// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "router.h"

class Engine;

/** GET /providers, POST /provider, GET /models, POST /model. */
class ProviderController
{
public:
    explicit ProviderController(Engine &engine);
    void registerRoutes(Router &router);

private:
    void listProviders(HttpExchange &exchange);
    void setProvider(const ApiRequest &request, HttpExchange &exchange);
    void listModels(HttpExchange &exchange);
    void setModel(const ApiRequest &request, HttpExchange &exchange);

    Engine &m_engine;
};
