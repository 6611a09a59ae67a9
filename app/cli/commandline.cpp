// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/commandline.h"

#include <cstring>

namespace Cli {

namespace {

OptionSpec flag(const char *name, const char *help)
{
    return { QLatin1String(name), {}, QLatin1String(help) };
}

OptionSpec valued(const char *name, const char *valueName, const char *help)
{
    return { QLatin1String(name), QLatin1String(valueName), QLatin1String(help) };
}

const OptionSpec Json = flag("json", "Print JSON instead of text.");

QList<CommandSpec> makeCommands()
{
    QList<CommandSpec> list;
    const auto add = [&list](const char *name, const char *synopsis, const char *summary,
                             const char *details, QList<OptionSpec> options, int minArguments,
                             int maxArguments) {
        list.append({ QLatin1String(name), QLatin1String(synopsis), QLatin1String(summary),
                      QLatin1String(details), std::move(options), minArguments, maxArguments });
    };
    OptionSpec file = valued("file", "PATH", "Attach a file to the message, as @path does.");
    file.repeatable = true;
    add("chat", "[MESSAGE]", "Send a message and stream the reply as it is written",
        "The reply goes to stdout as it arrives: plain text when piped; on a terminal, headings "
        "and code are styled (--raw turns that off).\n"
        "The message is MESSAGE, or stdin when MESSAGE is - or when it is left out and stdin is "
        "not a terminal. Given both, stdin is attached to MESSAGE as context:\n"
        "  git diff | attache chat \"review this\"\n"
        "With no message on a terminal, it is an interactive session with line editing and "
        "history: /new, /session NAME, /model M, /provider ID, /help, /exit (or Ctrl-D).\n"
        "When a tool asks permission, the terminal asks too; the first answer anywhere wins. "
        "Ctrl-C stops the reply (exit 130); a second Ctrl-C leaves at once.",
        { valued("session", "NAME", "Chat in this session (a new name starts one)."),
          flag("new", "Start a new session."),
          valued("provider", "ID", "Use this provider for the chat (attache providers)."),
          valued("model", "M", "Use this model for the chat (attache models)."), file,
          flag("json", "Print every event of the run as one JSON line, as on the wire."),
          flag("raw", "Print the reply as it comes, without styling.") },
        0, 1);
    add("status", "", "The running instance, its provider and model, clients and runs",
        "Shows the instance (address, pid, version, uptime), the provider and model chats use, "
        "the attached clients and the runs in progress.",
        { Json }, 0, 0);
    add("sessions", "[ls | show NAME | rm NAME | rename OLD NEW | export NAME]",
        "List, show, delete, rename or export sessions",
        "ls (the default) lists the sessions, the current one marked with *. show prints one "
        "session's conversation; rm deletes it; rename gives it a new name; export prints it as "
        "Markdown (or JSON with --format json).",
        { Json, valued("format", "markdown|json", "What export prints (default markdown).") }, 0,
        3);
    add("history", "", "The conversation of the current session (or --session NAME)",
        "Prints the messages of a session, oldest first.",
        { valued("session", "NAME", "Another session than the current one."), Json }, 0, 0);
    add("providers", "", "The providers and whether each is ready",
        "Lists every provider: its id, name, whether it has what it needs (a key or a server of "
        "your own) and which one is in use.",
        { Json }, 0, 0);
    add("models", "", "The models of the provider in use",
        "Asks the provider in use for its models (its catalog's list when it cannot say).",
        { Json }, 0, 0);
    add("use", "PROVIDER[/MODEL]", "Choose the provider (and model) every client chats with",
        "Sets the provider and, after a slash, its model, for the window, editors and the "
        "terminal alike: attache use openai/gpt-4o-mini. Only the model: attache use /MODEL.",
        { Json }, 1, 1);
    add("usage", "", "Tokens and cost, by provider, model, session, client or day",
        "A table of requests, tokens and cost, fitted to the terminal's width.",
        { valued("by", "provider|model|session|client|day",
                 "How to break it down (default "
                 "provider)."),
          valued("since", "7d|30d|DATE",
                 "Only from this day on (Nd: the last N days, or a "
                 "date like 2025-01-31)."),
          Json },
        0, 0);
    add("permissions", "", "Tool calls waiting for an answer",
        "Lists the pending permission requests with their full arguments; answer one with "
        "attache approve ID or attache deny ID.",
        { Json }, 0, 0);
    add("approve", "ID", "Allow a pending tool call",
        "Allows the tool call ID (attache permissions lists them): once (the default), for the "
        "rest of the session, or always.",
        { valued("scope", "once|session|always", "How far the answer goes (default once).") }, 1,
        1);
    add("deny", "ID", "Refuse a pending tool call", "Refuses the tool call ID.", {}, 1, 1);
    add("cancel", "[RUN]", "Stop a run",
        "Stops the run RUN, or the one in progress in the current session (or --session NAME); "
        "the provider stops at once.",
        { valued("session", "NAME", "The run in progress in this session."), Json }, 0, 1);
    add("follow", "", "Print every run's events as they happen, like tail -f",
        "Follows the runs of every session (or --session NAME), whoever started them, until "
        "Ctrl-C.",
        { valued("session", "NAME", "Only this session's runs."),
          flag("json", "Print every event as one JSON line, as on the wire."),
          flag("raw", "Print replies without styling.") },
        0, 0);
    add("code", "explain|test|docs|debug|implement|review FILE[:FROM-TO]",
        "A coding task on a file or a range of its lines",
        "Sends the file (or lines FROM to TO of it) as a coding task and streams the answer, as "
        "chat does: attache code review src/main.cpp:10-42.",
        { valued("session", "NAME", "Run it in this session."),
          flag("json", "Print every event of the run as one JSON line, as on the wire."),
          flag("raw", "Print the answer as it comes, without styling.") },
        2, 2);
    add("env", "", "Shell exports that point OpenAI and Anthropic tools at Attache",
        "Prints OPENAI_BASE_URL, OPENAI_API_KEY, ANTHROPIC_BASE_URL and ANTHROPIC_AUTH_TOKEN "
        "for the running instance, so that\n  eval \"$(attache env)\"\n"
        "is all a tool needs. The token changes at every start of Attache.",
        { valued("shell", "sh|fish", "The syntax (default sh: bash, zsh, dash).") }, 0, 0);
    add("help", "[COMMAND]", "This list, or what a command does", "", {}, 0, 1);
    return list;
}

bool takesValue(const QList<OptionSpec> &options, const QString &name)
{
    for (const OptionSpec &option : options) {
        if (option.name == name)
            return !option.valueName.isEmpty();
    }
    return false;
}

const OptionSpec *findOption(const QList<OptionSpec> &options, const QString &name)
{
    for (const OptionSpec &option : options) {
        if (option.name == name)
            return &option;
    }
    return nullptr;
}

QString optionLines(const QList<OptionSpec> &options)
{
    QStringList left;
    int width = 0;
    for (const OptionSpec &option : options) {
        left.append(
            QLatin1String("  --") + option.name
            + (option.valueName.isEmpty() ? QString() : QLatin1Char(' ') + option.valueName));
        width = qMax(width, int(left.last().size()));
    }
    QString text;
    for (qsizetype i = 0; i < options.size(); ++i)
        text += left.at(i).leftJustified(width + 2) + options.at(i).help + QLatin1Char('\n');
    return text;
}

} // namespace

const QList<CommandSpec> &CommandLine::commands()
{
    static const QList<CommandSpec> list = makeCommands();
    return list;
}

const CommandSpec *CommandLine::find(const QString &name)
{
    for (const CommandSpec &command : commands()) {
        if (command.name == name)
            return &command;
    }
    return nullptr;
}

const QList<OptionSpec> &CommandLine::globalOptions()
{
    static const QList<OptionSpec> list {
        valued("discovery-file", "PATH", "Find the instance through this discovery file."),
        flag("start", "Start a headless instance (detached) if none runs, and wait for it."),
        valued("config-dir", "DIR", "With --start: the instance's settings directory."),
        valued("data-dir", "DIR", "With --start: the instance's data directory."),
        valued("port", "N", "With --start: the instance's port."),
        flag("help", "What the command does and takes."),
    };
    return list;
}

bool CommandLine::namesCommand(int argc, char **argv)
{
    // The host's options that take a value: their value is not a command.
    static const char *const valueOptions[] = { "--port", "-p", "--config-dir", "--data-dir",
                                                "--discovery-file" };
    for (int i = 1; i < argc; ++i) {
        const char *arg = argv[i];
        if (std::strcmp(arg, "--") == 0)
            return i + 1 < argc;
        if (arg[0] != '-' || arg[1] == '\0')
            return true; // a word: a command, or an unknown one the client reports
        for (const char *option : valueOptions) {
            if (std::strcmp(arg, option) == 0)
                ++i;
        }
    }
    return false;
}

bool CommandLine::parse(const QStringList &arguments, QString *error)
{
    bool optionsEnded = false;
    QStringList words;
    QList<std::pair<QString, QString>> options; // name, value (null for a flag)
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (optionsEnded || !arg.startsWith(QLatin1Char('-')) || arg == QLatin1String("-")) {
            words.append(arg);
            continue;
        }
        if (arg == QLatin1String("--")) {
            optionsEnded = true;
            continue;
        }
        if (arg == QLatin1String("-h")) {
            help = true;
            continue;
        }
        if (!arg.startsWith(QLatin1String("--"))) {
            *error = QStringLiteral("unknown option %1").arg(arg);
            return false;
        }
        const qsizetype equals = arg.indexOf(QLatin1Char('='));
        const QString name = arg.mid(2, equals < 0 ? -1 : equals - 2);
        if (equals >= 0) {
            options.append({ name, arg.mid(equals + 1) });
        } else {
            options.append({ name, QString() });
            // Whether it takes the next word is known once the command is; look it up in both.
            const CommandSpec *spec = find(words.value(0));
            const bool wantsValue =
                takesValue(globalOptions(), name) || (spec && takesValue(spec->options, name));
            if (wantsValue) {
                if (i + 1 >= arguments.size()) {
                    *error = QStringLiteral("--%1 needs a value").arg(name);
                    return false;
                }
                options.last().second = arguments.at(++i);
            }
        }
    }
    command = words.value(0);
    positional = words.mid(1);
    const CommandSpec *spec = find(command);
    if (!command.isEmpty() && !spec) {
        *error = QStringLiteral("unknown command \"%1\"").arg(command);
        return false;
    }
    for (const auto &[name, value] : options) {
        if (name == QLatin1String("help")) {
            help = true;
            continue;
        }
        const OptionSpec *option = findOption(globalOptions(), name);
        if (!option && spec)
            option = findOption(spec->options, name);
        if (!option) {
            *error = spec ? QStringLiteral("attache %1 has no option --%2").arg(command, name)
                          : QStringLiteral("unknown option --%1").arg(name);
            return false;
        }
        if (option->valueName.isEmpty() && !value.isNull()) {
            *error = QStringLiteral("--%1 takes no value").arg(name);
            return false;
        }
        if (!option->repeatable && m_values.contains(name)) {
            *error = QStringLiteral("--%1 is given twice").arg(name);
            return false;
        }
        m_values[name].append(value.isNull() ? QString() : value);
    }
    if (help || !spec)
        return true;
    if (positional.size() < spec->minArguments
        || (spec->maxArguments >= 0 && positional.size() > spec->maxArguments)) {
        *error = QStringLiteral("usage: attache %1 %2").arg(command, spec->synopsis).trimmed();
        return false;
    }
    return true;
}

