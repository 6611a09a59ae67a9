// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/tcpconnection.h"

#include <QDeadlineTimer>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace Cli {

namespace {

bool waitFor(int fd, short events, const QDeadlineTimer &deadline)
{
    for (;;) {
        pollfd p { fd, events, 0 };
        const int ready = ::poll(&p, 1, int(qMin<qint64>(deadline.remainingTime(), 1 << 30)));
        if (ready < 0 && errno == EINTR)
            continue; // a signal (Ctrl-C) is seen by the event loop once we are back there
        return ready > 0;
    }
}

} // namespace

bool TcpConnection::connectTo(quint16 port, QString *error)
{
    close();
    m_failure = Failure::None;
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (m_fd < 0) {
        m_failure = Failure::Other;
        *error = QString::fromLocal8Bit(std::strerror(errno));
        return false;
    }
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int result = ::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
    if (result != 0 && errno == EINPROGRESS) {
        if (!waitFor(m_fd, POLLOUT, QDeadlineTimer(5000))) {
            errno = ETIMEDOUT;
        } else {
            socklen_t length = sizeof result;
            ::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &result, &length);
            errno = result;
        }
    }
    if (result != 0) {
        m_failure = errno == ECONNREFUSED ? Failure::Refused : Failure::Other;
        *error = QString::fromLocal8Bit(std::strerror(errno));
        close();
        return false;
    }
    const int one = 1; // requests are written whole; nothing to gain from Nagle's delay
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return true;
}

void TcpConnection::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

bool TcpConnection::writeAll(const QByteArray &data, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    qsizetype done = 0;
    while (done < data.size() && m_fd >= 0) {
        const ssize_t n =
            ::send(m_fd, data.constData() + done, size_t(data.size() - done), MSG_NOSIGNAL);
        if (n > 0) {
            done += n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) && waitFor(m_fd, POLLOUT, deadline))
            continue;
        return false;
    }
    return done == data.size();
}

qint64 TcpConnection::readSome(QByteArray *buffer, int timeoutMs)
{
    if (m_fd < 0)
        return -1;
    if (timeoutMs >= 0 && !waitFor(m_fd, POLLIN, QDeadlineTimer(timeoutMs)))
        return -2;
    char chunk[65536];
    for (;;) {
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n > 0) {
            buffer->append(chunk, n);
            return n;
        }
        if (n == 0)
            return 0;
        if (errno == EINTR)
            continue;
        return errno == EAGAIN || errno == EWOULDBLOCK ? -2 : -1;
    }
}

} // namespace Cli
