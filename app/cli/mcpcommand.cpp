// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// attache mcp [ls | enable NAME | disable NAME | restart NAME]: the MCP servers in mcp.json.
#include "cli/context.h"
#include "cli/table.h"
#include "cli/terminal.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <unistd.h>

namespace Cli {

namespace {

int list(Context &context)
{
    const HttpResponse response = context.http.get(QStringLiteral("/mcp/servers"));
    if (!response.ok())
        return context.fail(response);
    const QJsonObject body = response.object();
    if (context.json()) {
        Terminal::out(QJsonDocument(body).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    const QJsonArray servers = body.value(QLatin1String("servers")).toArray();
    if (!body.value(QLatin1String("warning")).toString().isEmpty())
        Terminal::err(body.value(QLatin1String("warning")).toString() + QLatin1Char('\n'));
    if (servers.isEmpty()) {
        Terminal::out(QStringLiteral("No MCP server is configured; add one to %1.\n")
                          .arg(body.value(QLatin1String("config_path")).toString()));
        return ExitOk;
    }
    Table table({ QStringLiteral("NAME"), QStringLiteral("TRANSPORT"), QStringLiteral("STATE"),
                  QStringLiteral("TOOLS"), QStringLiteral("LAST ERROR") });
    table.alignRight(3);
    table.setElastic(4);
    for (const QJsonValue &value : servers) {
        const QJsonObject server = value.toObject();
        table.addRow({ server.value(QLatin1String("name")).toString(),
                       server.value(QLatin1String("transport")).toString(),
                       server.value(QLatin1String("state")).toString(),
                       QString::number(server.value(QLatin1String("tools")).toArray().size()),
                       server.value(QLatin1String("last_error")).toString() });
    }
    Terminal::out(table.render(Terminal::width(STDOUT_FILENO),
                               Terminal::Style { Terminal::styles(STDOUT_FILENO) }));
    return ExitOk;
}

int act(Context &context, const QString &action, const QString &name)
{
    const HttpResponse response =
        context.http.post(QStringLiteral("/mcp/servers/%1/%2").arg(name, action));
    if (!response.ok())
        return context.fail(response,
                            response.status == 404
                                ? QStringLiteral("`attache mcp ls` lists the servers.")
                                : QString());
    if (context.json()) {
        Terminal::out(QJsonDocument(response.object()).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    const QString state = response.object().value(QLatin1String("state")).toString();
    Terminal::out(QStringLiteral("%1: %2%3.\n")
                      .arg(name,
                           action == QLatin1String("enable")        ? QStringLiteral("enabled")
                               : action == QLatin1String("disable") ? QStringLiteral("disabled")
                                                                    : QStringLiteral("restarted"),
                           state.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(state)));
    return ExitOk;
}

} // namespace

int runMcp(Context &context)
{
    const QString verb = context.args.positional.value(0, QStringLiteral("ls"));
    const QString name = context.args.positional.value(1);
    if (verb == QLatin1String("ls")) {
        if (!name.isEmpty())
            return usageError(QStringLiteral("mcp"), QStringLiteral("ls takes no name"));
        return list(context);
    }
    if (verb != QLatin1String("enable") && verb != QLatin1String("disable")
        && verb != QLatin1String("restart"))
        return usageError(
            QStringLiteral("mcp"),
            QStringLiteral("mcp takes ls, enable, disable or restart, not \"%1\"").arg(verb));
    if (name.isEmpty())
        return usageError(QStringLiteral("mcp"),
                          QStringLiteral("%1 needs a server's name").arg(verb));
    return act(context, verb, name);
}

} // namespace Cli
