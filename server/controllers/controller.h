// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/apierror.h"
#include "http/httpexchange.h"

#include <QJsonArray>
#include <QJsonObject>

#include <optional>

class Router;

/** Shared by the controllers: JSON in, JSON out, errors in one shape. */
namespace Controller {

ApiResponse json(const QJsonObject &object, int status = 200);
ApiResponse jsonArray(const QJsonArray &array, int status = 200);
/** Parses the body as a JSON object (an empty body is an empty object). */
std::optional<ApiError> parseObject(const ApiRequest &request, QJsonObject &out);
/** Reads an optional string member; a present member of another type is an error. */
std::optional<ApiError> optionalString(const QJsonObject &object, QLatin1String key, QString &out);
/** Reads an optional true or false (out keeps its value when the member is absent); anything
 * else, null included, is an error. */
std::optional<ApiError> optionalBool(const QJsonObject &object, QLatin1String key, bool &out);
void fail(HttpExchange &exchange, const ApiError &error);

} // namespace Controller
