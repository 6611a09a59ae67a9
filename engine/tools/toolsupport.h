// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"
#include "tools/tool.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <functional>

/** Small pieces the built-in tools share: argument checks, results, text detection. */
namespace ToolSupport {

using Done = std::function<void(const ToolResult &)>;

ToolResult failure(const QString &message);
ToolResult failure(const EngineError &error);

/** Calls done with result on the next event-loop pass, and not at all once context is gone:
 * callers never see done re-enter them from inside run(). */
void finish(QObject *context, Done done, ToolResult result);

// Argument checks. The messages name the argument and say what it must be, for the model.
Result<QString> requiredString(const QJsonObject &arguments, const QString &key);
Result<QString> optionalString(const QJsonObject &arguments, const QString &key,
                               const QString &fallback);
/** A whole number >= minimum; fallback when absent or null. */
Result<qint64> optionalInteger(const QJsonObject &arguments, const QString &key, qint64 fallback,
                               qint64 minimum);
Result<bool> optionalBool(const QJsonObject &arguments, const QString &key, bool fallback);

/** Bytes read from a file's start hold a NUL byte or are not UTF-8 (a sequence cut off at the
 * end of head is allowed: head is only a prefix). */
bool looksBinary(const QByteArray &head);
/** How many leading bytes of head the binary check reads. */
constexpr qsizetype BinarySniffBytes = 8 * 1024;

/** The longest prefix of bytes no longer than cap that does not split a UTF-8 sequence. */
qsizetype utf8Boundary(const QByteArray &bytes, qsizetype cap);

/** "1 line", "3 lines". */
QString counted(qint64 count, const QString &singular, const QString &plural);

} // namespace ToolSupport
