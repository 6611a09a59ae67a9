// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// attache usage: the ledger's tokens and cost as a table fitted to the terminal.
#include "cli/context.h"
#include "cli/table.h"
#include "cli/terminal.h"

#include <QDate>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <unistd.h>

namespace Cli {

namespace {

// "7d" → the last seven days, today included; or a date.
QDate sinceDate(const QString &text, bool *ok)
{
    static const QRegularExpression days(QStringLiteral("^(\\d{1,4})d$"));
    const QRegularExpressionMatch match = days.match(text);
    *ok = true;
    if (match.hasMatch() && match.captured(1).toInt() > 0)
        return QDate::currentDate().addDays(1 - match.captured(1).toInt());
    const QDate date = QDate::fromString(text, Qt::ISODate);
    *ok = date.isValid();
    return date;
}

} // namespace

int runUsage(Context &context)
{
    const QString by = context.args.isSet(QStringLiteral("by"))
        ? context.args.value(QStringLiteral("by"))
        : QStringLiteral("provider");
    static const QStringList groupings { QStringLiteral("provider"), QStringLiteral("model"),
                                         QStringLiteral("session"), QStringLiteral("client"),
                                         QStringLiteral("day") };
    if (!groupings.contains(by))
        return usageError(QStringLiteral("usage"),
                          QStringLiteral("--by is one of %1, not \"%2\"")
                              .arg(groupings.join(QLatin1String(", ")), by));
    QList<std::pair<QString, QString>> query;
    QDate since;
    if (context.args.isSet(QStringLiteral("since"))) {
        bool ok = false;
        since = sinceDate(context.args.value(QStringLiteral("since")), &ok);
        if (!ok)
            return usageError(QStringLiteral("usage"),
                              QStringLiteral("--since wants 7d, 30d (any number of days) or a "
                                             "date like 2025-01-31, not \"%1\"")
                                  .arg(context.args.value(QStringLiteral("since"))));
        query.append({ QStringLiteral("from"), since.toString(Qt::ISODate) });
    }
    const HttpResponse response = context.http.get(QStringLiteral("/usage"), query);
    if (!response.ok())
        return context.fail(response);
    const QJsonObject usage = response.object();
    const QJsonArray rows = usage.value(QLatin1String("by_") + by).toArray();
    const QJsonObject totals = usage.value(QLatin1String("totals")).toObject();
    if (context.json()) {
        QJsonObject out { { QStringLiteral("by"), by },
                          { QStringLiteral("rows"), rows },
                          { QStringLiteral("totals"), totals } };
        if (since.isValid())
            out.insert(QStringLiteral("since"), since.toString(Qt::ISODate));
        Terminal::out(QJsonDocument(out).toJson(QJsonDocument::Indented));
        return ExitOk;
    }

    // Sessions by name where they still exist.
    QHash<QString, QString> sessionNames;
    if (by == QLatin1String("session")) {
        const HttpResponse sessions = context.http.get(QStringLiteral("/sessions"));
        for (const QJsonValue &s : sessions.object().value(QLatin1String("sessions")).toArray())
            sessionNames.insert(s[QLatin1String("id")].toString(),
                                s[QLatin1String("name")].toString());
    }
    QStringList headers;
    QStringList keys;
    if (by == QLatin1String("model")) {
        headers << QStringLiteral("PROVIDER") << QStringLiteral("MODEL");
        keys << QStringLiteral("provider") << QStringLiteral("model");
    } else {
        headers << by.toUpper();
        keys << (by == QLatin1String("session")      ? QStringLiteral("session_id")
                     : by == QLatin1String("client") ? QStringLiteral("client_id")
                                                     : by);
    }
    const int numbers = int(headers.size());
    headers << QStringLiteral("REQUESTS") << QStringLiteral("PROMPT")
            << QStringLiteral("COMPLETION") << QStringLiteral("TOTAL") << QStringLiteral("COST");
    Table table(headers);
    table.setElastic(numbers - 1);
    for (int c = numbers; c < headers.size(); ++c)
        table.alignRight(c);
    const auto figures = [](const QJsonObject &row) {
        const QString estimated = row.value(QLatin1String("includes_estimates")).toBool()
            ? QStringLiteral("~")
            : QString();
        return QStringList {
            Table::number(row.value(QLatin1String("requests")).toInteger()),
            Table::number(row.value(QLatin1String("prompt_tokens")).toInteger()),
            Table::number(row.value(QLatin1String("completion_tokens")).toInteger()),
            estimated + Table::number(row.value(QLatin1String("total_tokens")).toInteger()),
            Table::money(row.value(QLatin1String("cost")).toDouble())
        };
    };
    for (const QJsonValue &value : rows) {
        const QJsonObject row = value.toObject();
        QStringList cells;
        for (const QString &key : std::as_const(keys)) {
            QString cell = row.value(key).toString();
            if (key == QLatin1String("session_id") && sessionNames.contains(cell))
                cell = sessionNames.value(cell);
            cells << (cell.isEmpty() ? QStringLiteral("(none)") : cell);
        }
        table.addRow(cells + figures(row));
    }
    if (table.isEmpty()) {
        Terminal::out(since.isValid()
                          ? QStringLiteral("No usage since %1.\n").arg(since.toString(Qt::ISODate))
                          : QStringLiteral("No usage recorded yet.\n"));
        return ExitOk;
    }
    QStringList footer { QStringLiteral("Total") };
    while (footer.size() < numbers)
        footer << QString();
    table.setFooter(footer + figures(totals));
    Terminal::out(
        table.render(Terminal::width(STDOUT_FILENO), { Terminal::styles(STDOUT_FILENO) }));
    if (totals.value(QLatin1String("includes_estimates")).toBool())
        Terminal::out(QStringLiteral("~ includes estimated tokens (the provider did not count "
                                     "them)\n"));
    return ExitOk;
}

} // namespace Cli
