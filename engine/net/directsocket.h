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
 * this socket avoids that, whoever makes it: the server's responses and streams, Qt's own writes
 * (the WebSocket handshake, pongs and close frames), and the requests to providers. A thousand
 * idle WebSockets held 5 kB each in such blocks; every open stream held one more block for its
 * upstream connection.
 */
class DirectTcpSocket : public QTcpSocket
{
    Q_OBJECT
public:
    using QTcpSocket::QTcpSocket;

protected:
    qint64 writeData(const char *data, qint64 size) override;
};
