// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "provider.h"
#include "runevent.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>

#include <deque>
#include <optional>

/** What a run was asked to do, fixed when it is created. */
struct RunSpec
{
    QString providerId;
    QString providerName;
    QString model;
    QString userMessage; // as sent to the model (with any attached code)
    QString clientId; // who started it
};

/**
 * One assistant turn: ordered, sequence-numbered events kept in a bounded replay buffer, a
 * state, and a cancel that stops the upstream request at once.
 */
class Run : public QObject
{
    Q_OBJECT
public:
    enum class State { Queued, Running, WaitingForPermission, Done, Cancelled, Failed };
    Q_ENUM(State)

    Run(QString id, QString sessionId, RunSpec spec, QObject *parent = nullptr);
    ~Run() override;

    QString id() const { return m_id; }
    QString sessionId() const { return m_sessionId; }
    const RunSpec &spec() const { return m_spec; }
    State state() const { return m_state; }
    bool isFinished() const;
    QDateTime createdAt() const { return m_createdAt; }

    /** The reply so far (the whole reply once done). */
    const QString &reply() const { return m_reply; }
    std::optional<Usage> usage() const { return m_usage; }
    std::optional<EngineError> error() const { return m_error; }

    /** Events still in the replay buffer, oldest first; seq runs without gaps. */
    const std::deque<RunEvent> &events() const { return m_events; }
    quint64 lastSeq() const { return m_nextSeq - 1; }
    /** Oldest seq still replayable (lastSeq() + 1 when the buffer is empty). */
    quint64 firstBufferedSeq() const;

    /** Starts streaming from the provider; the run takes the stream over. */
    void start(ChatStream *stream);
    /** Ends the run as cancelled; false if it had already ended. */
    bool cancel(const QString &reason = QStringLiteral("cancelled"));

    static QString stateName(State state);
    static constexpr size_t MaxBufferedEvents = 65536;
    static constexpr qsizetype MaxBufferedBytes = 16 * 1024 * 1024;

Q_SIGNALS:
    void eventAdded(const RunEvent &event);
    void stateChanged(Run::State state);
    void finished();

private:
    void onDelta(const QString &text);
    void onStreamFinished(const QString &finishReason);
    void onStreamFailed(const EngineError &error);
    void append(EventType type, QByteArrayView dataJson, QByteArrayView metadataJson = {});
    void setState(State state);
    void end(State state, EventType type, QByteArrayView dataJson, QByteArrayView metadataJson = {});
    void emitUsage();
    void releaseStream();

    QString m_id;
    QString m_sessionId;
    RunSpec m_spec;
    State m_state = State::Queued;
    QDateTime m_createdAt;
    QString m_reply;
    std::optional<Usage> m_usage;
    std::optional<EngineError> m_error;
    std::deque<RunEvent> m_events;
    qsizetype m_bufferedBytes = 0;
    quint64 m_nextSeq = 1;
    QPointer<ChatStream> m_stream;
};
