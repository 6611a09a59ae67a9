// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/directwrite.h"

#include <QAbstractEventDispatcher>
#include <QAbstractSocket>
#include <QThread>

#include <cerrno>
#include <sched.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <utility>
#include <vector>

void writeDirect(QAbstractSocket *socket, const QByteArrayView *parts, qsizetype count)
{
    Q_ASSERT(count <= MaxWriteParts);
    const QByteArrayView *const end = parts + qMin(count, MaxWriteParts);
    qint64 sent = 0;
    if (socket->bytesToWrite() == 0 && socket->state() == QAbstractSocket::ConnectedState) {
        iovec vectors[MaxWriteParts];
        size_t used = 0;
        qint64 total = 0;
        for (const QByteArrayView *part = parts; part != end; ++part) {
            if (part->isEmpty())
                continue;
            vectors[used++] = { const_cast<char *>(part->data()), size_t(part->size()) };
            total += part->size();
        }
        msghdr message {};
        message.msg_iov = vectors;
        message.msg_iovlen = used;
        const int fd = int(socket->socketDescriptor());
        while (sent < total && message.msg_iovlen > 0) {
            const ssize_t n = ::sendmsg(fd, &message, MSG_DONTWAIT | MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break; // EAGAIN: the rest waits in Qt's buffer; an error: Qt reports it
            sent += n;
            // Skip what went out, for another try at the rest.
            size_t left = size_t(n);
            while (message.msg_iovlen > 0 && left >= message.msg_iov->iov_len) {
                left -= message.msg_iov->iov_len;
                ++message.msg_iov;
                --message.msg_iovlen;
            }
            if (message.msg_iovlen > 0) {
                message.msg_iov->iov_base = static_cast<char *>(message.msg_iov->iov_base) + left;
                message.msg_iov->iov_len -= left;
            }
        }
    }
    for (const QByteArrayView *part = parts; part != end; ++part) {
        if (sent >= part->size()) {
            sent -= part->size();
            continue;
        }
        socket->write(part->data() + sent, part->size() - sent);
        sent = 0;
    }
}

void yieldToReader()
{
    static bool yielded = false; // in this pass of the event loop (the server's thread only)
    if (yielded)
        return;
    static const QMetaObject::Connection reset =
        QObject::connect(QAbstractEventDispatcher::instance(),
                         &QAbstractEventDispatcher::aboutToBlock, [] { yielded = false; });
    Q_UNUSED(reset)
    yielded = true;
    sched_yield();
}

namespace {

std::vector<PassWriter *> &queuedWriters()
{
    static std::vector<PassWriter *> writers; // the server's thread only
    return writers;
}

} // namespace

PassWriter::~PassWriter()
{
    if (!m_queued)
        return;
    for (PassWriter *&writer : queuedWriters()) {
        if (writer == this)
            writer = nullptr;
    }
}

void PassWriter::writeAtPassEnd()
{
    if (m_queued)
        return;
    static QAbstractEventDispatcher *const dispatcher = [] {
        QAbstractEventDispatcher *d = QAbstractEventDispatcher::instance();
        if (d) {
            // Between two passes: the Glib dispatcher says aboutToBlock before it polls and awake
            // after it dispatched; the Unix one says awake when a pass starts. Either ends the
            // last pass, whichever way the loop is driven (exec, processEvents, a test's wait).
            QObject::connect(d, &QAbstractEventDispatcher::aboutToBlock, &PassWriter::endPass);
            QObject::connect(d, &QAbstractEventDispatcher::awake, &PassWriter::endPass);
        }
        return d;
    }();
    if (!dispatcher || QThread::currentThread() != dispatcher->thread()) {
        writePass(); // no loop to wait for
        return;
    }
    m_queued = true;
    queuedWriters().push_back(this);
}

void PassWriter::endPass()
{
    static bool ending = false;
    if (ending)
        return;
    ending = true;
    // A write may queue more writers (taken in this same loop) or destroy some (their entries
    // are cleared); entries are taken out before each write.
    std::vector<PassWriter *> &writers = queuedWriters();
    for (size_t i = 0; i < writers.size(); ++i) {
        PassWriter *writer = std::exchange(writers[i], nullptr);
        if (!writer)
            continue;
        writer->m_queued = false;
        writer->writePass();
    }
    writers.clear();
    ending = false;
}
