// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "linechannel.h"
#include "rpcpeer.h"

/**
 * A JSON-RPC peer on a pair of file descriptors (stdin and stdout for `attache --stdio`): one
 * message per line. Neither side blocks the event loop; a slow reader only grows the queue,
 * which the dispatcher caps like any other peer's.
 */
class StdioPeer : public RpcPeer
{
    Q_OBJECT
public:
    explicit StdioPeer(int inFd = 0, int outFd = 1, QObject *parent = nullptr);

    void send(const QByteArray &message) override;
    QString transport() const override { return QStringLiteral("stdio"); }
    /** Stops reading and reports disconnected() once; output already queued still goes out. */
    void close(const QString &reason) override;
    qint64 queuedBytes() const override { return m_channel.queuedBytes(); }
    /** Blocks up to timeoutMs to write out what is queued, for a clean exit. */
    bool flush(int timeoutMs) { return m_channel.flush(timeoutMs); }

private:
    void finish();

    LineChannel m_channel;
    bool m_closed = false;
};
