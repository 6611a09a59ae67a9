// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// attache permissions, approve, deny and cancel: answering and stopping what runs.
#include "cli/context.h"
#include "cli/format.h"
#include "cli/terminal.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <unistd.h>

namespace Cli {

namespace {

int answer(Context &context, bool allow)
{
    const QString id = context.args.positional.value(0);
    const QString scope = context.args.isSet(QStringLiteral("scope"))
        ? context.args.value(QStringLiteral("scope"))
        : QStringLiteral("once");
    if (!QStringList { QStringLiteral("once"), QStringLiteral("session"), QStringLiteral("always") }
             .contains(scope))
        return usageError(
            QStringLiteral("approve"),
            QStringLiteral("--scope is once, session or always, not \"%1\"").arg(scope));
    const HttpResponse response = context.http.post(
        QStringLiteral("/permissions/%1").arg(id),
        { { QStringLiteral("decision"), allow ? QStringLiteral("allow") : QStringLiteral("deny") },
          { QStringLiteral("scope"), scope } });
    if (!response.ok())
        return context.fail(response,
                            response.status == 404
                                    || response.errorCode() == QLatin1String("not_found")
                                ? QStringLiteral("`attache permissions` lists the pending ones.")
                                : QString());
    if (!allow)
        Terminal::out(QStringLiteral("Denied %1.\n").arg(id));
    else if (scope == QLatin1String("once"))
        Terminal::out(QStringLiteral("Allowed %1 once.\n").arg(id));
    else if (scope == QLatin1String("session"))
        Terminal::out(
            QStringLiteral("Allowed %1, and its tool for the rest of the session.\n").arg(id));
    else
        Terminal::out(QStringLiteral("Allowed %1, and its tool from now on.\n").arg(id));
    return ExitOk;
}

} // namespace

int runPermissions(Context &context)
{
    const HttpResponse response = context.http.get(QStringLiteral("/permissions"));
    if (!response.ok())
        return context.fail(response);
    if (context.json()) {
        Terminal::out(QJsonDocument(response.object()).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    const QJsonArray pending = response.object().value(QLatin1String("pending")).toArray();
    if (pending.isEmpty()) {
        Terminal::out(QStringLiteral("No tool call is waiting for an answer.\n"));
        return ExitOk;
    }
    const Terminal::Style style { Terminal::styles(STDOUT_FILENO) };
    QString text;
    for (const QJsonValue &value : pending) {
        const QJsonObject request = value.toObject();
        const QDateTime at =
            QDateTime::fromString(request.value(QLatin1String("at")).toString(), Qt::ISODateWithMs);
        const qint64 left = at.isValid() ? QDateTime::currentDateTime().secsTo(
                                at.addMSecs(request.value(QLatin1String("timeout_ms")).toInteger()))
                                         : -1;
        text += QString::fromUtf8(style.bold()) + request.value(QLatin1String("id")).toString()
            + QString::fromUtf8(style.reset()) + QLatin1String("  ")
            + request.value(QLatin1String("tool")).toString()
            + QStringLiteral("  (run %1, session %2%3)\n")
                  .arg(request.value(QLatin1String("run")).toString(),
                       request.value(QLatin1String("session")).toString(),
                       left >= 0 ? QStringLiteral("; denied in %1 unless answered")
                                       .arg(Format::duration(left))
                                 : QString())
            + Format::arguments(request.value(QLatin1String("arguments")).toObject(),
                                QStringLiteral("    "));
        const QString diff = request.value(QLatin1String("diff")).toString();
        if (!diff.isEmpty()) {
            for (const QString &line : diff.split(QLatin1Char('\n'))) {
                const QByteArray colour = line.startsWith(QLatin1Char('+')) ? style.good()
                    : line.startsWith(QLatin1Char('-'))                     ? style.bad()
                                                                            : QByteArray();
                text += QLatin1String("    ") + QString::fromUtf8(colour) + line
                    + QString::fromUtf8(colour.isEmpty() ? QByteArray() : style.reset())
                    + QLatin1Char('\n');
            }
        }
        text += QLatin1Char('\n');
    }
    text += QStringLiteral("Answer with `attache approve ID [--scope session|always]` or "
                           "`attache deny ID`.\n");
    Terminal::out(text);
    return ExitOk;
}

int runApprove(Context &context)
{
    return answer(context, true);
}

int runDeny(Context &context)
{
    return answer(context, false);
}

int runCancel(Context &context)
{
    const QString run = context.args.positional.value(0);
    const QString session = context.args.value(QStringLiteral("session"));
    if (!run.isEmpty() && !session.isEmpty())
        return usageError(QStringLiteral("cancel"),
                          QStringLiteral("name a run or a session, not both"));
    const HttpResponse response = run.isEmpty()
        ? context.http.post(QStringLiteral("/chat/cancel"),
                            session.isEmpty()
                                ? QJsonObject()
                                : QJsonObject { { QStringLiteral("session"), session } })
        : context.http.post(QStringLiteral("/runs/%1/cancel").arg(run));
    if (!response.ok())
        return context.fail(response);
    const QJsonObject result = response.object();
    if (context.json()) {
        Terminal::out(QJsonDocument(result).toJson(QJsonDocument::Indented));
        return ExitOk;
    }
    const QString id = result.value(QLatin1String("run")).toString();
    if (result.value(QLatin1String("cancelled")).toBool())
        Terminal::out(QStringLiteral("Cancelled run %1.\n").arg(id));
    else if (!id.isEmpty())
        Terminal::out(
            QStringLiteral("Run %1 had already ended (%2).\n")
                .arg(id, result.value(QLatin1String("state")).toString(QStringLiteral("done"))));
    else
        Terminal::out(
            session.isEmpty()
                ? QStringLiteral("Nothing to cancel: no run is in progress in the current "
                                 "session.\n")
                : QStringLiteral("Nothing to cancel: no run is in progress in %1.\n").arg(session));
    return ExitOk;
}

} // namespace Cli
