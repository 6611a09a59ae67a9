// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakeanthropicstream_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>

using namespace Qt::StringLiterals;
using namespace FakeAnthropicWire;

namespace {

constexpr qint64 MaxQueuedBytes = 1024 * 1024; // wait for bytesWritten above this
constexpr int EventsPerPass = 1024; // events coalesced into one write when delayMs == 0

QByteArray jsonString(const QString &text)
{
    // A JSON document of one string, without its brackets: the literal, escaped as JSON wants.
    const QByteArray array = QJsonDocument(QJsonArray { text }).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

// As the API writes a text delta: compact, its keys in this order.
QByteArray textDelta(int index, const QString &text)
{
    return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":"
        + QByteArray::number(index)
        + ",\"delta\":{\"type\":\"text_delta\",\"text\":" + jsonString(text) + "}}\n\n";
}

QJsonObject blockEvent(const QString &type, int index)
{
    return { { u"type"_s, type }, { u"index"_s, index } };
}

QJsonObject deltaEvent(int index, const QJsonObject &delta)
{
    return { { u"type"_s, u"content_block_delta"_s },
             { u"index"_s, index },
             { u"delta"_s, delta } };
}

} // namespace

FakeAnthropicStream::FakeAnthropicStream(FakeAnthropic *fake, QTcpSocket *socket,
                                         const FakeMessage &message, const QString &model,
                                         bool stream)
    : QObject(fake)
    , m_fake(fake)
    , m_rawSocket(socket)
    , m_socket(socket)
    , m_message(message)
    , m_model(model)
    , m_stream(stream)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] { m_headSent ? pump() : firstByte(); });
    connect(socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_waitDrain && m_socket && m_socket->bytesToWrite() <= MaxQueuedBytes / 2) {
            m_waitDrain = false;
            pump();
        }
    });
}

void FakeAnthropicStream::start()
{
    if (m_message.fault == FakeMessage::Fault::NoFirstByte)
        return;
    m_timer.start(qMax(0, m_message.firstByteDelayMs));
}

void FakeAnthropicStream::abandon()
{
    m_done = true;
    m_timer.stop();
}

