// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateways/openaierror.h"

#include "engineerror.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace {

// OpenAI's SDKs retry 408, 409, 429 and 5xx unless told not to: a request that cannot succeed
// until the user changes something is not worth sending again.
const QPair<QByteArray, QByteArray> NoRetry { QByteArrayLiteral("x-should-retry"),
                                              QByteArrayLiteral("false") };

} // namespace

OpenAiError OpenAiError::invalid(const QString &message, const QString &param, const QString &code)
{
    OpenAiError error;
    error.message = message;
    error.param = param;
    error.code = code;
    return error;
}

OpenAiError OpenAiError::fromEngine(const EngineError &error)
{
    OpenAiError out;
    out.message = error.message;
    out.code = error.code();
    switch (error.kind) {
    case ErrorKind::UnknownModel:
    case ErrorKind::UnknownProvider:
        out.status = 404;
        out.code = QStringLiteral("model_not_found");
        out.param = QStringLiteral("model");
        break;
    case ErrorKind::NoProvider:
    case ErrorKind::MissingApiKey:
        // Nothing the client sent is wrong: Attache needs setting up.
        out.status = 503;
        out.type = QStringLiteral("server_error");
        out.headers.append(NoRetry);
        break;
    case ErrorKind::InvalidRequest:
        out.status = 400;
        out.code.clear();
        break;
    case ErrorKind::NotFound:
        out.status = 404;
        out.code.clear();
        break;
    case ErrorKind::AuthFailed:
        // The provider refused Attache's key, not the client's: a 401 would send the user
        // looking at the wrong key.
        out.status = 502;
        out.type = QStringLiteral("server_error");
        out.code = QStringLiteral("upstream_auth_failed");
        break;
    case ErrorKind::RateLimited:
        out.status = 429;
        out.type = QStringLiteral("rate_limit_error");
        out.code = QStringLiteral("rate_limit_exceeded");
        if (error.retryAfterSeconds >= 0)
            out.headers.append({ "Retry-After", QByteArray::number(error.retryAfterSeconds) });
        break;
    case ErrorKind::UpstreamError:
        if (error.upstreamStatus >= 500 && error.upstreamStatus < 600) {
            out.status = error.upstreamStatus; // the provider's own, with its message
            out.type = QStringLiteral("server_error");
        } else if (error.upstreamStatus >= 400) {
            out.status = error.upstreamStatus == 401 || error.upstreamStatus == 403
                ? 502
                : error.upstreamStatus; // what the provider refused in the request
            out.code = error.upstreamStatus == 404 ? QStringLiteral("model_not_found")
                                                   : QStringLiteral("upstream_error");
        } else {
            out.status = 502;
            out.type = QStringLiteral("server_error");
        }
        break;
    case ErrorKind::BadUpstream:
        out.status = 502;
        out.type = QStringLiteral("server_error");
        break;
    case ErrorKind::Timeout:
        out.status = 504;
        out.type = QStringLiteral("server_error");
        break;
    case ErrorKind::Cancelled:
        out.status = 409;
        out.headers.append(NoRetry);
        break;
    }
    return out;
}

OpenAiError OpenAiError::fromApi(const ApiError &error)
{
    OpenAiError out;
    out.status = error.status;
    out.message = error.message;
    out.code = error.code;
    out.headers = error.headers;
    if (error.status == 401)
        out.code = QStringLiteral("invalid_api_key");
    if (error.status >= 500)
        out.type = QStringLiteral("server_error");
    return out;
}

QByteArray OpenAiError::body() const
{
    const QJsonObject json {
        { QStringLiteral("error"),
          QJsonObject {
              { QStringLiteral("message"), message },
              { QStringLiteral("type"), type },
              { QStringLiteral("param"),
                param.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(param) },
              { QStringLiteral("code"),
                code.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(code) },
          } }
    };
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

ApiResponse OpenAiError::response() const
{
    return { status, QByteArrayLiteral("application/json"), body(), headers };
}
