// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The `attache` executable. Given a client command (`attache status`, `attache chat`, …) it is the
// command-line client and needs Qt Core alone. Anything else (the window, --headless, --stdio,
// --reset-token) is the host, in the attache-host module loaded here: linking the engine, the
// server and the window's libraries into the executable made every start load and relocate Qt
// Gui, Widgets, Sql, WebSockets, Network and their dependencies (about 60 shared objects), which
// measured about two thirds of a client command's whole run on a 2-core machine.
#include "cli/cli.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <dlfcn.h>
#include <string>
#include <unistd.h>

namespace {

// Where the module lies relative to the executable: the same in the build tree and once
// installed (bin/attache, lib/attache/attache-host.so).
std::string hostModulePath()
{
    char self[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return {};
    std::string path(self, size_t(n));
    path.erase(path.rfind('/') + 1);
    return path + ATTACHE_HOST_MODULE;
}

int runHost(int argc, char *argv[])
{
    const std::string path = hostModulePath();
    void *module = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!module) {
        std::fprintf(stderr,
                     "attache: cannot load the engine and window (%s): %s\n"
                     "Rebuild the attache target, or install again with cmake --install.\n",
                     path.c_str(), ::dlerror());
        return 1;
    }
    using HostMain = int (*)(int, char **);
    const auto hostMain = reinterpret_cast<HostMain>(::dlsym(module, "attache_host_main"));
    if (!hostMain) {
        std::fprintf(stderr, "attache: %s has no attache_host_main: %s\n", path.c_str(),
                     ::dlerror());
        return 1;
    }
    return hostMain(argc, argv);
}

} // namespace

int main(int argc, char *argv[])
{
    if (Cli::isClientCommand(argc, argv))
        return Cli::run(argc, argv);
    return runHost(argc, argv);
}
