// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rpc/linechannel.h"
#include "rpc/rpcpeer.h"

#include <QHash>
#include <QJsonValue>
#include <QSet>
#include <QTimer>

class QJsonObject;

/**
 * What a JSON-RPC client on stdio is still owed: an answer to every request it sent, and the
 * terminal event (stream_end, error, cancelled) of every run those requests started (a chat or
 * resume result names the run). `attache --stdio` keeps running after its input ends until this
 * is settled, in both modes, so `echo '{…"method":"chat"…}' | attache --stdio` prints the whole
 * reply instead of nothing.
 *
 * Request lines are parsed (they are few and small). Of what goes out only a prefix is looked at,
 * since that is every event of every stream; only answers to chat/resume and the terminal events
 * of tracked runs are parsed, to learn the run.
 */
class PendingReplies
{
public:
    /** A line read from the client: counts the answer it will get, if any. */
    void noteRequest(const QByteArray &line);
    /** A message about to be written to the client (an answer, a batch, a notification). */
    void noteSent(const QByteArray &message);
    bool isSettled() const { return m_answers == 0 && m_runs.isEmpty(); }
    /** What is still due, for the one line said when giving up, e.g. "1 answer, run r_7f3a". */
    QString describe() const;

    /** How long a client whose input ended is waited for before the process leaves anyway. */
    static constexpr int TimeoutMs = 30000;

private:
    void noteAnswer(const QJsonObject &answer);

    qsizetype m_answers = 0; // answer messages still due: one per request line, one per batch
    QHash<QJsonValue, double> m_runRequests; // chat/resume ids not answered yet → after_seq
    QSet<QString> m_runs; // runs started by answered chat/resume requests, until they end
};

/**
 * A JSON-RPC peer on a pair of file descriptors (stdin and stdout for `attache --stdio`): one
 * message per line. Neither side blocks the event loop; a slow reader only grows the queue,
 * which the dispatcher caps like any other peer's.
 *
 * When the input ends the peer stays attached until what the client is owed has gone out
 * (PendingReplies), at most PendingReplies::TimeoutMs, and only then reports disconnected().
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
    qint64 bytesTaken() const override { return m_channel.writtenBytes(); }
    /** Blocks up to timeoutMs to write out what is queued, for a clean exit. */
    bool flush(int timeoutMs) { return m_channel.flush(timeoutMs); }

private:
    void onLine(const QByteArray &line);
    void onInputEnded();
    void finishWhenSettled();
    void finish();

    LineChannel m_channel;
    PendingReplies m_pending;
    QTimer m_drainTimeout;
    bool m_inputEnded = false;
    bool m_finishQueued = false;
    bool m_closed = false;
};
