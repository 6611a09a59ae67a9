// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/apirequest.h"

#include <QJsonObject>
#include <QString>

struct EngineError;

/** A request that cannot be served, as the client will see it. */
struct ApiError
{
    int status = 400;
    QString code;
    QString message;
    HeaderList headers;

    /** The one place engine error kinds become HTTP statuses. */
    static ApiError fromEngine(const EngineError &error);
    static ApiError notFound(const QString &path);
    static ApiError methodNotAllowed(const QByteArray &method, const QString &path,
                                     const QByteArray &allowed);
    static ApiError badRequest(const QString &message);

    QJsonObject toJson() const;
    /** {"error": {"code", "message"}} with the status and any extra headers. */
    ApiResponse toResponse() const;
};
