// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/httpclient.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace Cli {

namespace {

// Decodes a chunked body in place; false while it is incomplete.
bool dechunk(const QByteArray &raw, QByteArray *body)
{
    body->clear();
    qsizetype at = 0;
    for (;;) {
        const qsizetype lineEnd = raw.indexOf("\r\n", at);
        if (lineEnd < 0)
            return false;
        bool ok = false;
        const qsizetype size =
            raw.mid(at, lineEnd - at).split(';').first().trimmed().toLongLong(&ok, 16);
        if (!ok)
            return false;
        at = lineEnd + 2;
        if (size == 0)
            return raw.indexOf("\r\n", at) >= 0; // the (empty) trailer's end
        if (raw.size() < at + size + 2)
            return false;
        body->append(raw.constData() + at, size);
        at += size + 2;
    }
}

} // namespace

QJsonValue HttpResponse::json() const
{
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (doc.isArray())
        return doc.array();
    return doc.object();
}

QString HttpResponse::errorCode() const
{
    return object()
        .value(QLatin1String("error"))
        .toObject()
        .value(QLatin1String("code"))
        .toString();
}

QString HttpResponse::errorMessage() const
{
    if (status == 0)
        return transportError;
    const QString message = object()
                                .value(QLatin1String("error"))
                                .toObject()
                                .value(QLatin1String("message"))
                                .toString();
    return message.isEmpty() ? QStringLiteral("Attache answered HTTP %1").arg(status) : message;
}

QByteArray HttpResponse::header(const QByteArray &lowerCaseName) const
{
    for (const auto &[name, value] : headers) {
        if (name == lowerCaseName)
            return value;
    }
    return {};
}

QByteArray HttpClient::target(const QString &path, const QList<std::pair<QString, QString>> &query)
{
    QByteArray target = QUrl::toPercentEncoding(path, "/{}");
    char separator = '?';
    for (const auto &[name, value] : query) {
        target += separator + QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
        separator = '&';
    }
    return target;
}

HttpResponse HttpClient::get(const QString &path, const QList<std::pair<QString, QString>> &query)
{
    return send("GET", target(path, query), {});
}

HttpResponse HttpClient::post(const QString &path, const QJsonObject &body)
{
    return send("POST", target(path), QJsonDocument(body).toJson(QJsonDocument::Compact));
}

HttpResponse HttpClient::send(const QByteArray &method, const QByteArray &target,
                              const QByteArray &body)
{
    QByteArray request = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1:"
        + QByteArray::number(m_instance.port) + "\r\nAuthorization: Bearer " + m_instance.token
        + "\r\nX-Attache-Client: cli\r\nUser-Agent: attache-cli/" ATTACHE_VERSION "\r\n";
    if (method == "POST") {
        request += "Content-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n";
    }
    request += "\r\n" + body;
    // A kept-alive connection the server has closed meanwhile is opened again, once.
    bool retry = false;
    HttpResponse response = exchange(request, &retry);
    if (retry)
        response = exchange(request, &retry);
    return response;
}

HttpResponse HttpClient::exchange(const QByteArray &request, bool *retry)
{
    const bool reused = m_connection.isOpen();
    *retry = false;
    HttpResponse response;
    if (!reused) {
        QString error;
        if (!m_connection.connectTo(m_instance.port, &error)) {
            response.refused = m_connection.failure() == TcpConnection::Failure::Refused;
            response.transportError = QStringLiteral("cannot connect to 127.0.0.1:%1: %2")
                                          .arg(m_instance.port)
                                          .arg(error);
            return response;
        }
    }
    const QDeadlineTimer deadline(m_timeoutMs);
    // Only a request that got no byte back is sent again: the server never saw it.
    const auto lost = [&](const QString &why, bool nothingCame = false) {
        m_connection.close();
        *retry = reused && nothingCame;
        response.transportError = why;
        return response;
    };
    if (!m_connection.writeAll(request, m_timeoutMs))
        return lost(QStringLiteral("Attache closed the connection"), true);

    QByteArray raw;
    qsizetype headEnd = -1;
    qint64 contentLength = -1;
    bool chunked = false;
    bool closeAfter = false;
    for (;;) {
        const qint64 n =
            m_connection.readSome(&raw, int(qMax<qint64>(1, deadline.remainingTime())));
        if (n == -2)
            return lost(
                QStringLiteral("no answer from Attache within %1 s").arg(m_timeoutMs / 1000));
        if (n < 0 || (n == 0 && headEnd < 0)) {
            if (raw.isEmpty())
                return lost(QStringLiteral("Attache closed the connection without an answer"),
                            true);
            return lost(QStringLiteral("Attache closed the connection mid-answer"));
        }
        if (headEnd < 0) {
            headEnd = raw.indexOf("\r\n\r\n");
            if (headEnd < 0)
                continue;
            const QList<QByteArray> lines = raw.left(headEnd).split('\n');
            response.status = lines.first().split(' ').value(1).toInt();
            for (const QByteArray &line : lines.mid(1)) {
                const qsizetype colon = line.indexOf(':');
                const QByteArray name = line.left(colon).trimmed().toLower();
                const QByteArray value = line.mid(colon + 1).trimmed();
                response.headers.append({ name, value });
                if (name == "content-length")
                    contentLength = value.toLongLong();
                else if (name == "transfer-encoding")
                    chunked = value.toLower().contains("chunked");
                else if (name == "content-type")
                    response.contentType = value;
                else if (name == "connection")
                    closeAfter = value.toLower() == "close";
            }
            raw.remove(0, headEnd + 4);
        }
        if (n == 0) { // closed: the body is what came
            response.body = raw;
            m_connection.close();
            return response;
        }
        if (chunked && dechunk(raw, &response.body))
            break;
        if (!chunked && contentLength >= 0 && raw.size() >= contentLength) {
            response.body = raw.left(contentLength);
            break;
        }
    }
    if (closeAfter)
        m_connection.close();
    return response;
}

} // namespace Cli
