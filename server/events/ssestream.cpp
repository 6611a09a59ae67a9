// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "events/ssestream.h"

#include "events/streamhub.h"
#include "http/bytebuffer.h"
#include "http/directwrite.h"
#include "http/httpexchange.h"
#include "http/serverlog.h"
#include "rpc/runwatchers.h"
#include "runs/run.h"

#include <QTimerEvent>

#include <charconv>

SseStream::SseStream(HttpExchange *exchange, StreamHub &hub)
    : QObject(exchange)
    , m_exchange(exchange)
    , m_hub(&hub)
{
    exchange->setListener(this);
    m_drain.setClock(hub.drainClock());
}

SseStream::~SseStream()
{
    if (m_hub)
        m_hub->remove(this);
}

void SseStream::heartbeat()
{
    if (!m_finished)
        frame(": ping\n\n");
}

template<typename... Parts> void SseStream::frame(const Parts &...parts)
{
    // After a quiet spell the frame leaves at once, written from where its parts are; what
    // follows in this event-loop pass is gathered and goes in one write. A large frame gains
    // nothing from waiting for company, and would only be copied.
    if (m_pending.isEmpty()
        && (!writingThisPass() || (bytesOf(parts).size() + ...) >= DirectFrameBytes)
        && m_exchange->pendingBytes() == 0) {
        m_exchange->writeStream({ bytesOf(parts)... });
        yieldToReader();
        writeAtPassEnd(); // what follows in this pass is gathered
        judge();
        return;
    }
    m_pending.append(parts...);
    if (m_pending.size() >= WriteBytes)
        write(true); // a long burst goes out in pieces: the buffer neither grows nor gets copied
    writeAtPassEnd();
}

void SseStream::begin(bool retryHint)
{
    // Made once: every stream starts the same way.
    static const QByteArray contentType = QByteArrayLiteral("text/event-stream");
    static const HeaderList headers {
        { QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache") },
        { QByteArrayLiteral("X-Accel-Buffering"), QByteArrayLiteral("no") }
    };
    static const QByteArray retry = "retry: " + QByteArray::number(RetryMs) + "\n\n";
    m_exchange->beginStream(200, contentType, headers);
    if (m_hub)
        m_hub->add(this);
    if (retryHint)
        frame(retry); // goes with the head
}

void SseStream::sendEvent(QByteArrayView id, QByteArrayView json)
{
    if (m_finished)
        return;
    if (id.isEmpty())
        frame("data: ", json, "\n\n");
    else
        frame("id: ", id, "\ndata: ", json, "\n\n");
}

void SseStream::sendFrames(QByteArrayView frames)
{
    if (!m_finished)
        frame(frames);
}

void SseStream::streamRun(Run *run, quint64 afterSeq, RunWatchers *watchers)
{
    m_run = run;
    m_runId = run->id().toUtf8();
    begin();
    for (const RunEvent &event : run->events()) {
        if (event.seq > afterSeq)
            sendRunEvent(event);
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
    write(); // the head and what was replayed, now rather than on the next pass
}

void SseStream::sendRunEvent(const RunEvent &event)
{
    char seq[24];
    const std::to_chars_result number = std::to_chars(seq, seq + sizeof seq, event.seq);
    frame("id: ", m_runId, ":", QByteArrayView(seq, number.ptr - seq), "\ndata: ", event.wire,
          "\n\n");
}

void SseStream::onRunEvent(const RunEvent &event)
{
    sendRunEvent(event);
    if (event.isTerminal())
        finish();
}

void SseStream::write(bool more)
{
    if (m_pending.isEmpty())
        return;
    m_exchange->writeStream({ m_pending.view() });
    if (more)
        m_pending.clear();
    else
        m_pending.release(); // an idle stream holds no buffer
    judge();
}

void SseStream::judge()
{
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
        exchangeClosed();
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
    if (m_hub)
        std::exchange(m_hub, nullptr)->remove(this);
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
    finishWith("data: [DONE]\n\n");
}

void SseStream::finishWith(QByteArrayView last)
{
    if (m_finished)
        return;
    m_finished = true;
    stopWatching();
    if (!last.isEmpty())
        frame(last);
    write();
    m_exchange->endStream();
}

void SseStream::exchangeClosed()
{
    if (m_finished)
        return;
    m_finished = true;
    // A dropped client does not end the run: it may come back with Last-Event-ID.
    stopWatching();
    Q_EMIT closed();
}
