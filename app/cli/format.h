// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace Cli::Format {

/** 42 → "42 s", 3700 → "1 h 1 min", 200000 → "2 d 7 h". */
QString duration(qint64 seconds);
/** An ISO time as "3 min ago", "yesterday 14:02" or a date, against now. */
QString age(const QString &iso, const QDateTime &now = QDateTime::currentDateTime());
/** A tool's arguments, one "name: value" a line, long or multi-line values indented below. */
QString arguments(const QJsonObject &arguments, const QString &indent);

} // namespace Cli::Format
