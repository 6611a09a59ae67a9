// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/apierror.h"
#include "http/apirequest.h"

#include <QStringList>

#include <functional>
#include <vector>

class HttpExchange;

/** Method + path pattern ("/runs/{id}/cancel") → handler. */
class Router
{
public:
    using Handler = std::function<void(const ApiRequest &request, HttpExchange &exchange)>;

    void add(const QByteArray &method, const QString &pattern, Handler handler);

    struct Match
    {
        const Handler *handler = nullptr;
        bool pathKnown = false; // some route has this path, with another method
        QByteArray allowedMethods; // for a 405's Allow header
    };
    /** Finds the route for request and fills its path parameters. */
    Match match(ApiRequest &request) const;

    QStringList routes() const; // "GET /health", … for /capabilities

    /** An API's own error shape, which a gateway answers in on its routes. */
    using ErrorShape = std::function<ApiResponse(const ApiError &error)>;
    /** Errors on these paths (the guard's, a 404 or 405, a wrong body type) take this shape. */
    void setErrorShape(const QStringList &paths, ErrorShape shape);
    /** The error as the route at path answers it: its gateway's shape, else Attache's. */
    ApiResponse errorResponse(const QString &path, const ApiError &error) const;

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
    std::vector<std::pair<QStringList, ErrorShape>> m_errorShapes;
};
