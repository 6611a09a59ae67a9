// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

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
class DirectTcpSocket : public QTcpSocket
{
    Q_OBJECT
public:
    using QTcpSocket::QTcpSocket;

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
};
