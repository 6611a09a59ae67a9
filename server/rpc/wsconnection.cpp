// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "rpc/wsconnection.h"

#include "http/bytebuffer.h"
#include "http/directwrite.h"
#include "http/serverlog.h"
#include "net/directsocket.h"

#include <QTcpSocket>

namespace {

constexpr quint16 CloseGoingAway = 1001;
constexpr quint16 ClosePolicyViolated = 1008;
/** A close frame's reason: at most 123 bytes, cut where a UTF-8 character starts. */
QByteArrayView closeReason(QByteArrayView reason)
{
    if (reason.size() <= 123)
        return reason;
    qsizetype size = 123;
    while (size > 0 && (quint8(reason.at(size)) & 0xc0) == 0x80)
        --size;
    return reason.first(size);
}

} // namespace

WsConnection::WsConnection(QTcpSocket *socket, int silenceLimitMs, QObject *parent)
    : RpcPeer(parent)
    , m_tcp(socket)
    , m_reader(MaxMessageBytes)
    , m_silenceLimitMs(silenceLimitMs)
{
    m_lastHeard.start();
}

WsConnection::~WsConnection()
{
    if (!m_tcp)
        return;
    m_tcp->abort(); // its guard tells this peer, which leaves the dispatcher
    if (ConnectionGuard *guard = ConnectionGuard::of(m_tcp))
        guard->forgetUpgraded();
}

void WsConnection::start()
{
    if (m_tcp && m_tcp->state() != QAbstractSocket::ConnectedState) {
        socketDisconnected();
        return;
    }
    socketReadable(); // and the read block that took the handshake goes
}

void WsConnection::socketReadable()
{
    if (!m_tcp || m_closed)
        return;
    const QPointer<WsConnection> self(this);
    char bytes[ReadBytes];
    for (;;) {
        const qint64 n = m_tcp->read(bytes, sizeof bytes);
        if (n <= 0)
            break;
        m_lastHeard.restart();
        if (m_reader.ended())
            continue; // closing: what the client sends until it closes is dropped
        m_reader.feed(QByteArrayView(bytes, n), *this);
        if (!self || !m_tcp)
            return;
        if (m_reader.failed() && !m_closing) {
            qCInfo(lcServer, "closing WebSocket client %s: %s", qUtf8Printable(clientId),
                   m_reader.errorReason());
            closeSocket(m_reader.errorCode(), m_reader.errorReason());
        }
    }
    // Everything that came has been read: a peer that waits for the answers keeps no read block
    // (see DirectTcpSocket::releaseReadBuffer).
    if (auto *direct = qobject_cast<DirectTcpSocket *>(m_tcp.data()))
        direct->releaseReadBuffer();
}

void WsConnection::socketDisconnected()
{
    if (m_closed)
        return;
    m_closed = true;
    m_pending.release();
    gone();
    deleteLater();
}

void WsConnection::messageRead(QByteArray &&message, bool text)
{
    Q_UNUSED(text); // JSON-RPC in a binary frame is read as well
    if (m_closing)
        return;
    received(message);
}

void WsConnection::pingRead(QByteArrayView payload)
{
    if (!m_closing)
        frame(WsFrameReader::Pong, payload.size(), payload);
}

void WsConnection::pongRead()
{ }

void WsConnection::closeRead(quint16 code, QByteArrayView reason)
{
    Q_UNUSED(reason);
    if (m_closing) {
        // The client answered Attache's close frame: the closing handshake is over.
        if (m_tcp)
            m_tcp->disconnectFromHost();
        return;
    }
    // Its code goes back to it (RFC 6455, 5.5.1); a close without one is answered without one.
    closeSocket(code == WsFrameReader::NoStatus ? 0 : code, {});
}

QByteArrayView WsConnection::frameHeader(quint8 opcode, qsizetype size, char (&header)[10])
{
    header[0] = char(0x80 | opcode); // FIN; a server's frames are not masked
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

template<typename... Parts>
void WsConnection::frame(quint8 opcode, qsizetype size, const Parts &...parts)
{
    if (!m_tcp || m_closed || m_closing)
        return;
    char header[10];
    const QByteArrayView head = frameHeader(opcode, size, header);
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
    frame(WsFrameReader::Text, message.size(), message);
}

void WsConnection::notify(QByteArrayView method, QByteArrayView paramsJson)
{
    // Framed from the (shared) params where they are: no message is built for each peer.
    constexpr QByteArrayView head = "{\"jsonrpc\":\"2.0\",\"method\":\"";
    constexpr QByteArrayView params = "\",\"params\":";
    frame(WsFrameReader::Text, head.size() + method.size() + params.size() + paramsJson.size() + 1,
          head, method, params, paramsJson, "}");
}

void WsConnection::writePass()
{
    m_wroteDirect = false;
    write();
}

void WsConnection::write(bool more)
{
    if (m_pending.isEmpty() || !m_tcp || m_closed
        || m_tcp->state() != QAbstractSocket::ConnectedState)
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
    return m_pending.size() + (m_tcp ? m_tcp->bytesToWrite() : 0);
}

qint64 WsConnection::bytesTaken() const
{
    return m_handed - (m_tcp ? m_tcp->bytesToWrite() : 0);
}

void WsConnection::closeSocket(quint16 code, QByteArrayView reason)
{
    if (!m_tcp || m_closed || m_closing)
        return;
    write(); // what was sent goes ahead of the close frame
    char payload[2] = { char(code >> 8), char(code & 0xff) };
    const QByteArrayView why = closeReason(reason);
    if (code == 0)
        frame(WsFrameReader::Close, 0);
    else
        frame(WsFrameReader::Close, 2 + why.size(), QByteArrayView(payload, 2), why);
    m_closing = true;
    write();
    // The client reads the close frame, then the end of Attache's side, and closes its own; one
    // that stopped reading will not complete the closing handshake either, and is cut.
    if (ConnectionGuard *guard = ConnectionGuard::of(m_tcp))
        guard->endOutput(CloseWaitMs);
    else
        m_tcp->disconnectFromHost();
}

void WsConnection::close(const QString &reason)
{
    closeSocket(ClosePolicyViolated, reason.toUtf8());
}

void WsConnection::heartbeat()
{
    if (m_closed || m_closing)
        return;
    if (m_lastHeard.elapsed() > m_silenceLimitMs) {
        qCInfo(lcServer, "closing WebSocket client %s: silent for %lld s", qUtf8Printable(clientId),
               m_lastHeard.elapsed() / 1000);
        closeSocket(CloseGoingAway, "no answer to pings");
        return;
    }
    frame(WsFrameReader::Ping, 0);
}
