// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wsconnection.h"

#include "logging.h"

#include <QWebSocket>

WsConnection::WsConnection(std::unique_ptr<QWebSocket> socket, int pingIntervalMs,
                           int silenceLimitMs, QObject *parent)
    : RpcPeer(parent)
    , m_socket(std::move(socket))
    , m_silenceLimitMs(silenceLimitMs)
{
    m_socket->setParent(nullptr);
    // A larger message is refused by the socket with close code 1009 (too much data).
    m_socket->setMaxAllowedIncomingMessageSize(MaxMessageBytes);
    m_socket->setMaxAllowedIncomingFrameSize(MaxMessageBytes);
    m_lastHeard.start();
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        m_lastHeard.restart();
        Q_EMIT messageReceived(text.toUtf8());
    });
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &bytes) {
                m_lastHeard.restart();
                Q_EMIT messageReceived(bytes);
            });
    connect(m_socket.get(), &QWebSocket::pong, this, [this] { m_lastHeard.restart(); });
    connect(m_socket.get(), &QWebSocket::bytesWritten, this, [this](qint64 n) { m_taken += n; });
    connect(m_socket.get(), &QWebSocket::disconnected, this, [this] {
        if (m_closed)
            return;
        m_closed = true;
        m_ping.stop();
        Q_EMIT disconnected();
        deleteLater();
    });
    m_ping.setInterval(pingIntervalMs);
    m_ping.setTimerType(Qt::CoarseTimer);
    connect(&m_ping, &QTimer::timeout, this, &WsConnection::onPingTimer);
    m_ping.start();
}

WsConnection::~WsConnection()
{
    if (m_socket)
        m_socket->abort();
}

void WsConnection::send(const QByteArray &message)
{
    if (!m_closed)
        m_socket->sendTextMessage(QString::fromUtf8(message));
}

qint64 WsConnection::queuedBytes() const
{
    return m_socket->bytesToWrite();
}

void WsConnection::close(const QString &reason)
{
    if (m_closed)
        return;
    m_socket->close(QWebSocketProtocol::CloseCodePolicyViolated, reason);
    // A peer that stopped reading will not complete the closing handshake either.
    QTimer::singleShot(1000, this, [this] {
        if (m_socket)
            m_socket->abort();
    });
}

void WsConnection::onPingTimer()
{
    if (m_lastHeard.elapsed() > m_silenceLimitMs) {
        qCInfo(lcServer, "closing WebSocket client %s: silent for %lld s", qUtf8Printable(clientId),
               m_lastHeard.elapsed() / 1000);
        m_socket->close(QWebSocketProtocol::CloseCodeGoingAway,
                        QStringLiteral("no answer to pings"));
        QTimer::singleShot(1000, this, [this] {
            if (m_socket)
                m_socket->abort();
        });
        return;
    }
    m_socket->ping();
}
