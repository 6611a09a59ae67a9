// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "controllers/appcontroller.h"

#include "controllers/controller.h"

using namespace Controller;

AppController::AppController(std::function<bool()> showWindow)
    : m_showWindow(std::move(showWindow))
{ }

void AppController::registerRoutes(Router &router)
{
    router.add("POST", QStringLiteral("/app/show"), [this](const ApiRequest &, HttpExchange &e) {
        e.respond(json({ { QStringLiteral("shown"), m_showWindow() } }));
    });
}
