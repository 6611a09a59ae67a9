// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/bytebuffer.h"
#include "http/directwrite.h"
#include "http/drainjudge.h"
#include "http/httpexchange.h"
#include "runs/runevent.h"

#include <QBasicTimer>
#include <QObject>
#include <QPointer>

class Run;
class RunWatchers;
class StreamHub;

/**
 * A text/event-stream answer: the only code that writes SSE framing. Frames written in one
 * event-loop pass are coalesced into one write, a comment keeps idle connections alive, and a
 * client that stops reading is dropped (DrainJudge: its queue stays above MaxQueuedBytes without
 * draining, or passes a hard ceiling).
 */
class SseStream : public QObject, private ExchangeListener, private PassWriter
{
    Q_OBJECT
public:
    /** Lives as a child of the exchange; the hub keeps it alive with heartbeats while open. */
    SseStream(HttpExchange *exchange, StreamHub &hub);
    ~SseStream() override;

    /** Writes the response head and, unless told not to, the retry hint. */
    void begin(bool retryHint = true);
    /** Queues "id: <id>\ndata: <json>\n\n" (no id line when id is empty). */
    void sendEvent(QByteArrayView id, QByteArrayView json);
    /** Queues whole frames framed by the caller (a gateway's, in its API's own shape). */
    void sendFrames(QByteArrayView frames);
    /** Writes "data: [DONE]" and ends the response. */
    void finish();
    /** Ends the response after last (whole frames, or nothing): streams that end otherwise. */
    void finishWith(QByteArrayView last);

    /**
     * Streams run's events after afterSeq (replay from the buffer, then live), each with
     * "id: <run>:<seq>", and finishes after the terminal event. The run counts this stream as
     * a watcher while it is open.
     */
    void streamRun(Run *run, quint64 afterSeq, RunWatchers *watchers);

    /** A comment that keeps the connection from looking dead (from the hub's one timer). */
    void heartbeat();
    /** The hub is going away first. */
    void detachFromHub() { m_hub = nullptr; }

    static constexpr int HeartbeatMs = 15000;
    static constexpr int RetryMs = 3000;
    static constexpr qint64 MaxQueuedBytes = DrainJudge::Cap;
    /** A frame this large is written at once whenever nothing is queued ahead of it. */
    static constexpr qsizetype DirectFrameBytes = 4096;
    /** Frames gathered in one event-loop pass are written once they reach this size. */
    static constexpr qsizetype WriteBytes = 64 * 1024;

Q_SIGNALS:
    /** The client went away before the stream finished. */
    void closed();

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void onRunEvent(const RunEvent &event);
    void sendRunEvent(const RunEvent &event);
    /** Sends the parts of one SSE frame: at once after a quiet spell, else with the next write. */
    template<typename... Parts> void frame(const Parts &...parts);
    void writePass() override { write(); }
    /** Writes what is gathered; more: in the middle of a burst (the buffer is kept). */
    void write(bool more = false);
    /** After a write: drops a client that stopped reading, watches one whose queue is high. */
    void judge();
    void exchangeClosed() override;
    void stopWatching();

    HttpExchange *m_exchange; // the parent
    StreamHub *m_hub; // null once the stream is over
    QPointer<Run> m_run;
    QPointer<RunWatchers> m_watchers;
    QByteArray m_runId; // UTF-8, for the id field
    ByteBuffer m_pending; // frames not written yet; freed between writes
    QBasicTimer m_drainCheck; // runs while the client's queue is above the cap
    DrainJudge m_drain;
    bool m_finished = false;
};
