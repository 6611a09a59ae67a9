// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssestream.h"

#include "httpexchange.h"
#include "logging.h"
#include "run.h"
#include "runwatchers.h"

#include <QTimerEvent>

SseStream::SseStream(HttpExchange *exchange)
    : QObject(exchange)
    , m_exchange(exchange)
{
    connect(exchange, &HttpExchange::closed, this, &SseStream::onClosed);
    m_heartbeat.setInterval(HeartbeatMs);
    m_heartbeat.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] {
        m_pending += ": ping\n\n";
        scheduleFlush();
    });
}

void SseStream::begin()
{
    m_exchange->beginStream(200, QByteArrayLiteral("text/event-stream"),
                            { { "Cache-Control", "no-cache" }, { "X-Accel-Buffering", "no" } });
    m_pending += "retry: " + QByteArray::number(RetryMs) + "\n\n";
    m_heartbeat.start();
    scheduleFlush();
}

void SseStream::sendEvent(QByteArrayView id, QByteArrayView json)
{
    if (m_finished)
        return;
    if (!id.isEmpty()) {
        m_pending += "id: ";
        m_pending += id;
        m_pending += '\n';
    }
    m_pending += "data: ";
    m_pending += json;
    m_pending += "\n\n";
    scheduleFlush();
}

void SseStream::streamRun(Run *run, quint64 afterSeq, RunWatchers *watchers)
{
    m_run = run;
    m_runId = run->id().toUtf8();
    begin();
    for (const RunEvent &event : run->events()) {
        if (event.seq > afterSeq)
            appendRunEvent(event);
    }
    if (run->isFinished()) {
        finish();
        return;
    }
    m_watchers = watchers;
    if (watchers)
        watchers->watch(run);
    connect(run, &Run::eventAdded, this, &SseStream::onRunEvent);
    connect(run, &QObject::destroyed, this, &SseStream::finish);
}

void SseStream::appendRunEvent(const RunEvent &event)
{
    m_pending += "id: ";
    m_pending += m_runId;
    m_pending += ':';
    m_pending += QByteArray::number(event.seq);
    m_pending += "\ndata: ";
    m_pending += event.json;
    m_pending += "\n\n";
}

void SseStream::onRunEvent(const RunEvent &event)
{
    appendRunEvent(event);
    if (event.isTerminal())
        finish();
    else
        scheduleFlush();
}

void SseStream::scheduleFlush()
{
    if (m_flushScheduled)
        return;
    m_flushScheduled = true;
    QMetaObject::invokeMethod(this, &SseStream::flush, Qt::QueuedConnection);
}

void SseStream::flush()
{
    m_flushScheduled = false;
    if (!m_exchange || m_pending.isEmpty())
        return;
    m_exchange->writeStream(m_pending);
    m_pending.clear();
    judge();
}

void SseStream::judge()
{
    if (!m_exchange) {
        m_drainCheck.stop();
        return;
    }
    switch (m_drain.judge(m_exchange->pendingBytes(), m_exchange->bytesTaken(), MaxQueuedBytes)) {
    case DrainJudge::Verdict::Keep:
        m_drainCheck.stop();
        return;
    case DrainJudge::Verdict::Watch:
        if (!m_drainCheck.isActive())
            m_drainCheck.start(DrainJudge::GraceMs, Qt::PreciseTimer, this);
        return;
    case DrainJudge::Verdict::Drop:
        m_drainCheck.stop();
        qCInfo(lcServer, "dropping an event stream client that stopped reading");
        m_exchange->abort();
        onClosed();
        return;
    }
}

void SseStream::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_drainCheck.timerId())
        judge();
    else
        QObject::timerEvent(event);
}

void SseStream::stopWatching()
{
    m_heartbeat.stop();
    m_drainCheck.stop();
    if (!m_run)
        return;
    m_run->disconnect(this);
    if (m_watchers)
        m_watchers->unwatch(m_run);
    m_watchers = nullptr;
}

void SseStream::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    stopWatching();
    m_pending += "data: [DONE]\n\n";
    flush();
    if (m_exchange)
        m_exchange->endStream();
}

void SseStream::onClosed()
{
    if (m_finished)
        return;
    m_finished = true;
    // A dropped client does not end the run: it may come back with Last-Event-ID.
    stopWatching();
    Q_EMIT closed();
}
