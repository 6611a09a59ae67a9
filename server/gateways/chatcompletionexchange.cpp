// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateways/chatcompletionexchange.h"

#include "engine.h"
#include "events/ssestream.h"
#include "gateways/gatewayclients.h"
#include "http/bytebuffer.h"
#include "http/httpexchange.h"
#include "net/jsonwriter.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

ChatCompletionExchange::ChatCompletionExchange(Engine &engine, StreamHub &hub,
                                               GatewayClients &clients, const QString &clientId,
                                               ChatCompletionRequest request,
                                               HttpExchange &exchange)
    : GatewayReply(clients, clientId, request.stream, hub, exchange)
    , m_engine(engine)
    , m_request(std::move(request))
    , m_created(QDateTime::currentSecsSinceEpoch())
{
    m_request.completion.clientId = clientId;
}

void ChatCompletionExchange::start()
{
    watch(new Completion(m_engine, m_request.completion, this));
    m_completion->start();
}

QString ChatCompletionExchange::modelLabel() const
{
    // The model as the client named it; "attache" says which one answered.
    const QString &named = m_request.completion.model;
    if (named.isEmpty() || named == ModelDirectory::CurrentModel)
        return m_completion->providerId() + QLatin1Char('/') + m_completion->model();
    return named;
}

QJsonObject ChatCompletionExchange::usageJson(const Usage &usage)
{
    return { { QStringLiteral("prompt_tokens"), usage.promptTokens },
             { QStringLiteral("completion_tokens"), usage.completionTokens },
             { QStringLiteral("total_tokens"), usage.totalTokens() },
             { QStringLiteral("prompt_tokens_details"),
               QJsonObject { { QStringLiteral("cached_tokens"), usage.cacheReadTokens } } },
             { QStringLiteral("completion_tokens_details"),
               QJsonObject { { QStringLiteral("reasoning_tokens"), 0 } } } };
}

QByteArray ChatCompletionExchange::finishReason(const QString &reason)
{
    if (reason == FinishReason::Length)
        return QByteArrayLiteral("length");
    if (reason == FinishReason::ToolCalls)
        return QByteArrayLiteral("tool_calls");
    if (reason == FinishReason::ContentFilter || reason == FinishReason::Refusal)
        return QByteArrayLiteral("content_filter");
    return QByteArrayLiteral("stop");
}

void ChatCompletionExchange::beginStream()
{
    m_begun = true;
    m_head = QByteArrayLiteral("data: {\"id\":\"chatcmpl-");
    m_head += m_completion->id().toLatin1();
    m_head += "\",\"object\":\"chat.completion.chunk\",\"created\":";
    m_head += QByteArray::number(m_created);
    m_head += ",\"model\":";
    JsonWriter::appendString(m_head, modelLabel());
    m_head += ",\"system_fingerprint\":null,";
    m_prefix = m_head + "\"choices\":[{\"index\":0,\"delta\":{";
    m_suffix = m_request.includeUsage
        ? QByteArrayLiteral("},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n")
        : QByteArrayLiteral("},\"logprobs\":null,\"finish_reason\":null}]}\n\n");
    m_sse->begin(false); // OpenAI's streams carry no reconnection hint
}

void ChatCompletionExchange::sendDelta()
{
    m_frame.resize(0);
    if (!m_roleSent) {
        m_roleSent = true;
        appendBytes(m_frame, m_prefix, "\"role\":\"assistant\",", m_scratch, m_suffix);
    } else {
        appendBytes(m_frame, m_prefix, m_scratch, m_suffix);
    }
    m_sse->sendFrames(m_frame);
}

void ChatCompletionExchange::onText(const TextDelta &delta)
{
    if (!m_sse || m_done)
        return;
    if (!m_begun)
        beginStream();
    // Once per token: the text is escaped straight into the chunk, no document is made.
    m_scratch.resize(0);
    m_scratch += "\"content\":";
    JsonWriter::appendUtf8String(m_scratch, delta.utf8);
    sendDelta();
}

void ChatCompletionExchange::onThinking(const QString &text)
{
    if (!m_sse || m_done)
        return;
    if (!m_begun)
        beginStream();
    // Where DeepSeek and OpenRouter put it; OpenAI's own clients pass it by.
    m_scratch.resize(0);
    m_scratch += "\"reasoning_content\":";
    JsonWriter::appendString(m_scratch, text);
    sendDelta();
}

