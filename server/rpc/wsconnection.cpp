// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "rpc/wsconnection.h"

#include "http/bytebuffer.h"
#include "http/directwrite.h"
#include "http/serverlog.h"
#include "net/directsocket.h"

#include <QTcpSocket>
#include <QWebSocket>

WsConnection::WsConnection(std::unique_ptr<QWebSocket> socket, QTcpSocket *tcp, int silenceLimitMs,
                           QObject *parent)
    : RpcPeer(parent)
    , m_socket(std::move(socket))
    , m_tcp(tcp)
    , m_silenceLimitMs(silenceLimitMs)
{
    m_socket->setParent(nullptr);
    // A larger message is refused by the socket with close code 1009 (too much data).
    m_socket->setMaxAllowedIncomingMessageSize(MaxMessageBytes);
    m_socket->setMaxAllowedIncomingFrameSize(MaxMessageBytes);
    m_lastHeard.start();
    connect(m_socket.get(), &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        m_lastHeard.restart();
        writeAtPassEnd(); // see writePass()
        Q_EMIT messageReceived(text.toUtf8());
    });
    connect(m_socket.get(), &QWebSocket::binaryMessageReceived, this,
            [this](const QByteArray &bytes) {
                m_lastHeard.restart();
                writeAtPassEnd(); // see writePass()
                Q_EMIT messageReceived(bytes);
            });
    connect(m_socket.get(), &QWebSocket::pong, this, [this] { m_lastHeard.restart(); });
    writeAtPassEnd(); // the read block that took the handshake goes when this pass ends
    connect(m_socket.get(), &QWebSocket::disconnected, this, [this] {
        if (m_closed)
            return;
        m_closed = true;
        m_pending.release();
        Q_EMIT disconnected();
        deleteLater();
    });
}

WsConnection::~WsConnection()
{
    if (m_socket)
        m_socket->abort();
}

QByteArrayView WsConnection::frameHeader(qsizetype size, char (&header)[10])
{
    header[0] = char(0x81); // FIN, text; a server's frames are not masked
    if (size < 126) {
        header[1] = char(size);
        return QByteArrayView(header, 2);
    }
    if (size < 65536) {
        header[1] = char(126);
        header[2] = char(size >> 8);
        header[3] = char(size & 0xff);
        return QByteArrayView(header, 4);
    }
    header[1] = char(127);
    for (int i = 0; i < 8; ++i)
        header[2 + i] = char((quint64(size) >> (56 - 8 * i)) & 0xff);
    return QByteArrayView(header, 10);
}

template<typename... Parts> void WsConnection::frame(qsizetype size, const Parts &...parts)
{
    char header[10];
    const QByteArrayView head = frameHeader(size, header);
    // After a quiet spell the message leaves at once, written from where its parts are; what
    // follows in this event-loop pass is gathered and goes in one write. A large message gains
    // nothing from waiting for company, and would only be copied.
    if (m_pending.isEmpty() && (!m_wroteDirect || size >= DirectFrameBytes)
        && m_tcp->bytesToWrite() == 0) {
        m_handed += head.size() + size;
        writeDirect(m_tcp, { head, bytesOf(parts)... });
        m_wroteDirect = true;
        yieldToReader();
        writeAtPassEnd(); // what follows in this pass is gathered
        return;
    }
    m_pending.append(head, parts...);
    if (m_pending.size() >= WriteBytes)
        write(true); // a long burst goes out in pieces: the buffer neither grows nor gets copied
    writeAtPassEnd();
}

void WsConnection::send(const QByteArray &message)
{
    if (m_closed || m_closing)
        return;
    if (!m_tcp) {
        m_socket->sendTextMessage(QString::fromUtf8(message));
        return;
    }
    frame(message.size(), message);
}

void WsConnection::notify(QByteArrayView method, QByteArrayView paramsJson)
{
    if (m_closed || m_closing)
        return;
    if (!m_tcp) {
        RpcPeer::notify(method, paramsJson);
        return;
    }
    // Framed from the (shared) params where they are: no message is built for each peer.
    constexpr QByteArrayView head = "{\"jsonrpc\":\"2.0\",\"method\":\"";
    constexpr QByteArrayView params = "\",\"params\":";
    frame(head.size() + method.size() + params.size() + paramsJson.size() + 1, head, method, params,
          paramsJson, "}");
}

void WsConnection::writePass()
{
    m_wroteDirect = false;
    write();
    // QWebSocket has read what came in this pass (its frames, on a call that readyRead queued,
    // and the messages among them handed on): a peer that waits for the answers keeps no read
    // block (see DirectTcpSocket::releaseReadBuffer); an unfinished frame keeps it.
    if (auto *direct = qobject_cast<DirectTcpSocket *>(m_tcp.data()))
        direct->releaseReadBuffer();
}

void WsConnection::write(bool more)
{
    if (m_pending.isEmpty() || !m_tcp || m_closed || m_closing)
        return;
    m_handed += m_pending.size();
    writeDirect(m_tcp, { m_pending.view() });
    if (more)
        m_pending.clear();
    else
        m_pending.release(); // an idle connection holds no buffer
}

qint64 WsConnection::queuedBytes() const
{
    return m_pending.size() + m_socket->bytesToWrite();
}

qint64 WsConnection::bytesTaken() const
{
    return m_handed - (m_tcp ? m_tcp->bytesToWrite() : 0);
}

void WsConnection::closeSocket(QWebSocketProtocol::CloseCode code, const QString &reason)
{
    write(); // what was sent goes ahead of the close frame
    m_closing = true;
    m_socket->close(code, reason);
    // A peer that stopped reading will not complete the closing handshake either.
    QTimer::singleShot(1000, this, [this] {
        if (m_socket)
            m_socket->abort();
    });
}

void WsConnection::close(const QString &reason)
{
    if (m_closed || m_closing)
        return;
    closeSocket(QWebSocketProtocol::CloseCodePolicyViolated, reason);
}

void WsConnection::heartbeat()
{
    if (m_closed || m_closing)
        return;
    if (m_lastHeard.elapsed() > m_silenceLimitMs) {
        qCInfo(lcServer, "closing WebSocket client %s: silent for %lld s", qUtf8Printable(clientId),
               m_lastHeard.elapsed() / 1000);
        closeSocket(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("no answer to pings"));
        return;
    }
    m_socket->ping();
}
