// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "router.h"

#include <functional>

/**
 * What concerns the desktop app rather than the engine: POST /app/show, which a second start of
 * Attache sends so the running instance brings its window forward instead of starting twice.
 */
class AppController
{
public:
    /** showWindow asks for the window and says whether there is one (false when headless). */
    explicit AppController(std::function<bool()> showWindow);
    void registerRoutes(Router &router);

private:
    std::function<bool()> m_showWindow;
};
