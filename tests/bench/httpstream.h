// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <functional>

class QTcpSocket;

namespace Bench {

/** The value of the first "data:" line of one SSE block; null when the block has none. */
QByteArrayView sseData(QByteArrayView block);
/** The "type" of an Attache event envelope ({"type":"…", …}); empty when it is not one. */
QByteArrayView envelopeType(QByteArrayView json);

/**
 * A raw HTTP/1.1 client on one keep-alive loopback connection, cheap enough not to be the
 * bottleneck: it reads straight from the socket, decodes chunked bodies incrementally and, for
 * event streams, hands each SSE block's data to onEvent as a view (no copy, no JSON parse).
 * Not a QObject: owners must not delete it from inside its callbacks.
 */
class HttpStream
{
public:
    explicit HttpStream(quint16 port);
    ~HttpStream();
    HttpStream(const HttpStream &) = delete;
    HttpStream &operator=(const HttpStream &) = delete;

    void open();
    bool isConnected() const;
    /** Sends a whole request (written as soon as the connection is up). */
    void send(const QByteArray &request);
    void abort();

    int status() const { return m_status; }
    bool responseDone() const { return m_done; }
    bool failed() const { return !m_failure.isEmpty(); }
    QByteArray failure() const { return m_failure; }
    /** The body of a response read whole (scanEvents false), or the unscanned rest. */
    QByteArray body() const { return m_body; }
    qint64 bytesIn() const { return m_bytesIn; }
    qint64 events() const { return m_events; }

    bool scanEvents = true;
    /** Re-arms TCP_QUICKACK after every read, so this client never delays its ACKs. */
    bool quickAck = false;
    std::function<void()> onConnected;
    std::function<void(QByteArrayView data, qint64 atNs)> onEvent;
    std::function<void(qint64 atNs)> onEnd;
    std::function<void(const QByteArray &why)> onFailure;

private:
    enum class Phase { Head, ChunkSize, ChunkData, ChunkEnd, Trailer, Length, UntilClose };
    void readAvailable();
    void parse(qint64 atNs);
    bool parseHead(qsizetype end);
    void appendBody(const char *data, qsizetype size);
    void scan(qint64 atNs);
    void endResponse(qint64 atNs);
    void fail(const QByteArray &why);

    QTcpSocket *m_socket;
    quint16 m_port;
    QByteArray m_pendingRequest;
    QByteArray m_in;
    QByteArray m_body;
    qsizetype m_scanned = 0;
    Phase m_phase = Phase::Head;
    qint64 m_remaining = 0;
    int m_status = 0;
    bool m_done = false;
    bool m_waiting = false; // a request was sent and its response is not complete
    QByteArray m_failure;
    qint64 m_bytesIn = 0;
    qint64 m_events = 0;
};

} // namespace Bench
