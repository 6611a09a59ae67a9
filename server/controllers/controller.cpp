// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "controllers/controller.h"

#include <QJsonDocument>

namespace Controller {

ApiResponse json(const QJsonObject &object, int status)
{
    return { status,
             QByteArrayLiteral("application/json"),
             QJsonDocument(object).toJson(QJsonDocument::Compact),
             {} };
}

ApiResponse jsonArray(const QJsonArray &array, int status)
{
    return { status,
             QByteArrayLiteral("application/json"),
             QJsonDocument(array).toJson(QJsonDocument::Compact),
             {} };
}

std::optional<ApiError> parseObject(const ApiRequest &request, QJsonObject &out)
{
    if (request.body.trimmed().isEmpty()) {
        out = {};
        return std::nullopt;
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError) {
        return ApiError { 400,
                          QStringLiteral("invalid_json"),
                          QStringLiteral("The request body is not valid JSON: %1 at offset %2.")
                              .arg(error.errorString())
                              .arg(error.offset),
                          {} };
    }
    if (!doc.isObject())
        return ApiError::badRequest(QStringLiteral("The request body must be a JSON object."));
    out = doc.object();
    return std::nullopt;
}

std::optional<ApiError> optionalString(const QJsonObject &object, QLatin1String key, QString &out)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isString())
        return ApiError::badRequest(QStringLiteral("\"%1\" must be a string.").arg(key));
    out = value.toString();
    return std::nullopt;
}

std::optional<ApiError> optionalBool(const QJsonObject &object, QLatin1String key, bool &out)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined())
        return std::nullopt;
    if (!value.isBool())
        return ApiError::badRequest(QStringLiteral("\"%1\" must be true or false.").arg(key));
    out = value.toBool();
    return std::nullopt;
}

void fail(HttpExchange &exchange, const ApiError &error)
{
    exchange.respond(error.toResponse());
}

} // namespace Controller
