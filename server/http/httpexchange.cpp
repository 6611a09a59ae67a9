// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/httpexchange.h"

#include "http/connectionguard.h"
#include "http/directwrite.h"

#include <QTcpSocket>

namespace {

QByteArrayView reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Payload Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 421:
        return "Misdirected Request";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Status";
    }
}

} // namespace

void HttpExchange::reportClosed()
{
    if (m_listener)
        m_listener->exchangeClosed();
    Q_EMIT closed();
}

SocketExchange::SocketExchange(QTcpSocket *socket, bool closeAfter)
    : HttpExchange(socket)
    , m_socket(socket)
    , m_guard(ConnectionGuard::of(socket))
    , m_closeAfter(closeAfter)
{
    // No timeout runs while a response is being written, however long it streams.
    if (m_guard)
        m_guard->responseStarted();
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        if (!m_finished)
            reportClosed();
    });
}

SocketExchange::~SocketExchange()
{
    release();
}

void SocketExchange::release()
{
    if (m_guard)
        m_guard->responseFinished();
    m_guard = nullptr;
}

QByteArray SocketExchange::statusLine(int status)
{
    QByteArray line = QByteArrayLiteral("HTTP/1.1 ") + QByteArray::number(status) + ' ';
    line += reasonPhrase(status);
    line += "\r\n";
    return line;
}

bool SocketExchange::isOpen() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState && !m_finished;
}

qint64 SocketExchange::pendingBytes() const
{
    return m_head.size() + (m_socket ? m_socket->bytesToWrite() : 0);
}

qint64 SocketExchange::bytesTaken() const
{
    return m_written - (m_socket ? m_socket->bytesToWrite() : 0);
}

void SocketExchange::send(std::initializer_list<QByteArrayView> parts)
{
    for (const QByteArrayView part : parts)
        m_written += part.size();
    writeDirect(m_socket, parts);
}

QByteArray SocketExchange::head(int status, const QByteArray &contentType,
                                const HeaderList &headers, qint64 contentLength) const
{
    QByteArray head = statusLine(status);
    head.reserve(256);
    if (!contentType.isEmpty())
        head += "Content-Type: " + contentType + "\r\n";
    const bool bodiless = status == 204 || status == 304; // not even a length (RFC 9110 8.6)
    if (contentLength < 0)
        head += "Transfer-Encoding: chunked\r\n";
    else if (!bodiless)
        head += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    for (const auto &header : headers)
        head += header.first + ": " + header.second + "\r\n";
    for (const auto &header : m_extraHeaders)
        head += header.first + ": " + header.second + "\r\n";
    if (m_closeAfter)
        head += "Connection: close\r\n";
    head += "\r\n";
    return head;
}

void SocketExchange::respond(const ApiResponse &response)
{
    if (!isOpen())
        return;
    send({ head(response.status, response.contentType, response.headers, response.body.size()),
           response.body });
    done();
}

void SocketExchange::beginStream(int status, const QByteArray &contentType,
                                 const HeaderList &headers)
{
    if (!isOpen())
        return;
    // Held back until the first chunk, so that both leave in one write.
    m_head = head(status, contentType, headers, -1);
}

void SocketExchange::writeStream(std::initializer_list<QByteArrayView> parts)
{
    qsizetype size = 0;
    for (const QByteArrayView part : parts)
        size += part.size();
    if (!isOpen() || size == 0)
        return;
    char line[ChunkLineSize];
    char *end = line + ChunkLineSize;
    char *at = end;
    *--at = '\n';
    *--at = '\r';
    do {
        *--at = "0123456789abcdef"[size & 0xf];
        size >>= 4;
    } while (size > 0);
    // The head (if not sent yet), the chunk's size line, the data and its line end, in one
    // write from where they are: nothing is copied.
    QByteArrayView all[MaxWriteParts];
    qsizetype count = 0;
    all[count++] = m_head;
    all[count++] = QByteArrayView(at, end - at);
    for (const QByteArrayView part : parts)
        all[count++] = part;
    all[count++] = "\r\n";
    for (qsizetype i = 0; i < count; ++i)
        m_written += all[i].size();
    writeDirect(m_socket, all, count);
    m_head = QByteArray();
}

void SocketExchange::endStream()
{
    if (!isOpen())
        return;
    send({ m_head, "0\r\n\r\n" });
    m_head = QByteArray();
    done();
}

void SocketExchange::abort()
{
    m_finished = true;
    release();
    if (m_socket)
        m_socket->abort();
    deleteLater();
}

void SocketExchange::done()
{
    m_finished = true;
    release();
    if (m_closeAfter && m_socket)
        m_socket->disconnectFromHost();
    deleteLater();
}
