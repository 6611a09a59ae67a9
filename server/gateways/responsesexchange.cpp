// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateways/responsesexchange.h"

#include "engine.h"
#include "events/ssestream.h"
#include "gateways/gatewayclients.h"
#include "http/bytebuffer.h"
#include "http/httpexchange.h"
#include "net/jsonwriter.h"

#include <QDateTime>
#include <QJsonDocument>

using namespace OpenAiResponses;

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QJsonObject textPart(const QString &text)
{
    return { { QStringLiteral("type"), QStringLiteral("output_text") },
             { QStringLiteral("text"), text },
             { QStringLiteral("annotations"), QJsonArray() },
             { QStringLiteral("logprobs"), QJsonArray() } };
}

} // namespace

ResponsesExchange::ResponsesExchange(Engine &engine, StreamHub &hub, GatewayClients &clients,
                                     const QString &clientId, ResponsesRequest request,
                                     HttpExchange &exchange)
    : GatewayReply(clients, clientId, request.stream, hub, exchange)
    , m_engine(engine)
    , m_request(std::move(request))
{
    m_request.completion.clientId = clientId;
    m_state.id = newId(QLatin1String("resp_"));
    m_state.createdAt = QDateTime::currentSecsSinceEpoch();
    m_state.previousId = m_request.previousId;
    m_state.instructions = m_request.instructions;
    m_state.store = m_request.store;
}

void ResponsesExchange::start()
{
    QList<ChatMessage> &conversation = m_request.completion.params.messages;
    if (!m_request.instructions.isEmpty())
        conversation.append({ QStringLiteral("system"), m_request.instructions });
    if (!m_request.previousId.isEmpty()) {
        const Result<QList<ChatMessage>> chain =
            m_engine.responses().conversation(m_request.previousId);
        if (!chain.ok()) {
            fail({ 404,
                   QStringLiteral("invalid_request_error"),
                   QStringLiteral("previous_response_not_found"),
                   chain.error().message
                       + QStringLiteral(" Send the whole conversation as input "
                                        "instead, or a stored response's id."),
                   QStringLiteral("previous_response_id"),
                   {} });
            return;
        }
        conversation += chain.value();
    }
    conversation += m_request.input;
    const bool said = std::any_of(conversation.cbegin(), conversation.cend(),
                                  [](const auto &m) { return m.role != QLatin1String("system"); });
    if (!said) {
        fail(OpenAiError::invalid(QStringLiteral("\"input\" is required: a string or input "
                                                 "items, unless previous_response_id brings "
                                                 "the conversation."),
                                  QStringLiteral("input")));
        return;
    }
    watch(new Completion(m_engine, m_request.completion, this));
    m_completion->start();
}

QJsonObject ResponsesExchange::responseNow(const QString &status) const
{
    ResponseState state = m_state;
    state.status = status;
    return responseObject(state, m_request.echo);
}

void ResponsesExchange::send(QLatin1String type, QJsonObject event)
{
    event.insert(QStringLiteral("type"), type);
    event.insert(QStringLiteral("sequence_number"), m_sequence++);
    m_frame.resize(0);
    appendBytes(m_frame, "event: ", QByteArrayView(type.data(), type.size()),
                "\ndata: ", compact(event), "\n\n");
    m_sse->sendFrames(m_frame);
}

void ResponsesExchange::begin()
{
    m_begun = true;
    const QString &named = m_request.completion.model;
    m_state.model = named.isEmpty() || named == ModelDirectory::CurrentModel
        ? m_completion->providerId() + QLatin1Char('/') + m_completion->model()
        : named;
    if (!m_sse)
        return;
    m_sse->begin(false);
    const QJsonObject response = responseNow(QStringLiteral("in_progress"));
    send(QLatin1String("response.created"), { { QStringLiteral("response"), response } });
    send(QLatin1String("response.in_progress"), { { QStringLiteral("response"), response } });
}

