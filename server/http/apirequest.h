// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrlQuery>

using HeaderList = QList<QPair<QByteArray, QByteArray>>;

/**
 * An HTTP request as the controllers see it, independent of the transport that carried it
 * (a socket now; a JSON-RPC http_request later). Header names are lower case.
 */
struct ApiRequest
{
    QByteArray method;
    QString path;
    QUrlQuery query;
    HeaderList headers;
    QByteArray body;
    QHash<QString, QString> params; // path parameters, e.g. {id} in /runs/{id}/cancel
    QString clientId; // who sent it, for usage and presence
    bool trusted = false; // came through an already authenticated channel (http_request)

    QByteArray header(QByteArrayView lowerCaseName) const
    {
        for (const auto &h : headers) {
            if (h.first == lowerCaseName)
                return h.second;
        }
        return {};
    }
    int headerCount(QByteArrayView lowerCaseName) const
    {
        int n = 0;
        for (const auto &h : headers)
            n += h.first == lowerCaseName;
        return n;
    }
};

struct ApiResponse
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body;
    HeaderList headers;
};
