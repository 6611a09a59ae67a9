// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "rpc/linechannel.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSocketNotifier>

#include <cerrno>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

namespace {

// Read at most this much per wake-up, so a fast writer (or a large file on stdin) cannot starve
// the rest of the event loop; the notifier is level-triggered and fires again for the rest.
constexpr qsizetype ReadBudget = 1024 * 1024;
constexpr size_t ReadChunk = 64 * 1024;

int makeNonBlocking(int fd)
{
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0 && !(flags & O_NONBLOCK))
        ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    return flags;
}

bool isBlank(const QByteArray &line)
{
    for (const char c : line) {
        if (c != ' ' && c != '\t' && c != '\r')
            return false;
    }
    return true;
}

} // namespace

LineChannel::LineChannel(int readFd, int writeFd, QObject *parent)
    : QObject(parent)
    , m_readFd(readFd)
    , m_writeFd(writeFd)
{
    m_readFlags = makeNonBlocking(readFd);
    m_writeFlags = readFd == writeFd ? m_readFlags : makeNonBlocking(writeFd);
    m_readNotifier = new QSocketNotifier(readFd, QSocketNotifier::Read, this);
    connect(m_readNotifier, &QSocketNotifier::activated, this, &LineChannel::onReadable);
    m_writeNotifier = new QSocketNotifier(writeFd, QSocketNotifier::Write, this);
    m_writeNotifier->setEnabled(false); // only while output waits for a slow reader
    connect(m_writeNotifier, &QSocketNotifier::activated, this, &LineChannel::writeSome);
    // A closed fd (e.g. started with <&- or >&-) is a direction that is already over; said from
    // the event loop, once the owner had a chance to connect.
    if (m_readFlags < 0) {
        m_readNotifier->setEnabled(false);
        m_reading = false;
        QMetaObject::invokeMethod(
            this, [this] { Q_EMIT inputEnded(); }, Qt::QueuedConnection);
    }
    if (m_writeFlags < 0) {
        m_writable = false;
        QMetaObject::invokeMethod(this, &LineChannel::failOutput, Qt::QueuedConnection);
    }
}

LineChannel::~LineChannel()
{
    delete m_readNotifier;
    delete m_writeNotifier;
    if (m_readFlags >= 0 && !(m_readFlags & O_NONBLOCK))
        ::fcntl(m_readFd, F_SETFL, m_readFlags);
    if (m_writeFd != m_readFd && m_writeFlags >= 0 && !(m_writeFlags & O_NONBLOCK))
        ::fcntl(m_writeFd, F_SETFL, m_writeFlags);
}

void LineChannel::stopReading()
{
    m_reading = false;
    m_readNotifier->setEnabled(false);
    m_in.clear();
    m_scanned = 0;
}

void LineChannel::onReadable()
{
    const QPointer<LineChannel> self(this);
    qsizetype budget = ReadBudget;
    char buffer[ReadChunk];
    while (m_reading && budget > 0) {
        const ssize_t n = ::read(m_readFd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return;
        if (n <= 0) {
            // End of input (or a broken fd): a last line without its newline still counts.
            if (!m_discarding && !isBlank(m_in)) {
                const QByteArray last = m_in.endsWith('\r') ? m_in.chopped(1) : m_in;
                m_in.clear();
                Q_EMIT lineReceived(last);
                if (!self)
                    return;
            }
            if (m_reading) {
                stopReading();
                Q_EMIT inputEnded();
            }
            return;
        }
        budget -= n;
        QByteArrayView chunk(buffer, n);
        if (m_discarding) {
            const qsizetype end = chunk.indexOf('\n');
            if (end < 0)
                continue; // still inside the over-long line
            m_discarding = false;
            chunk = chunk.sliced(end + 1);
        }
        m_in.append(chunk);
        if (!takeLines())
            return;
    }
}

bool LineChannel::takeLines()
{
    const QPointer<LineChannel> self(this);
    qsizetype start = 0;
    qsizetype end;
    while ((end = m_in.indexOf('\n', qMax(start, m_scanned))) >= 0) {
        qsizetype length = end - start;
        if (length > 0 && m_in.at(end - 1) == '\r')
            --length;
        const QByteArray line = m_in.mid(start, length);
        start = end + 1;
        if (line.size() > MaxLineBytes)
            Q_EMIT lineTooLong();
        else if (!isBlank(line))
            Q_EMIT lineReceived(line);
        if (!self || !m_reading)
            return false;
    }
    m_in.remove(0, start);
    m_scanned = m_in.size();
    if (m_in.size() > MaxLineBytes) {
        // Never buffer a line without limit: drop it up to its newline and say so once.
        m_in.clear();
        m_scanned = 0;
        m_discarding = true;
        Q_EMIT lineTooLong();
        if (!self || !m_reading)
            return false;
    }
    return true;
}

void LineChannel::write(const QByteArray &line)
{
    if (!m_writable)
        return;
    QByteArray framed;
    framed.reserve(line.size() + 1);
    framed += line;
    framed += '\n';
    m_queuedBytes += framed.size();
    m_out.enqueue(framed);
    // While the notifier waits for room, a direct write would only hit EAGAIN again.
    if (!m_writeNotifier->isEnabled())
        writeSome();
}

void LineChannel::writeSome()
{
    while (!m_out.isEmpty()) {
        const QByteArray &head = m_out.head();
        const ssize_t n =
            ::write(m_writeFd, head.constData() + m_outOffset, size_t(head.size() - m_outOffset));
        if (n > 0) {
            m_outOffset += n;
            m_queuedBytes -= n;
            m_writtenBytes += n;
            if (m_outOffset == head.size()) {
                m_out.dequeue();
                m_outOffset = 0;
            }
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n == 0 || errno == EAGAIN || errno == EWOULDBLOCK) {
            m_writeNotifier->setEnabled(true);
            return;
        }
        // EPIPE and the like: nobody reads any more. Report it from the event loop, not from
        // inside whatever called write().
        m_writable = false;
        m_out.clear();
        m_outOffset = 0;
        m_queuedBytes = 0;
        m_writeNotifier->setEnabled(false);
        QMetaObject::invokeMethod(this, &LineChannel::failOutput, Qt::QueuedConnection);
        return;
    }
    m_writeNotifier->setEnabled(false);
}

bool LineChannel::flush(int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    while (m_writable && !m_out.isEmpty()) {
        writeSome();
        if (!m_writable || m_out.isEmpty())
            break;
        const qint64 left = timeoutMs - clock.elapsed();
        if (left <= 0)
            return false;
        pollfd fd = { m_writeFd, POLLOUT, 0 };
        if (::poll(&fd, 1, int(left)) < 0 && errno != EINTR)
            return false;
    }
    return m_out.isEmpty();
}

void LineChannel::failOutput()
{
    Q_EMIT outputFailed();
}