void ChatCompletionExchange::onToolCall(const ToolCallDelta &delta)
{
    if (!m_sse || m_done)
        return;
    if (!m_begun)
        beginStream();
    m_scratch.resize(0);
    if (!m_roleSent)
        m_scratch += "\"content\":null,";
    m_scratch += "\"tool_calls\":[{\"index\":";
    m_scratch += QByteArray::number(delta.index);
    if (!delta.name.isEmpty()) {
        // The first piece of a call names it; the later ones only carry more arguments.
        m_scratch += ",\"id\":";
        JsonWriter::appendString(m_scratch, delta.id);
        m_scratch += ",\"type\":\"function\",\"function\":{\"name\":";
        JsonWriter::appendString(m_scratch, delta.name);
        m_scratch += ",\"arguments\":";
    } else {
        m_scratch += ",\"function\":{\"arguments\":";
    }
    JsonWriter::appendString(m_scratch, delta.arguments);
    m_scratch += "}}]";
    sendDelta();
}

void ChatCompletionExchange::onFinished(const CompletionResult &result)
{
    if (m_done)
        return;
    m_done = true;
    const QByteArray reason = finishReason(result.finishReason);
    if (m_sse) {
        if (!m_begun)
            beginStream();
        if (!m_roleSent) { // an empty reply still says who speaks
            m_scratch = QByteArrayLiteral("\"content\":\"\"");
            sendDelta();
        }
        m_frame.resize(0);
        appendBytes(m_frame, m_prefix, "},\"logprobs\":null,\"finish_reason\":\"", reason,
                    m_request.includeUsage ? QByteArrayView("\"}],\"usage\":null}\n\n")
                                           : QByteArrayView("\"}]}\n\n"));
        m_sse->sendFrames(m_frame);
        if (m_request.includeUsage) {
            m_frame.resize(0);
            appendBytes(m_frame, m_head, "\"choices\":[],\"usage\":",
                        QJsonDocument(usageJson(result.usage)).toJson(QJsonDocument::Compact),
                        "}\n\n");
            m_sse->sendFrames(m_frame);
        }
        m_sse->finish();
        return;
    }
    QJsonObject message { { QStringLiteral("role"), QStringLiteral("assistant") },
                          { QStringLiteral("content"),
                            result.text.isEmpty() && !result.toolCalls.isEmpty()
                                ? QJsonValue(QJsonValue::Null)
                                : QJsonValue(QString::fromUtf8(result.text)) },
                          { QStringLiteral("refusal"), QJsonValue::Null } };
    if (!result.toolCalls.isEmpty()) {
        QJsonArray calls;
        for (const ToolCall &call : result.toolCalls) {
            calls.append(QJsonObject {
                { QStringLiteral("id"), call.id },
                { QStringLiteral("type"), QStringLiteral("function") },
                { QStringLiteral("function"),
                  QJsonObject { { QStringLiteral("name"), call.name },
                                { QStringLiteral("arguments"), call.arguments } } } });
        }
        message.insert(QStringLiteral("tool_calls"), calls);
    }
    if (!result.thinking.isEmpty())
        message.insert(QStringLiteral("reasoning_content"), result.thinking);
    const QJsonObject choice { { QStringLiteral("index"), 0 },
                               { QStringLiteral("message"), message },
                               { QStringLiteral("logprobs"), QJsonValue::Null },
                               { QStringLiteral("finish_reason"), QString::fromLatin1(reason) } };
    const QJsonObject body {
        { QStringLiteral("id"), QString(QStringLiteral("chatcmpl-") + m_completion->id()) },
        { QStringLiteral("object"), QStringLiteral("chat.completion") },
        { QStringLiteral("created"), m_created },
        { QStringLiteral("model"), modelLabel() },
        { QStringLiteral("system_fingerprint"), QJsonValue::Null },
        { QStringLiteral("choices"), QJsonArray { choice } },
        { QStringLiteral("usage"), usageJson(result.usage) },
    };
    m_exchange.respond({ 200,
                         QByteArrayLiteral("application/json"),
                         QJsonDocument(body).toJson(QJsonDocument::Compact),
                         {} });
}

void ChatCompletionExchange::onFailed(const EngineError &error)
{
    if (m_done)
        return;
    m_done = true;
    const OpenAiError answer = OpenAiError::fromEngine(error);
    if (!m_begun) {
        m_exchange.respond(answer.response());
        return;
    }
    // In the middle of a stream the status is long sent: the error is the last event.
    m_frame.resize(0);
    appendBytes(m_frame, "data: ", answer.body(), "\n\n");
    m_sse->finishWith(m_frame);
}