QString CommandLine::mainHelp()
{
    QString text = QStringLiteral(
        "Usage: attache COMMAND [OPTIONS]\n"
        "       attache [--headless | --stdio] [--port N] [--config-dir DIR] [--data-dir DIR]\n\n"
        "Without a command, attache opens the window (--headless: engine and server only;\n"
        "--stdio: JSON-RPC on stdin/stdout; attache --help tells more). Given a command, it is a\n"
        "client of the running instance and sees the same sessions, runs and approvals as the\n"
        "window and your editor.\n\nCommands:\n");
    int width = 0;
    for (const CommandSpec &command : commands())
        width = qMax(width, int(command.name.size()));
    for (const CommandSpec &command : commands())
        text += QLatin1String("  ") + command.name.leftJustified(width + 2) + command.summary
            + QLatin1Char('\n');
    text +=
        QStringLiteral("\nOptions of every command:\n") + optionLines(globalOptions())
        + QStringLiteral(
            "\nExit codes: 0 done, 1 failed (the reason on stderr), 2 usage error, 3 no "
            "instance\nrunning, 130 cancelled. attache COMMAND --help tells more about each.\n");
    return text;
}

QString CommandLine::commandHelp(const CommandSpec &command)
{
    QString text =
        QStringLiteral("Usage: attache %1 %2").arg(command.name, command.synopsis).trimmed()
        + QStringLiteral(" [OPTIONS]\n\n") + command.summary + QLatin1String(".\n");
    if (!command.details.isEmpty())
        text += QLatin1Char('\n') + command.details + QLatin1Char('\n');
    if (!command.options.isEmpty())
        text += QStringLiteral("\nOptions:\n") + optionLines(command.options);
    text += QStringLiteral("\nOptions of every command:\n") + optionLines(globalOptions());
    return text;
}

} // namespace Cli
