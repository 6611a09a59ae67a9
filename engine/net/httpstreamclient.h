// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/httpresponsereader.h"

#include <QBasicTimer>
#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QUrl>

#include <array>

class DirectConnect;
class DirectTcpSocket;
class HttpConnectionPool;
class QTcpSocket;

/**
 * One HTTP/1.1 request and its streamed response, on a socket in the calling thread: no
 * connection limit per host, no hop through another thread, the response handed over as it is
 * read. Plain http and https (TLS through QSslSocket, the system's CA certificates); a proxy
 * from QNetworkProxy's application settings is used when it can tunnel (HTTP CONNECT or
 * SOCKS5), never for loopback hosts. Connections are kept alive and reused through the pool.
 *
 * The response is read in slices: 4 KiB after a quiet spell, doubling up to 64 KiB while the
 * server keeps the pace, one slice per event-loop pass and the rest on a queued call, so what a
 * slice produced (events relayed to clients) is written out before the next is read, and the
 * first token never waits for the hundreds behind it. The socket's read buffer is bounded, so
 * a fast server is held back by TCP instead of piling up in memory.
 *
 * Tells its Receiver of the response's head, then of the body per slice, then exactly one of
 * its end or failure — nothing at all after abort() or release().
 */
class HttpStreamClient : public QObject
{
    Q_OBJECT
public:
    using Headers = QList<QPair<QByteArray, QByteArray>>;
    enum class Failure {
        None,
        Connect, // the server could not be reached: refused, unknown host, unreachable
        Tls, // the TLS handshake failed (certificate, protocol)
        Broken, // the connection failed or closed in the middle of the response
        Protocol, // the server's answer is not HTTP that Attache can read
    };

    /**
     * Who reads the response, called directly: four signal connections per request cost a
     * thousand open streams 0.6 kB each, and every slice a signal's emission.
     */
    class Receiver
    {
    public:
        virtual void responseHead() = 0;
        /** Decoded body bytes (no chunk framing); only valid during the call. */
        virtual void responseBody(const QByteArray &bytes) = 0;
        virtual void responseFinished() = 0;
        virtual void responseFailed() = 0;

    protected:
        ~Receiver() = default;
    };

    HttpStreamClient(HttpConnectionPool &pool, QObject *parent = nullptr);
    ~HttpStreamClient() override;

    /** Who is told from now on; null: nobody. */
    void setReceiver(Receiver *receiver) { m_receiver = receiver; }

    /** Sends the request; Host and Content-Length are added. Call once. */
    void start(const QByteArray &method, const QUrl &url, const Headers &headers,
               const QByteArray &body);
    /** Closes the connection at once; nothing is emitted afterwards. */
    void abort();
    /**
     * Nothing more is reported. The rest of the response is read and dropped in the background,
     * so the connection can serve the next request; then the client deletes itself (after a
     * grace period at most). The pool owns it meanwhile.
     */
    void release();

    int status() const { return m_reader.status(); }
    /** The first value of a response header, case-insensitive; null if absent. */
    QByteArray header(QByteArrayView name) const;
    /** The same, valid until the next response head. */
    QByteArrayView headerView(QByteArrayView name) const;
    /** The start of a response's text (a status line, a header value) for an error message. */
    static QString excerpt(QByteArrayView text);
    Failure failure() const { return m_failure; }
    QString errorString() const { return m_errorString; }
    /** Whether the request went out on a connection kept from an earlier one. */
    bool reusedConnection() const { return m_reused; }

    static constexpr qsizetype FirstSliceBytes = 4 * 1024;
    static constexpr qsizetype MaxSliceBytes = 64 * 1024;
    static constexpr qint64 ReadBufferBytes = 256 * 1024;
    /** What Qt reads from the kernel at once until the first body bytes are handed on. */
    static constexpr qint64 FirstReadBytes = 16 * 1024;
    static constexpr qsizetype MaxHeadBytes = 64 * 1024;
    static constexpr int ReleaseGraceMs = 10000;

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void connectSocket(bool allowReuse);
    void onConnected(DirectTcpSocket *socket, const QString &error);
    /** A new connection's socket becomes this client's. */
    void adopt(QTcpSocket *socket);
    void wireSocket();
    void unwireSocket();
    void sendRequest();
    void onSocketGone();
    void schedulePump();
    void pump();
    bool parse();
    void complete();
    void fail(Failure failure, const QString &message);
    void dropSocket();

    HttpConnectionPool &m_pool;
    Receiver *m_receiver = nullptr;
    QPointer<QTcpSocket> m_socket;
    DirectConnect *m_connecting = nullptr; // a connect of Attache's own under way
    // To m_socket: readyRead, disconnected, errorOccurred, and connected (or encrypted). Undone
    // one by one when the socket goes back to the pool: cheaper than disconnecting by receiver.
    std::array<QMetaObject::Connection, 4> m_wires;
    QString m_origin;
    QUrl m_url;
    QByteArray m_request;
    QByteArray m_raw; // read from the socket, not yet parsed
    qsizetype m_pos = 0; // parsed up to here in m_raw
    QByteArray m_body; // decoded in the current slice
    HttpResponseReader m_reader;
    qsizetype m_slice = FirstSliceBytes;
    Failure m_failure = Failure::None;
    QString m_errorString;
    QBasicTimer m_grace; // a released client's time to read what is left of its response
    bool m_reused = false;
    bool m_gotResponseByte = false;
    bool m_socketGone = false;
    bool m_pumpQueued = false;
    bool m_released = false;
    bool m_stopped = false; // aborted, failed or finished: nothing more to report
};
