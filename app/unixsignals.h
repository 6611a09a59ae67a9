// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/**
 * Turns SIGINT, SIGTERM and SIGHUP into an orderly QCoreApplication::quit(), so the discovery
 * file is removed and runs are stopped however the process is asked to end.
 */
namespace UnixSignals {
void quitOnTermination();
}
