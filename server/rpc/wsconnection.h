// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rpcpeer.h"

#include <QElapsedTimer>
#include <QTimer>

#include <memory>

class QWebSocket;

/** A JSON-RPC peer on /ws: text frames carry messages; pinged regularly, dropped when silent too
 * long. */
class WsConnection : public RpcPeer
{
    Q_OBJECT
public:
    WsConnection(std::unique_ptr<QWebSocket> socket, int pingIntervalMs, int silenceLimitMs,
                 QObject *parent = nullptr);
    ~WsConnection() override;

    void send(const QByteArray &message) override;
    QString transport() const override { return QStringLiteral("websocket"); }
    void close(const QString &reason) override;
    qint64 queuedBytes() const override;
    qint64 bytesTaken() const override { return m_taken; }

    static constexpr qint64 MaxMessageBytes = 16 * 1024 * 1024;

private:
    void onPingTimer();

    std::unique_ptr<QWebSocket> m_socket;
    QTimer m_ping;
    QElapsedTimer m_lastHeard;
    qint64 m_taken = 0;
    int m_silenceLimitMs;
    bool m_closed = false;
};
