// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "router.h"

class Engine;

/**
 * What clients share beyond runs: GET /topics (versions for polling), GET /events (an SSE feed
 * of topic changes, notifications and presence), POST /notifications, replies to questions,
 * and GET /clients.
 */
class EventsController
{
public:
    explicit EventsController(Engine &engine);
    void registerRoutes(Router &router);

private:
    void events(const ApiRequest &request, HttpExchange &exchange);
    void postNotification(const ApiRequest &request, HttpExchange &exchange);
    void replyToNotification(const ApiRequest &request, HttpExchange &exchange);
    void notification(const ApiRequest &request, HttpExchange &exchange);

    Engine &m_engine;
    quint64 m_nextEventId = 1;
};
