// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/tcpconnection.h"
#include "discoveryfile.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <utility>

namespace Cli {

/** The answer to one request: the status and body, or why there was none. */
struct HttpResponse
{
    int status = 0; // 0: no answer
    QByteArray body;
    QByteArray contentType;
    QList<std::pair<QByteArray, QByteArray>> headers; // names in lower case
    QString transportError; // why there was no answer
    bool refused = false; // nothing listens on the port any more

    bool ok() const { return status >= 200 && status < 300; }
    QJsonValue json() const; // the body as JSON (an object or an array)
    QJsonObject object() const { return json().toObject(); }
    /** The server's {"error": {"code", "message"}}, or the transport's reason. */
    QString errorCode() const;
    QString errorMessage() const;
    QByteArray header(const QByteArray &lowerCaseName) const;
};

/**
 * Plain HTTP/1.1 requests to the running instance, with its token, one at a time on one kept-
 * alive connection. Blocking: a command asks, waits, prints.
 */
class HttpClient
{
public:
    explicit HttpClient(DiscoveryFile::Info instance, int timeoutMs = 30000)
        : m_instance(std::move(instance))
        , m_timeoutMs(timeoutMs)
    { }

    HttpResponse get(const QString &path, const QList<std::pair<QString, QString>> &query = {});
    HttpResponse post(const QString &path, const QJsonObject &body = {});

    /** path?name=value&… with every part percent-encoded. */
    static QByteArray target(const QString &path,
                             const QList<std::pair<QString, QString>> &query = {});

private:
    HttpResponse send(const QByteArray &method, const QByteArray &target, const QByteArray &body);
    HttpResponse exchange(const QByteArray &request, bool *retry);

    DiscoveryFile::Info m_instance;
    int m_timeoutMs;
    TcpConnection m_connection;
};

} // namespace Cli
