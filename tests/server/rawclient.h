// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTest>

/**
 * A client on a bare socket, for what a well-behaved client library would never send. The
 * server runs on the test's thread, so every wait spins the event loop.
 */
class RawClient : public QObject
{
    Q_OBJECT
public:
    explicit RawClient(quint16 port, QObject *parent = nullptr)
        : QObject(parent)
    {
        connect(&socket, &QTcpSocket::readyRead, this, [this] { answer += socket.readAll(); });
        connect(&socket, &QTcpSocket::disconnected, this, [this] { closed = true; });
        socket.connectToHost(QHostAddress::LocalHost, port);
    }

    bool waitConnected()
    {
        return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; },
                               5000);
    }
    /** Until a whole response head has come. */
    bool waitAnswer(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([this] { return answer.contains("\r\n\r\n"); }, timeoutMs);
    }
    bool waitClosed(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([this] { return closed; }, timeoutMs);
    }

    /** "431" from "HTTP/1.1 431 …", of the first response. */
    QByteArray status() const { return answer.mid(9, 3); }
    /** A header of the first response (name case-insensitive); empty when absent. */
    QByteArray header(const QByteArray &name) const
    {
        const QList<QByteArray> lines = answer.left(answer.indexOf("\r\n\r\n")).split('\n');
        for (const QByteArray &line : lines) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().toLower() == name.toLower())
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }
    QByteArray head() const { return answer.left(answer.indexOf("\r\n\r\n")); }
    QByteArray body() const { return answer.mid(answer.indexOf("\r\n\r\n") + 4); }
    QString errorCode() const
    {
        return QJsonDocument::fromJson(body())
            .object()[QLatin1String("error")][QLatin1String("code")]
            .toString();
    }

    QTcpSocket socket;
    QByteArray answer;
    bool closed = false;
};

// A client frame as RFC 6455 wants it: FIN (unless more of the message follows), the opcode,
// masked (a server refuses unmasked ones).
inline QByteArray maskedFrame(const QByteArray &payload, char opcode = 0x1, bool fin = true)
{
    QByteArray frame;
    frame.append(char((fin ? 0x80 : 0) | opcode));
    const qsizetype size = payload.size();
    if (size < 126) {
        frame.append(char(0x80 | size));
    } else if (size < 65536) {
        frame.append(char(0x80 | 126));
        frame.append(char(size >> 8));
        frame.append(char(size & 0xff));
    } else {
        frame.append(char(0x80 | 127));
        for (int shift = 56; shift >= 0; shift -= 8)
            frame.append(char((quint64(size) >> shift) & 0xff));
    }
    const char mask[4] = { 0x12, char(0xab), 0x5c, 0x7e };
    frame.append(mask, 4);
    for (qsizetype i = 0; i < size; ++i)
        frame.append(char(payload.at(i) ^ mask[i % 4]));
    return frame;
}
