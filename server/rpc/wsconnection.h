// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/bytebuffer.h"
#include "http/directwrite.h"
#include "rpc/rpcpeer.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWebSocketProtocol>

#include <memory>

class QTcpSocket;
class QWebSocket;

/**
 * A JSON-RPC peer on /ws: text frames carry messages; pinged regularly, dropped when silent too
 * long.
 *
 * QWebSocket (Qt 6.4) reads the frames, answers pings and closes. What Attache sends it frames
 * itself, straight from the UTF-8 bytes, on the TCP socket under the QWebSocket: sendTextMessage()
 * would take a QString and convert it back, and write every message on its own. Messages of one
 * event-loop pass are gathered into one write (after a quiet spell the first one goes at once).
 * QWebSocket writes whole frames to that socket too (pong, ping, close), so frames never
 * interleave.
 */
class WsConnection : public RpcPeer, private PassWriter
{
    Q_OBJECT
public:
    /** tcp: the socket under socket, once upgraded; null to send through QWebSocket instead. */
    WsConnection(std::unique_ptr<QWebSocket> socket, QTcpSocket *tcp, int silenceLimitMs,
                 QObject *parent = nullptr);
    ~WsConnection() override;

    void send(const QByteArray &message) override;
    using RpcPeer::notify;
    void notify(QByteArrayView method, QByteArrayView paramsJson) override;
    QString transport() const override { return QStringLiteral("websocket"); }
    void close(const QString &reason) override;
    qint64 queuedBytes() const override;
    qint64 bytesTaken() const override;
    /** Pings the client, or closes the connection when it has been silent too long. */
    void heartbeat() override;

    static constexpr qint64 MaxMessageBytes = 16 * 1024 * 1024;
    /** A message this large is written at once whenever nothing is queued ahead of it. */
    static constexpr qsizetype DirectFrameBytes = 4096;
    /** Messages gathered in one event-loop pass are written once they reach this size. */
    static constexpr qsizetype WriteBytes = 64 * 1024;

private:
    /** The header of a text frame of size bytes, written into header. */
    static QByteArrayView frameHeader(qsizetype size, char (&header)[10]);
    /** Sends a text frame of size bytes made of parts: at once after a quiet spell, else with
     * the next write. */
    template<typename... Parts> void frame(qsizetype size, const Parts &...parts);
    void writeNow() override { write(); }
    /** At the end of a pass that wrote or received: what is gathered goes, the read block too. */
    void writePass() override;
    /** Writes what is gathered; more: in the middle of a burst (the buffer is kept). */
    void write(bool more = false);
    void closeSocket(QWebSocketProtocol::CloseCode code, const QString &reason);

    std::unique_ptr<QWebSocket> m_socket;
    QPointer<QTcpSocket> m_tcp;
    ByteBuffer m_pending; // whole frames not written yet; freed between writes
    qint64 m_handed = 0; // frame bytes written to m_tcp
    bool m_wroteDirect = false; // in this pass: what follows in it is gathered
    QElapsedTimer m_lastHeard;
    int m_silenceLimitMs;
    bool m_closed = false; // disconnected
    bool m_closing = false; // a close frame went out: nothing may follow it
};
