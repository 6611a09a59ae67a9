// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// attache status, providers, models, use, env: what the instance is and what it chats with.
#include "cli/context.h"
#include "cli/format.h"
#include "cli/table.h"
#include "cli/terminal.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <unistd.h>

namespace Cli {

namespace {

Terminal::Style outStyle()
{
    return { Terminal::styles(STDOUT_FILENO) };
}

QString clientText(const QJsonObject &client)
{
    const QString name = client.value(QLatin1String("name")).toString();
    const QString kind = client.value(QLatin1String("kind")).toString();
    return name.isEmpty() || name == kind ? kind : QStringLiteral("%1 (%2)").arg(name, kind);
}

} // namespace

int runStatus(Context &context)
{
    const HttpResponse status = context.http.get(QStringLiteral("/status"));
    if (!status.ok())
        return context.fail(status);
    const HttpResponse clients = context.http.get(QStringLiteral("/clients"));
    if (!clients.ok())
        return context.fail(clients);
    QJsonObject json = status.object();
    const QJsonObject server = json.take(QLatin1String("server")).toObject();
    QJsonObject instance = server;
    instance.insert(QStringLiteral("pid"), context.instance.pid);
    instance.insert(QStringLiteral("version"), json.value(QLatin1String("version")));
    json.insert(QStringLiteral("instance"), instance);
    const QJsonArray clientList = clients.object().value(QLatin1String("clients")).toArray();
    json.insert(QStringLiteral("clients"), clientList);
    if (context.json()) {
        Terminal::out(QJsonDocument(json).toJson(QJsonDocument::Indented));
        return ExitOk;
    }

    const Terminal::Style style = outStyle();
    const auto label = [&style](const char *name) {
        return QString::fromUtf8(style.bold() + QByteArray(name).leftJustified(10) + style.reset());
    };
    QString text =
        QStringLiteral("%1Attache %2%3 at %4, pid %5")
            .arg(QString::fromUtf8(style.bold()), json.value(QLatin1String("version")).toString(),
                 QString::fromUtf8(style.reset()), server.value(QLatin1String("url")).toString())
            .arg(context.instance.pid);
    if (server.contains(QLatin1String("uptime_seconds")))
        text += QStringLiteral(", up ")
            + Format::duration(server.value(QLatin1String("uptime_seconds")).toInteger());
    text += QLatin1Char('\n');
    const QString provider = json.value(QLatin1String("provider")).toString();
    text += label("Provider")
        + (provider.isEmpty() ? QStringLiteral("none ready")
                              : QStringLiteral("%1, model %2")
                                    .arg(provider, json.value(QLatin1String("model")).toString()))
        + QLatin1Char('\n');
    const QJsonObject setup = json.value(QLatin1String("setup_needed")).toObject();
    if (!setup.isEmpty())
        text +=
            label("Setup") + setup.value(QLatin1String("message")).toString() + QLatin1Char('\n');
    const QString sessionName = json.value(QLatin1String("session_name")).toString();
    text += label("Session")
        + (sessionName.isEmpty() ? json.value(QLatin1String("session")).toString()
                                 : QStringLiteral("%1 (%2)").arg(
                                     sessionName, json.value(QLatin1String("session")).toString()))
        + QStringLiteral(", %1 in all\n").arg(json.value(QLatin1String("sessions")).toInt());
    QStringList names;
    for (const QJsonValue &client : clientList)
        names.append(clientText(client.toObject()));
    text += label("Clients")
        + (names.isEmpty()
               ? QStringLiteral("none attached")
               : QStringLiteral("%1: %2").arg(names.size()).arg(names.join(QLatin1String(", "))))
        + QLatin1Char('\n');
    const QJsonArray runs = json.value(QLatin1String("runs")).toArray();
    QStringList runTexts;
    for (const QJsonValue &value : runs) {
        const QJsonObject run = value.toObject();
        runTexts.append(QStringLiteral("%1 in %2 (%3)")
                            .arg(run.value(QLatin1String("run")).toString(),
                                 run.value(QLatin1String("session_name")).toString(),
                                 run.value(QLatin1String("state")).toString()));
    }
    const int active = json.value(QLatin1String("active_runs")).toInt();
    text += label("Runs")
        + (active == 0 ? QStringLiteral("none active")
                       : QStringLiteral("%1 active%2")
                             .arg(active)
                             .arg(runTexts.isEmpty()
                                      ? QString()
                                      : QLatin1String(": ") + runTexts.join(QLatin1String(", "))))
        + QLatin1Char('\n');
    const QString storageError = json.value(QLatin1String("storage_error")).toString();
    if (!storageError.isEmpty())
        text += label("Storage") + QString::fromUtf8(style.bad()) + storageError
            + QString::fromUtf8(style.reset()) + QLatin1Char('\n');
    Terminal::out(text);
    return ExitOk;
}

int runProviders(Context &context)
{
    const HttpResponse response = context.http.get(QStringLiteral("/providers"));
    if (!response.ok())
        return context.fail(response);
    if (context.json()) {
        Terminal::out(QJsonDocument(response.json().toArray()).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    Table table({ QString(), QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("READY"),
                  QStringLiteral("SERVER") });
    table.setElastic(4);
    for (const QJsonValue &value : response.json().toArray()) {
        const QJsonObject p = value.toObject();
        const bool ready = p.value(QLatin1String("ready")).toBool();
        table.addRow(
            { p.value(QLatin1String("current")).toBool() ? QStringLiteral("*") : QString(),
              p.value(QLatin1String("id")).toString(), p.value(QLatin1String("name")).toString(),
              ready                                                ? QStringLiteral("yes")
                  : p.value(QLatin1String("has_api_key")).toBool() ? QStringLiteral("no")
                                                                   : QStringLiteral("needs a key"),
              p.value(QLatin1String("base_url")).toString() });
    }
    Terminal::out(table.render(Terminal::width(STDOUT_FILENO), outStyle()));
    return ExitOk;
}

int runModels(Context &context)
{
    const HttpResponse status = context.http.get(QStringLiteral("/status"));
    if (!status.ok())
        return context.fail(status);
    const HttpResponse response = context.http.get(QStringLiteral("/models"));
    if (!response.ok())
        return context.fail(response,
                            QStringLiteral("`attache providers` shows which provider "
                                           "is ready."));
    if (context.json()) {
        Terminal::out(QJsonDocument(response.json().toArray()).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    const QString current = status.object().value(QLatin1String("model")).toString();
    Table table({ QString(), QStringLiteral("MODEL"), QStringLiteral("NAME") });
    table.setElastic(2);
    for (const QJsonValue &value : response.json().toArray()) {
        const QJsonObject model = value.toObject();
        const QString id = model.value(QLatin1String("id")).toString();
        const QString name = model.value(QLatin1String("name")).toString();
        table.addRow(
            { id == current ? QStringLiteral("*") : QString(), id, name == id ? QString() : name });
    }
    Terminal::out(table.render(Terminal::width(STDOUT_FILENO), outStyle()));
    if (response.header("x-attache-models-source") == "catalog")
        Terminal::err(QStringLiteral("(%1's list from the catalog: the provider did not list "
                                     "its models)\n")
                          .arg(status.object().value(QLatin1String("provider")).toString()));
    return ExitOk;
}

int runUse(Context &context)
{
    const QString choice = context.args.positional.value(0);
    const qsizetype slash = choice.indexOf(QLatin1Char('/'));
    const QString provider = slash < 0 ? choice : choice.left(slash);
    const QString model = slash < 0 ? QString() : choice.mid(slash + 1);
    if (provider.isEmpty() && model.isEmpty())
        return usageError(QStringLiteral("use"),
                          QStringLiteral("name a provider, a model or both: PROVIDER[/MODEL]"));
    HttpResponse response;
    if (!provider.isEmpty()) {
        response = context.http.post(QStringLiteral("/provider"),
                                     { { QStringLiteral("provider"), provider } });
        if (!response.ok())
            return context.fail(response, QStringLiteral("`attache providers` lists them."));
    }
    if (!model.isEmpty()) {
        response =
            context.http.post(QStringLiteral("/model"), { { QStringLiteral("model"), model } });
        if (!response.ok())
            return context.fail(response);
    }
    const QJsonObject now = response.object();
    if (context.json()) {
        Terminal::out(QJsonDocument(now).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    Terminal::out(QStringLiteral("Chats now use %1, model %2.\n")
                      .arg(now.value(QLatin1String("provider")).toString(),
                           now.value(QLatin1String("model")).toString()));
    return ExitOk;
}

int runEnv(Context &context)
{
    const QString shell = context.args.isSet(QStringLiteral("shell"))
        ? context.args.value(QStringLiteral("shell"))
        : QStringLiteral("sh");
    if (shell != QLatin1String("sh") && shell != QLatin1String("fish"))
        return usageError(QStringLiteral("env"),
                          QStringLiteral("--shell is sh or fish, not \"%1\"").arg(shell));
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(context.instance.port);
    const QString token = QString::fromLatin1(context.instance.token);
    const QList<std::pair<const char *, QString>> exports {
        { "OPENAI_BASE_URL", base + QLatin1String("/v1") },
        { "OPENAI_API_KEY", token },
        { "ANTHROPIC_BASE_URL", base },
        { "ANTHROPIC_AUTH_TOKEN", token },
    };
    QString text;
    for (const auto &[name, value] : exports) {
        text += shell == QLatin1String("fish")
            ? QStringLiteral("set -gx %1 '%2';\n").arg(QLatin1String(name), value)
            : QStringLiteral("export %1='%2'\n").arg(QLatin1String(name), value);
    }
    Terminal::out(text);
    return ExitOk;
}

} // namespace Cli
