// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// attache sessions [ls | show | rm | rename | export] and attache history.
#include "cli/context.h"
#include "cli/format.h"
#include "cli/markdownstyler.h"
#include "cli/table.h"
#include "cli/terminal.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <unistd.h>

namespace Cli {

namespace {

const QString SessionsHint = QStringLiteral("`attache sessions` lists them.");

int printJson(const HttpResponse &response)
{
    Terminal::out(QJsonDocument(response.object()).toJson(QJsonDocument::Indented));
    return ExitOk;
}

int list(Context &context)
{
    const HttpResponse response = context.http.get(QStringLiteral("/sessions"));
    if (!response.ok())
        return context.fail(response);
    if (context.json())
        return printJson(response);
    const Terminal::Style style { Terminal::styles(STDOUT_FILENO) };
    Table table({ QString(), QStringLiteral("NAME"), QStringLiteral("MESSAGES"),
                  QStringLiteral("UPDATED"), QStringLiteral("MODEL"), QStringLiteral("ID") });
    table.alignRight(2);
    table.setElastic(1);
    const QJsonArray sessions = response.object().value(QLatin1String("sessions")).toArray();
    for (const QJsonValue &value : sessions) {
        const QJsonObject s = value.toObject();
        table.addRow({ s.value(QLatin1String("current")).toBool() ? QStringLiteral("*") : QString(),
                       s.value(QLatin1String("name")).toString(),
                       QString::number(s.value(QLatin1String("message_count")).toInt()),
                       Format::age(s.value(QLatin1String("updated")).toString()),
                       s.value(QLatin1String("model")).toString(),
                       s.value(QLatin1String("id")).toString() });
    }
    if (table.isEmpty()) {
        Terminal::out(QStringLiteral("No sessions yet: `attache chat` starts one.\n"));
        return ExitOk;
    }
    Terminal::out(table.render(Terminal::width(STDOUT_FILENO), style));
    return ExitOk;
}

// The messages of a session, as a reader would want them on a terminal.
void printMessages(const QJsonArray &messages)
{
    const bool styled = Terminal::styles(STDOUT_FILENO);
    const Terminal::Style style { styled };
    QByteArray text;
    bool first = true;
    for (const QJsonValue &value : messages) {
        const QJsonObject message = value.toObject();
        const QString role = message.value(QLatin1String("role")).toString();
        const QString status = message.value(QLatin1String("status")).toString();
        if (!first)
            text += '\n';
        first = false;
        text += (role == QLatin1String("user") ? style.good() : style.heading()) + '['
            + role.toUtf8() + (status.isEmpty() ? QByteArray() : ", " + status.toUtf8()) + ']'
            + style.reset() + '\n';
        MarkdownStyler styler(styled && role == QLatin1String("assistant"));
        text += styler.feed(message.value(QLatin1String("content")).toString());
        text += styler.finish();
        if (!text.endsWith('\n'))
            text += '\n';
    }
    Terminal::out(text);
}

int show(Context &context, const QString &name)
{
    const HttpResponse response =
        context.http.get(QStringLiteral("/history"), { { QStringLiteral("session"), name } });
    if (!response.ok())
        return context.fail(response, SessionsHint);
    if (context.json())
        return printJson(response);
    const QJsonArray messages = response.object().value(QLatin1String("messages")).toArray();
    if (messages.isEmpty()) {
        Terminal::err(QStringLiteral("The session has no messages yet.\n"));
        return ExitOk;
    }
    printMessages(messages);
    return ExitOk;
}

int remove(Context &context, const QString &name)
{
    const HttpResponse response = context.http.post(QStringLiteral("/session/delete"),
                                                    { { QStringLiteral("session"), name } });
    if (!response.ok())
        return context.fail(response, SessionsHint);
    if (context.json())
        return printJson(response);
    Terminal::out(QStringLiteral("Deleted session %1.\n").arg(name));
    return ExitOk;
}

int rename(Context &context, const QString &from, const QString &to)
{
    const HttpResponse response =
        context.http.post(QStringLiteral("/session/rename"),
                          { { QStringLiteral("session"), from }, { QStringLiteral("name"), to } });
    if (!response.ok())
        return context.fail(response, SessionsHint);
    if (context.json())
        return printJson(response);
    Terminal::out(QStringLiteral("Renamed session %1 to %2.\n").arg(from, to));
    return ExitOk;
}

int exportSession(Context &context, const QString &name)
{
    const QString format = context.args.isSet(QStringLiteral("format"))
        ? context.args.value(QStringLiteral("format"))
        : QStringLiteral("markdown");
    if (format != QLatin1String("markdown") && format != QLatin1String("json"))
        return usageError(QStringLiteral("sessions"),
                          QStringLiteral("--format is markdown or json, not \"%1\"").arg(format));
    const HttpResponse response = context.http.get(
        QStringLiteral("/session/export"),
        { { QStringLiteral("session"), name }, { QStringLiteral("format"), format } });
    if (!response.ok())
        return context.fail(response, SessionsHint);
    Terminal::out(response.body);
    if (!response.body.endsWith('\n'))
        Terminal::out(QByteArrayLiteral("\n"));
    return ExitOk;
}

} // namespace

int runSessions(Context &context)
{
    const QStringList &words = context.args.positional;
    const QString action = words.value(0, QStringLiteral("ls"));
    const auto wants = [&](int count, const char *usage) {
        if (words.size() == count + 1)
            return true;
        usageError(QStringLiteral("sessions"),
                   QStringLiteral("usage: attache sessions %1").arg(QLatin1String(usage)));
        return false;
    };
    if (context.args.isSet(QStringLiteral("format")) && action != QLatin1String("export"))
        return usageError(QStringLiteral("sessions"), QStringLiteral("--format goes with export"));
    if (action == QLatin1String("ls") || action == QLatin1String("list"))
        return words.size() <= 1
            ? list(context)
            : usageError(QStringLiteral("sessions"), QStringLiteral("usage: attache sessions ls"));
    if (action == QLatin1String("show"))
        return wants(1, "show NAME") ? show(context, words.at(1)) : ExitUsage;
    if (action == QLatin1String("rm"))
        return wants(1, "rm NAME") ? remove(context, words.at(1)) : ExitUsage;
    if (action == QLatin1String("rename"))
        return wants(2, "rename OLD NEW") ? rename(context, words.at(1), words.at(2)) : ExitUsage;
    if (action == QLatin1String("export"))
        return wants(1, "export NAME [--format markdown|json]")
            ? exportSession(context, words.at(1))
            : ExitUsage;
    return usageError(
        QStringLiteral("sessions"),
        QStringLiteral("\"%1\" is not one of ls, show, rm, rename, export").arg(action));
}

int runHistory(Context &context)
{
    QList<std::pair<QString, QString>> query;
    if (context.args.isSet(QStringLiteral("session")))
        query.append({ QStringLiteral("session"), context.args.value(QStringLiteral("session")) });
    const HttpResponse response = context.http.get(QStringLiteral("/history"), query);
    if (!response.ok())
        return context.fail(response, SessionsHint);
    if (context.json())
        return printJson(response);
    const QJsonArray messages = response.object().value(QLatin1String("messages")).toArray();
    if (messages.isEmpty()) {
        Terminal::err(QStringLiteral("The session has no messages yet.\n"));
        return ExitOk;
    }
    printMessages(messages);
    return ExitOk;
}

} // namespace Cli
