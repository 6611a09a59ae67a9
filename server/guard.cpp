// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "guard.h"

#include <QRandomGenerator>

Guard::Guard(QByteArray token, QStringList allowedOrigins)
    : m_token(std::move(token))
    , m_allowedOrigins(std::move(allowedOrigins))
{ }

QByteArray Guard::generateToken()
{
    QByteArray raw(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(raw.data()), 8);
    return raw.toHex();
}

bool Guard::constantTimeEquals(QByteArrayView a, QByteArrayView b)
{
    // Time depends on the length of b (the secret's length is public), never on where they differ.
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    for (qsizetype i = 0; i < b.size(); ++i) {
        const auto x = static_cast<unsigned char>(i < a.size() ? a[i] : 0);
        diff |= x ^ static_cast<unsigned char>(b[i]);
    }
    return diff == 0;
}

namespace {

// An allowed-origin pattern: '*' stands for one or more characters other than '/', so
// "vscode-webview://*" admits any webview and "https://*.example.org" any subdomain, while no
// pattern can reach into another scheme or smuggle a path.
bool matchesPattern(QStringView value, QStringView pattern)
{
    // Iterative, with one backtracking point per '*': linear in the value for the patterns people
    // write, and never recursive, however long the header an attacker sends.
    qsizetype v = 0, p = 0;
    qsizetype starAt = -1, resumeAt = 0; // the last '*' seen and where its run would end next
    while (v < value.size()) {
        if (p < pattern.size() && pattern.at(p) == QLatin1Char('*')) {
            if (value.at(v) == QLatin1Char('/'))
                return false; // a '*' needs one character, and never takes a '/'
            starAt = p++;
            resumeAt = ++v;
        } else if (p < pattern.size() && pattern.at(p) == value.at(v)) {
            ++p;
            ++v;
        } else if (starAt >= 0 && value.at(resumeAt) != QLatin1Char('/')) {
            p = starAt + 1; // let the last '*' take one more character
            v = ++resumeAt;
        } else {
            return false;
        }
    }
    return p == pattern.size();
}

} // namespace

bool Guard::originAllowed(const QByteArray &origin) const
{
    const QString value = QString::fromUtf8(origin).toLower();
    if (value.isEmpty() || value == QLatin1String("null"))
        return false;
    for (const QString &pattern : m_allowedOrigins) {
        if (matchesPattern(value, pattern.trimmed().toLower()))
            return true;
    }
    return false;
}

ApiError Guard::originNotAllowed()
{
    return { 403,
             QStringLiteral("origin_not_allowed"),
             QStringLiteral("Requests from this web origin are not allowed. Add it to the allowed "
                            "origins in Attache's settings if you trust it."),
             {} };
}

std::optional<ApiError> Guard::checkHost(const ApiRequest &request, quint16 port)
{
    const QByteArray portText = QByteArray::number(port);
    const QByteArray host = request.header("host").toLower();
    if (request.headerCount("host") != 1
        || (host != "127.0.0.1:" + portText && host != "[::1]:" + portText
            && host != "localhost:" + portText)) {
        return ApiError { 421,
                          QStringLiteral("misdirected_request"),
                          QStringLiteral("This server only answers requests addressed to "
                                         "127.0.0.1:%1, [::1]:%1 or localhost:%1.")
                              .arg(port),
                          {} };
    }
    return std::nullopt;
}

std::optional<ApiError> Guard::check(const ApiRequest &request, quint16 port, bool tokenFree) const
{
    if (auto error = checkHost(request, port))
        return error;
    if (request.headerCount("origin") > 0 && !originAllowed(request.header("origin")))
        return originNotAllowed();
    if (tokenFree)
        return std::nullopt;
    const QByteArray authorization = request.header("authorization");
    const QByteArray prefix = QByteArrayLiteral("Bearer ");
    bool valid = authorization.startsWith(prefix)
        && constantTimeEquals(QByteArrayView(authorization).sliced(prefix.size()), m_token);
    const bool apiKeyRoute = takesApiKeyHeader(request.path);
    if (!valid && apiKeyRoute && request.headerCount("x-api-key") == 1)
        valid = constantTimeEquals(request.header("x-api-key"), m_token);
    if (!valid) {
        return ApiError {
            401,
            QStringLiteral("unauthorized"),
            apiKeyRoute ? QStringLiteral("Missing or wrong token. Send Attache's token as "
                                         "\"x-api-key: <token>\" or \"Authorization: Bearer "
                                         "<token>\" (ANTHROPIC_API_KEY or "
                                         "ANTHROPIC_AUTH_TOKEN); it is in Attache's discovery "
                                         "file (server.json in Attache's state directory).")
                        : QStringLiteral("Missing or wrong token. Send \"Authorization: "
                                         "Bearer <token>\" with the token from Attache's "
                                         "discovery file (server.json in Attache's state "
                                         "directory)."),
            { { "WWW-Authenticate", "Bearer" } }
        };
    }
    return std::nullopt;
}

bool Guard::takesApiKeyHeader(const QString &path)
{
    QStringView route(path);
    if (route.size() > 1 && route.endsWith(u'/'))
        route.chop(1); // as the router forgives it
    return route == QLatin1String("/v1/messages")
        || route == QLatin1String("/v1/messages/count_tokens");
}
