// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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
};
