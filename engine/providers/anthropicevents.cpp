// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/anthropicevents.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

QString excerpt(QByteArrayView bytes)
{
    QString text = QString::fromUtf8(bytes.first(qMin<qsizetype>(bytes.size(), 120))).simplified();
    if (bytes.size() > 120)
        text += QStringLiteral("…");
    return text;
}

} // namespace

QString AnthropicEvents::finishReasonFor(const QString &stopReason)
{
    if (stopReason == QLatin1String("tool_use"))
        return FinishReason::ToolCalls;
    if (stopReason == QLatin1String("max_tokens")
        || stopReason == QLatin1String("model_context_window_exceeded"))
        return FinishReason::Length;
    if (stopReason == QLatin1String("refusal"))
        return FinishReason::Refusal;
    // end_turn, stop_sequence, pause_turn, and whatever the API calls a natural end next.
    return FinishReason::Stop;
}

QString AnthropicEvents::finishReason() const
{
    // A reply with calls waits for their results, whatever the stop reason says.
    return m_calls.isEmpty() ? finishReasonFor(m_stopReason) : FinishReason::ToolCalls;
}

Usage AnthropicEvents::usage() const
{
    Usage usage;
    // The API counts cached input apart; the neutral count holds all of it.
    usage.promptTokens = m_inputTokens + m_cacheRead + m_cacheWrite;
    usage.completionTokens = m_outputTokens;
    usage.cacheReadTokens = m_cacheRead;
    usage.cacheWriteTokens = m_cacheWrite;
    return usage;
}

QList<ToolCall> AnthropicEvents::toolCalls() const
{
    QList<ToolCall> calls;
    for (const ToolCall &call : m_calls) {
        if (!call.name.isEmpty())
            calls.append(call);
    }
    return calls;
}

void AnthropicEvents::readUsage(const QJsonObject &usage)
{
    if (usage.isEmpty())
        return;
    m_hasUsage = true;
    // message_delta's counts are the totals so far; fields it leaves out keep message_start's.
    auto take = [&usage](QLatin1String key, qint64 &field) {
        const QJsonValue value = usage.value(key);
        if (value.isDouble())
            field = value.toInteger();
    };
    take(QLatin1String("input_tokens"), m_inputTokens);
    take(QLatin1String("output_tokens"), m_outputTokens);
    take(QLatin1String("cache_read_input_tokens"), m_cacheRead);
    take(QLatin1String("cache_creation_input_tokens"), m_cacheWrite);
}

bool AnthropicEvents::readTextDelta(QByteArrayView data, AnthropicEventSink &sink)
{
    // {"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"…"}}, as the
    // API writes it. A literal with escapes, or anything else, takes the QJsonDocument path.
    static constexpr QByteArrayView head = "{\"type\":\"content_block_delta\",\"index\":";
    static constexpr QByteArrayView middle = ",\"delta\":{\"type\":\"text_delta\",\"text\":\"";
    static constexpr QByteArrayView tail = "\"}}";
    if (!data.startsWith(head) || !data.endsWith(tail))
        return false;
    qsizetype at = head.size();
    const qsizetype digits = at;
    while (at < data.size() && data.at(at) >= '0' && data.at(at) <= '9')
        ++at;
    if (at == digits || at - digits > 6 || !data.sliced(at).startsWith(middle))
        return false;
    at += middle.size();
    const QByteArrayView text = data.sliced(at, data.size() - at - tail.size());
    for (const char c : text) {
        if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20)
            return false;
    }
    if (!text.isEmpty())
        sink.onText(text);
    return true;
}

bool AnthropicEvents::read(const SseEvent &event, AnthropicEventSink &sink, QString *error)
{
    if (event.event == "ping")
        return true;
    if (readTextDelta(event.data, sink))
        return true;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(event.data, &parseError);
    if (!doc.isObject()) {
        *error =
            QStringLiteral("a malformed \"%1\" event (%2): \"%3\"")
                .arg(QString::fromUtf8(event.event), parseError.errorString(), excerpt(event.data));
        return false;
    }
    const QJsonObject data = doc.object();
    QByteArray type = data.value(QLatin1String("type")).toString().toUtf8();
    if (type.isEmpty())
        type = event.event;
    return readObject(type, data, sink, error);
}

bool AnthropicEvents::readObject(const QByteArray &type, const QJsonObject &data,
                                 AnthropicEventSink &sink, QString *error)
{
    const int index = data.value(QLatin1String("index")).toInt(-1);
    if (type == "message_start") {
        m_started = true;
        readUsage(data.value(QLatin1String("message"))
                      .toObject()
                      .value(QLatin1String("usage"))
                      .toObject());
    } else if (type == "content_block_start") {
        if (index < 0 || index > 4096) {
            *error = QStringLiteral("a content block without a valid index");
            return false;
        }
        return startBlock(index, data.value(QLatin1String("content_block")).toObject(), sink);
    } else if (type == "content_block_delta") {
        return delta(index, data.value(QLatin1String("delta")).toObject(), sink);
    } else if (type == "content_block_stop") {
        stopBlock(index, sink);
    } else if (type == "message_delta") {
        const QJsonValue reason =
            data.value(QLatin1String("delta")).toObject().value(QLatin1String("stop_reason"));
        if (reason.isString())
            m_stopReason = reason.toString();
        readUsage(data.value(QLatin1String("usage")).toObject());
    } else if (type == "message_stop") {
        m_stopped = true;
    } else if (type == "error") {
        const QJsonObject detail = data.value(QLatin1String("error")).toObject();
        sink.onStreamError(detail.value(QLatin1String("type")).toString(),
                           detail.value(QLatin1String("message")).toString());
    }
    // ping, and event types added after this was written: nothing to do.
    return true;
}

