// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/apirequest.h"

#include <QObject>
#include <QPointer>

#include <initializer_list>

class ConnectionGuard;
class QTcpSocket;

/** Told when the client of an exchange goes away, without a connection of its own. */
class ExchangeListener
{
public:
    virtual void exchangeClosed() = 0;

protected:
    ~ExchangeListener() = default;
};

/**
 * Where a controller sends its answer: one response, or a stream of body bytes. Hides the
 * transport, so the same controllers serve sockets and, later, proxied requests.
 */
class HttpExchange : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    /** The one listener told before closed() is emitted: the stream that answers through this
     * exchange (a child of it, so it never outlives it). A thousand idle event streams saved
     * a signal connection each that way. */
    void setListener(ExchangeListener *listener) { m_listener = listener; }

    virtual void respond(const ApiResponse &response) = 0;
    virtual void beginStream(int status, const QByteArray &contentType,
                             const HeaderList &headers) = 0;
    /** Sends a piece of the body, made of parts, at once (not on the next event-loop pass). */
    virtual void writeStream(std::initializer_list<QByteArrayView> parts) = 0;
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

protected:
    /** Tells the listener, then emits closed(). */
    void reportClosed();

private:
    ExchangeListener *m_listener = nullptr;
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
    void writeStream(std::initializer_list<QByteArrayView> parts) override;
    void endStream() override;
    qint64 pendingBytes() const override;
    qint64 bytesTaken() const override;
    bool isOpen() const override;
    void abort() override;

    /** Headers every response on this exchange carries (CORS for an allowed origin). */
    void addHeaders(const HeaderList &headers) { m_extraHeaders += headers; }

    static QByteArray statusLine(int status);

private:
    /** A chunk's size line, "ffffffffffffffff\r\n" at most. */
    static constexpr qsizetype ChunkLineSize = 18;

    QByteArray head(int status, const QByteArray &contentType, const HeaderList &headers,
                    qint64 contentLength) const;
    void done();
    /** Writes the parts now, with as few system calls and copies as the socket allows. */
    void send(std::initializer_list<QByteArrayView> parts);
    /** Tells the connection's guard the response is over (once). */
    void release();

    QPointer<QTcpSocket> m_socket;
    QPointer<ConnectionGuard> m_guard; // null for a socket no LimitedTcpServer accepted
    HeaderList m_extraHeaders;
    QByteArray m_head; // a stream's response head, until its first chunk
    qint64 m_written = 0; // bytes handed to the socket
    bool m_closeAfter = false;
    bool m_finished = false;
};
