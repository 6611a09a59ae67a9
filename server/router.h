// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/apirequest.h"

#include <QStringList>

#include <functional>
#include <vector>

class HttpExchange;

struct ApiError;

/** Method + path pattern ("/runs/{id}/cancel"; a last "{name*}" takes the rest of the path,
 * slashes and all) → handler. */
class Router
{
public:
    using Handler = std::function<void(const ApiRequest &request, HttpExchange &exchange)>;

    void add(const QByteArray &method, const QString &pattern, Handler handler);

    /** Errors for paths under prefix answered in another API's shape (a gateway's); the
     * longest prefix wins, and other paths keep Attache's. */
    using ErrorShape = std::function<ApiResponse(const ApiError &error)>;
    void setErrorShape(const QString &prefix, ErrorShape shape);
    ApiResponse errorResponse(const QString &path, const ApiError &error) const;

    struct Match
    {
        const Handler *handler = nullptr;
        bool pathKnown = false; // some route has this path, with another method
        QByteArray allowedMethods; // for a 405's Allow header
    };
    /** Finds the route for request and fills its path parameters. */
    Match match(ApiRequest &request) const;

    QStringList routes() const; // "GET /health", … for /capabilities

private:
    struct Route
    {
        QByteArray method;
        QString pattern;
        QStringList segments;
        Handler handler;
    };
    static bool matches(const Route &route, const QList<QStringView> &segments,
                        QHash<QString, QString> *params);
    std::vector<Route> m_routes;
    QList<QPair<QString, ErrorShape>> m_errorShapes;
};
