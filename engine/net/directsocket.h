// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/epolldispatcher.h"

#include <QTcpSocket>

/**
 * A TCP socket whose writes go straight to the kernel when nothing is queued ahead of them;
 * only what the kernel does not take at once waits in Qt's write buffer.
 *
 * QAbstractSocket copies every write into its buffer, sends it on a later event-loop pass, and
 * keeps a 32 KiB block allocated per connection once it has drained. Every write made through
 * this socket avoids that, whoever makes it: the server's responses, streams and WebSocket
 * frames, the guard's refusals, and the requests to providers. A thousand
 * idle WebSockets held 5 kB each in such blocks; every open stream held one more block for its
 * upstream connection.
 */
class DirectTcpSocket : public QTcpSocket, private EpollEventDispatcher::Reader
{
    Q_OBJECT
public:
    using QTcpSocket::QTcpSocket;
    ~DirectTcpSocket() override;

    /**
     * While on, what arrives is read straight from the kernel into the caller's buffer
     * (readKernel()) instead of through Qt's: on every notification QAbstractSocket asks the
     * kernel how much waits (an ioctl), copies it into its ring buffer and from there into the
     * caller's, a seventh of what relaying a paced stream cost. readyRead() still says when to
     * read. Needs the thread's event loop on EpollEventDispatcher, a connected socket and
     * nothing in Qt's buffer; whether it is on. Off: Qt reads as before.
     */
    bool setReadsDirect(bool on);
    bool readsDirect() const { return m_readsDirect; }
    /**
     * While readsDirect(): up to max bytes from the kernel; 0 if none are there yet; -1 at the
     * end of the stream or on an error (errorString() says which), after which Qt reads again
     * and reports the end as it would have.
     */
    qint64 readKernel(char *data, qint64 max);

    /**
     * Frees the block Qt keeps for reading once everything in it has been read; the next read
     * allocates one again. Does nothing while bytes wait in it or a read transaction is open.
     *
     * QAbstractSocket reads into a ring buffer of at least 16 KiB and keeps that block once it
     * has drained, for the next read. A connection that sent its request and now waits on a
     * long answer (an event stream, a chat in progress) would hold it for as long as the answer
     * lasts: it was the largest part of what an open chat stream cost.
     */
    void releaseReadBuffer();

protected:
    qint64 writeData(const char *data, qint64 size) override;

private:
    void readable() override;

    bool m_readsDirect = false;
};

class QHostAddress;
class QSocketNotifier;

/**
 * A TCP connection being made to an address (no name to look up, no proxy), handed over as a
 * DirectTcpSocket once it is up.
 *
 * QAbstractSocket::connectToHost keeps for the rest of the connection's life what it used to
 * connect: a timer with a string-based connection, a write notifier, proxy and address objects,
 * about 1 kB for every open stream. Here one notifier waits for the connect and goes with it; the
 * socket is made from the connected descriptor, as an accepted one is.
 */
class DirectConnect : public QObject
{
    Q_OBJECT
public:
    /** Starts connecting; done() comes on a later pass of the event loop, never from inside. */
    DirectConnect(const QHostAddress &address, quint16 port, QObject *parent);
    /** Closes the descriptor unless it was handed over. */
    ~DirectConnect() override;

    /** Whether address can be connected to this way: IPv4, or IPv6 without a scope. */
    static bool supports(const QHostAddress &address);

Q_SIGNALS:
    /** socket: connected, open ReadWrite (Qt buffers what it reads from a socket made from a
     * descriptor; see releaseReadBuffer()), without a parent; or null, with
     * what went wrong as the system says it ("Connection refused"). */
    void done(DirectTcpSocket *socket, const QString &error);

private:
    void onWritable();
    void finish(DirectTcpSocket *socket, const QString &error);

    int m_fd = -1;
    QSocketNotifier *m_notifier = nullptr;
    QString m_error; // a failure before the connect started, reported on the next pass
};
