// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apierror.h"
#include "router.h"

#include <QJsonObject>

#include <optional>

class Engine;
class Run;
class RunWatchers;
struct ChatRequest;

/** POST /chat, /chat/cancel, /runs/{id}/cancel and GET /runs/{id}/events. */
class ChatController
{
public:
    ChatController(Engine &engine, RunWatchers &watchers);
    void registerRoutes(Router &router);

    /** Reads {message, session?, context?{code, language}} — shared with JSON-RPC "chat". */
    static std::optional<ApiError> parseChat(const QJsonObject &body, ChatRequest &chat);

private:
    void chat(const ApiRequest &request, HttpExchange &exchange);
    void cancelCurrent(const ApiRequest &request, HttpExchange &exchange);
    void cancelRun(const ApiRequest &request, HttpExchange &exchange);
    void runEvents(const ApiRequest &request, HttpExchange &exchange);
    void answerWhenFinished(Run *run, HttpExchange &exchange);

    Engine &m_engine;
    RunWatchers &m_watchers;
};
