// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/directsocket.h"

#include <cerrno>
#include <sys/socket.h>

qint64 DirectTcpSocket::writeData(const char *data, qint64 size)
{
    qint64 sent = 0;
    if (size > 0 && bytesToWrite() == 0 && state() == ConnectedState) {
        const int fd = int(socketDescriptor());
        while (sent < size) {
            const ssize_t n =
                ::send(fd, data + sent, size_t(size - sent), MSG_DONTWAIT | MSG_NOSIGNAL);
            if (n > 0) {
                sent += n;
                continue;
            }
            if (n < 0 && errno == EINTR)
                continue;
            break; // EAGAIN: the rest waits in Qt's buffer; an error: Qt meets it and reports it
        }
    }
    if (sent == size)
        return size;
    const qint64 buffered = QTcpSocket::writeData(data + sent, size - sent);
    if (buffered < 0)
        return sent > 0 ? sent : buffered;
    return sent + buffered;
}

void DirectTcpSocket::releaseReadBuffer()
{
    const OpenMode mode = openMode();
    if (!(mode & ReadOnly) || (mode & Unbuffered) || isTransactionStarted()
        || QIODevice::bytesAvailable() > 0)
        return;
    // QIODevice keeps one ring buffer per read channel; a device that is not readable has none.
    // Dropping the read side for a moment destroys the buffer with its block, and the mode put
    // back gives an empty one. The socket itself (its engine, notifiers and state) is untouched.
    setOpenMode(mode & ~ReadOnly);
    setOpenMode(mode);
}
