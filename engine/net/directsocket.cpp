// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/directsocket.h"

#include <QHostAddress>
#include <QSocketNotifier>

#include <cerrno>
#include <cstring>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>

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

DirectTcpSocket::~DirectTcpSocket()
{
    setReadsDirect(false);
}

bool DirectTcpSocket::setReadsDirect(bool on)
{
    if (on == m_readsDirect)
        return m_readsDirect;
    EpollEventDispatcher *dispatcher = EpollEventDispatcher::forThisThread();
    const int fd = int(socketDescriptor());
    if (!on) {
        m_readsDirect = false;
        if (dispatcher)
            dispatcher->setReader(fd, nullptr);
        return false;
    }
    if (!dispatcher || state() != ConnectedState || !(openMode() & ReadOnly)
        || isTransactionStarted() || QIODevice::bytesAvailable() > 0)
        return false;
    m_readsDirect = dispatcher->setReader(fd, this);
    return m_readsDirect;
}

qint64 DirectTcpSocket::readKernel(char *data, qint64 max)
{
    if (!m_readsDirect || max <= 0)
        return 0;
    ssize_t n = -1;
    do {
        n = ::read(int(socketDescriptor()), data, size_t(max));
    } while (n < 0 && errno == EINTR);
    if (n > 0)
        return n;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return 0;
    const int error = errno;
    setReadsDirect(false); // Qt's notifier sees the end, or the error, next and says so
    if (n == 0) {
        setSocketError(RemoteHostClosedError);
        setErrorString(QStringLiteral("The remote host closed the connection"));
    } else {
        setSocketError(UnknownSocketError);
        setErrorString(QString::fromLocal8Bit(std::strerror(error)));
    }
    return -1;
}

void DirectTcpSocket::readable()
{
    Q_EMIT readyRead();
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

DirectConnect::DirectConnect(const QHostAddress &address, quint16 port, QObject *parent)
    : QObject(parent)
{
    sockaddr_storage storage {};
    socklen_t length = 0;
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto *in = reinterpret_cast<sockaddr_in *>(&storage);
        in->sin_family = AF_INET;
        in->sin_port = htons(port);
        in->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    } else {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, bytes.c, sizeof(bytes.c));
        length = sizeof(sockaddr_in6);
    }
    m_fd = ::socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int result = m_fd < 0 ? -1 : 0;
    if (m_fd >= 0) {
        do {
            result = ::connect(m_fd, reinterpret_cast<const sockaddr *>(&storage), length);
        } while (result < 0 && errno == EINTR);
    }
    if (result < 0 && errno != EINPROGRESS) {
        m_error = qt_error_string(errno);
        QMetaObject::invokeMethod(
            this, [this] { finish(nullptr, m_error); }, Qt::QueuedConnection);
        return;
    }
    // Writable once the connect is over, either way; even one that is over already is
    // reported on the next pass.
    m_notifier = new QSocketNotifier(m_fd, QSocketNotifier::Write, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &DirectConnect::onWritable);
}

DirectConnect::~DirectConnect()
{
    delete m_notifier; // before its descriptor goes
    if (m_fd >= 0)
        ::close(m_fd);
}

bool DirectConnect::supports(const QHostAddress &address)
{
    return address.protocol() == QAbstractSocket::IPv4Protocol
        || (address.protocol() == QAbstractSocket::IPv6Protocol && address.scopeId().isEmpty());
}

void DirectConnect::onWritable()
{
    m_notifier->setEnabled(false);
    int error = 0;
    socklen_t length = sizeof(error);
    if (::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) < 0)
        error = errno;
    if (error != 0) {
        finish(nullptr, qt_error_string(error));
        return;
    }
    auto socket = std::make_unique<DirectTcpSocket>();
    // The socket's now, even if it refuses it (Qt may have closed it then): a descriptor left
    // open is better than closing one that may by now be someone else's.
    const int fd = std::exchange(m_fd, -1);
    if (!socket->setSocketDescriptor(fd, QAbstractSocket::ConnectedState, QIODevice::ReadWrite)) {
        finish(nullptr, socket->errorString());
        return;
    }
    finish(socket.release(), {});
}

void DirectConnect::finish(DirectTcpSocket *socket, const QString &error)
{
    if (m_notifier) {
        m_notifier->setEnabled(false);
        m_notifier->deleteLater(); // not from inside its own signal
        m_notifier = nullptr;
    }
    Q_EMIT done(socket, error);
}
