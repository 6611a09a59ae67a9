// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/toolsupport.h"

#include <QJsonValue>
#include <QStringDecoder>
#include <QTimer>

#include <cmath>

namespace ToolSupport {

ToolResult failure(const QString &message)
{
    ToolResult result;
    result.content = message;
    result.isError = true;
    return result;
}

ToolResult failure(const EngineError &error)
{
    return failure(error.message);
}

void finish(QObject *context, Done done, ToolResult result)
{
    QTimer::singleShot(0, context,
                       [done = std::move(done), result = std::move(result)] { done(result); });
}

Result<QString> requiredString(const QJsonObject &arguments, const QString &key)
{
    const QJsonValue value = arguments.value(key);
    if (value.isUndefined() || value.isNull())
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("missing argument \"%1\"; it is required").arg(key) };
    if (!value.isString())
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("argument \"%1\" must be a string").arg(key) };
    return value.toString();
}

Result<QString> optionalString(const QJsonObject &arguments, const QString &key,
                               const QString &fallback)
{
    const QJsonValue value = arguments.value(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isString())
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("argument \"%1\" must be a string").arg(key) };
    return value.toString();
}

Result<qint64> optionalInteger(const QJsonObject &arguments, const QString &key, qint64 fallback,
                               qint64 minimum)
{
    const QJsonValue value = arguments.value(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    const double number = value.toDouble(std::nan(""));
    // 2^53: beyond it doubles skip integers, and no line count or timeout gets there.
    if (!value.isDouble() || std::floor(number) != number || number < double(minimum)
        || number > 9007199254740992.0)
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("argument \"%1\" must be a whole number of at least %2")
                                 .arg(key)
                                 .arg(minimum) };
    return qint64(number);
}

Result<bool> optionalBool(const QJsonObject &arguments, const QString &key, bool fallback)
{
    const QJsonValue value = arguments.value(key);
    if (value.isUndefined() || value.isNull())
        return fallback;
    if (!value.isBool())
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("argument \"%1\" must be true or false").arg(key) };
    return value.toBool();
}

bool looksBinary(const QByteArray &head)
{
    const QByteArray sniffed = head.left(BinarySniffBytes);
    if (sniffed.contains('\0'))
        return true;
    // Stateful: a multi-byte character cut at the end of the sniffed bytes is held back as
    // incomplete, not reported as an error.
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString decoded = decoder.decode(sniffed);
    Q_UNUSED(decoded)
    return decoder.hasError();
}

qsizetype utf8Boundary(const QByteArray &bytes, qsizetype cap)
{
    if (bytes.size() <= cap)
        return bytes.size();
    qsizetype end = cap;
    // Step back over continuation bytes (10xxxxxx) to the start of the cut character.
    while (end > 0 && (uchar(bytes.at(end)) & 0xC0) == 0x80)
        --end;
    return end;
}

QString counted(qint64 count, const QString &singular, const QString &plural)
{
    return QString::number(count) + QLatin1Char(' ') + (count == 1 ? singular : plural);
}

} // namespace ToolSupport
