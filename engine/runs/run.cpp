// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "runs/run.h"

#include "net/jsonwriter.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

QByteArray Run::replyJson() const
{
    QByteArray out;
    out.reserve(m_replyUtf8.size() + m_replyUtf8.size() / 8 + 2);
    JsonWriter::appendUtf8String(out, m_replyUtf8);
    return out;
}

Run::Run(QString id, QString sessionId, RunSpec spec, QObject *parent)
    : QObject(parent)
    , m_id(std::move(id))
    , m_sessionId(std::move(sessionId))
    , m_spec(std::move(spec))
    , m_createdAt(QDateTime::currentDateTimeUtc())
    , m_envelope(EnvelopeParts::of(m_id, m_sessionId))
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

void Run::begin()
{
    setState(State::Running);
    // Written by hand: it is made while the user waits for the first token.
    QByteArray metadata;
    metadata.reserve(32 + m_spec.providerId.size() + m_spec.model.size());
    metadata += "{\"model\":";
    JsonWriter::appendString(metadata, m_spec.model);
    metadata += ",\"provider\":";
    JsonWriter::appendString(metadata, m_spec.providerId);
    metadata += '}';
    append(EventType::StreamStart, "\"\"", metadata);
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
    append(EventType::StreamChunk, delta.json);
}

void Run::addUsage(const Usage &usage)
{
    if (!m_usage) {
        m_usage = usage;
        return;
    }
    m_usage->promptTokens += usage.promptTokens;
    m_usage->completionTokens += usage.completionTokens;
    m_usage->estimated = m_usage->estimated || usage.estimated;
}

void Run::appendEvent(EventType type, QByteArrayView dataJson, QByteArrayView metadataJson)
{
    append(type, dataJson, metadataJson);
}

void Run::setWaitingForPermission(bool waiting)
{
    if (!isFinished())
        setState(waiting ? State::WaitingForPermission : State::Running);
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

void Run::emitUsage()
{
    m_usage = finalUsage();
    QJsonObject usage { { QStringLiteral("prompt_tokens"), m_usage->promptTokens },
                        { QStringLiteral("completion_tokens"), m_usage->completionTokens },
                        { QStringLiteral("total_tokens"), m_usage->totalTokens() } };
    if (m_usage->estimated)
        usage.insert(QStringLiteral("estimated"), true);
    append(EventType::Usage, compact(usage),
           compact({ { QStringLiteral("provider"), m_spec.providerId },
                     { QStringLiteral("model"), m_spec.model } }));
}

void Run::complete(const QString &finishReason)
{
    if (isFinished())
        return;
    emitUsage();
    QJsonObject metadata;
    if (!finishReason.isEmpty())
        metadata.insert(QStringLiteral("finish_reason"), finishReason);
    end(State::Done, EventType::StreamEnd, replyJson(), compact(metadata));
}

void Run::fail(const EngineError &error)
{
    if (isFinished())
        return;
    m_error = error;
    end(State::Failed, EventType::Error, compact(error.toJson()));
}

bool Run::cancel(const QString &reason)
{
    if (isFinished())
        return false;
    Q_EMIT cancelRequested();
    end(State::Cancelled, EventType::Cancelled, replyJson(),
        compact({ { QStringLiteral("reason"), reason } }));
    return true;
}

void Run::end(State state, EventType type, QByteArrayView dataJson, QByteArrayView metadataJson)
{
    // Final before the terminal event goes out: whoever reacts to it sees a finished run.
    m_state = state;
    append(type, dataJson, metadataJson);
    Q_EMIT stateChanged(state);
    Q_EMIT finished();
}

void Run::append(EventType type, QByteArrayView dataJson, QByteArrayView metadataJson)
{
    m_events.push_back(RunEvent::make(type, m_nextSeq++, m_envelope, dataJson, metadataJson));
    m_bufferedBytes += m_events.back().json.size();
    // The replay buffer is bounded: the oldest events go first, and a client asking for them
    // learns that it has to resynchronise instead of getting a silent gap.
    while (m_events.size() > MaxBufferedEvents
           || (m_bufferedBytes > MaxBufferedBytes && m_events.size() > 1)) {
        m_bufferedBytes -= m_events.front().json.size();
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
