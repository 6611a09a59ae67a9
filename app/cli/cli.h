// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

/**
 * `attache COMMAND …`: the command-line client of the running instance. Everything goes through
 * the local port (found through the discovery file); the client opens no provider and no
 * database, and initialises no window code: Qt Core only.
 */
namespace Cli {

/** Before any Q*Application exists: is this a client command (not the window or a host mode)? */
bool isClientCommand(int argc, char **argv);
/** Runs the command; returns the process's exit code (see ExitCode). */
int run(int argc, char **argv);

} // namespace Cli
