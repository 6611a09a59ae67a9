// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/commandline.h"
#include "cli/httpclient.h"
#include "discoveryfile.h"

#include <QString>

namespace Cli {

/** What every command gets: its arguments, the instance and a way to ask it. */
struct Context
{
    Context(const CommandLine &args, QString discoveryPath, const DiscoveryFile::Info &instance)
        : args(args)
        , discoveryPath(std::move(discoveryPath))
        , instance(instance)
        , http(instance)
    { }

    const CommandLine &args;
    QString discoveryPath;
    DiscoveryFile::Info instance;
    HttpClient http;

    bool json() const { return args.isSet(QStringLiteral("json")); }
    /**
     * Says on stderr why a request failed, with what to do (hint, when the server's message
     * does not already say it), and returns the exit code: 3 when the instance has gone, else 1.
     */
    int fail(const HttpResponse &response, const QString &hint = {}) const;
};

/** A usage error: the message and where to read more, on stderr; returns ExitUsage. */
int usageError(const QString &command, const QString &message);

// The commands, one function each.
int runChat(Context &context);
int runCode(Context &context);
int runFollow(Context &context);
int runStatus(Context &context);
int runSessions(Context &context);
int runHistory(Context &context);
int runProviders(Context &context);
int runModels(Context &context);
int runUse(Context &context);
int runUsage(Context &context);
int runPermissions(Context &context);
int runApprove(Context &context);
int runDeny(Context &context);
int runCancel(Context &context);
int runEnv(Context &context);

} // namespace Cli
