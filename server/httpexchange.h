// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apirequest.h"

#include <QObject>
#include <QPointer>

class ConnectionGuard;
class QTcpSocket;

/**
 * Where a controller sends its answer: one response, or a stream of body bytes. Hides the
 * transport, so the same controllers serve sockets and, later, proxied requests.
 */
class HttpExchange : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void respond(const ApiResponse &response) = 0;
    virtual void beginStream(int status, const QByteArray &contentType,
                             const HeaderList &headers) = 0;
    /**
     * An empty buffer to gather the next streamed bytes in. It may begin with room the transport
     * frames them in: append after what it holds, and writeStream() sends it without copying.
     */
    virtual QByteArray streamBuffer(qsizetype capacity) const;
    /** Whether buffer (from streamBuffer()) holds nothing but that room. */
    virtual bool isEmptyStreamBuffer(const QByteArray &buffer) const { return buffer.isEmpty(); }
    /** Sends buffer, which streamBuffer() began; sent at once, not on the next event-loop pass. */
    virtual void writeStream(QByteArray &&buffer) = 0;
    virtual void endStream() = 0;
    /** Bytes accepted but not yet taken by the client. */
    virtual qint64 pendingBytes() const = 0;
    /** Bytes the client has taken so far (what was accepted and is no longer pending). */
    virtual qint64 bytesTaken() const { return 0; }
    virtual bool isOpen() const = 0;
    /** Drops the client (a slow consumer, a token reset). */
    virtual void abort() = 0;

Q_SIGNALS:
    /** The client went away before the exchange ended. */
    void closed();
};

/** An exchange on a keep-alive HTTP/1.1 socket; streams use chunked transfer encoding. */
class SocketExchange : public HttpExchange
{
    Q_OBJECT
public:
    /** Lives as a child of the socket; closeAfter honours "Connection: close". */
    SocketExchange(QTcpSocket *socket, bool closeAfter);
    ~SocketExchange() override;

    void respond(const ApiResponse &response) override;
    void beginStream(int status, const QByteArray &contentType, const HeaderList &headers) override;
    QByteArray streamBuffer(qsizetype capacity) const override;
    bool isEmptyStreamBuffer(const QByteArray &buffer) const override
    {
        return buffer.size() <= ChunkRoom;
    }
    void writeStream(QByteArray &&buffer) override;
    void endStream() override;
    qint64 pendingBytes() const override;
    qint64 bytesTaken() const override;
    bool isOpen() const override;
    void abort() override;

    /** Headers every response on this exchange carries (CORS for an allowed origin). */
    void addHeaders(const HeaderList &headers) { m_extraHeaders += headers; }

    static QByteArray statusLine(int status);

private:
    /** Room for a chunk's size line ("ffffffff\r\n") ahead of its data. */
    static constexpr qsizetype ChunkRoom = 10;

    void writeHead(int status, const QByteArray &contentType, const HeaderList &headers,
                   qint64 contentLength);
    void done();
    void write(const QByteArray &bytes);
    void write(QByteArrayView bytes);
    /** Tells the connection's guard the response is over (once). */
    void release();

    QPointer<QTcpSocket> m_socket;
    QPointer<ConnectionGuard> m_guard; // null for a socket no LimitedTcpServer accepted
    HeaderList m_extraHeaders;
    qint64 m_written = 0; // bytes handed to the socket
    bool m_closeAfter = false;
    bool m_finished = false;
};
