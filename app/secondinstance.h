// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "discoveryfile.h"

/**
 * A second start of the app while one runs: asks the running instance to bring its window to
 * the front (POST /app/show with the token from the discovery file), says in one line what
 * happened, and returns the exit code. Waits on a local event loop: the process has nothing
 * else to do.
 */
namespace SecondInstance {

constexpr int AnswerTimeoutMs = 3000;

/** notShown, when given, gets what to tell the person who clicked the icon when no window came
 * forward (the running one is headless, or did not answer); empty when it did. */
int showRunningWindow(const DiscoveryFile::Info &running, QString *notShown = nullptr);

} // namespace SecondInstance
