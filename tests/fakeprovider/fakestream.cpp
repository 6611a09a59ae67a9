// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakestream_p.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>

using namespace Qt::StringLiterals;
using namespace FakeWire;

namespace {

constexpr qint64 kMaxQueuedBytes = 1024 * 1024; // wait for bytesWritten above this
constexpr int kEventsPerPass = 1024; // events coalesced into one write when delayMs == 0
constexpr int kCreated = 1700000000;

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

} // namespace

namespace FakeWire {

// A JSON string literal (quotes included), UTF-8.
QByteArray jsonString(const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    QByteArray out;
    out.reserve(utf8.size() + 2);
    out += '"';
    for (const char c : utf8) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20)
                out += "\\u00"
                    + QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0');
            else
                out += c;
        }
    }
    out += '"';
    return out;
}

QByteArray responseHead(int status, const QByteArray &contentType, qint64 contentLength,
                        bool closeAfter, const QByteArray &extraHeaders)
{
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
        + "\r\nContent-Type: " + contentType + "\r\n";
    if (contentLength >= 0)
        head += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    else
        head += "Transfer-Encoding: chunked\r\n";
    head += extraHeaders;
    head += closeAfter ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
    return head;
}

QByteArray jsonResponse(int status, const QJsonObject &body, bool closeAfter,
                        const QByteArray &extraHeaders)
{
    const QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return responseHead(status, "application/json", json.size(), closeAfter, extraHeaders) + json;
}

QJsonObject errorJson(const QString &message, const QString &type, const QJsonValue &code)
{
    return { { u"error"_s,
               QJsonObject {
                   { u"message"_s, message }, { u"type"_s, type }, { u"code"_s, code } } } };
}

QByteArray chunked(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

} // namespace FakeWire

FakeStream::FakeStream(FakeProvider *provider, QTcpSocket *socket, const FakeReply &reply,
                       const QString &model, bool stream, bool closeAfter)
    : QObject(provider)
    , m_provider(provider)
    , m_rawSocket(socket)
    , m_socket(socket)
    , m_reply(reply)
    , m_model(model)
    , m_stream(stream)
    , m_closeAfter(closeAfter)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] { m_headSent ? pump() : firstByte(); });
    connect(socket, &QTcpSocket::bytesWritten, this, [this] {
        if (m_waitDrain && m_socket && m_socket->bytesToWrite() <= kMaxQueuedBytes / 2) {
            m_waitDrain = false;
            pump();
        }
    });
    const QByteArray head =
        R"(data: {"id":"chatcmpl-fake","object":"chat.completion.chunk","created":)"
        + QByteArray::number(kCreated) + R"(,"model":)" + jsonString(model);
    m_contentPrefix = head + R"(,"choices":[{"index":0,"delta":{"content":)";
    m_firstPrefix = head + R"(,"choices":[{"index":0,"delta":{"role":"assistant","content":)";
    m_usagePrefix = head + R"(,"choices":[],"usage":)";
    m_stopEvent = head + R"(,"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]})" + "\n\n";
}

void FakeStream::start()
{
    if (m_reply.fault == FakeReply::Fault::NoFirstByte)
        return; // accepted, never answered
    if (m_reply.holdAfter == 0)
        return hold();
    m_timer.start(qMax(0, m_reply.firstByteDelayMs));
}

void FakeStream::hold()
{
    m_held = true;
    m_holdDone = true;
    Q_EMIT m_provider->streamHeld();
}

void FakeStream::resume()
{
    if (!m_held)
        return;
    m_held = false;
    if (isOpen())
        m_timer.start(m_headSent ? 0 : qMax(0, m_reply.firstByteDelayMs));
}

void FakeStream::abandon()
{
    m_done = true;
    m_held = false;
    m_timer.stop();
}

QJsonObject FakeStream::usageJson() const
{
    const int completion = m_reply.tokenCount();
    QJsonObject usage { { u"prompt_tokens"_s, m_reply.promptTokens },
                        { u"completion_tokens"_s, completion },
                        { u"total_tokens"_s, m_reply.promptTokens + completion } };
    if (m_reply.cachedTokens >= 0)
        usage.insert(u"prompt_tokens_details"_s,
                     QJsonObject { { u"cached_tokens"_s, m_reply.cachedTokens } });
    return usage;
}

