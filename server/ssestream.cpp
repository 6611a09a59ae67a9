// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssestream.h"

#include "appendbytes.h"
#include "httpexchange.h"
#include "logging.h"
#include "run.h"
#include "runwatchers.h"

#include <QTimerEvent>

#include <charconv>

SseStream::SseStream(HttpExchange *exchange)
    : QObject(exchange)
    , m_exchange(exchange)
{
    connect(exchange, &HttpExchange::closed, this, &SseStream::onClosed);
    m_heartbeat.setInterval(HeartbeatMs);
    m_heartbeat.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] {
        buffer(8).append(": ping\n\n");
        scheduleFlush();
    });
}

QByteArray &SseStream::buffer(qsizetype more)
{
    if (m_pending.isNull() && m_exchange)
        m_pending = m_exchange->streamBuffer(qMax<qsizetype>(more, 256));
    return m_pending;
}

bool SseStream::hasPending() const
{
    return m_exchange && !m_pending.isNull() && !m_exchange->isEmptyStreamBuffer(m_pending);
}

void SseStream::begin()
{
    m_exchange->beginStream(200, QByteArrayLiteral("text/event-stream"),
                            { { "Cache-Control", "no-cache" }, { "X-Accel-Buffering", "no" } });
    buffer(16).append("retry: " + QByteArray::number(RetryMs) + "\n\n");
    m_heartbeat.start();
    scheduleFlush();
}

void SseStream::sendEvent(QByteArrayView id, QByteArrayView json)
{
    if (m_finished)
        return;
    QByteArray &out = buffer(id.size() + json.size() + 16);
    if (!id.isEmpty())
        appendBytes(out, "id: ", id, "\n");
    appendBytes(out, "data: ", json, "\n\n");
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
    char seq[24];
    const std::to_chars_result number = std::to_chars(seq, seq + sizeof seq, event.seq);
    appendBytes(buffer(m_runId.size() + event.json.size() + 40), "id: ", m_runId, ":",
                QByteArrayView(seq, number.ptr - seq), "\ndata: ", event.json, "\n\n");
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
    // After a quiet spell the first event leaves at once; the rest of this event-loop pass is
    // gathered and follows in one write.
    if (m_exchange && m_exchange->pendingBytes() == 0)
        write();
}

void SseStream::flush()
{
    m_flushScheduled = false;
    write();
}

void SseStream::write()
{
    if (!hasPending())
        return;
    m_exchange->writeStream(std::move(m_pending));
    m_pending = QByteArray();
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
    buffer(16).append("data: [DONE]\n\n");
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
