// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engineerror.h"

QString EngineError::codeFor(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::NoProvider:
        return QStringLiteral("no_provider");
    case ErrorKind::MissingApiKey:
        return QStringLiteral("missing_api_key");
    case ErrorKind::UnknownProvider:
        return QStringLiteral("unknown_provider");
    case ErrorKind::UnknownModel:
        return QStringLiteral("unknown_model");
    case ErrorKind::AuthFailed:
        return QStringLiteral("auth_failed");
    case ErrorKind::RateLimited:
        return QStringLiteral("rate_limited");
    case ErrorKind::UpstreamError:
        return QStringLiteral("upstream_error");
    case ErrorKind::Timeout:
        return QStringLiteral("timeout");
    case ErrorKind::BadUpstream:
        return QStringLiteral("bad_upstream");
    case ErrorKind::InvalidRequest:
        return QStringLiteral("invalid_request");
    case ErrorKind::NotFound:
        return QStringLiteral("not_found");
    case ErrorKind::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("error");
}

QString EngineError::code() const
{
    return codeFor(kind);
}

QJsonObject EngineError::toJson() const
{
    QJsonObject json { { QStringLiteral("code"), code() }, { QStringLiteral("message"), message } };
    if (retryAfterSeconds >= 0)
        json.insert(QStringLiteral("retry_after"), retryAfterSeconds);
    if (upstreamStatus > 0)
        json.insert(QStringLiteral("upstream_status"), upstreamStatus);
    return json;
}
