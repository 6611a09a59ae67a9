// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <functional>

class QTcpSocket;

namespace Bench {

/** The prefix of every run-event notification Attache sends on /ws. */
inline constexpr QByteArrayView WsEventPrefix =
    "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":";

/**
 * A raw WebSocket client (RFC 6455) on one loopback connection to Attache's /ws: it sends masked
 * text frames, answers pings, and hands each received text message to onMessage as a view (no
 * QString, no copy unless the message was fragmented). Not a QObject: owners must not delete it
 * from inside its callbacks.
 */
class WsStream
{
public:
    WsStream(quint16 port, QByteArray token);
    ~WsStream();
    WsStream(const WsStream &) = delete;
    WsStream &operator=(const WsStream &) = delete;

    void open();
    bool isOpen() const { return m_open; }
    void sendText(QByteArrayView payload);
    void abort();

    bool failed() const { return !m_failure.isEmpty(); }
    QByteArray failure() const { return m_failure; }
    qint64 bytesIn() const { return m_bytesIn; }
    qint64 messages() const { return m_messages; }

    std::function<void()> onOpen;
    std::function<void(QByteArrayView message, qint64 atNs)> onMessage;
    std::function<void(const QByteArray &why)> onFailure;

private:
    void readAvailable();
    void parse(qint64 atNs);
    void sendFrame(int opcode, QByteArrayView payload);
    void fail(const QByteArray &why);

    QTcpSocket *m_socket;
    quint16 m_port;
    QByteArray m_token;
    QByteArray m_in;
    QByteArray m_fragments;
    int m_fragmentOpcode = 0;
    bool m_open = false;
    bool m_closing = false;
    QByteArray m_failure;
    qint64 m_bytesIn = 0;
    qint64 m_messages = 0;
    quint32 m_maskSeed = 0x9e3779b9u;
};

} // namespace Bench
