// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/sseparser.h"
#include "providers/provider.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

/** Where AnthropicEvents reports what a Messages stream says, as it says it. */
class AnthropicEventSink
{
public:
    virtual void onText(QByteArrayView utf8) = 0;
    virtual void onThinking(const QString &text) = 0;
    virtual void onSignature(const QString &signature) = 0;
    virtual void onToolCallPiece(const ToolCallDelta &piece) = 0;
    /** An "error" event: its type (overloaded_error, …) and message. */
    virtual void onStreamError(const QString &type, const QString &message) = 0;

protected:
    ~AnthropicEventSink() = default;
};

/**
 * Reads the events of one Messages stream (message_start, content_block_start/delta/stop with
 * text, input_json, thinking and signature deltas, message_delta, message_stop, ping, error),
 * keeping what the end needs: the usage, the stop reason, the tool calls with their input
 * assembled from its pieces and parsed when their block stops. An event type it does not know is
 * ignored: the API adds new ones.
 */
class AnthropicEvents
{
public:
    /** Reads one event. False when its data is not what the API sends; *error says what. */
    bool read(const SseEvent &event, AnthropicEventSink &sink, QString *error);
    /** Reads a whole Message object (an answer that was not streamed) as if streamed. */
    bool readMessage(const QJsonObject &message, AnthropicEventSink &sink, QString *error);

    bool started() const { return m_started; } // message_start seen
    bool stopped() const { return m_stopped; } // message_stop seen
    QString stopReason() const { return m_stopReason; }
    /** The stop reason as one of FinishReason's. */
    QString finishReason() const;
    static QString finishReasonFor(const QString &stopReason);
    /** Input tokens with the cached ones, output tokens, cache reads and writes. */
    Usage usage() const;
    bool hasUsage() const { return m_hasUsage; }
    QList<ToolCall> toolCalls() const;

private:
    struct Block
    {
        QString type; // text, tool_use, thinking, …
        int call = -1; // tool_use: its index among the message's calls
        QString signature;
    };
    bool readObject(const QByteArray &type, const QJsonObject &data, AnthropicEventSink &sink,
                    QString *error);
    bool startBlock(int index, const QJsonObject &block, AnthropicEventSink &sink);
    bool delta(int index, const QJsonObject &delta, AnthropicEventSink &sink);
    void stopBlock(int index, AnthropicEventSink &sink);
    void readUsage(const QJsonObject &usage);
    /** The fast path for text deltas, which are nearly every event: no QJsonDocument. */
    bool readTextDelta(QByteArrayView data, AnthropicEventSink &sink);

    QHash<int, Block> m_blocks;
    QList<ToolCall> m_calls;
    QString m_stopReason;
    qint64 m_inputTokens = 0;
    qint64 m_outputTokens = 0;
    qint64 m_cacheRead = 0;
    qint64 m_cacheWrite = 0;
    bool m_hasUsage = false;
    bool m_started = false;
    bool m_stopped = false;
};
