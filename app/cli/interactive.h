// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace Cli {

struct Context;

/**
 * `attache chat` on a terminal with no message: a conversation with line editing and history
 * (GNU Readline; the history is kept in Attache's state directory), and /new, /session NAME,
 * /model M, /provider ID, /help, /exit. Ctrl-C stops a reply (or clears the line); Ctrl-D leaves.
 */
int runInteractive(Context &context);

} // namespace Cli
