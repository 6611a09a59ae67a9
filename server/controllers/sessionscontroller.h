// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "router.h"

class Engine;

/** GET /sessions, POST
 * /session/{new,load,save,rename,settings,delete,import}, GET /session/export, GET
 * /usage. */
class SessionsController
{
public:
    explicit SessionsController(Engine &engine);
    void registerRoutes(Router &router);

private:
    void list(HttpExchange &exchange);
    void create(const ApiRequest &request, HttpExchange &exchange);
    void load(const ApiRequest &request, HttpExchange &exchange);
    void save(const ApiRequest &request, HttpExchange &exchange);
    void rename(const ApiRequest &request, HttpExchange &exchange);
    void setSettings(const ApiRequest &request, HttpExchange &exchange);
    void remove(const ApiRequest &request, HttpExchange &exchange);
    void exportSession(const ApiRequest &request, HttpExchange &exchange);
    void importSession(const ApiRequest &request, HttpExchange &exchange);
    void usage(const ApiRequest &request, HttpExchange &exchange);
    void answerWithSession(HttpExchange &exchange, const QString &ref, int status = 200);

    Engine &m_engine;
};
