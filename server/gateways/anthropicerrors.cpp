// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateways/anthropicerrors.h"

#include "engineerror.h"
#include "net/jsonwriter.h"

namespace AnthropicErrors {

QByteArray typeFor(int status)
{
    switch (status) {
    case 400:
    case 405:
    case 415:
        return QByteArrayLiteral("invalid_request_error");
    case 401:
        return QByteArrayLiteral("authentication_error");
    case 403:
        return QByteArrayLiteral("permission_error");
    case 404:
        return QByteArrayLiteral("not_found_error");
    case 413:
        return QByteArrayLiteral("request_too_large");
    case 429:
        return QByteArrayLiteral("rate_limit_error");
    case 504:
        return QByteArrayLiteral("timeout_error");
    case 529:
        return QByteArrayLiteral("overloaded_error");
    default:
        return QByteArrayLiteral("api_error");
    }
}

QByteArray body(const QByteArray &type, const QString &message)
{
    QByteArray out = "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":";
    JsonWriter::appendString(out, message);
    out += "}}";
    return out;
}

ApiResponse response(const ApiError &error)
{
    return { error.status, QByteArrayLiteral("application/json"),
             body(typeFor(error.status), error.message), error.headers };
}

std::pair<int, QByteArray> statusAndType(const EngineError &error)
{
    switch (error.kind) {
    case ErrorKind::UnknownProvider:
    case ErrorKind::UnknownModel:
        return { 404, typeFor(404) };
    case ErrorKind::UpstreamError:
        // What the provider said, where the client can act on it; the rest is Attache's upstream.
        switch (error.upstreamStatus) {
        case 400:
        case 404:
        case 413:
        case 529:
            return { error.upstreamStatus, typeFor(error.upstreamStatus) };
        default:
            return { 502, typeFor(502) };
        }
    default: {
        // A provider refusing Attache's own key is no fault of the client's token: 502, not 401.
        const int status = ApiError::fromEngine(error).status;
        return { status, typeFor(status) };
    }
    }
}

ApiResponse response(const EngineError &error)
{
    const ApiError api = ApiError::fromEngine(error); // the Retry-After header, where it has one
    const auto [status, type] = statusAndType(error);
    return { status, QByteArrayLiteral("application/json"), body(type, error.message),
             api.headers };
}

} // namespace AnthropicErrors
