// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/cli.h"

#include "cli/context.h"
#include "cli/instance.h"
#include "cli/terminal.h"

#include <QCoreApplication>
#include <QHash>

#include <csignal>

namespace Cli {

namespace {

using Runner = int (*)(Context &);

const QHash<QString, Runner> &runners()
{
    static const QHash<QString, Runner> table {
        { QStringLiteral("chat"), runChat },
        { QStringLiteral("code"), runCode },
        { QStringLiteral("follow"), runFollow },
        { QStringLiteral("status"), runStatus },
        { QStringLiteral("sessions"), runSessions },
        { QStringLiteral("history"), runHistory },
        { QStringLiteral("providers"), runProviders },
        { QStringLiteral("models"), runModels },
        { QStringLiteral("use"), runUse },
        { QStringLiteral("usage"), runUsage },
        { QStringLiteral("permissions"), runPermissions },
        { QStringLiteral("approve"), runApprove },
        { QStringLiteral("deny"), runDeny },
        { QStringLiteral("cancel"), runCancel },
        { QStringLiteral("env"), runEnv },
    };
    return table;
}

int help(const CommandLine &args)
{
    const QString topic =
        args.command == QLatin1String("help") ? args.positional.value(0) : args.command;
    if (topic.isEmpty()) {
        Terminal::out(CommandLine::mainHelp());
        return ExitOk;
    }
    const CommandSpec *spec = CommandLine::find(topic);
    if (!spec)
        return usageError({}, QStringLiteral("unknown command \"%1\"").arg(topic));
    Terminal::out(CommandLine::commandHelp(*spec));
    return ExitOk;
}

} // namespace

int usageError(const QString &command, const QString &message)
{
    Terminal::fail(message);
    Terminal::err(command.isEmpty()
                      ? QStringLiteral("`attache help` lists the commands.\n")
                      : QStringLiteral("`attache %1 --help` tells more.\n").arg(command));
    return ExitUsage;
}

int Context::fail(const HttpResponse &response, const QString &hint) const
{
    if (response.refused) {
        Terminal::fail(Instance::notRunning(discoveryPath));
        return ExitNotRunning;
    }
    QString message = response.errorMessage();
    if (response.status == 401)
        message += QStringLiteral(" The token in %1 is not the running instance's: run the "
                                  "command again (a token reset may just have happened).")
                       .arg(discoveryPath);
    else if (!hint.isEmpty())
        message += QLatin1Char(' ') + hint;
    Terminal::fail(message);
    return ExitFailed;
}

bool isClientCommand(int argc, char **argv)
{
    return CommandLine::namesCommand(argc, argv);
}

int run(int argc, char **argv)
{
    // A reader that goes away (attache sessions | head -1) ends a write, not the process: a
    // chat still has its run to cancel.
    std::signal(SIGPIPE, SIG_IGN);
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("attache"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ATTACHE_VERSION));

    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    CommandLine args;
    QString error;
    if (!args.parse(arguments, &error))
        return usageError(CommandLine::find(args.command) ? args.command : QString(), error);
    if (args.help || args.command.isEmpty() || args.command == QLatin1String("help"))
        return help(args);

    const QString discoveryPath = args.isSet(QStringLiteral("discovery-file"))
        ? args.value(QStringLiteral("discovery-file"))
        : DiscoveryFile::defaultPath();
    std::optional<DiscoveryFile::Info> instance = Instance::find(discoveryPath);
    if (!instance && args.isSet(QStringLiteral("start"))) {
        instance = Instance::start(args, discoveryPath, &error);
        if (!instance) {
            Terminal::fail(error);
            return ExitNotRunning;
        }
    }
    if (!instance) {
        Terminal::fail(Instance::notRunning(discoveryPath));
        return ExitNotRunning;
    }
    Context context(args, discoveryPath, *instance);
    return runners().value(args.command)(context);
}

} // namespace Cli