void ResponsesExchange::openMessage()
{
    m_messageId = newId(QLatin1String("msg_"));
    m_messageIndex = m_nextOutput++;
    m_text.clear();
    send(QLatin1String("response.output_item.added"),
         { { QStringLiteral("output_index"), m_messageIndex },
           { QStringLiteral("item"),
             messageItem(m_messageId, {}, QStringLiteral("in_progress")) } });
    send(QLatin1String("response.content_part.added"),
         { { QStringLiteral("item_id"), m_messageId },
           { QStringLiteral("output_index"), m_messageIndex },
           { QStringLiteral("content_index"), 0 },
           { QStringLiteral("part"), textPart({}) } });
    m_textPrefix = "event: response.output_text.delta\ndata: "
                   "{\"type\":\"response.output_text.delta\",\"item_id\":\""
        + m_messageId.toLatin1() + "\",\"output_index\":" + QByteArray::number(m_messageIndex)
        + ",\"content_index\":0,\"logprobs\":[],\"delta\":";
}

void ResponsesExchange::closeMessage(const QString &text)
{
    if (m_messageIndex < 0)
        return;
    const QJsonObject item = messageItem(m_messageId, text, QStringLiteral("completed"));
    m_items.insert(m_messageIndex, item);
    if (m_sse) {
        const QJsonObject where { { QStringLiteral("item_id"), m_messageId },
                                  { QStringLiteral("output_index"), m_messageIndex },
                                  { QStringLiteral("content_index"), 0 } };
        QJsonObject done = where;
        done.insert(QStringLiteral("text"), text);
        done.insert(QStringLiteral("logprobs"), QJsonArray());
        send(QLatin1String("response.output_text.done"), done);
        QJsonObject part = where;
        part.insert(QStringLiteral("part"), textPart(text));
        send(QLatin1String("response.content_part.done"), part);
        send(QLatin1String("response.output_item.done"),
             { { QStringLiteral("output_index"), m_messageIndex },
               { QStringLiteral("item"), item } });
    }
    m_messageIndex = -1;
}

void ResponsesExchange::onText(const TextDelta &delta)
{
    if (!m_sse || m_done)
        return;
    if (!m_begun)
        begin();
    if (m_messageIndex < 0)
        openMessage();
    m_text += delta.utf8;
    // Once per token, written by hand: the text is escaped straight into the event.
    m_frame.resize(0);
    m_frame += m_textPrefix;
    JsonWriter::appendUtf8String(m_frame, delta.utf8);
    m_frame += ",\"sequence_number\":";
    m_frame += QByteArray::number(m_sequence++);
    m_frame += "}\n\n";
    m_sse->sendFrames(m_frame);
}

void ResponsesExchange::onToolCall(const ToolCallDelta &delta)
{
    if (!m_sse || m_done)
        return;
    if (!m_begun)
        begin();
    if (!delta.name.isEmpty()) {
        Call call;
        call.itemId = newId(QLatin1String("fc_"));
        call.outputIndex = m_nextOutput++;
        call.call = { delta.id, delta.name, {} };
        call.argumentsPrefix = "event: response.function_call_arguments.delta\ndata: "
                               "{\"type\":\"response.function_call_arguments.delta\",\"item_id\":\""
            + call.itemId.toLatin1() + "\",\"output_index\":" + QByteArray::number(call.outputIndex)
            + ",\"delta\":";
        send(QLatin1String("response.output_item.added"),
             { { QStringLiteral("output_index"), call.outputIndex },
               { QStringLiteral("item"),
                 functionCallItem(call.itemId, call.call, QStringLiteral("in_progress")) } });
        m_calls.append(call);
    }
    if (delta.index < 0 || delta.index >= m_calls.size() || delta.arguments.isEmpty())
        return;
    Call &call = m_calls[delta.index];
    call.call.arguments += delta.arguments;
    m_frame.resize(0);
    m_frame += call.argumentsPrefix;
    JsonWriter::appendString(m_frame, delta.arguments);
    m_frame += ",\"sequence_number\":";
    m_frame += QByteArray::number(m_sequence++);
    m_frame += "}\n\n";
    m_sse->sendFrames(m_frame);
}

