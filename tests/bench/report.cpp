// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The table (Markdown, so it reads in a terminal and pastes into docs/performance.md) and the
// JSON file runs are compared with.
#include "scenarios.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>
#include <QSysInfo>
#include <QThread>

#include <cmath>
#include <cstdio>

namespace Bench {

namespace {

QString number(double value, int decimals)
{
    if (std::isnan(value))
        return QStringLiteral("—");
    static const QLocale english(QLocale::English, QLocale::UnitedStates);
    return english.toString(value, 'f', decimals);
}

double ratio(const Row &row)
{
    if (std::isnan(row.attache) || std::isnan(row.direct) || row.direct == 0)
        return nan();
    return row.attache / row.direct;
}

QJsonValue jsonNumber(double value)
{
    return std::isnan(value) ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

QString pad(const QString &text, qsizetype width, bool right)
{
    return right ? text.rightJustified(width, QLatin1Char(' '))
                 : text.leftJustified(width, QLatin1Char(' '));
}

} // namespace

bool Row::pass() const
{
    if (!complete || std::isnan(attache))
        return false;
    switch (goal) {
    case Goal::Below:
        return attache < target;
    case Goal::AtLeast:
        return attache >= target;
    case Goal::AtMost:
        return attache <= target;
    case Goal::None:
        break;
    }
    return true;
}

QString Row::targetText() const
{
    const QString value = number(target, target == std::floor(target) ? 0 : 1);
    switch (goal) {
    case Goal::Below:
        return QStringLiteral("< ") + value;
    case Goal::AtLeast:
        return QStringLiteral("≥ ") + value;
    case Goal::AtMost:
        return target == 0 ? QStringLiteral("0") : QStringLiteral("≤ ") + value;
    case Goal::None:
        break;
    }
    return {};
}

void Context::say(const QString &line) const
{
    std::fprintf(stderr, "%s\n", qUtf8Printable(line));
    std::fflush(stderr);
}

QString formatTable(const Context &ctx)
{
    const QStringList header { QStringLiteral("figure"),  QStringLiteral("unit"),
                               QStringLiteral("Attache"), QStringLiteral("direct"),
                               QStringLiteral("ratio"),   QStringLiteral("target"),
                               QStringLiteral("result"),  QStringLiteral("note") };
    QList<QStringList> lines;
    for (const Row &row : ctx.rows) {
        const double r = ratio(row);
        lines.append({ row.label, row.unit, number(row.attache, row.decimals),
                       number(row.direct, row.decimals),
                       std::isnan(r) ? QStringLiteral("—") : number(r, 2) + QStringLiteral("×"),
                       row.targetText(),
                       row.hasTarget()
                           ? (row.pass() ? QStringLiteral("PASS") : QStringLiteral("MISS"))
                           : QString(),
                       row.note });
    }
    QList<qsizetype> widths;
    for (const QString &h : header)
        widths.append(h.size());
    for (const QStringList &line : lines) {
        for (int c = 0; c < line.size(); ++c)
            widths[c] = qMax(widths[c], line.at(c).size());
    }
    const auto format = [&](const QStringList &cells) {
        QString out = QStringLiteral("|");
        for (int c = 0; c < cells.size(); ++c)
            out += QLatin1Char(' ') + pad(cells.at(c), widths[c], c >= 2 && c <= 4)
                + QStringLiteral(" |");
        return out;
    };
    QString table = format(header) + QLatin1Char('\n');
    table += QStringLiteral("|");
    for (int c = 0; c < header.size(); ++c) {
        const bool right = c >= 2 && c <= 4;
        if (right)
            table += QString(widths[c] + 1, QLatin1Char('-')) + QStringLiteral(":|");
        else
            table += QLatin1Char(' ') + QString(widths[c], QLatin1Char('-')) + QStringLiteral(" |");
    }
    table += QLatin1Char('\n');
    for (const QStringList &line : lines)
        table += format(line) + QLatin1Char('\n');
    int passed = 0;
    int targets = 0;
    for (const Row &row : ctx.rows) {
        if (row.hasTarget()) {
            ++targets;
            passed += row.pass();
        }
    }
    table +=
        QStringLiteral(
            "\n%1 of %2 targets met. Ratio = Attache / direct (the upstream read straight, same "
            "run, "
            "same client). Throughput and start-up: median of %3 repetitions (%4 headless, %5 GUI "
            "starts); first token: over %6 chats; reconnect: over %7; idle and open streams: one "
            "run.\n")
            .arg(passed)
            .arg(targets)
            .arg(ctx.mode.reps)
            .arg(ctx.mode.startups)
            .arg(ctx.mode.guiStartups)
            .arg(ctx.mode.ttftChats)
            .arg(ctx.mode.reconnects);
    for (const QString &note : ctx.notes)
        table += QStringLiteral("- ") + note + QLatin1Char('\n');
    return table;
}

QJsonObject toJson(const Context &ctx, double seconds)
{
    QJsonObject figures;
    QJsonArray order;
    for (const Row &row : ctx.rows) {
        QJsonObject f { { QStringLiteral("label"), row.label.trimmed() },
                        { QStringLiteral("unit"), row.unit },
                        { QStringLiteral("attache"), jsonNumber(row.attache) },
                        { QStringLiteral("direct"), jsonNumber(row.direct) },
                        { QStringLiteral("ratio"), jsonNumber(ratio(row)) } };
        if (row.hasTarget()) {
            f.insert(QStringLiteral("target"), row.targetText());
            f.insert(QStringLiteral("pass"), row.pass());
        }
        if (!row.note.isEmpty())
            f.insert(QStringLiteral("note"), row.note);
        for (auto it = row.extra.begin(); it != row.extra.end(); ++it)
            f.insert(it.key(),
                     it.value().isDouble() ? jsonNumber(it.value().toDouble()) : it.value());
        figures.insert(row.key, f);
        order.append(row.key);
    }
    return { { QStringLiteral("schema"), 1 },
             { QStringLiteral("date"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate) },
             { QStringLiteral("mode"), ctx.mode.name },
             { QStringLiteral("repetitions"), ctx.mode.reps },
             { QStringLiteral("seconds"), seconds },
             { QStringLiteral("host"),
               QJsonObject { { QStringLiteral("cores"), QThread::idealThreadCount() },
                             { QStringLiteral("kernel"), QSysInfo::kernelVersion() },
                             { QStringLiteral("os"), QSysInfo::prettyProductName() } } },
             { QStringLiteral("figures"), figures },
             { QStringLiteral("order"), order },
             { QStringLiteral("notes"), QJsonArray::fromStringList(ctx.notes) } };
}

} // namespace Bench
