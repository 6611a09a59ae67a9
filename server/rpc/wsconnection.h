// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/bytebuffer.h"
#include "http/connectionguard.h"
#include "http/directwrite.h"
#include "rpc/rpcpeer.h"
#include "rpc/wsframereader.h"

#include <QElapsedTimer>
#include <QPointer>

class QTcpSocket;

/**
 * A JSON-RPC peer on /ws: text frames carry messages; pinged regularly, dropped when silent too
 * long.
 *
 * It speaks RFC 6455 on the TCP socket the handshake was answered on: WsFrameReader reads the
 * client's frames as they arrive, and every frame Attache sends is framed here straight from the
 * UTF-8 bytes. Messages of one event-loop pass are gathered into one write (after a quiet spell
 * the first one goes at once); pongs, pings and the close frame go through the same path, so
 * frames never interleave. A peer holds its state and two small buffers only while they are
 * used: a thousand idle WebSockets cost little more than their sockets.
 *
 * Closing: Attache's close frame, then the end of its side of the connection once everything is
 * written; what the client sends until it closes is read and dropped, and a client that does
 * not close within CloseWaitMs is cut.
 */
class WsConnection : public RpcPeer,
                     public ConnectionGuard::Upgraded,
                     private PassWriter,
                     private WsFrameReader::Handler
{
    Q_OBJECT
public:
    /** socket: upgraded (the 101 written); its bytes from here on are frames. Its guard tells
     * the peer when they come and when the socket goes (ConnectionGuard::Upgraded). */
    WsConnection(QTcpSocket *socket, int silenceLimitMs, QObject *parent = nullptr);
    ~WsConnection() override;

    /** Reads what the client sent behind its upgrade request; call once the peer is attached. */
    void start();

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
    /** How long a closed connection waits for the client to close its side. */
    static constexpr int CloseWaitMs = 1000;
    /** The most read from the socket at once. */
    static constexpr qsizetype ReadBytes = 16 * 1024;

private:
    /** The header of a frame of size bytes, written into header. */
    static QByteArrayView frameHeader(quint8 opcode, qsizetype size, char (&header)[10]);
    /** Sends a frame of size bytes made of parts: at once after a quiet spell, else with the
     * next write. */
    template<typename... Parts> void frame(quint8 opcode, qsizetype size, const Parts &...parts);
    void writeNow() override { write(); }
    /** At the end of a pass that wrote: what is gathered goes. */
    void writePass() override;
    /** Writes what is gathered; more: in the middle of a burst (the buffer is kept). */
    void write(bool more = false);
    void socketReadable() override;
    void socketDisconnected() override;
    void closeUpgraded(quint16 code, const QByteArray &reason) override
    {
        closeSocket(code, reason);
    }
    void messageRead(QByteArray &&message, bool text) override;
    void pingRead(QByteArrayView payload) override;
    void pongRead() override;
    void closeRead(quint16 code, QByteArrayView reason) override;
    /** Sends a close frame (code 0: one without a status) and ends Attache's side. */
    void closeSocket(quint16 code, QByteArrayView reason);

    QPointer<QTcpSocket> m_tcp;
    WsFrameReader m_reader;
    ByteBuffer m_pending; // whole frames not written yet; freed between writes
    qint64 m_handed = 0; // frame bytes written to m_tcp
    QElapsedTimer m_lastHeard;
    int m_silenceLimitMs;
    bool m_wroteDirect = false; // in this pass: what follows in it is gathered
    bool m_closed = false; // disconnected
    bool m_closing = false; // a close frame went out: nothing may follow it
};
