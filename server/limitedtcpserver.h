// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "heaptrimmer.h"
#include "requestlimiter.h"

#include <QPointer>
#include <QSet>
#include <QTcpServer>

class ConnectionGuard;
class QHostAddress;
class QTcpSocket;

/**
 * Every connection the server's listeners accepted and that is still open, across IPv4 and IPv6:
 * what the connection cap counts and what a token reset closes.
 */
class ConnectionRegistry : public QObject
{
    Q_OBJECT
public:
    explicit ConnectionRegistry(const ConnectionLimits &limits, QObject *parent = nullptr);

    const ConnectionLimits &limits() const { return m_limits; }
    int count() const { return int(m_open.size()); }
    bool full() const { return count() >= m_limits.maxConnections; }
    /** Connections being refused (503) right now; past the cap as well, they are dropped bare. */
    int refusing() const { return m_refusing; }

    /** Closes every open connection: HTTP keep-alive, event streams and WebSockets alike. */
    void closeAll(quint16 webSocketCloseCode, const QByteArray &reason);
    /** The upgraded connection from peer:peerPort completed its WebSocket handshake; its socket,
     * or null when no listener of this registry accepted it. */
    QTcpSocket *webSocketEstablished(const QHostAddress &peer, quint16 peerPort);

private:
    friend class ConnectionGuard;
    ConnectionLimits m_limits;
    QSet<ConnectionGuard *> m_open;
    HeapTrimmer m_trimmer; // connections come and go in bursts
    int m_refusing = 0;
};

/**
 * A listener that holds connections to the limits before QAbstractHttpServer sees them: bounds
 * each socket's read buffer, puts a ConnectionGuard ahead of Qt's parser, and answers 503 past
 * the connection cap. Qt 6.4's HTTP server has no limits of its own.
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
