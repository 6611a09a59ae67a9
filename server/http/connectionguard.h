// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/requestlimiter.h"

#include <QBasicTimer>
#include <QObject>
#include <QPointer>

class ConnectionRegistry;
class QTcpSocket;

/**
 * Reads one accepted connection's requests and holds it to the limits: a child of the socket, it
 * takes each request's bytes as they arrive (RequestLimiter), hands every whole request to the
 * registry's RequestSink one at a time (the next is read once the answer to the last is over),
 * runs the header, body and idle timeouts, and answers a broken limit straight on the socket and
 * closes it. A WebSocket upgrade goes to the sink, which answers the handshake; from then on the
 * socket's bytes are the WebSocket peer's: the guard counts the connection, tells the peer when
 * bytes come or the socket goes, and asks the peer to close it (see Upgraded).
 */
class ConnectionGuard : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Http, // requests and responses
        WebSocket,
        Closing, // refused, timed out or closed: input is discarded until the socket goes
    };
    enum class Admission { Admitted, Refused };

    /** What reads and writes an upgraded connection. The guard, connected to the socket's
     * signals anyway, tells it of them (two more connections per WebSocket would cost each
     * 0.2 kB), and leaves closing it to it: only the peer knows where its frames end. */
    class Upgraded
    {
    public:
        virtual void socketReadable() = 0;
        virtual void socketDisconnected() = 0;
        /** Closes with a close frame (code, reason) and the closing handshake. */
        virtual void closeUpgraded(quint16 code, const QByteArray &reason) = 0;

    protected:
        ~Upgraded() = default;
    };

    ConnectionGuard(QTcpSocket *socket, ConnectionRegistry *registry,
                    Admission admission = Admission::Admitted);
    ~ConnectionGuard() override;

    /** The guard of a socket accepted by a LimitedTcpServer, or null. */
    static ConnectionGuard *of(const QObject *socket);

    /** Starts reading requests. */
    void watch();

    /** An HTTP response began / ended on this connection: no timeout runs in between, so a
     * long event stream is never cut for being "idle". */
    void responseStarted();
    void responseFinished();
    /** The handshake was answered: the socket's bytes are frames from now on, read by peer
     * (the socket reads up to readBufferBytes ahead of it); no timeout runs. */
    void webSocketEstablished(qint64 readBufferBytes, Upgraded *peer);
    /** The peer goes: it is told nothing more. */
    void forgetUpgraded() { m_upgraded = nullptr; }

    /** Answers with error (unless a response is already being written) and closes. */
    void reject(const ApiError &error);
    /** Ends the sending side once everything written has gone (the client reads it, then the
     * end) and cuts the connection if it is still there after lingerMs. Reading goes on. */
    void endOutput(int lingerMs);
    /** Closes now (a token reset); a WebSocket gets a close frame with code and reason first. */
    void close(quint16 webSocketCloseCode, const QByteArray &reason);

    QTcpSocket *socket() const { return m_socket; }
    State state() const { return m_state; }

    /** How long a refused connection may take to read its answer before it is cut. */
    static constexpr int LingerMs = 2000;
    /** The most read from the socket's buffer at once. */
    static constexpr qint64 ReadChunkBytes = 64 * 1024;

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    enum class Timer { None, Header, Body, Idle, Drain, Linger };
    /** Reads and hands over what is buffered; also queued after an answer, for what a
     * pipelining client sent behind it. */
    void onReadyRead();
    void onDisconnected();
    void updateTimer();
    void arm(Timer timer, int ms);
    void disarm();
    qint64 drainNowMs() const;
    void drain();
    void finishWriting();
    void unregister();

    QTcpSocket *m_socket;
    QPointer<ConnectionRegistry> m_registry;
    Upgraded *m_upgraded = nullptr; // once a WebSocket
    ConnectionLimits m_limits;
    RequestLimiter m_limiter;
    Admission m_admission;
    State m_state = State::Http;
    QBasicTimer m_timer;
    Timer m_timerKind = Timer::None;
    qint64 m_unsentAtCheck = 0; // output still queued at the last drain check
    qint64 m_unsentSinceMs = 0; // when it was that much, on the registry's drain clock
    int m_responses = 0; // in progress
    int m_served = 0; // finished
    int m_continuesSent = 0;
    bool m_registered = false;
    bool m_reading = false; // in onReadyRead: a request being answered there must not recurse
};
