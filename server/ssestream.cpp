// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "ssestream.h"

#include "httpexchange.h"
#include "logging.h"
#include "run.h"

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
}

void SseStream::streamRun(Run *run, quint64 afterSeq, bool cancelOnClose)
{
    m_run = run;
    m_runId = run->id().toUtf8();
    m_cancelOnClose = cancelOnClose;
    begin();
    for (const RunEvent &event : run->events()) {
        if (event.seq > afterSeq)
            appendEvent(event);
    }
    if (run->isFinished()) {
        finish();
        return;
    }
    connect(run, &Run::eventAdded, this, &SseStream::onEvent);
    connect(run, &QObject::destroyed, this, &SseStream::finish);
    scheduleFlush();
}

void SseStream::appendEvent(const RunEvent &event)
{
    m_pending += "id: ";
    m_pending += m_runId;
    m_pending += ':';
    m_pending += QByteArray::number(event.seq);
    m_pending += "\ndata: ";
    m_pending += event.json;
    m_pending += "\n\n";
}

void SseStream::onEvent(const RunEvent &event)
{
    appendEvent(event);
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
    if (m_exchange->pendingBytes() > MaxQueuedBytes) {
        qCInfo(lcServer, "dropping an event stream client that stopped reading");
        m_finished = true;
        m_exchange->abort();
        return;
    }
    m_exchange->writeStream(m_pending);
    m_pending.clear();
}

void SseStream::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_heartbeat.stop();
    if (m_run)
        m_run->disconnect(this);
    m_pending += "data: [DONE]\n\n";
    flush();
    if (m_exchange)
        m_exchange->endStream();
}

void SseStream::onClosed()
{
    m_heartbeat.stop();
    if (m_finished)
        return;
    m_finished = true;
    if (m_run)
        m_run->disconnect(this);
    if (m_cancelOnClose && m_run && !m_run->isFinished())
        m_run->cancel(QStringLiteral("client_disconnected"));
}
