// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "router.h"

class Engine;
class StreamHub;

/**
 * What clients share beyond runs: GET /topics (versions for polling), GET /events (an SSE feed
 * of topic changes, notifications and presence), POST /notifications, replies to questions,
 * and GET /clients.
 */
class EventsController
{
public:
    EventsController(Engine &engine, StreamHub &hub);
    void registerRoutes(Router &router);

private:
    void events(const ApiRequest &request, HttpExchange &exchange);
    void postNotification(const ApiRequest &request, HttpExchange &exchange);
    void replyToNotification(const ApiRequest &request, HttpExchange &exchange);
    void notification(const ApiRequest &request, HttpExchange &exchange);

    Engine &m_engine;
    StreamHub &m_hub;
};
