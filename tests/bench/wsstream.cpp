// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wsstream.h"

#include "benchutil.h"

#include <QHostAddress>
#include <QTcpSocket>

#include <cstring>

namespace Bench {

WsStream::WsStream(quint16 port, QByteArray token)
    : m_socket(new QTcpSocket)
    , m_port(port)
    , m_token(std::move(token))
{
    m_maskSeed ^= quint32(reinterpret_cast<quintptr>(this));
    QObject::connect(m_socket, &QTcpSocket::connected, m_socket, [this] {
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        // A fixed key is fine: the accept hash is not checked, the server only needs one.
        QByteArray handshake = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_port)
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
              "X-Attache-Client: other\r\nX-Attache-Client-Name: attache-bench\r\n";
        if (!m_token.isEmpty())
            handshake += "Authorization: Bearer " + m_token + "\r\n";
        handshake += "\r\n";
        m_socket->write(handshake);
        m_socket->flush();
    });
    QObject::connect(m_socket, &QTcpSocket::readyRead, m_socket, [this] { readAvailable(); });
    QObject::connect(m_socket, &QTcpSocket::disconnected, m_socket, [this] {
        if (!m_closing)
            fail("connection closed");
        m_open = false;
    });
    QObject::connect(m_socket, &QTcpSocket::errorOccurred, m_socket,
                     [this](QAbstractSocket::SocketError error) {
                         if (error != QAbstractSocket::RemoteHostClosedError && !m_closing)
                             fail(m_socket->errorString().toUtf8());
                     });
}

WsStream::~WsStream()
{
    m_socket->disconnect();
    m_socket->abort();
    delete m_socket;
}

void WsStream::open()
{
    m_socket->connectToHost(QHostAddress::LocalHost, m_port);
}

void WsStream::abort()
{
    m_closing = true;
    m_open = false;
    m_socket->abort();
}

void WsStream::sendText(QByteArrayView payload)
{
    sendFrame(0x1, payload);
}

void WsStream::sendFrame(int opcode, QByteArrayView payload)
{
    QByteArray frame;
    const qsizetype n = payload.size();
    frame.reserve(n + 14);
    frame += char(0x80 | opcode);
    if (n < 126) {
        frame += char(0x80 | n);
    } else if (n < 65536) {
        frame += char(0x80 | 126);
        frame += char((n >> 8) & 0xff);
        frame += char(n & 0xff);
    } else {
        frame += char(0x80 | 127);
        for (int shift = 56; shift >= 0; shift -= 8)
            frame += char((quint64(n) >> shift) & 0xff);
    }
    m_maskSeed = m_maskSeed * 1664525u + 1013904223u;
    const char mask[4] = { char(m_maskSeed >> 24), char(m_maskSeed >> 16), char(m_maskSeed >> 8),
                           char(m_maskSeed) };
    frame.append(mask, 4);
    const qsizetype at = frame.size();
    frame.append(payload.data(), n);
    char *p = frame.data() + at;
    for (qsizetype i = 0; i < n; ++i)
        p[i] = char(p[i] ^ mask[i & 3]);
    m_socket->write(frame);
    m_socket->flush();
}

void WsStream::readAvailable()
{
    const qint64 at = nowNs();
    for (int round = 0; round < 64; ++round) {
        const qint64 available = m_socket->bytesAvailable();
        if (available <= 0)
            break;
        const qsizetype old = m_in.size();
        m_in.resize(old + available);
        const qint64 got = m_socket->read(m_in.data() + old, available);
        m_in.resize(old + qMax<qint64>(got, 0));
        if (got <= 0)
            break;
        m_bytesIn += got;
    }
    parse(at);
}

void WsStream::parse(qint64 atNs)
{
    qsizetype pos = 0;
    if (!m_open) {
        const qsizetype end = m_in.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        if (!m_in.startsWith("HTTP/1.1 101")) {
            fail("upgrade refused: " + m_in.left(end));
            return;
        }
        pos = end + 4;
        m_open = true;
        if (onOpen)
            onOpen();
    }
    const auto *p = reinterpret_cast<const unsigned char *>(m_in.constData());
    const qsizetype size = m_in.size();
    for (qsizetype guard = 0; guard <= size && !failed(); ++guard) { // each frame takes ≥ 2 bytes
        if (size - pos < 2)
            break;
        const bool fin = p[pos] & 0x80;
        const int opcode = p[pos] & 0x0f;
        const bool masked = p[pos + 1] & 0x80;
        quint64 length = p[pos + 1] & 0x7f;
        qsizetype header = 2;
        if (length == 126) {
            if (size - pos < 4)
                break;
            length = (quint64(p[pos + 2]) << 8) | p[pos + 3];
            header = 4;
        } else if (length == 127) {
            if (size - pos < 10)
                break;
            length = 0;
            for (int i = 0; i < 8; ++i)
                length = (length << 8) | p[pos + 2 + i];
            header = 10;
        }
        if (masked)
            header += 4;
        if (quint64(size - pos - header) < length)
            break;
        char *payload = m_in.data() + pos + header;
        if (masked) {
            const unsigned char *mask = p + pos + header - 4;
            for (quint64 i = 0; i < length; ++i)
                payload[i] = char(payload[i] ^ mask[i & 3]);
        }
        const QByteArrayView message(payload, qsizetype(length));
        pos += header + qsizetype(length);
        switch (opcode) {
        case 0x0: // continuation
            m_fragments.append(message);
            if (fin && m_fragmentOpcode == 0x1) {
                ++m_messages;
                if (onMessage)
                    onMessage(m_fragments, atNs);
            }
            if (fin)
                m_fragments.clear();
            break;
        case 0x1:
        case 0x2:
            if (!fin) {
                m_fragmentOpcode = opcode;
                m_fragments = message.toByteArray();
            } else if (opcode == 0x1) {
                ++m_messages;
                if (onMessage)
                    onMessage(message, atNs);
            }
            break;
        case 0x8: {
            QByteArray why = "closed by the server";
            if (message.size() >= 2)
                why += " ("
                    + QByteArray::number((quint8(message.at(0)) << 8) | quint8(message.at(1))) + ' '
                    + message.sliced(2).toByteArray() + ')';
            const bool ours = m_closing;
            m_closing = true;
            sendFrame(0x8, message.first(qMin<qsizetype>(2, message.size())));
            m_socket->disconnectFromHost();
            if (!ours)
                fail(why);
            break;
        }
        case 0x9:
            sendFrame(0xA, message);
            break;
        default:
            break;
        }
    }
    if (pos > 0)
        m_in.remove(0, qMin(pos, m_in.size()));
}

void WsStream::fail(const QByteArray &why)
{
    if (failed())
        return;
    m_failure = why;
    m_open = false;
    if (onFailure)
        onFailure(m_failure);
}

} // namespace Bench
