// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "options.h"

#include "discoveryfile.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QStandardPaths>

#include <cstdio>
#include <cstring>

bool Options::wantsGui(int argc, char **argv, QString *reason)
{
    for (int i = 1; i < argc; ++i) {
        const char *arg = argv[i];
        for (const char *plain : { "--headless", "--stdio", "--reset-token", "-h", "--help",
                                   "--help-all", "-v", "--version" }) {
            if (std::strcmp(arg, plain) == 0)
                return false;
        }
    }
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        *reason = QStringLiteral("attache: no display (DISPLAY and WAYLAND_DISPLAY are unset); "
                                 "running headless.");
        return false;
    }
    return true;
}

Options Options::parse(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Attache — a desktop AI assistant. One engine for the window, your editor and "
        "scripts, on a local port.\n"
        "Given a command (chat, status, sessions, usage, …) attache is a client of the "
        "running instance: attache help lists the commands."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption headless(
        QStringLiteral("headless"),
        QStringLiteral("Run the engine and the server without a window."));
    const QCommandLineOption port(
        QStringList { QStringLiteral("p"), QStringLiteral("port") },
        QStringLiteral("Listen on <port> (next free one if taken; 0 for any). "
                       "Default 8765."),
        QStringLiteral("port"));
    const QCommandLineOption configDir(
        QStringLiteral("config-dir"),
        QStringLiteral("Read settings.ini and providers.json from <dir>."), QStringLiteral("dir"));
    const QCommandLineOption discovery(QStringLiteral("discovery-file"),
                                       QStringLiteral("Write the discovery file to <path>."),
                                       QStringLiteral("path"));
    const QCommandLineOption stdio(
        QStringLiteral("stdio"),
        QStringLiteral("Speak JSON-RPC on stdin/stdout: attach to the running "
                       "instance, or host a headless one when none runs."));
    const QCommandLineOption dataDir(QStringLiteral("data-dir"),
                                     QStringLiteral("Keep sessions, history and usage in <dir>."),
                                     QStringLiteral("dir"));
    const QCommandLineOption resetToken(
        QStringLiteral("reset-token"),
        QStringLiteral("Give the running instance a new token: every attached client is "
                       "disconnected and must read the discovery file again."));
    parser.addOptions({ headless, stdio, port, configDir, dataDir, discovery, resetToken });
    parser.process(app);

    Options options;
    options.headless = parser.isSet(headless);
    options.stdio = parser.isSet(stdio);
    options.resetToken = parser.isSet(resetToken);
    if (parser.isSet(port)) {
        bool ok = false;
        const uint value = parser.value(port).toUInt(&ok);
        if (!ok || value > 65535) {
            std::fprintf(stderr, "attache: --port wants a number from 0 to 65535, not \"%s\".\n",
                         qUtf8Printable(parser.value(port)));
            std::exit(2);
        }
        options.port = quint16(value);
    }
    options.configDir = parser.isSet(configDir)
        ? parser.value(configDir)
        : QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation);
    options.dataDir = parser.isSet(dataDir)
        ? parser.value(dataDir)
        : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    options.discoveryPath =
        parser.isSet(discovery) ? parser.value(discovery) : DiscoveryFile::defaultPath();
    return options;
}
