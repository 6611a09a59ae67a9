// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "requestlimiter.h"

#include <QBasicTimer>
#include <QObject>
#include <QPointer>

class ConnectionRegistry;
class QTcpSocket;

/**
 * Holds one accepted connection to the limits while Qt's HTTP server owns it: a child of the
 * socket, it looks at every request's bytes before Qt's parser buffers them (RequestLimiter),
 * runs the header, body, idle and WebSocket handshake timeouts, and answers a broken limit
 * straight on the socket and closes it.
 *
 * Its readyRead check is connected before QAbstractHttpServer's (watch() before
 * addPendingConnection), so it runs first on every signal; a second slot connected after
 * (watchBehindServer()) learns how much of the buffered input Qt's parser took, so each byte is
 * examined once.
 */
class ConnectionGuard : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Http, // requests and responses
        Upgrading, // handed to the WebSocket server, handshake not done yet
        WebSocket,
        Closing, // refused, timed out or closed: input is discarded until the socket goes
    };
    enum class Admission { Admitted, Refused };

    ConnectionGuard(QTcpSocket *socket, ConnectionRegistry *registry,
                    Admission admission = Admission::Admitted);
    ~ConnectionGuard() override;

    /** The guard of a socket accepted by a LimitedTcpServer, or null. */
    static ConnectionGuard *of(const QObject *socket);

    /** Connects the check; call before the socket reaches QAbstractHttpServer. */
    void watch();
    /** Connects the bookkeeping slot; call right after, once Qt's parser is connected. */
    void watchBehindServer();

    /** An HTTP response began / ended on this connection: no timeout runs in between, so a
     * long event stream is never cut for being "idle". */
    void responseStarted();
    void responseFinished();
    /** The request was accepted as a WebSocket upgrade; reads up to readBufferBytes from now on
     * (a whole frame must fit: Qt's WebSocket waits for complete frames). */
    void upgrading(qint64 readBufferBytes);
    void webSocketEstablished();

    /** Answers with error (unless a response is already being written) and closes. */
    void reject(const ApiError &error);
    /** Closes now (a token reset); a WebSocket gets a close frame with code and reason first. */
    void close(quint16 webSocketCloseCode, const QByteArray &reason);

    QTcpSocket *socket() const { return m_socket; }
    State state() const { return m_state; }

    /** How long a refused connection may take to read its answer before it is cut. */
    static constexpr int LingerMs = 2000;

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    enum class Timer { None, Header, Body, Idle, Drain, Handshake, Linger };
    void onReadyRead();
    void afterReadyRead();
    void onDisconnected();
    void updateTimer();
    void arm(Timer timer, int ms);
    void disarm();
    void drain();
    void finishWriting();
    void unregister();

    QTcpSocket *m_socket;
    QPointer<ConnectionRegistry> m_registry;
    ConnectionLimits m_limits;
    RequestLimiter m_limiter;
    Admission m_admission;
    State m_state = State::Http;
    QBasicTimer m_timer;
    Timer m_timerKind = Timer::None;
    qint64 m_examined = 0; // buffered bytes, not yet taken by Qt's parser, already examined
    qint64 m_unsentAtCheck = 0; // output still queued at the last drain check
    int m_responses = 0; // in progress
    int m_served = 0; // finished
    int m_continuesSent = 0;
    bool m_registered = false;
};
