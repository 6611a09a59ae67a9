// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateways/anthropicreply.h"

#include "events/ssestream.h"
#include "gateways/anthropicerrors.h"
#include "gateways/anthropicmessages.h"
#include "gateways/gatewayclients.h"
#include "http/httpexchange.h"
#include "net/jsonwriter.h"

#include <charconv>

namespace {

// A block index as digits, without an allocation.
struct Digits
{
    explicit Digits(int value) { end = std::to_chars(text, text + sizeof text, value).ptr; }
    QByteArrayView view() const { return QByteArrayView(text, end - text); }
    char text[12];
    char *end;
};

} // namespace

AnthropicReply::AnthropicReply(Engine &engine, StreamHub &hub, GatewayClients &clients,
                               AnthropicMessages::Request request, HttpExchange &exchange)
    : GatewayReply(clients, request.completion.clientId, request.stream, hub, exchange)
    , m_asked(request.completion.params)
    , m_model(request.model)
{
    watch(new Completion(engine, std::move(request.completion), this));
    m_id = QStringLiteral("msg_") + m_completion->id();
}

void AnthropicReply::start()
{
    m_completion->start();
    // The input is counted by the provider when the reply ends (message_delta carries that
    // count); message_start, sent before, says what it will be about, as Anthropic's says what
    // it is. Estimated once the upstream request is out, not before it.
    if (m_sse)
        m_inputEstimate = Provider::estimateTokens(m_asked);
    m_asked = {};
}

void AnthropicReply::send(QByteArrayView event, QByteArrayView head, QByteArrayView tail)
{
    m_frame.resize(0);
    m_frame += "event: ";
    m_frame.append(event);
    m_frame += "\ndata: ";
    m_frame.append(head);
    m_frame.append(tail);
    m_frame += "\n\n";
    m_sse->sendFrames(m_frame);
}

void AnthropicReply::begin()
{
    if (m_begun)
        return;
    m_begun = true;
    m_sse->begin(false); // Anthropic's streams carry no reconnection hint
    QByteArray start = "{\"type\":\"message_start\",\"message\":{\"id\":";
    JsonWriter::appendString(start, m_id);
    start += ",\"type\":\"message\",\"role\":\"assistant\",\"model\":";
    JsonWriter::appendString(start, m_model);
    start += ",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":"
             "{\"input_tokens\":";
    start += QByteArray::number(m_inputEstimate);
    start += ",\"output_tokens\":0}}}";
    send("message_start", start);
}

void AnthropicReply::openBlock(Block type, QByteArrayView contentBlock)
{
    closeBlock();
    m_open = type;
    m_openIndex = m_nextIndex++;
    const Digits index(m_openIndex);
    m_frame.resize(0);
    m_frame += "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":";
    m_frame.append(index.view());
    m_frame += ",\"content_block\":";
    m_frame.append(contentBlock);
    m_frame += "}\n\n";
    m_sse->sendFrames(m_frame);
}

void AnthropicReply::closeBlock()
{
    if (m_open == Block::None)
        return;
    const Digits index(m_openIndex);
    m_frame.resize(0);
    m_frame += "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":";
    m_frame.append(index.view());
    m_frame += "}\n\n";
    m_sse->sendFrames(m_frame);
    m_open = Block::None;
}

void AnthropicReply::onText(const TextDelta &delta)
{
    if (!m_sse || m_done)
        return;
    begin();
    if (m_open != Block::Text)
        openBlock(Block::Text, "{\"type\":\"text\",\"text\":\"\"}");
    // Once per token: written straight into the frame, the text escaped on the way.
    const Digits index(m_openIndex);
    m_frame.resize(0);
    m_frame += "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":";
    m_frame.append(index.view());
    m_frame += ",\"delta\":{\"type\":\"text_delta\",\"text\":";
    JsonWriter::appendUtf8String(m_frame, delta.utf8);
    m_frame += "}}\n\n";
    m_sse->sendFrames(m_frame);
}

void AnthropicReply::onThinking(const QString &text)
{
    if (!m_sse || m_done)
        return;
    begin();
    if (m_open != Block::Thinking)
        openBlock(Block::Thinking, "{\"type\":\"thinking\",\"thinking\":\"\"}");
    QByteArray data = "{\"type\":\"content_block_delta\",\"index\":"
        + QByteArray::number(m_openIndex) + ",\"delta\":{\"type\":\"thinking_delta\",\"thinking\":";
    JsonWriter::appendString(data, text);
    send("content_block_delta", data, "}}");
}

void AnthropicReply::onSignature(const QString &signature)
{
    if (!m_sse || m_done || m_open != Block::Thinking)
        return;
    QByteArray data =
        "{\"type\":\"content_block_delta\",\"index\":" + QByteArray::number(m_openIndex)
        + ",\"delta\":{\"type\":\"signature_delta\",\"signature\":";
    JsonWriter::appendString(data, signature);
    send("content_block_delta", data, "}}");
}

void AnthropicReply::onToolCall(const ToolCallDelta &delta)
{
    if (!m_sse || m_done)
        return;
    begin();
    int index = m_toolBlocks.value(delta.index, -1);
    if (index < 0) {
        // A call not seen before: a block of its own, its input to come in pieces.
        const QString id = delta.id.isEmpty()
            ? QStringLiteral("toolu_%1_%2")
                  .arg(m_completion ? m_completion->id() : QString())
                  .arg(delta.index)
            : delta.id;
        QByteArray block = "{\"type\":\"tool_use\",\"id\":";
        JsonWriter::appendString(block, id);
        block += ",\"name\":";
        JsonWriter::appendString(block, delta.name);
        block += ",\"input\":{}}";
        openBlock(Block::ToolUse, block);
        index = m_openIndex;
        m_toolBlocks.insert(delta.index, index);
    }
    if (delta.arguments.isEmpty())
        return;
    QByteArray data = "{\"type\":\"content_block_delta\",\"index\":" + QByteArray::number(index)
        + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":";
    JsonWriter::appendString(data, delta.arguments);
    send("content_block_delta", data, "}}");
}

void AnthropicReply::onFinished(const CompletionResult &result)
{
    if (m_done)
        return;
    if (!m_sse) {
        m_done = true;
        m_exchange.respond(
            { 200,
              QByteArrayLiteral("application/json"),
              AnthropicMessages::message(m_id, m_model, QString::fromUtf8(result.text),
                                         result.thinking, result.thinkingSignature,
                                         result.toolCalls, result.finishReason, result.usage),
              {} });
        return;
    }
    begin();
    closeBlock();
    m_done = true;
    const QByteArray data = "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
        + AnthropicMessages::stopReason(result.finishReason)
        + "\",\"stop_sequence\":null},\"usage\":" + AnthropicMessages::usageJson(result.usage)
        + '}';
    send("message_delta", data);
    send("message_stop", "{\"type\":\"message_stop\"}");
    m_sse->finishWith({});
}

void AnthropicReply::onFailed(const EngineError &error)
{
    if (m_done)
        return;
    m_done = true;
    if (!m_begun) {
        // Nothing was sent yet: the failure is the answer, with its status.
        m_exchange.respond(AnthropicErrors::response(error));
        return;
    }
    // In the middle of a stream, as the API reports it: an "error" event, then the end.
    const auto [status, type] = AnthropicErrors::statusAndType(error);
    Q_UNUSED(status)
    send("error", AnthropicErrors::body(type, error.message));
    m_sse->finishWith({});
}
