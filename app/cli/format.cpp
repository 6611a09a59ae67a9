// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/format.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Cli::Format {

QString duration(qint64 seconds)
{
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds);
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return QStringLiteral("%1 min").arg(minutes);
    const qint64 hours = minutes / 60;
    if (hours < 24)
        return minutes % 60 ? QStringLiteral("%1 h %2 min").arg(hours).arg(minutes % 60)
                            : QStringLiteral("%1 h").arg(hours);
    return hours % 24 ? QStringLiteral("%1 d %2 h").arg(hours / 24).arg(hours % 24)
                      : QStringLiteral("%1 d").arg(hours / 24);
}

QString age(const QString &iso, const QDateTime &now)
{
    const QDateTime when = QDateTime::fromString(iso, Qt::ISODateWithMs).toLocalTime();
    if (!when.isValid())
        return iso;
    const qint64 seconds = when.secsTo(now);
    if (seconds < 0)
        return when.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    if (seconds < 60)
        return QStringLiteral("just now");
    if (seconds < 3600)
        return QStringLiteral("%1 min ago").arg(seconds / 60);
    if (when.date() == now.date())
        return when.toString(QStringLiteral("'today' HH:mm"));
    if (when.date().addDays(1) == now.date())
        return when.toString(QStringLiteral("'yesterday' HH:mm"));
    return when.toString(QStringLiteral("yyyy-MM-dd"));
}

QString arguments(const QJsonObject &arguments, const QString &indent)
{
    QString text;
    for (auto it = arguments.begin(); it != arguments.end(); ++it) {
        QString value;
        if (it->isString())
            value = it->toString();
        else if (it->isObject())
            value = QString::fromUtf8(QJsonDocument(it->toObject()).toJson(QJsonDocument::Indented))
                        .trimmed();
        else if (it->isArray())
            value = QString::fromUtf8(QJsonDocument(it->toArray()).toJson(QJsonDocument::Compact));
        else
            value =
                QString::fromUtf8(QJsonDocument(QJsonArray { *it }).toJson(QJsonDocument::Compact))
                    .mid(1)
                    .chopped(1);
        if (!value.contains(QLatin1Char('\n')) && value.size() <= 72) {
            text += indent + it.key() + QLatin1String(": ") + value + QLatin1Char('\n');
            continue;
        }
        // In full, never cut: the user approves exactly this.
        text += indent + it.key() + QLatin1String(":\n");
        for (const QString &line : value.split(QLatin1Char('\n')))
            text += indent + QStringLiteral("  │ ") + line + QLatin1Char('\n');
    }
    return text;
}

} // namespace Cli::Format