void ResponsesExchange::onFinished(const CompletionResult &result)
{
    if (m_done)
        return;
    m_done = true;
    if (!m_begun)
        begin();
    if (!m_sse) {
        OutputIds ids { newId(QLatin1String("msg_")), {} };
        for (qsizetype i = 0; i < result.toolCalls.size(); ++i)
            ids.calls.append(newId(QLatin1String("fc_")));
        answer(result, outputItems(result, ids));
        return;
    }
    closeMessage(QString::fromUtf8(m_text));
    for (Call &call : m_calls) {
        // The arguments as the turn assembled them (the same pieces, and those a provider
        // reported only at the end).
        for (const ToolCall &done : result.toolCalls) {
            if (done.id == call.call.id)
                call.call.arguments = done.arguments;
        }
        const QJsonObject item =
            functionCallItem(call.itemId, call.call, QStringLiteral("completed"));
        m_items.insert(call.outputIndex, item);
        send(QLatin1String("response.function_call_arguments.done"),
             { { QStringLiteral("item_id"), call.itemId },
               { QStringLiteral("output_index"), call.outputIndex },
               { QStringLiteral("name"), call.call.name },
               { QStringLiteral("arguments"), call.call.arguments } });
        send(QLatin1String("response.output_item.done"),
             { { QStringLiteral("output_index"), call.outputIndex },
               { QStringLiteral("item"), item } });
    }
    QJsonArray output;
    for (const QJsonObject &item : std::as_const(m_items))
        output.append(item);
    answer(result, output);
}

void ResponsesExchange::answer(const CompletionResult &result, const QJsonArray &output)
{
    m_state.output = output;
    m_state.usage = usageJson(result.usage);
    m_state.status = statusFor(result.finishReason, &m_state.incompleteReason);
    const QJsonObject response = responseObject(m_state, m_request.echo);
    const QByteArray body = compact(response);
    const QPointer<ResponsesExchange> self(this);
    auto tell = [self, response, body] {
        if (!self)
            return;
        if (!self->m_sse) {
            self->m_exchange.respond({ 200, QByteArrayLiteral("application/json"), body, {} });
            return;
        }
        self->send(self->m_state.status == QLatin1String("incomplete")
                       ? QLatin1String("response.incomplete")
                       : QLatin1String("response.completed"),
                   { { QStringLiteral("response"), response } });
        self->m_sse->finishWith({});
    };
    if (!m_request.store) {
        tell();
        return;
    }
    StoredResponse stored { m_state.id,
                            m_state.previousId,
                            m_state.model,
                            QDateTime::fromSecsSinceEpoch(m_state.createdAt, Qt::UTC),
                            m_request.input + outputMessages(result),
                            body };
    // Told once it is on disk: a continuation sent at once finds it, and so does a restart.
    m_engine.responses().save(stored, [tell](bool) { tell(); });
}

void ResponsesExchange::fail(const OpenAiError &error)
{
    m_done = true;
    if (!m_begun) {
        m_exchange.respond(error.response());
        return;
    }
    m_state.error =
        QJsonObject { { QStringLiteral("code"),
                        error.code.isEmpty() ? QStringLiteral("server_error") : error.code },
                      { QStringLiteral("message"), error.message } };
    send(QLatin1String("response.failed"),
         { { QStringLiteral("response"), responseNow(QStringLiteral("failed")) } });
    const QJsonObject detail =
        QJsonDocument::fromJson(error.body()).object().value(QLatin1String("error")).toObject();
    QJsonObject event = detail;
    event.insert(QStringLiteral("error"), detail); // where OpenAI's SDKs look first
    send(QLatin1String("error"), event);
    m_sse->finishWith({});
}

void ResponsesExchange::onFailed(const EngineError &error)
{
    if (m_done)
        return;
    fail(OpenAiError::fromEngine(error));
}