void FakeStream::firstByte()
{
    if (!isOpen())
        return;
    const QString msg = m_reply.errorMessage;
    switch (m_reply.fault) {
    case FakeReply::Fault::Unauthorized:
        return sendError(401, msg.isEmpty() ? u"Incorrect API key provided."_s : msg,
                         u"invalid_request_error"_s, u"invalid_api_key"_s);
    case FakeReply::Fault::Forbidden:
        return sendError(403, msg.isEmpty() ? u"You are not allowed to use this model."_s : msg,
                         u"invalid_request_error"_s, u"model_not_allowed"_s);
    case FakeReply::Fault::RateLimited:
        return sendError(429,
                         msg.isEmpty() ? u"Rate limit reached. Please try again later."_s : msg,
                         u"requests"_s, u"rate_limit_exceeded"_s,
                         "Retry-After: " + QByteArray::number(m_reply.retryAfterSeconds) + "\r\n");
    case FakeReply::Fault::ServerError:
        return sendError(
            500, msg.isEmpty() ? u"The server had an error while processing your request."_s : msg,
            u"server_error"_s, QJsonValue::Null);
    default:
        break;
    }
    m_headSent = true;
    if (m_stream) {
        write(responseHead(200, "text/event-stream", -1, m_closeAfter,
                           "Cache-Control: no-cache\r\n"));
        return pump();
    }
    const QJsonObject message { { u"role"_s, u"assistant"_s },
                                { u"content"_s, m_reply.joinedText() } };
    QJsonObject body { { u"id"_s, u"chatcmpl-fake"_s },
                       { u"object"_s, u"chat.completion"_s },
                       { u"created"_s, kCreated },
                       { u"model"_s, m_model },
                       { u"choices"_s,
                         QJsonArray { QJsonObject { { u"index"_s, 0 },
                                                    { u"message"_s, message },
                                                    { u"finish_reason"_s, u"stop"_s } } } } };
    if (m_reply.usage)
        body.insert(u"usage"_s, usageJson());
    QByteArray json = QJsonDocument(body).toJson(QJsonDocument::Compact);
    switch (m_reply.fault) {
    case FakeReply::Fault::MalformedChunk:
        json = "{\"id\":\"chatcmpl-fake\", this is not json";
        write(responseHead(200, "application/json", json.size(), m_closeAfter) + json);
        return finish(false);
    case FakeReply::Fault::Stall: // headers and half the body, then nothing
        return write(responseHead(200, "application/json", json.size(), m_closeAfter)
                     + json.left(json.size() / 2));
    case FakeReply::Fault::DropMidStream:
        write(responseHead(200, "application/json", json.size(), m_closeAfter)
              + json.left(json.size() / 2));
        return drop();
    default:
        write(responseHead(200, "application/json", json.size(), m_closeAfter) + json);
        return finish(true);
    }
}

void FakeStream::sendError(int status, const QString &message, const QString &type,
                           const QJsonValue &code, const QByteArray &extraHeaders)
{
    write(jsonResponse(status, errorJson(message, type, code), m_closeAfter, extraHeaders));
    finish(false);
}

void FakeStream::pump()
{
    if (!isOpen())
        return;
    if (m_socket->bytesToWrite() > kMaxQueuedBytes) {
        m_waitDrain = true; // resumed from bytesWritten
        return;
    }
    const int total = m_reply.tokenCount();
    const bool streamFault = m_reply.fault == FakeReply::Fault::MalformedChunk
        || m_reply.fault == FakeReply::Fault::Stall
        || m_reply.fault == FakeReply::Fault::DropMidStream;
    const int faultAt = qBound(0, m_reply.faultAfter, total);
    const int budget = m_reply.delayMs > 0 ? 1 : kEventsPerPass;
    QByteArray batch;
    const int holdAt = m_holdDone || m_reply.holdAfter <= 0 ? -1 : qMin(m_reply.holdAfter, total);
    for (int events = 0; events < budget && m_next <= total; ++events) {
        if (m_next == holdAt) {
            if (!batch.isEmpty())
                write(chunked(batch));
            return hold();
        }
        if (streamFault && !m_faultDone && m_next == faultAt) {
            m_faultDone = true;
            if (m_reply.fault == FakeReply::Fault::MalformedChunk) {
                batch += "data: {\"choices\":[{\"delta\":{\"content\": this is not json\n\n";
                continue;
            }
            if (!batch.isEmpty())
                write(chunked(batch));
            if (m_reply.fault == FakeReply::Fault::DropMidStream)
                drop();
            return; // Stall: keep the socket open, write nothing more
        }
        if (m_next < total) {
            batch += (m_next == 0 ? m_firstPrefix : m_contentPrefix)
                + jsonString(m_reply.tokenAt(m_next)) + "},\"finish_reason\":null}]}\n\n";
        } else if (!m_reply.toolCalls.isEmpty()) {
            batch += toolCallEvents();
            if (m_reply.usage)
                batch += m_usagePrefix + QJsonDocument(usageJson()).toJson(QJsonDocument::Compact)
                    + "}\n\n";
            batch += "data: [DONE]\n\n";
        } else {
            batch += m_stopEvent;
            if (m_reply.usage)
                batch += m_usagePrefix + QJsonDocument(usageJson()).toJson(QJsonDocument::Compact)
                    + "}\n\n";
            batch += "data: [DONE]\n\n";
        }
        ++m_next;
    }
    if (m_next > total) {
        write(chunked(batch) + "0\r\n\r\n");
        return finish(true);
    }
    if (!batch.isEmpty())
        write(chunked(batch));
    m_timer.start(m_reply.delayMs);
}

