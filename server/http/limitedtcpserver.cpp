// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/limitedtcpserver.h"

#include "http/connectionguard.h"
#include "http/serverlog.h"
#include "net/directsocket.h"

#include <QHostAddress>
#include <QTcpSocket>

#include <unistd.h>

ConnectionRegistry::ConnectionRegistry(const ConnectionLimits &limits, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
{ }

void ConnectionRegistry::closeAll(quint16 webSocketCloseCode, const QByteArray &reason)
{
    // Closing emits disconnected(), which takes guards out of m_open while this loops.
    QList<QPointer<ConnectionGuard>> guards;
    guards.reserve(m_open.size());
    for (ConnectionGuard *guard : std::as_const(m_open))
        guards.append(guard);
    for (const QPointer<ConnectionGuard> &guard : std::as_const(guards)) {
        if (guard)
            guard->close(webSocketCloseCode, reason);
    }
}

LimitedTcpServer::LimitedTcpServer(ConnectionRegistry *registry, QObject *parent)
    : QTcpServer(parent)
    , m_registry(registry)
{
    // Qt's default backlog (50) turns a burst of connections into SYN retries seconds apart;
    // the kernel caps this at net.core.somaxconn.
    setListenBacklogSize(qBound(50, registry->limits().maxConnections, 4096));
}

void LimitedTcpServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new DirectTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor) || !m_registry) {
        if (socket->state() == QAbstractSocket::UnconnectedState)
            ::close(int(descriptor)); // the socket did not take it over
        delete socket;
        return;
    }
    // Writes are already gathered per event-loop pass; Nagle would only hold the next one back
    // until the client acknowledges the last (up to a delayed ACK's 40 ms).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const ConnectionLimits &limits = m_registry->limits();
    if (m_registry->full()) {
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        if (m_registry->refusing() >= limits.maxConnections) {
            // A flood: even the courtesy of an answer would pile up.
            socket->abort();
            return;
        }
        qCInfo(lcServer, "refusing a connection: %d are open", m_registry->count());
        auto *guard = new ConnectionGuard(socket, m_registry, ConnectionGuard::Admission::Refused);
        guard->reject({ 503,
                        QStringLiteral("too_many_connections"),
                        QStringLiteral("Attache has %1 open connections, its limit. Close some "
                                       "and try again.")
                            .arg(limits.maxConnections),
                        { { "Retry-After", "1" } } });
        return;
    }
    // What Qt reads ahead of the guard, which takes a request's bytes as it parses them: at most
    // the largest allowed request; beyond that the socket stops reading from the kernel.
    socket->setReadBufferSize(limits.maxHeaderBytes + limits.maxBodyBytes + ReadBufferSlack);
    auto *guard = new ConnectionGuard(socket, m_registry);
    guard->watch();
}
