// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "router.h"

#include "http/apierror.h"

void Router::add(const QByteArray &method, const QString &pattern, Handler handler)
{
    m_routes.push_back({ method, pattern, pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts),
                         std::move(handler) });
}

bool Router::matches(const Route &route, const QList<QStringView> &segments,
                     QHash<QString, QString> *params)
{
    const bool rest = !route.segments.isEmpty() && route.segments.constLast().endsWith(u"*}");
    if (rest ? segments.size() < route.segments.size() : route.segments.size() != segments.size())
        return false;
    for (qsizetype i = 0; i < route.segments.size(); ++i) {
        const QString &expected = route.segments.at(i);
        if (rest && i == route.segments.size() - 1) {
            if (params) {
                QStringList tail;
                for (qsizetype j = i; j < segments.size(); ++j)
                    tail.append(segments.at(j).toString());
                params->insert(expected.mid(1, expected.size() - 3), tail.join(QLatin1Char('/')));
            }
        } else if (expected.startsWith(QLatin1Char('{')) && expected.endsWith(QLatin1Char('}'))) {
            if (params)
                params->insert(expected.mid(1, expected.size() - 2), segments.at(i).toString());
        } else if (expected != segments.at(i)) {
            return false;
        }
    }
    return true;
}

Router::Match Router::match(ApiRequest &request) const
{
    QStringView path(request.path);
    // One trailing slash is forgiven: /health/ is /health.
    if (path.size() > 1 && path.endsWith(QLatin1Char('/')))
        path.chop(1);
    const QList<QStringView> segments = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    Match result;
    for (const Route &route : m_routes) {
        if (!matches(route, segments, nullptr))
            continue;
        result.pathKnown = true;
        if (!result.allowedMethods.isEmpty())
            result.allowedMethods += ", ";
        result.allowedMethods += route.method;
        if (route.method == request.method && !result.handler) {
            matches(route, segments, &request.params);
            result.handler = &route.handler;
        }
    }
    return result;
}

QStringList Router::routes() const
{
    QStringList list;
    for (const Route &route : m_routes)
        list.append(QString::fromLatin1(route.method) + QLatin1Char(' ') + route.pattern);
    return list;
}

void Router::setErrorShape(const QString &prefix, ErrorShape shape)
{
    m_errorShapes.append({ prefix, std::move(shape) });
}

ApiResponse Router::errorResponse(const QString &path, const ApiError &error) const
{
    const ErrorShape *best = nullptr;
    qsizetype length = -1;
    for (const auto &[prefix, shape] : m_errorShapes) {
        if (prefix.size() > length && path.startsWith(prefix)) {
            best = &shape;
            length = prefix.size();
        }
    }
    return best ? (*best)(error) : error.toResponse();
}
