// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QObject>
#include <QQueue>

class QSocketNotifier;

/**
 * Newline-delimited messages on two file descriptors (stdin/stdout, a pipe, a socket), without
 * ever blocking the event loop: both fds are switched to O_NONBLOCK and served from
 * QSocketNotifiers. Input is split on '\n' (a trailing '\r' is dropped, blank lines are
 * skipped); output is queued and written as fast as the reader takes it.
 *
 * The fds are not closed here (they usually are the process's stdin and stdout), and their
 * original flags are restored on destruction: O_NONBLOCK lives on the open file description,
 * which a terminal or a parent's pipe shares with other processes.
 *
 * Writing to a pipe whose reader is gone raises SIGPIPE; the process must ignore it (the write
 * then fails with EPIPE and outputFailed() is emitted).
 *
 * The two directions end separately: after inputEnded() the output still works, so whatever is
 * still owed to the other side (answers, the rest of a streamed reply) can be written first.
 */
class LineChannel : public QObject
{
    Q_OBJECT
public:
    LineChannel(int readFd, int writeFd, QObject *parent = nullptr);
    ~LineChannel() override;

    /** Queues line + '\n' and writes what the fd takes now; the rest follows when it is writable.
     */
    void write(const QByteArray &line);
    qint64 queuedBytes() const { return m_queuedBytes; }
    /** Bytes written to the fd so far. */
    qint64 writtenBytes() const { return m_writtenBytes; }
    /** Blocks up to timeoutMs to write out the queue (before the process exits); true if all went.
     */
    bool flush(int timeoutMs);
    /** Stops reading; no more lineReceived() or inputEnded(). */
    void stopReading();
    bool isReading() const { return m_reading; }
    bool isWritable() const { return m_writable; }

    /** Longer lines are discarded up to their newline, never buffered whole. */
    static constexpr qsizetype MaxLineBytes = 16 * 1024 * 1024;

Q_SIGNALS:
    void lineReceived(const QByteArray &line);
    /** A line over MaxLineBytes was dropped; emitted once per such line, when it is noticed. */
    void lineTooLong();
    /** The input reached its end (or its fd failed); not after stopReading(). Emitted once. */
    void inputEnded();
    /** The output fd failed (nobody reads it any more): what was queued is dropped and later
     * writes are ignored. Emitted once, from the event loop. */
    void outputFailed();

private:
    void onReadable();
    /** Splits what is buffered into lines; false if a receiver stopped the reading meanwhile. */
    bool takeLines();
    void writeSome();
    void failOutput();

    int m_readFd;
    int m_writeFd;
    int m_readFlags = -1; // as found, restored on destruction
    int m_writeFlags = -1;
    QSocketNotifier *m_readNotifier = nullptr;
    QSocketNotifier *m_writeNotifier = nullptr;
    QByteArray m_in;
    qsizetype m_scanned = 0; // bytes of m_in already known to hold no '\n'
    bool m_discarding = false; // inside an over-long line, dropping bytes up to its newline
    QQueue<QByteArray> m_out;
    qsizetype m_outOffset = 0; // bytes of m_out.head() already written
    qint64 m_queuedBytes = 0;
    qint64 m_writtenBytes = 0;
    bool m_reading = true;
    bool m_writable = true;
};
