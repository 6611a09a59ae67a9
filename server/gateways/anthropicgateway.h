// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gateways/gatewayclients.h"
#include "http/apirequest.h"

#include <QJsonObject>

class Engine;
class HttpExchange;
class Router;
class StreamHub;

/**
 * The door in Anthropic's shape: POST /v1/messages (streamed and not) and
 * POST /v1/messages/count_tokens, so Claude Code and Anthropic's SDKs attach to Attache. Any
 * provider can answer ("model": "<provider>/<model>", a bare id of the current provider, a
 * claude-* id Anthropic's, or "attache"); the client's tools pass through and are never run by
 * Attache. Errors come in Anthropic's shape, the guard's included. Every request is attributed to
 * its client for the ledger and the Clients panel.
 */
class AnthropicGateway
{
public:
    AnthropicGateway(Engine &engine, StreamHub &hub);
    void registerRoutes(Router &router);
    /** For /capabilities. */
    static QJsonObject describe();

    static inline const QString MessagesPath = QStringLiteral("/v1/messages");
    static inline const QString CountTokensPath = QStringLiteral("/v1/messages/count_tokens");

private:
    void messages(const ApiRequest &request, HttpExchange &exchange);
    void countTokens(const ApiRequest &request, HttpExchange &exchange);

    Engine &m_engine;
    StreamHub &m_hub;
    GatewayClients m_clients;
};
