// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

class QCoreApplication;

/** What the command line asked for. */
struct Options
{
    bool headless = false;
    bool stdio = false; // JSON-RPC on stdin/stdout; implies no window
    bool resetToken = false; // ask the running instance for a new token, then exit
    std::optional<quint16> port; // --port; otherwise the setting (default 8765)
    QString configDir; // settings.ini and providers.json
    QString dataDir; // attache.db: sessions, history, usage
    QString discoveryPath; // server.json

    /** Parses the application's arguments; prints help or an error and exits on bad input. */
    static Options parse(const QCoreApplication &app);
    /** Before any Q*Application exists: is a GUI wanted and possible? Sets *reason if not. */
    static bool wantsGui(int argc, char **argv, QString *reason);
};
