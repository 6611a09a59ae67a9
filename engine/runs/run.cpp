// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "runs/run.h"

Run::Run(QString id, QString sessionId, RunSpec spec, QObject *parent)
    : QObject(parent)
    , m_id(std::move(id))
    , m_sessionId(std::move(sessionId))
    , m_spec(std::move(spec))
    , m_createdAt(QDateTime::currentDateTimeUtc())
{ }

Run::~Run() = default;

bool Run::isFinished() const
{
    return m_state == State::Done || m_state == State::Cancelled || m_state == State::Failed;
}

quint64 Run::firstBufferedSeq() const
{
    return m_events.empty() ? m_nextSeq : m_events.front().seq;
}

QString Run::stateName(State state)
{
    switch (state) {
    case State::Queued:
        return QStringLiteral("queued");
    case State::Running:
        return QStringLiteral("running");
    case State::WaitingForPermission:
        return QStringLiteral("waiting_for_permission");
    case State::Done:
        return QStringLiteral("done");
    case State::Cancelled:
        return QStringLiteral("cancelled");
    case State::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

void Run::setEncoder(std::unique_ptr<RunEventEncoder> encoder)
{
    m_encoder = std::move(encoder);
}

void Run::announceQueued(const QString &waitingFor, int position)
{
    appendEvent(EventType::Queued, QueuedInfo { waitingFor, position });
}

void Run::begin()
{
    if (!m_clock.isValid())
        m_clock.start();
    setState(State::Running);
    RunEvent event;
    event.type = EventType::StreamStart;
    append(std::move(event));
}

const QString &Run::reply() const
{
    // Chunks are whole UTF-8 sequences, so converting only what is new is exact.
    if (m_replyConverted < m_replyUtf8.size()) {
        m_reply += QString::fromUtf8(m_replyUtf8.constData() + m_replyConverted,
                                     m_replyUtf8.size() - m_replyConverted);
        m_replyConverted = m_replyUtf8.size();
    }
    return m_reply;
}

void Run::appendChunk(const TextDelta &delta)
{
    m_replyUtf8 += delta.utf8;
    if (m_firstTokenMs < 0 && m_clock.isValid())
        m_firstTokenMs = m_clock.elapsed();
    RunEvent event;
    event.type = EventType::StreamChunk;
    event.text = delta.utf8.toByteArray();
    append(std::move(event));
}

void Run::appendThinking(const QString &text)
{
    if (m_firstTokenMs < 0 && m_clock.isValid())
        m_firstTokenMs = m_clock.elapsed(); // what the model thinks is its first output
    RunEvent event;
    event.type = EventType::Thinking;
    event.text = text.toUtf8();
    append(std::move(event));
}

void Run::addUsage(const Usage &usage)
{
    if (!m_usage) {
        m_usage = usage;
        return;
    }
    *m_usage += usage;
}

void Run::appendEvent(EventType type, RunEvent::Detail detail)
{
    RunEvent event;
    event.type = type;
    event.detail = std::make_shared<const RunEvent::Detail>(std::move(detail));
    append(std::move(event));
}

void Run::setWaitingForPermission(bool waiting)
{
    if (!isFinished())
        setState(waiting ? State::WaitingForPermission : State::Running);
}

double Run::tokensPerSecond() const
{
    const qint64 end = m_endMs >= 0 ? m_endMs : (m_clock.isValid() ? m_clock.elapsed() : -1);
    if (m_firstTokenMs < 0 || end <= m_firstTokenMs)
        return 0;
    return double(finalUsage().completionTokens) * 1000.0 / double(end - m_firstTokenMs);
}

Usage Run::finalUsage() const
{
    if (m_usage)
        return *m_usage;
    // The provider did not count; estimate (about four characters a token) so the ledger
    // still has a figure, and say it is an estimate.
    Usage estimate;
    estimate.promptTokens = (m_spec.userMessage.size() + 3) / 4;
    estimate.completionTokens = (reply().size() + 3) / 4;
    estimate.estimated = true;
    return estimate;
}

void Run::reportUsage()
{
    if (isFinished() || m_usageReported)
        return;
    m_usageReported = true;
    if (m_endMs < 0 && m_clock.isValid())
        m_endMs = m_clock.elapsed(); // the reply's end, for its rate; not the disk's
    m_usage = finalUsage();
    appendEvent(EventType::Usage, *m_usage);
}

void Run::complete(const QString &finishReason)
{
    if (isFinished())
        return;
    reportUsage();
    end(State::Done, EventType::StreamEnd, EndInfo { finishReason, {} });
}

void Run::fail(const EngineError &error)
{
    if (isFinished())
        return;
    m_error = error;
    end(State::Failed, EventType::Error, error);
}

bool Run::cancel(const QString &reason)
{
    if (isFinished())
        return false;
    Q_EMIT cancelRequested();
    end(State::Cancelled, EventType::Cancelled, EndInfo { {}, reason });
    return true;
}

void Run::end(State state, EventType type, RunEvent::Detail detail)
{
    if (m_endMs < 0 && m_clock.isValid())
        m_endMs = m_clock.elapsed();
    // Final before the terminal event goes out: whoever reacts to it sees a finished run.
    m_state = state;
    appendEvent(type, std::move(detail));
    Q_EMIT stateChanged(state);
    Q_EMIT finished();
}

void Run::append(RunEvent event)
{
    event.seq = m_nextSeq++;
    if (m_encoder)
        event.wire = m_encoder->encode(*this, event);
    m_bufferedBytes += event.cost();
    m_events.push_back(std::move(event));
    // The replay buffer is bounded: the oldest events go first, and a client asking for them
    // learns that it has to resynchronise instead of getting a silent gap.
    while (m_events.size() > MaxBufferedEvents
           || (m_bufferedBytes > MaxBufferedBytes && m_events.size() > 1)) {
        m_bufferedBytes -= m_events.front().cost();
        m_events.pop_front();
    }
    Q_EMIT eventAdded(m_events.back());
}

void Run::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}
