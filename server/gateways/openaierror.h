// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/apierror.h"

#include <QByteArray>
#include <QString>

struct EngineError;

/** An error as OpenAI's API answers it: {"error": {"message", "type", "param", "code"}}. */
struct OpenAiError
{
    int status = 400;
    QString type = QStringLiteral("invalid_request_error");
    QString code; // null when empty
    QString message;
    QString param; // the request field at fault; null when empty
    HeaderList headers;

    /** A 400 about the request: what is wrong with param and how to send it. */
    static OpenAiError invalid(const QString &message, const QString &param = {},
                               const QString &code = {});
    /** The one place the engine's error kinds become OpenAI's statuses and codes. */
    static OpenAiError fromEngine(const EngineError &error);
    /** Attache's own refusals (token, Host, Origin, routes, content type) in OpenAI's shape. */
    static OpenAiError fromApi(const ApiError &error);

    /** The {"error": …} object, compact JSON. */
    QByteArray body() const;
    ApiResponse response() const;
};
