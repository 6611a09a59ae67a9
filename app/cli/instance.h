// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "discoveryfile.h"

#include <QString>

#include <optional>

namespace Cli {

class CommandLine;

/** Finding the running instance through its discovery file, or starting one. */
namespace Instance {

/** The instance the discovery file names, if its process lives and its port answers. */
std::optional<DiscoveryFile::Info> find(const QString &discoveryPath);
/** What to tell the user when none runs: how to start one. */
QString notRunning(const QString &discoveryPath);
/**
 * Starts `attache --headless` detached (its own session, output to attache.log beside the
 * discovery file) with the command line's --config-dir, --data-dir and --port, and waits for
 * its /health. nullopt with *error if it does not come up.
 */
std::optional<DiscoveryFile::Info> start(const CommandLine &args, const QString &discoveryPath,
                                         QString *error);

} // namespace Instance

} // namespace Cli
