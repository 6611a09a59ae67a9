// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine.h"
#include "engineerror.h"
#include "http/apierror.h"
#include "router.h"

#include <QJsonObject>

#include <functional>
#include <optional>

class Run;
class RunWatchers;
class StreamHub;
struct ChatRequest;
struct CodingTask;

/** POST /chat, /coding_task, /chat/regenerate, /chat/cancel, /runs/{id}/cancel and
 * GET /runs/{id}/events. */
class ChatController
{
public:
    ChatController(Engine &engine, RunWatchers &watchers, StreamHub &hub);
    void registerRoutes(Router &router);

    /** Reads {message, session?, context?{code, language}} — shared with JSON-RPC "chat". */
    static std::optional<ApiError> parseChat(const QJsonObject &body, ChatRequest &chat);
    /** Reads {task_type, content, language?, filename?, session?} — shared with "coding_task". */
    static std::optional<ApiError> parseCodingTask(const QJsonObject &body, CodingTask &task);
    /** Reads {session?} (an id or a name; empty: the current session) — shared with
     * "regenerate". */
    static std::optional<ApiError> parseRegenerate(const QJsonObject &body, QString &session);
    /** Engine::regenerate, then the watch on the new run, as chat() calls it. */
    static Result<Run *> regenerate(Engine &engine, const QString &session, const QString &clientId,
                                    const Engine::Watch &watch);

private:
    void chat(const ApiRequest &request, HttpExchange &exchange);
    void codingTask(const ApiRequest &request, HttpExchange &exchange);
    void regenerate(const ApiRequest &request, HttpExchange &exchange);
    using Starter = std::function<Result<Run *>(const Engine::Watch &watch)>;
    void start(const Starter &startRun, bool stream, HttpExchange &exchange);
    void cancelCurrent(const ApiRequest &request, HttpExchange &exchange);
    void cancelRun(const ApiRequest &request, HttpExchange &exchange);
    void runEvents(const ApiRequest &request, HttpExchange &exchange);
    void answerWhenFinished(Run *run, HttpExchange &exchange);

    Engine &m_engine;
    RunWatchers &m_watchers;
    StreamHub &m_hub;
};