bool AnthropicEvents::startBlock(int index, const QJsonObject &content, AnthropicEventSink &sink)
{
    Block block;
    block.type = content.value(QLatin1String("type")).toString();
    if (block.type == QLatin1String("text")) {
        const QByteArray text = content.value(QLatin1String("text")).toString().toUtf8();
        m_blocks.insert(index, block);
        if (!text.isEmpty())
            sink.onText(text);
        return true;
    }
    if (block.type == QLatin1String("tool_use")) {
        block.call = int(m_calls.size());
        ToolCall call { content.value(QLatin1String("id")).toString(),
                        content.value(QLatin1String("name")).toString(),
                        {} };
        // Streamed, the input starts empty and comes in pieces; whole, it is here.
        const QJsonObject input = content.value(QLatin1String("input")).toObject();
        if (!input.isEmpty())
            call.arguments = QString::fromUtf8(QJsonDocument(input).toJson(QJsonDocument::Compact));
        m_calls.append(call);
        m_blocks.insert(index, block);
        sink.onToolCallPiece({ block.call, call.id, call.name, call.arguments });
        return true;
    }
    if (block.type == QLatin1String("thinking")) {
        block.signature = content.value(QLatin1String("signature")).toString();
        m_blocks.insert(index, block);
        const QString thinking = content.value(QLatin1String("thinking")).toString();
        if (!thinking.isEmpty())
            sink.onThinking(thinking);
        return true;
    }
    // redacted_thinking, server tools' blocks and whatever comes next: kept apart, not shown.
    m_blocks.insert(index, block);
    return true;
}

bool AnthropicEvents::delta(int index, const QJsonObject &delta, AnthropicEventSink &sink)
{
    const QString type = delta.value(QLatin1String("type")).toString();
    if (type == QLatin1String("text_delta")) {
        const QByteArray text = delta.value(QLatin1String("text")).toString().toUtf8();
        if (!text.isEmpty())
            sink.onText(text);
        return true;
    }
    auto block = m_blocks.find(index);
    if (block == m_blocks.end())
        return true; // a delta for a block never started: nothing it could add to
    if (type == QLatin1String("input_json_delta") && block->call >= 0) {
        const QString piece = delta.value(QLatin1String("partial_json")).toString();
        m_calls[block->call].arguments += piece;
        if (!piece.isEmpty())
            sink.onToolCallPiece({ block->call, {}, {}, piece });
    } else if (type == QLatin1String("thinking_delta")) {
        const QString thinking = delta.value(QLatin1String("thinking")).toString();
        if (!thinking.isEmpty())
            sink.onThinking(thinking);
    } else if (type == QLatin1String("signature_delta")) {
        block->signature += delta.value(QLatin1String("signature")).toString();
    }
    // citations_delta and newer kinds add nothing Attache shows.
    return true;
}

void AnthropicEvents::stopBlock(int index, AnthropicEventSink &sink)
{
    const auto block = m_blocks.constFind(index);
    if (block == m_blocks.constEnd())
        return;
    if (block->call >= 0) {
        // The input is whole now: parsed once, and handed on as the compact JSON it is.
        ToolCall &call = m_calls[block->call];
        if (call.arguments.trimmed().isEmpty()) {
            call.arguments = QStringLiteral("{}");
        } else {
            const QJsonDocument input = QJsonDocument::fromJson(call.arguments.toUtf8());
            if (input.isObject())
                call.arguments =
                    QString::fromUtf8(QJsonDocument(input.object()).toJson(QJsonDocument::Compact));
        }
    } else if (block->type == QLatin1String("thinking") && !block->signature.isEmpty()) {
        sink.onSignature(block->signature);
    }
}

bool AnthropicEvents::readMessage(const QJsonObject &message, AnthropicEventSink &sink,
                                  QString *error)
{
    if (message.value(QLatin1String("type")).toString() != QLatin1String("message")) {
        *error = QStringLiteral("an answer that is not a message");
        return false;
    }
    m_started = true;
    readUsage(message.value(QLatin1String("usage")).toObject());
    const QJsonArray content = message.value(QLatin1String("content")).toArray();
    for (int i = 0; i < content.size(); ++i) {
        if (!startBlock(i, content.at(i).toObject(), sink))
            return false;
        stopBlock(i, sink);
    }
    m_stopReason = message.value(QLatin1String("stop_reason")).toString();
    m_stopped = true;
    return true;
}
