// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gateways/gatewayreply.h"
#include "gateways/openairesponses.h"

#include <QMap>
#include <QObject>
#include <QPointer>

class Engine;
class GatewayClients;
class HttpExchange;
class SseStream;
class StreamHub;

/**
 * One POST /v1/responses: the stored conversation it continues (previous_response_id) with
 * its input after it, one completion, and the answer as a response object or as the Responses
 * API's events (response.created, response.output_text.delta, …, response.completed). A
 * stored response is on disk before the client hears it is complete, so a continuation sent at
 * once finds it. Errors before the first piece are HTTP errors; later ones end the stream with
 * response.failed and an error event.
 */
class ResponsesExchange : public GatewayReply
{
    Q_OBJECT
public:
    /** A child of exchange; clientId leaves clients when it is destroyed. */
    ResponsesExchange(Engine &engine, StreamHub &hub, GatewayClients &clients,
                      const QString &clientId, ResponsesRequest request, HttpExchange &exchange);

    void start();

private:
    struct Call
    {
        QString itemId;
        int outputIndex = 0;
        ToolCall call;
        QByteArray argumentsPrefix; // the start of its arguments' delta events
    };
    void onText(const TextDelta &delta) override;
    void onToolCall(const ToolCallDelta &delta) override;
    void onFinished(const CompletionResult &result) override;
    void onFailed(const EngineError &error) override;
    void answer(const CompletionResult &result, const QJsonArray &output);
    void fail(const OpenAiError &error);
    /** response.created and response.in_progress, once the model is known. */
    void begin();
    void openMessage();
    void closeMessage(const QString &text);
    /** "event: <type>" with the event's JSON (type and sequence number added). */
    void send(QLatin1String type, QJsonObject event);
    QJsonObject responseNow(const QString &status) const;

    Engine &m_engine;
    ResponsesRequest m_request;
    OpenAiResponses::ResponseState m_state;
    QString m_messageId;
    int m_messageIndex = -1; // the open message item's output index; -1: none open
    QByteArray m_text; // of the open message, UTF-8
    QByteArray m_textPrefix; // the start of its text delta events
    QList<Call> m_calls; // by the client's call index
    QMap<int, QJsonObject> m_items; // output items done, by their output index
    int m_nextOutput = 0;
    int m_sequence = 0;
    QByteArray m_frame;
    bool m_begun = false;
};
