// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "runevent.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class HttpExchange;
class Run;

/**
 * A text/event-stream answer. Every event carries "id: <run>:<seq>", frames written in one
 * event-loop pass are coalesced into one write, a comment keeps idle connections alive, and a
 * client that stops reading is dropped once its queue passes a cap.
 */
class SseStream : public QObject
{
    Q_OBJECT
public:
    /** Lives as a child of the exchange. */
    explicit SseStream(HttpExchange *exchange);

    /**
     * Streams run's events after afterSeq (replay from the buffer, then live) and ends with
     * "data: [DONE]". With cancelOnClose, a client that goes away cancels the run.
     */
    void streamRun(Run *run, quint64 afterSeq, bool cancelOnClose);

    static constexpr int HeartbeatMs = 15000;
    static constexpr int RetryMs = 3000;
    static constexpr qint64 MaxQueuedBytes = 8 * 1024 * 1024;

private:
    void begin();
    void onEvent(const RunEvent &event);
    void appendEvent(const RunEvent &event);
    void scheduleFlush();
    void flush();
    void finish();
    void onClosed();

    QPointer<HttpExchange> m_exchange;
    QPointer<Run> m_run;
    QByteArray m_runId; // UTF-8, for the id field
    QByteArray m_pending;
    QTimer m_heartbeat;
    bool m_flushScheduled = false;
    bool m_cancelOnClose = false;
    bool m_finished = false;
};
