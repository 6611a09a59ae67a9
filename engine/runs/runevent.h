// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"
#include "providers/provider.h"
#include "runs/contextinjector.h"
#include "tools/permissionbroker.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

#include <memory>
#include <variant>
#include <vector>

enum class EventType {
    Queued,
    StreamStart,
    StreamChunk,
    Thinking,
    ContextInjected,
    ToolCall,
    ToolResult,
    PermissionRequest,
    PermissionResolved,
    Usage,
    Retrying,
    StreamEnd,
    Error,
    Cancelled,
};

/** The protocol's name of an event type ("stream_chunk", …). */
QByteArray eventTypeName(EventType type);

/** A turn waits for the session's earlier one; position counts from 1 (next to start). */
struct QueuedInfo
{
    QString waitingFor; // the run it waits for
    int position = 1;
};

struct ToolCallInfo
{
    QString id;
    QString name;
    int round = 1;
    QJsonObject arguments; // parsed, when the model wrote a JSON object
    QString argumentsText; // as the model wrote it, when it is not one
    bool argumentsValid = true;
};

struct ToolResultInfo
{
    QString id;
    QString name;
    QString content;
    bool truncated = false;
    bool isError = false;
};

struct PermissionResolution
{
    QString callId;
    QString tool;
    bool allowed = false;
    QString scope; // once, session, always; "timeout" or "cancelled" when nobody said yes
    QString by; // the client that answered
};

struct RetryInfo
{
    EngineError reason;
    int attempt = 2;
    int delayMs = 0;
};

/** How a run ended: its finish reason (done) or why it was stopped (cancelled). */
struct EndInfo
{
    QString finishReason;
    QString cancelReason;
};

/**
 * One event of a run, as typed data: stream_chunk and thinking carry their text, the others a
 * detail. The wire form (the protocol envelope) is made once by the run's encoder, which the
 * server installs, and its bytes are shared by every subscriber and transport.
 */
struct RunEvent
{
    using Detail = std::variant<std::monostate, QueuedInfo, ContextInjection, ToolCallInfo,
                                ToolResultInfo, PermissionRequest, PermissionResolution, Usage,
                                RetryInfo, EngineError, EndInfo>;

    EventType type = EventType::StreamChunk;
    quint64 seq = 0;
    QByteArray text; // stream_chunk, thinking: the piece, UTF-8
    std::shared_ptr<const Detail> detail;
    QByteArray wire; // the encoded envelope; empty when no encoder is installed

    bool isTerminal() const
    {
        return type == EventType::StreamEnd || type == EventType::Error
            || type == EventType::Cancelled;
    }
    /** The detail as T, or null when it holds something else. */
    template<typename T> const T *as() const
    {
        return detail ? std::get_if<T>(detail.get()) : nullptr;
    }
    /** What the replay buffer is charged for this event. */
    qsizetype cost() const;
};

/**
 * A run's replay buffer: its events, oldest first, in one array that the oldest leave from the
 * front. A std::deque allocated a 0.5 kB block for the first event of every run, which an open
 * stream kept for as long as it lasted.
 */
class RunEventBuffer
{
public:
    const RunEvent *begin() const { return m_events.data() + m_head; }
    const RunEvent *end() const { return m_events.data() + m_events.size(); }
    size_t size() const { return m_events.size() - m_head; }
    bool empty() const { return size() == 0; }
    const RunEvent &front() const { return *begin(); }
    const RunEvent &back() const { return m_events.back(); }
    void push_back(RunEvent event) { m_events.push_back(std::move(event)); }
    /** Drops the oldest event; the array is compacted once half of it is dropped ones. */
    void pop_front();

private:
    std::vector<RunEvent> m_events;
    size_t m_head = 0; // events before it are dropped, and empty
};

class Run;

/** Makes the wire form of a run's events. One per run, so it may keep what every envelope of
 * that run repeats. */
class RunEventEncoder
{
public:
    virtual ~RunEventEncoder() = default;
    virtual QByteArray encode(const Run &run, const RunEvent &event) = 0;
};

Q_DECLARE_METATYPE(RunEvent)
