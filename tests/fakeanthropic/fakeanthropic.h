// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QQueue>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

class QTcpSocket;
class FakeAnthropicServer;
class FakeAnthropicStream;

// A tool_use block the fake model writes; its input arrives split into pieces.
struct FakeToolUse
{
    QString id = QStringLiteral("toolu_fake_1");
    QString name;
    QString input = QStringLiteral("{}"); // JSON text
    int pieces = 3; // input_json_delta events that carry it
};

// What the fake answers to one POST /v1/messages.
struct FakeMessage
{
    enum class Fault {
        None,
        Unauthorized, // 401 authentication_error
        Forbidden, // 403 permission_error
        BadRequest, // 400 invalid_request_error (errorMessage)
        NotFound, // 404 not_found_error
        RateLimited, // 429 rate_limit_error, Retry-After: retryAfterSeconds when >= 0
        Overloaded, // 529 overloaded_error
        ServerError, // 500 api_error
        OverloadedMidStream, // an "error" event (overloaded_error) after faultAfter text deltas
        ErrorMidStream, // an "error" event (api_error) after faultAfter text deltas
        DropMidStream, // the socket aborted after faultAfter text deltas
        Stall, // nothing more after faultAfter text deltas, the socket kept open
        NoFirstByte, // accepted, never answered
    };

    QStringList thinking; // thinking_delta pieces, in a thinking block before the text
    QString signature = QStringLiteral("fake-signature"); // the thinking block's signature_delta
    QStringList text { QStringLiteral("Hello"), QStringLiteral(" from"),   QStringLiteral(" the"),
                       QStringLiteral(" fake"), QStringLiteral(" Claude"), QStringLiteral(".") };
    int chunks = 0; // > 0: ignore text, stream "tok0 ", "tok1 ", … as text deltas
    QList<FakeToolUse> toolUses; // tool_use blocks after the text
    QString stopReason; // empty: "tool_use" with tool uses, else "end_turn"
    int inputTokens = 12; // output_tokens: one per delta written
    int cacheReadTokens = 0;
    int cacheWriteTokens = 0;
    bool unknownEvent = false; // an event of a type nobody knows, before the text
    int delayMs = 0; // between events
    int firstByteDelayMs = 0;
    Fault fault = Fault::None;
    int faultAfter = 0; // text deltas written before a mid-stream fault
    int retryAfterSeconds = -1; // 429 and 529: the Retry-After header, when >= 0
    QString errorMessage; // the error's message (a default when empty)

    int textCount() const { return chunks > 0 ? chunks : int(text.size()); }
    QString textAt(int i) const;
    QString joinedText() const;
};

// One request the fake received: its body and the headers that matter to Anthropic's API.
struct FakeAnthropicRequest
{
    QString path;
    QJsonObject body;
    QByteArray apiKey; // x-api-key
    QByteArray version; // anthropic-version
    QByteArray authorization;
    QByteArray beta; // anthropic-beta
};

// A fake Anthropic Messages API speaking HTTP/1.1 + SSE on 127.0.0.1:
//   POST /v1/messages               streamed ("stream": true: message_start, content_block_*,
//                                   ping, message_delta, message_stop) or one Message object
//   POST /v1/messages/count_tokens  {"input_tokens": n}, n from the body's characters
//   GET  /v1/models                 {"data": [{"type": "model", "id", "display_name"}], …}
//   /_fake/...                      the control API (fakeanthropiccontrol.cpp)
// Errors are Anthropic's: {"type": "error", "error": {"type", "message"}} with a request-id.
class FakeAnthropic : public QObject
{
    Q_OBJECT
public:
    explicit FakeAnthropic(QObject *parent = nullptr);
    ~FakeAnthropic() override;

    bool listen(quint16 port = 0);
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT, without /v1, as Anthropic's SDKs take it

    void setDefaultMessage(const FakeMessage &message) { m_default = message; }
    void enqueue(const FakeMessage &message) { m_queue.enqueue(message); }
    void setModels(const QStringList &ids) { m_models = ids; }
    void setModelsStatus(int status) { m_modelsStatus = status; }

    QList<FakeAnthropicRequest> requests() const { return m_requests; } // messages, in order
    QList<FakeAnthropicRequest> countRequests() const { return m_countRequests; }
    int modelsRequestCount() const { return m_modelsRequests; }
    int openStreams() const;
    int clientDisconnectCount() const { return m_clientDisconnects; }
    int finishedStreamCount() const { return m_finishedStreams; }

    /** A message from its JSON form, keys by FakeMessage's field names ("text", "thinking",
     * "toolUses": [{"id", "name", "input", "pieces"}], "fault": "overloadedMidStream", …). */
    static std::optional<FakeMessage> messageFromJson(const QJsonObject &json, QString *error);

Q_SIGNALS:
    void messageRequested(const QJsonObject &body);
    void streamFinished(); // a whole answer was written (not for errors and faults)
    void clientDisconnected(); // a client closed a socket that carried a messages request

private:
    friend class FakeAnthropicServer;
    friend class FakeAnthropicStream;
    void handle(QTcpSocket *socket, const QByteArray &method, const QString &path,
                const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body);
    QByteArray handleControl(const QByteArray &method, const QString &path, const QByteArray &body);
    QByteArray modelsResponse();
    void watch(QTcpSocket *socket);
    void streamDone(FakeAnthropicStream *stream, bool success);

    FakeAnthropicServer *m_server = nullptr;
    FakeMessage m_default;
    QQueue<FakeMessage> m_queue;
    QStringList m_models { QStringLiteral("claude-fake-1"), QStringLiteral("claude-fake-2") };
    int m_modelsStatus = 200;
    int m_modelsRequests = 0;
    int m_clientDisconnects = 0;
    int m_finishedStreams = 0;
    QList<FakeAnthropicRequest> m_requests;
    QList<FakeAnthropicRequest> m_countRequests;
    QSet<QTcpSocket *> m_sockets;
    QSet<QTcpSocket *> m_closedByUs;
    QSet<FakeAnthropicStream *> m_streams;
};

namespace FakeAnthropicWire {
QByteArray response(int status, const QByteArray &contentType, const QByteArray &body,
                    const QByteArray &extraHeaders = {});
QByteArray errorBody(const QString &type, const QString &message);
QByteArray event(const QByteArray &name, const QJsonObject &data);
QByteArray chunked(const QByteArray &data);
} // namespace FakeAnthropicWire
