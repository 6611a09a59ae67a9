// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/drainjudge.h"
#include "http/heaptrimmer.h"
#include "http/requestlimiter.h"

#include <QPointer>
#include <QSet>
#include <QTcpServer>

class ConnectionGuard;
class QHostAddress;
class QTcpSocket;

/** Where the requests read from the connections go: the server. */
class RequestSink
{
public:
    /** A whole request, read from socket; the answer goes on the socket (one at a time). */
    virtual void handleRequest(ApiRequest &request, QTcpSocket *socket) = 0;
    /** A WebSocket upgrade request, read from socket: the sink refuses it through the guard,
     * or answers the handshake and tells the guard the socket is a WebSocket's from now on. */
    virtual void handleUpgrade(ApiRequest &request, QTcpSocket *socket) = 0;

protected:
    ~RequestSink() = default;
};

/**
 * Every connection the server's listeners accepted and that is still open, across IPv4 and IPv6:
 * what the connection cap counts and what a token reset closes.
 */
class ConnectionRegistry : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionRegistry(const ConnectionLimits &limits, QObject *parent = nullptr);

    void setSink(RequestSink *sink) { m_sink = sink; }
    RequestSink *sink() const { return m_sink; }

    const ConnectionLimits &limits() const { return m_limits; }
    /** By which a connection whose answer ended unread is judged to drain it (see DrainJudge). */
    void setDrainClock(DrainJudge::Clock clock) { m_drainClock = std::move(clock); }
    const DrainJudge::Clock &drainClock() const { return m_drainClock; }
    int count() const { return int(m_open.size()); }
    bool full() const { return count() >= m_limits.maxConnections; }
    /** Connections being refused (503) right now; past the cap as well, they are dropped bare. */
    int refusing() const { return m_refusing; }

    /** Closes every open connection: HTTP keep-alive, event streams and WebSockets alike. */
    void closeAll(quint16 webSocketCloseCode, const QByteArray &reason);

private:
    friend class ConnectionGuard;
    ConnectionLimits m_limits;
    QSet<ConnectionGuard *> m_open;
    RequestSink *m_sink = nullptr;
    DrainJudge::Clock m_drainClock; // empty: the system's
    HeapTrimmer m_trimmer; // connections come and go in bursts
    int m_refusing = 0;
};

/**
 * A listener that holds connections to the limits: bounds each socket's read buffer, gives each
 * connection a ConnectionGuard that reads its requests, and answers 503 past the connection cap.
 */
class LimitedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    explicit LimitedTcpServer(ConnectionRegistry *registry, QObject *parent = nullptr);

    /** Room for the largest request allowed, plus what a pipelining client sends along. */
    static constexpr qint64 ReadBufferSlack = 64 * 1024;

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    QPointer<ConnectionRegistry> m_registry;
};
