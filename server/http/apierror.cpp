// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/apierror.h"

#include "engineerror.h"

#include <QJsonDocument>

ApiError ApiError::fromEngine(const EngineError &error)
{
    ApiError api;
    api.code = error.code();
    api.message = error.message;
    switch (error.kind) {
    case ErrorKind::NoProvider:
    case ErrorKind::MissingApiKey:
        api.status = 503; // nothing the client sent is wrong: Attache needs setting up
        break;
    case ErrorKind::UnknownProvider:
    case ErrorKind::UnknownModel:
    case ErrorKind::InvalidRequest:
        api.status = 400;
        break;
    case ErrorKind::NotFound:
        api.status = 404;
        break;
    case ErrorKind::AuthFailed:
    case ErrorKind::UpstreamError:
    case ErrorKind::BadUpstream:
        api.status = 502;
        break;
    case ErrorKind::RateLimited:
        api.status = 429;
        if (error.retryAfterSeconds >= 0)
            api.headers.append({ "Retry-After", QByteArray::number(error.retryAfterSeconds) });
        break;
    case ErrorKind::Timeout:
        api.status = 504;
        break;
    case ErrorKind::Cancelled:
    case ErrorKind::Conflict:
        api.status = 409;
        break;
    case ErrorKind::StorageFull:
        api.status = 507;
        break;
    case ErrorKind::Storage:
        api.status = 500;
        break;
    }
    return api;
}

ApiError ApiError::notFound(const QString &path)
{
    return { 404,
             QStringLiteral("not_found"),
             QStringLiteral("There is no route %1. GET /capabilities lists what this server "
                            "offers.")
                 .arg(path),
             {} };
}

ApiError ApiError::methodNotAllowed(const QByteArray &method, const QString &path,
                                    const QByteArray &allowed)
{
    return { 405,
             QStringLiteral("method_not_allowed"),
             QStringLiteral("%1 is not allowed on %2; use %3.")
                 .arg(QString::fromLatin1(method), path, QString::fromLatin1(allowed)),
             { { "Allow", allowed } } };
}

ApiError ApiError::badRequest(const QString &message)
{
    return { 400, QStringLiteral("invalid_request"), message, {} };
}

QJsonObject ApiError::toJson() const
{
    return { { QStringLiteral("error"),
               QJsonObject { { QStringLiteral("code"), code },
                             { QStringLiteral("message"), message } } } };
}

ApiResponse ApiError::toResponse() const
{
    ApiResponse response;
    response.status = status;
    response.body = QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
    response.headers = headers;
    return response;
}