bool FakeAnthropicStream::isOpen() const
{
    return !m_done && m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void FakeAnthropicStream::sendError(int status, const QString &type, const QString &message,
                                    const QByteArray &extraHeaders)
{
    write(response(
        status, "application/json",
        errorBody(type, m_message.errorMessage.isEmpty() ? message : m_message.errorMessage),
        extraHeaders));
    finish(false);
}

void FakeAnthropicStream::firstByte()
{
    if (!isOpen())
        return;
    const QByteArray retryAfter = m_message.retryAfterSeconds >= 0
        ? "retry-after: " + QByteArray::number(m_message.retryAfterSeconds) + "\r\n"
        : QByteArray();
    using Fault = FakeMessage::Fault;
    switch (m_message.fault) {
    case Fault::Unauthorized:
        return sendError(401, u"authentication_error"_s, u"invalid x-api-key"_s);
    case Fault::Forbidden:
        return sendError(403, u"permission_error"_s,
                         u"Your API key does not have permission to use the specified resource."_s);
    case Fault::BadRequest:
        return sendError(400, u"invalid_request_error"_s, u"messages: field required"_s);
    case Fault::NotFound:
        return sendError(404, u"not_found_error"_s, u"model: "_s + m_model);
    case Fault::RateLimited:
        return sendError(429, u"rate_limit_error"_s,
                         u"Number of request tokens has exceeded your per-minute rate limit"_s,
                         retryAfter);
    case Fault::Overloaded:
        return sendError(529, u"overloaded_error"_s, u"Overloaded"_s, retryAfter);
    case Fault::ServerError:
        return sendError(500, u"api_error"_s, u"Internal server error"_s);
    default:
        break;
    }
    m_headSent = true;
    if (!m_stream) {
        write(response(200, "application/json", wholeMessage()));
        return finish(true);
    }
    buildEvents();
    write(response(200, "text/event-stream; charset=utf-8", {},
                   "cache-control: no-cache\r\nrequest-id: req_fake_stream\r\n"));
    pump();
}

QJsonObject FakeAnthropicStream::usage(bool final) const
{
    QJsonObject usage { { u"input_tokens"_s, m_message.inputTokens },
                        { u"cache_read_input_tokens"_s, m_message.cacheReadTokens },
                        { u"cache_creation_input_tokens"_s, m_message.cacheWriteTokens },
                        { u"output_tokens"_s, final ? m_deltas : 1 } };
    return usage;
}

void FakeAnthropicStream::buildEvents()
{
    const QString stopReason = !m_message.stopReason.isEmpty() ? m_message.stopReason
        : m_message.toolUses.isEmpty()                         ? u"end_turn"_s
                                                               : u"tool_use"_s;
    m_events.append(
        FakeAnthropicWire::event("message_start",
                                 { { u"type"_s, u"message_start"_s },
                                   { u"message"_s,
                                     QJsonObject { { u"id"_s, u"msg_fake"_s },
                                                   { u"type"_s, u"message"_s },
                                                   { u"role"_s, u"assistant"_s },
                                                   { u"model"_s, m_model },
                                                   { u"content"_s, QJsonArray() },
                                                   { u"stop_reason"_s, QJsonValue::Null },
                                                   { u"stop_sequence"_s, QJsonValue::Null },
                                                   { u"usage"_s, usage(false) } } } }));
    if (m_message.unknownEvent) {
        m_events.append(
            FakeAnthropicWire::event("future_event",
                                     { { u"type"_s, u"future_event"_s },
                                       { u"detail"_s, u"something the API added later"_s } }));
    }
    int index = 0;
    if (!m_message.thinking.isEmpty()) {
        QJsonObject start = blockEvent(u"content_block_start"_s, index);
        start.insert(u"content_block"_s,
                     QJsonObject { { u"type"_s, u"thinking"_s }, { u"thinking"_s, u""_s } });
        m_events.append(FakeAnthropicWire::event("content_block_start", start));
        for (const QString &piece : std::as_const(m_message.thinking)) {
            m_events.append(FakeAnthropicWire::event(
                "content_block_delta",
                deltaEvent(index,
                           { { u"type"_s, u"thinking_delta"_s }, { u"thinking"_s, piece } })));
            ++m_deltas;
        }
        m_events.append(
            FakeAnthropicWire::event("content_block_delta",
                                     deltaEvent(index,
                                                { { u"type"_s, u"signature_delta"_s },
                                                  { u"signature"_s, m_message.signature } })));
        m_events.append(FakeAnthropicWire::event("content_block_stop",
                                                 blockEvent(u"content_block_stop"_s, index)));
        ++index;
    }
    m_faultAt = int(m_events.size());
    if (m_message.textCount() > 0) {
        QJsonObject start = blockEvent(u"content_block_start"_s, index);
        start.insert(u"content_block"_s,
                     QJsonObject { { u"type"_s, u"text"_s }, { u"text"_s, u""_s } });
        m_events.append(FakeAnthropicWire::event("content_block_start", start));
        m_events.append(FakeAnthropicWire::event("ping", { { u"type"_s, u"ping"_s } }));
        m_faultAt = int(m_events.size()) + qBound(0, m_message.faultAfter, m_message.textCount());
        for (int i = 0; i < m_message.textCount(); ++i)
            m_events.append(textDelta(index, m_message.textAt(i)));
        m_deltas += m_message.textCount();
        m_events.append(FakeAnthropicWire::event("content_block_stop",
                                                 blockEvent(u"content_block_stop"_s, index)));
        ++index;
    }
    for (const FakeToolUse &tool : std::as_const(m_message.toolUses)) {
        QJsonObject start = blockEvent(u"content_block_start"_s, index);
        start.insert(u"content_block"_s,
                     QJsonObject { { u"type"_s, u"tool_use"_s },
                                   { u"id"_s, tool.id },
                                   { u"name"_s, tool.name },
                                   { u"input"_s, QJsonObject() } });
        m_events.append(FakeAnthropicWire::event("content_block_start", start));
        const int pieces = qMax(1, tool.pieces);
        const qsizetype step = (tool.input.size() + pieces - 1) / pieces;
        for (int p = 0; p < pieces; ++p) {
            m_events.append(FakeAnthropicWire::event(
                "content_block_delta",
                deltaEvent(index,
                           { { u"type"_s, u"input_json_delta"_s },
                             { u"partial_json"_s, tool.input.mid(p * step, step) } })));
            ++m_deltas;
        }
        m_events.append(FakeAnthropicWire::event("content_block_stop",
                                                 blockEvent(u"content_block_stop"_s, index)));
        ++index;
    }
    m_events.append(
        FakeAnthropicWire::event("message_delta",
                                 { { u"type"_s, u"message_delta"_s },
                                   { u"delta"_s,
                                     QJsonObject { { u"stop_reason"_s, stopReason },
                                                   { u"stop_sequence"_s, QJsonValue::Null } } },
                                   { u"usage"_s, usage(true) } }));
    m_events.append(FakeAnthropicWire::event("message_stop", { { u"type"_s, u"message_stop"_s } }));
}

QByteArray FakeAnthropicStream::wholeMessage() const
{
    QJsonArray content;
    if (!m_message.thinking.isEmpty()) {
        content.append(QJsonObject { { u"type"_s, u"thinking"_s },
                                     { u"thinking"_s, m_message.thinking.join(QString()) },
                                     { u"signature"_s, m_message.signature } });
    }
    if (m_message.textCount() > 0)
        content.append(
            QJsonObject { { u"type"_s, u"text"_s }, { u"text"_s, m_message.joinedText() } });
    for (const FakeToolUse &tool : m_message.toolUses) {
        content.append(
            QJsonObject { { u"type"_s, u"tool_use"_s },
                          { u"id"_s, tool.id },
                          { u"name"_s, tool.name },
                          { u"input"_s, QJsonDocument::fromJson(tool.input.toUtf8()).object() } });
    }
    const QString stopReason = !m_message.stopReason.isEmpty() ? m_message.stopReason
        : m_message.toolUses.isEmpty()                         ? u"end_turn"_s
                                                               : u"tool_use"_s;
    QJsonObject usage { { u"input_tokens"_s, m_message.inputTokens },
                        { u"cache_read_input_tokens"_s, m_message.cacheReadTokens },
                        { u"cache_creation_input_tokens"_s, m_message.cacheWriteTokens },
                        { u"output_tokens"_s, m_message.textCount() } };
    return QJsonDocument(QJsonObject { { u"id"_s, u"msg_fake"_s },
                                       { u"type"_s, u"message"_s },
                                       { u"role"_s, u"assistant"_s },
                                       { u"model"_s, m_model },
                                       { u"content"_s, content },
                                       { u"stop_reason"_s, stopReason },
                                       { u"stop_sequence"_s, QJsonValue::Null },
                                       { u"usage"_s, usage } })
        .toJson(QJsonDocument::Compact);
}

void FakeAnthropicStream::pump()
{
    if (!isOpen())
        return;
    if (m_socket->bytesToWrite() > MaxQueuedBytes) {
        m_waitDrain = true; // resumed from bytesWritten
        return;
    }
    using Fault = FakeMessage::Fault;
    const Fault fault = m_message.fault;
    const bool midStream = fault == Fault::OverloadedMidStream || fault == Fault::ErrorMidStream
        || fault == Fault::DropMidStream || fault == Fault::Stall;
    const int budget = m_message.delayMs > 0 ? 1 : EventsPerPass;
    QByteArray batch;
    for (int n = 0; n < budget && m_next < m_events.size(); ++n) {
        if (midStream && m_next == m_faultAt) {
            if (fault == Fault::OverloadedMidStream || fault == Fault::ErrorMidStream) {
                const bool overloaded = fault == Fault::OverloadedMidStream;
                batch += "event: error\ndata: "
                    + errorBody(overloaded ? u"overloaded_error"_s : u"api_error"_s,
                                m_message.errorMessage.isEmpty()
                                    ? (overloaded ? u"Overloaded"_s : u"Internal server error"_s)
                                    : m_message.errorMessage)
                    + "\n\n";
                write(chunked(batch) + "0\r\n\r\n");
                return finish(false);
            }
            if (!batch.isEmpty())
                write(chunked(batch));
            if (fault == Fault::DropMidStream)
                drop();
            return; // Stall: the socket stays open, nothing more comes
        }
        batch += m_events.at(m_next++);
    }
    if (m_next >= m_events.size()) {
        write(chunked(batch) + "0\r\n\r\n");
        return finish(true);
    }
    if (!batch.isEmpty())
        write(chunked(batch));
    m_timer.start(m_message.delayMs);
}

void FakeAnthropicStream::write(const QByteArray &bytes)
{
    m_socket->write(bytes);
    m_socket->flush();
}

void FakeAnthropicStream::drop()
{
    if (!isOpen())
        return;
    QTcpSocket *socket = m_socket;
    abandon();
    m_fake->m_closedByUs.insert(socket);
    m_fake->streamDone(this, false);
    socket->abort();
}

void FakeAnthropicStream::finish(bool success)
{
    abandon();
    m_fake->streamDone(this, success);
}
