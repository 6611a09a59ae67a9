// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gateways/gatewayreply.h"
#include "gateways/openaiwire.h"

#include <QObject>
#include <QPointer>

class Engine;
class GatewayClients;
class HttpExchange;
class SseStream;
class StreamHub;

/**
 * One POST /v1/chat/completions: its completion, answered as one chat.completion or as
 * chat.completion.chunk events. The response head waits for the first piece of the reply, so
 * an error before it (an unknown model, the provider's 429) is an HTTP error in OpenAI's shape;
 * one after it is an error event that ends the stream. Each chunk is written by hand from parts
 * made once per request, and chunks of one event-loop pass leave in one write. A client that
 * goes away stops the provider at once.
 */
class ChatCompletionExchange : public GatewayReply
{
    Q_OBJECT
public:
    /** A child of exchange; clientId leaves clients when it is destroyed. */
    ChatCompletionExchange(Engine &engine, StreamHub &hub, GatewayClients &clients,
                           const QString &clientId, ChatCompletionRequest request,
                           HttpExchange &exchange);

    void start();

    /** usage as OpenAI counts it, with the cached part of the prompt. */
    static QJsonObject usageJson(const Usage &usage);
    /** One of the finish reasons OpenAI's chat API has. */
    static QByteArray finishReason(const QString &reason);

protected:
    void onText(const TextDelta &delta) override;
    void onThinking(const QString &text) override;
    void onToolCall(const ToolCallDelta &delta) override;
    void onFinished(const CompletionResult &result) override;
    void onFailed(const EngineError &error) override;

private:
    /** The head and the parts every chunk repeats, made once the model is known. */
    void beginStream();
    /** Sends prefix, then the delta's members in m_scratch, then the chunk's end. */
    void sendDelta();
    QString modelLabel() const;

    Engine &m_engine;
    ChatCompletionRequest m_request;
    qint64 m_created = 0;
    QByteArray m_head; // data: {"id":…,"object":…,"created":…,"model":…,
    QByteArray m_prefix; // m_head + "choices":[{"index":0,"delta":{
    QByteArray m_suffix; // },"logprobs":null,"finish_reason":null}]…}\n\n
    QByteArray m_frame; // the chunk being made; its memory is kept for the next
    QByteArray m_scratch; // the delta's members being made
    bool m_begun = false;
    bool m_roleSent = false;
};
