// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gateways/anthropicmessages.h"
#include "gateways/gatewayreply.h"
#include "runs/completion.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QPointer>

class Engine;
class GatewayClients;
class HttpExchange;
class SseStream;
class StreamHub;

/**
 * The answer to POST /v1/messages for one completion, in Anthropic's shape: streamed as the
 * Messages API streams (message_start, content_block_start/delta/stop for text, thinking and
 * tool_use, message_delta with the stop reason and usage, message_stop; an "error" event when
 * the provider fails midway), or one Message object. Nothing is sent before the provider's first
 * piece, so a failure before it (after Attache's own retries) is a plain HTTP error with its
 * status. A client that leaves cancels the completion, and with it the upstream request.
 */
class AnthropicReply : public GatewayReply
{
    Q_OBJECT
public:
    /** Lives as a child of the exchange; the client stays attached to clients until it ends. */
    AnthropicReply(Engine &engine, StreamHub &hub, GatewayClients &clients,
                   AnthropicMessages::Request request, HttpExchange &exchange);

    /** Asks for the completion. */
    void start();

private:
    enum class Block { None, Text, Thinking, ToolUse };

    void begin();
    void openBlock(Block type, QByteArrayView contentBlock);
    void closeBlock();
    void send(QByteArrayView event, QByteArrayView head, QByteArrayView tail = {});
    void onText(const TextDelta &delta) override;
    void onThinking(const QString &text) override;
    void onSignature(const QString &signature) override;
    void onToolCall(const ToolCallDelta &delta) override;
    void onFinished(const CompletionResult &result) override;
    void onFailed(const EngineError &error) override;

    ChatParams m_asked; // what the client sent (shared, not copied), for message_start's count
    QString m_id;
    QString m_model;
    qint64 m_inputEstimate = 0;
    bool m_begun = false;
    Block m_open = Block::None;
    int m_openIndex = -1;
    int m_nextIndex = 0;
    QHash<int, int> m_toolBlocks; // the completion's call index → its block index
    QByteArray m_frame; // the event being written, reused
};
