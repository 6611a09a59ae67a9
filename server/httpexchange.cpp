// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpexchange.h"

#include "connectionguard.h"

#include <QTcpSocket>

#include <cstring>

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
    default:
        return "Status";
    }
}

} // namespace

QByteArray HttpExchange::streamBuffer(qsizetype capacity) const
{
    QByteArray buffer;
    buffer.reserve(capacity);
    return buffer;
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
            Q_EMIT closed();
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
    return m_socket ? m_socket->bytesToWrite() : 0;
}

qint64 SocketExchange::bytesTaken() const
{
    return m_written - pendingBytes();
}

void SocketExchange::write(const QByteArray &bytes)
{
    m_written += bytes.size();
    m_socket->write(bytes); // large arrays are shared with the socket's buffer, not copied
}

void SocketExchange::write(QByteArrayView bytes)
{
    m_written += bytes.size();
    m_socket->write(bytes.data(), bytes.size());
}

void SocketExchange::writeHead(int status, const QByteArray &contentType, const HeaderList &headers,
                               qint64 contentLength)
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
    write(head);
}

void SocketExchange::respond(const ApiResponse &response)
{
    if (!isOpen())
        return;
    writeHead(response.status, response.contentType, response.headers, response.body.size());
    write(response.body);
    done();
}

void SocketExchange::beginStream(int status, const QByteArray &contentType,
                                 const HeaderList &headers)
{
    if (!isOpen())
        return;
    writeHead(status, contentType, headers, -1);
}

QByteArray SocketExchange::streamBuffer(qsizetype capacity) const
{
    QByteArray buffer;
    buffer.reserve(ChunkRoom + capacity + 2);
    buffer.resize(ChunkRoom);
    return buffer;
}

void SocketExchange::writeStream(QByteArray &&buffer)
{
    if (!isOpen() || buffer.size() <= ChunkRoom)
        return;
    // The chunk's size line goes right before the data, into the room left for it; the unused
    // front is dropped without moving the data (Qt 6 only advances the array's start).
    char line[ChunkRoom];
    char *end = line + ChunkRoom;
    char *at = end;
    *--at = '\n';
    *--at = '\r';
    qsizetype size = buffer.size() - ChunkRoom;
    do {
        *--at = "0123456789abcdef"[size & 0xf];
        size >>= 4;
    } while (size > 0);
    const qsizetype lineSize = end - at;
    memcpy(buffer.data() + ChunkRoom - lineSize, at, size_t(lineSize));
    buffer.remove(0, ChunkRoom - lineSize);
    buffer += "\r\n";
    write(buffer);
    buffer = QByteArray();
    // Out now, not when the socket's write notifier next fires: the events wait for nothing.
    m_socket->flush();
}

void SocketExchange::endStream()
{
    if (!isOpen())
        return;
    write(QByteArrayView("0\r\n\r\n"));
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
