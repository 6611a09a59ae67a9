// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/provider.h"
#include "runs/runevent.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

class TurnDriver;

/** What a run was asked to do, fixed when it is created. */
struct RunSpec
{
    QString providerId;
    QString providerName;
    QString model;
    QString userMessage; // as sent to the model (with any attached code)
    QString clientId; // who started it
    ContextInjection context; // files attached to the message, if any
    // A regenerated turn: the session's stored messages after the first keepStored are the
    // turn it replaces, dropped when this one is stored (-1: a new turn, nothing replaced).
    int keepStored = -1;
    // A regenerated turn: the earlier answers, kept with the new one as its variants.
    QList<ReplyVariant> variants;
    // A turn a client drives through a gateway: makes its driver (a child of run) when the
    // session's queue reaches it, from the session's messages; empty for Attache's own turns.
    std::function<TurnDriver *(Run *run, const QList<ChatMessage> &history)> clientTurn;
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
    const QString &reply() const;
    const QByteArray &replyUtf8() const { return m_replyUtf8; }
    std::optional<Usage> usage() const { return m_usage; }
    /** The usage the turn will report: the provider's count, else an estimate. */
    Usage finalUsage() const;
    std::optional<EngineError> error() const { return m_error; }
    /** From stream_start to the first token of the reply; -1 before one came. */
    qint64 firstTokenMs() const { return m_firstTokenMs; }
    /** The reply's tokens per second, from its first token to its end; 0 while unknown. */
    double tokensPerSecond() const;

    /** Events still in the replay buffer, oldest first; seq runs without gaps. */
    const RunEventBuffer &events() const { return m_events; }
    quint64 lastSeq() const { return m_nextSeq - 1; }
    /** Oldest seq still replayable (lastSeq() + 1 when the buffer is empty). */
    quint64 firstBufferedSeq() const;

    // Driving the run (the engine's RunDriver does this; clients only read and cancel)
    /** Makes the wire form of every event from now on (the server installs one). */
    void setEncoder(std::unique_ptr<RunEventEncoder> encoder);
    /** queued: the turn waits for the session's earlier one. */
    void announceQueued(const QString &waitingFor, int position);
    /** stream_start; the run is running. */
    void begin();
    void appendChunk(const TextDelta &delta);
    void appendThinking(const QString &text);
    /** Adds a round's token counts (a turn with tool calls has several rounds). */
    void addUsage(const Usage &usage);
    /** Any other event (tool_call, permission_request, retrying, …) with its detail. */
    void appendEvent(EventType type, RunEvent::Detail detail);
    void setWaitingForPermission(bool waiting);
    /** usage: the reply is whole and its counts final. complete() sends it if this was not
     * called; the reply's end (for its rate) is now, not when the turn is on disk. */
    void reportUsage();
    /** usage unless reportUsage() sent it, then stream_end with the whole reply. */
    void complete(const QString &finishReason);
    void fail(const EngineError &error);
    /** Ends the run as cancelled (cancelRequested() first, so whatever works for it stops);
     * false if it had already ended. */
    bool cancel(const QString &reason = QStringLiteral("cancelled"));

    static QString stateName(State state);
    static constexpr size_t MaxBufferedEvents = 65536;
    // Under the servers' 8 MiB slow-consumer cap, so a full replay never drops a healthy reader.
    static constexpr qsizetype MaxBufferedBytes = 4 * 1024 * 1024;

Q_SIGNALS:
    void eventAdded(const RunEvent &event);
    void stateChanged(Run::State state);
    /** Stop now: the upstream request, a running tool, a pending permission. */
    void cancelRequested();
    void finished();

private:
    void append(RunEvent event);
    void setState(State state);
    void end(State state, EventType type, RunEvent::Detail detail);

    QString m_id;
    QString m_sessionId;
    RunSpec m_spec;
    State m_state = State::Queued;
    QDateTime m_createdAt;
    std::unique_ptr<RunEventEncoder> m_encoder;
    QByteArray m_replyUtf8; // as it arrives; reply() converts what is new, once
    mutable QString m_reply;
    mutable qsizetype m_replyConverted = 0;
    std::optional<Usage> m_usage;
    std::optional<EngineError> m_error;
    RunEventBuffer m_events;
    qsizetype m_bufferedBytes = 0;
    quint64 m_nextSeq = 1;
    QElapsedTimer m_clock; // from begin()
    qint64 m_firstTokenMs = -1;
    qint64 m_endMs = -1;
    bool m_usageReported = false;
};
