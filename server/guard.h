// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/apierror.h"

#include <QStringList>

#include <optional>

/**
 * The checks every request passes before any route sees it: Host names this server on
 * loopback (421), an Origin present must be allowed (403), and the token (401): as a Bearer, or,
 * on the routes in Anthropic's shape only, as "x-api-key" (as Anthropic's SDKs send a key).
 */
class Guard
{
public:
    Guard(QByteArray token, QStringList allowedOrigins);

    /** An error to answer with, or nothing when the request may proceed. */
    std::optional<ApiError> check(const ApiRequest &request, quint16 port, bool tokenFree) const;
    /** Only the Host rule (421): all a CORS preflight, which carries no token, must pass first. */
    static std::optional<ApiError> checkHost(const ApiRequest &request, quint16 port);

    bool originAllowed(const QByteArray &origin) const;
    static ApiError originNotAllowed();
    void setToken(QByteArray token) { m_token = std::move(token); }
    void setAllowedOrigins(QStringList origins) { m_allowedOrigins = std::move(origins); }
    const QStringList &allowedOrigins() const { return m_allowedOrigins; }
    const QByteArray &token() const { return m_token; }

    static bool constantTimeEquals(QByteArrayView a, QByteArrayView b);
    /** Whether a path takes the token as "x-api-key": /v1/messages and its count_tokens. */
    static bool takesApiKeyHeader(const QString &path);
    /** 32 random bytes from the operating system's generator, as 64 hex characters. */
    static QByteArray generateToken();

private:
    QByteArray m_token;
    QStringList m_allowedOrigins;
};
