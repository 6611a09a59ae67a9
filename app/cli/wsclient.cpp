// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/wsclient.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSocketNotifier>
#include <QtEndian>

namespace Cli {

namespace {

constexpr int HandshakeTimeoutMs = 10000;
constexpr int WriteTimeoutMs = 30000;

enum Opcode : quint8 {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

} // namespace

WsClient::WsClient(QObject *parent)
    : QObject(parent)
{ }

WsClient::~WsClient()
{
    delete m_notifier;
}

bool WsClient::open(const DiscoveryFile::Info &instance, const QString &name, QString *error,
                    bool *refused)
{
    *refused = false;
    if (!m_connection.connectTo(instance.port, error)) {
        *refused = m_connection.failure() == TcpConnection::Failure::Refused;
        *error =
            QStringLiteral("cannot connect to 127.0.0.1:%1: %2").arg(instance.port).arg(*error);
        return false;
    }
    quint32 nonce[4];
    QRandomGenerator::system()->fillRange(nonce);
    const QByteArray key =
        QByteArray(reinterpret_cast<const char *>(nonce), sizeof nonce).toBase64();
    const QByteArray request =
        "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(instance.port)
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
          "Sec-WebSocket-Key: "
        + key + "\r\nAuthorization: Bearer " + instance.token
        + "\r\nX-Attache-Client: cli\r\nX-Attache-Client-Name: " + name.toUtf8()
        + "\r\nUser-Agent: attache-cli/" ATTACHE_VERSION "\r\n\r\n";
    if (!m_connection.writeAll(request, HandshakeTimeoutMs)) {
        *error = QStringLiteral("Attache closed the connection");
        return false;
    }
    const QDeadlineTimer deadline(HandshakeTimeoutMs);
    qsizetype headEnd = -1;
    while ((headEnd = m_buffer.indexOf("\r\n\r\n")) < 0) {
        const qint64 n =
            m_connection.readSome(&m_buffer, int(qMax<qint64>(1, deadline.remainingTime())));
        if (n <= 0) {
            *error = n == -2 ? QStringLiteral("Attache did not answer the WebSocket handshake")
                             : QStringLiteral("Attache closed the connection");
            return false;
        }
    }
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    const int status = lines.first().split(' ').value(1).toInt();
    QByteArray accept;
    for (const QByteArray &line : lines.mid(1)) {
        const qsizetype colon = line.indexOf(':');
        if (line.left(colon).trimmed().toLower() == "sec-websocket-accept")
            accept = line.mid(colon + 1).trimmed();
    }
    m_buffer.remove(0, headEnd + 4);
    if (status != 101) {
        // Refused before the handshake, with a JSON error; what came of its body says why.
        m_connection.readSome(&m_buffer, 200);
        const QString message = QJsonDocument::fromJson(m_buffer)
                                    .object()
                                    .value(QLatin1String("error"))
                                    .toObject()
                                    .value(QLatin1String("message"))
                                    .toString();
        *error = message.isEmpty()
            ? QStringLiteral("Attache refused the WebSocket (HTTP %1)").arg(status)
            : message;
        m_connection.close();
        return false;
    }
    const QByteArray expected =
        QCryptographicHash::hash(QByteArray(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"),
                                 QCryptographicHash::Sha1)
            .toBase64();
    if (accept != expected) {
        *error = QStringLiteral("the WebSocket handshake's answer does not match its key");
        m_connection.close();
        return false;
    }
    m_notifier = new QSocketNotifier(m_connection.fd(), QSocketNotifier::Read);
    connect(m_notifier, &QSocketNotifier::activated, this, &WsClient::onReadable);
    if (!m_buffer.isEmpty())
        QMetaObject::invokeMethod(this, &WsClient::parseFrames, Qt::QueuedConnection);
    return true;
}

void WsClient::sendText(const QByteArray &message)
{
    sendFrame(Text, message);
}

void WsClient::close()
{
    if (!m_connection.isOpen())
        return;
    if (!m_closed) {
        m_closed = true;
        QByteArray payload(2, 0);
        qToBigEndian<quint16>(1000, payload.data());
        sendFrame(Close, payload);
    }
    if (m_notifier)
        m_notifier->setEnabled(false);
    m_connection.close();
}

void WsClient::sendFrame(quint8 opcode, const QByteArray &payload)
{
    if (!m_connection.isOpen())
        return;
    QByteArray frame;
    frame.reserve(payload.size() + 14);
    frame.append(char(0x80 | opcode));
    const qsizetype size = payload.size();
    if (size < 126) {
        frame.append(char(0x80 | size));
    } else if (size <= 0xffff) {
        frame.append(char(0x80 | 126));
        char length[2];
        qToBigEndian<quint16>(quint16(size), length);
        frame.append(length, 2);
    } else {
        frame.append(char(0x80 | 127));
        char length[8];
        qToBigEndian<quint64>(quint64(size), length);
        frame.append(length, 8);
    }
    // A client masks every frame (RFC 6455, 5.3).
    const quint32 maskValue = QRandomGenerator::global()->generate();
    char mask[4];
    std::memcpy(mask, &maskValue, 4);
    frame.append(mask, 4);
    const qsizetype start = frame.size();
    frame.append(payload);
    char *data = frame.data() + start;
    for (qsizetype i = 0; i < size; ++i)
        data[i] = char(data[i] ^ mask[i % 4]);
    if (!m_connection.writeAll(frame, WriteTimeoutMs) && opcode != Close)
        fail(QStringLiteral("Attache closed the connection"));
}

void WsClient::onReadable()
{
    for (;;) {
        const qint64 n = m_connection.readSome(&m_buffer, -1);
        if (n == -2)
            break;
        if (n <= 0) {
            parseFrames();
            fail(QStringLiteral("Attache closed the connection"));
            return;
        }
    }
    parseFrames();
}

void WsClient::parseFrames()
{
    while (!m_closed) {
        if (m_buffer.size() < 2)
            return;
        const auto *bytes = reinterpret_cast<const uchar *>(m_buffer.constData());
        const bool fin = bytes[0] & 0x80;
        const quint8 opcode = bytes[0] & 0x0f;
        const bool masked = bytes[1] & 0x80;
        quint64 length = bytes[1] & 0x7f;
        qsizetype at = 2;
        if (length == 126) {
            if (m_buffer.size() < 4)
                return;
            length = qFromBigEndian<quint16>(bytes + 2);
            at = 4;
        } else if (length == 127) {
            if (m_buffer.size() < 10)
                return;
            length = qFromBigEndian<quint64>(bytes + 2);
            at = 10;
        }
        if (length > quint64(256) * 1024 * 1024)
            return fail(QStringLiteral("Attache sent a message too large to take"));
        const qsizetype headerSize = at + (masked ? 4 : 0);
        if (quint64(m_buffer.size()) < headerSize + length)
            return;
        QByteArray payload = m_buffer.mid(headerSize, qsizetype(length));
        if (masked) {
            for (qsizetype i = 0; i < payload.size(); ++i)
                payload[i] = char(payload[i] ^ m_buffer[at + i % 4]);
        }
        m_buffer.remove(0, headerSize + qsizetype(length));
        switch (opcode) {
        case Text:
        case Binary:
        case Continuation:
            m_message += payload;
            if (fin)
                Q_EMIT textReceived(std::exchange(m_message, {}));
            break;
        case Ping:
            sendFrame(Pong, payload);
            break;
        case Close: {
            const QString reason = payload.size() > 2
                ? QString::fromUtf8(payload.mid(2))
                : QStringLiteral("Attache closed the connection");
            sendFrame(Close, payload.left(2));
            return fail(reason);
        }
        default:
            break; // pongs and anything else: nothing to do
        }
    }
}

void WsClient::fail(const QString &reason)
{
    if (m_closed)
        return;
    m_closed = true;
    if (m_notifier)
        m_notifier->setEnabled(false);
    m_connection.close();
    Q_EMIT closed(reason);
}

} // namespace Cli