QByteArray FakeStream::toolCallEvents() const
{
    // As OpenAI streams them: the first delta of a call names it, the others carry more of the
    // arguments text, each tagged with the call's index.
    QByteArray events;
    // Each call's pieces, in the order they go out: one call after the other, or taking turns.
    QList<QPair<int, int>> order; // call, piece
    int most = 0;
    for (const FakeToolCall &call : m_reply.toolCalls)
        most = qMax(most, qMax(1, call.pieces));
    for (int i = 0; !m_reply.interleaveToolCalls && i < m_reply.toolCalls.size(); ++i) {
        for (int p = 0; p < qMax(1, m_reply.toolCalls.at(i).pieces); ++p)
            order.append({ i, p });
    }
    for (int p = 0; m_reply.interleaveToolCalls && p < most; ++p) {
        for (int i = 0; i < m_reply.toolCalls.size(); ++i) {
            if (p < qMax(1, m_reply.toolCalls.at(i).pieces))
                order.append({ i, p });
        }
    }
    for (const auto &[i, p] : std::as_const(order)) {
        const FakeToolCall &call = m_reply.toolCalls.at(i);
        const int pieces = qMax(1, call.pieces);
        const qsizetype step = (call.arguments.size() + pieces - 1) / pieces;
        const QString piece = call.arguments.mid(p * step, step);
        QJsonObject function { { u"arguments"_s, piece } };
        QJsonObject delta { { u"index"_s, i }, { u"function"_s, function } };
        if (p == 0) {
            function.insert(u"name"_s, call.name);
            delta = QJsonObject { { u"index"_s, i },
                                  { u"id"_s, call.id },
                                  { u"type"_s, u"function"_s },
                                  { u"function"_s, function } };
        }
        const QJsonObject chunk {
            { u"id"_s, u"chatcmpl-fake"_s },
            { u"object"_s, u"chat.completion.chunk"_s },
            { u"choices"_s,
              QJsonArray { QJsonObject {
                  { u"index"_s, 0 },
                  { u"delta"_s, QJsonObject { { u"tool_calls"_s, QJsonArray { delta } } } },
                  { u"finish_reason"_s, QJsonValue::Null } } } }
        };
        events += "data: " + QJsonDocument(chunk).toJson(QJsonDocument::Compact) + "\n\n";
    }
    const QJsonObject finish { { u"id"_s, u"chatcmpl-fake"_s },
                               { u"object"_s, u"chat.completion.chunk"_s },
                               { u"choices"_s,
                                 QJsonArray {
                                     QJsonObject { { u"index"_s, 0 },
                                                   { u"delta"_s, QJsonObject() },
                                                   { u"finish_reason"_s, u"tool_calls"_s } } } } };
    events += "data: " + QJsonDocument(finish).toJson(QJsonDocument::Compact) + "\n\n";
    return events;
}

bool FakeStream::isOpen() const
{
    return !m_done && m_socket && m_socket->state() == QAbstractSocket::ConnectedState;
}

void FakeStream::write(const QByteArray &bytes)
{
    m_socket->write(bytes);
    m_socket->flush();
}

void FakeStream::drop()
{
    if (!isOpen())
        return;
    QTcpSocket *socket = m_socket;
    abandon();
    m_provider->streamDone(this, false);
    m_provider->closeByServer(socket, true);
}

void FakeStream::finish(bool success)
{
    abandon();
    m_provider->streamDone(this, success); // deletes us later, not now
    if (m_closeAfter && m_socket && m_socket->state() == QAbstractSocket::ConnectedState)
        m_provider->closeByServer(m_socket);
}
