// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace Cli {

/** What `attache COMMAND` returns, as documented in `attache help` and the README. */
enum ExitCode {
    ExitOk = 0,
    ExitFailed = 1, // the run or the request failed; the reason is on stderr
    ExitUsage = 2,
    ExitNotRunning = 3, // no instance answers
    ExitCancelled = 130, // Ctrl-C, as a shell reports a process ended by SIGINT
};

struct OptionSpec
{
    QString name; // without the dashes
    QString valueName; // empty: a flag
    QString help;
    bool repeatable = false;
};

struct CommandSpec
{
    QString name;
    QString synopsis; // the positional part, e.g. "[MESSAGE]"
    QString summary; // one line, for `attache help`
    QString details; // paragraphs for `attache COMMAND --help`
    QList<OptionSpec> options;
    int minArguments = 0;
    int maxArguments = 0; // -1: any number
};

/**
 * The client's command line: one table of commands and options drives the parser, the help
 * texts and (checked by a test) the shell completions.
 */
class CommandLine
{
public:
    static const QList<CommandSpec> &commands();
    static const CommandSpec *find(const QString &name);
    /** Options every command takes (where to find the instance, --start). */
    static const QList<OptionSpec> &globalOptions();
    /** Before any Q*Application exists: does argv name a client command (or an unknown word)? */
    static bool namesCommand(int argc, char **argv);

    /** Parses the arguments after the program name; false with *error on a usage error. */
    bool parse(const QStringList &arguments, QString *error);

    QString command; // empty: none given
    QStringList positional; // after the command
    bool help = false;

    bool isSet(const QString &option) const { return m_values.contains(option); }
    QString value(const QString &option) const { return m_values.value(option).value(0); }
    QStringList values(const QString &option) const { return m_values.value(option); }

    static QString mainHelp();
    static QString commandHelp(const CommandSpec &command);

private:
    QHash<QString, QStringList> m_values;
};

} // namespace Cli
