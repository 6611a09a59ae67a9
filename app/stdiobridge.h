// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "discoveryfile.h"
#include "rpc/linechannel.h"
#include "rpc/stdiopeer.h"

#include <QByteArrayList>
#include <QObject>
#include <QTimer>
#include <QWebSocket>

/**
 * `attache --stdio` when an instance already runs: relays JSON-RPC lines between stdin/stdout
 * and that instance's /ws channel, so an editor that spawns a process per window still shares
 * the one engine. Bytes are passed through untouched; the instance does all the JSON-RPC.
 *
 * When stdin ends, the bridge stays until the instance has answered what was asked and the runs
 * those requests started have ended (PendingReplies, at most PendingReplies::TimeoutMs), then
 * closes the connection: `echo request | attache --stdio` gets its answer.
 */
class StdioBridge : public QObject
{
    Q_OBJECT
public:
    StdioBridge(const DiscoveryFile::Info &instance, const QString &kind, const QString &name,
                int inFd = 0, int outFd = 1, QObject *parent = nullptr);

    /** Connects; finished() follows once: 0 when stdin has ended and what it asked for is out
     * (or stdout is gone), 1 when the connection fails. */
    void start();
    /** Blocks up to timeoutMs to write what is still queued for stdout. */
    bool flush(int timeoutMs) { return m_channel.flush(timeoutMs); }

    static constexpr int ConnectTimeoutMs = 10000;
    static constexpr int CloseTimeoutMs = 2000;
    // Output for a stdout nobody reads is not kept without bound (the server drops such peers too).
    static constexpr qint64 MaxQueuedBytes = 64 * 1024 * 1024;

Q_SIGNALS:
    void finished(int exitCode);

private:
    void onLine(const QByteArray &line);
    void onConnected();
    void onMessage(const QByteArray &message);
    void onInputEnded();
    void closeWhenSettled();
    void closeConnection();
    void onDisconnected();
    void fail(const QString &why);
    void finish(int exitCode);

    DiscoveryFile::Info m_instance;
    QString m_kind;
    QString m_name;
    LineChannel m_channel;
    QWebSocket m_socket;
    QTimer m_timeout; // for the connection to open, then for the closing handshake
    QTimer m_drainTimeout;
    QByteArrayList m_queued; // lines read before the socket was open
    PendingReplies m_pending;
    bool m_connected = false;
    bool m_inputEnded = false;
    bool m_closing = false; // we asked for the close: stdin ended and all is answered
    bool m_finished = false;
};
