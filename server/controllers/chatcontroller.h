// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "router.h"

class Engine;
class Run;

/** POST /chat, /chat/cancel, /runs/{id}/cancel and GET /runs/{id}/events. */
class ChatController
{
public:
    explicit ChatController(Engine &engine);
    void registerRoutes(Router &router);

private:
    void chat(const ApiRequest &request, HttpExchange &exchange);
    void cancelCurrent(const ApiRequest &request, HttpExchange &exchange);
    void cancelRun(const ApiRequest &request, HttpExchange &exchange);
    void runEvents(const ApiRequest &request, HttpExchange &exchange);
    static void answerWhenFinished(Run *run, HttpExchange &exchange);

    Engine &m_engine;
};
