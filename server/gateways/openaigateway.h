// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gateways/gatewayclients.h"
#include "router.h"

#include <QJsonObject>

class Engine;
class StreamHub;

/**
 * The OpenAI-compatible door, /v1: GET /v1/models and /v1/models/{id}, POST
 * /v1/chat/completions, POST /v1/responses and GET /v1/responses/{id}, POST /v1/embeddings.
 * Attache's token is the API key; every error under /v1 is in OpenAI's shape; every request is
 * attributed to its client for the ledger and the Clients panel.
 */
class OpenAiGateway
{
public:
    OpenAiGateway(Engine &engine, StreamHub &hub);
    void registerRoutes(Router &router);
    /** For /capabilities. */
    static QJsonObject describe();

private:
    void listModels(const ApiRequest &request, HttpExchange &exchange);
    void getModel(const ApiRequest &request, HttpExchange &exchange);
    void chatCompletions(const ApiRequest &request, HttpExchange &exchange);
    void responses(const ApiRequest &request, HttpExchange &exchange);
    void getResponse(const ApiRequest &request, HttpExchange &exchange);
    void embeddings(const ApiRequest &request, HttpExchange &exchange);

    Engine &m_engine;
    StreamHub &m_hub;
    GatewayClients m_clients;
    qint64 m_created; // what the model list gives as every model's "created"
};
