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
class FakeHttpServer;
class FakeStream;

// A function call the fake model makes; its arguments arrive split into pieces.
struct FakeToolCall
{
    QString id;
    QString name;
    QString arguments; // JSON text
    int pieces = 3; // how many deltas carry the arguments
};

// What the fake answers to one chat completion request.
struct FakeReply
{
    enum class Fault {
        None,
        Unauthorized, // 401 + error JSON
        Forbidden, // 403 + error JSON
        RateLimited, // 429 + error JSON + Retry-After: retryAfterSeconds
        ServerError, // 500 + error JSON
        MalformedChunk, // a "data:" line that is not JSON after faultAfter chunks, then goes on
        Stall, // stop sending after faultAfter chunks, keep the socket open
        // Abort the socket after faultAfter chunks: no terminating chunk, no [DONE]. Note that
        // QNetworkAccessManager 6.4 may finish such a truncated chunked reply with NoError (it
        // treats "socket closed while reading the body" as the end), so clients must detect the
        // missing [DONE] / finish_reason themselves.
        DropMidStream,
        NoFirstByte, // accept the request, never answer
    };

    QStringList tokens { QStringLiteral("Hello"),     QStringLiteral(" from"),
                         QStringLiteral(" the"),      QStringLiteral(" fake"),
                         QStringLiteral(" provider"), QStringLiteral(".") };
    int chunks = 0; // > 0: ignore tokens, generate "tok0 ", "tok1 ", ... lazily
    int delayMs = 0; // between chunks (0 = as fast as possible, still one event per token)
    int firstByteDelayMs = 0; // before the status line
    bool usage = true; // usage chunk before [DONE] (streamed) / usage object (non-streamed)
    int promptTokens = 7; // completion tokens = number of content chunks
    int cachedTokens = -1; // >= 0: the usage says this much of the prompt came from a cache
    Fault fault = Fault::None;
    int faultAfter = 0; // content chunks written before the fault (clamped to the chunk count)
    int retryAfterSeconds = 3;
    QString errorMessage; // message of the error JSON (a default one when empty)
    // Streamed after the content tokens as tool_call deltas, ending with finish_reason
    // "tool_calls" instead of "stop".
    QList<FakeToolCall> toolCalls;
    // >= 0: the response pauses, its socket open, after this many content chunks (0: before its
    // first byte; the token count: before the end) until FakeProvider::release(). A test that
    // needs a reply "still streaming" holds it there instead of counting on a delay being long.
    int holdAfter = -1;
    // The calls' pieces take turns (call 0's first, call 1's first, call 0's second, …), as
    // OpenAI streams parallel calls, instead of one call after the other.
    bool interleaveToolCalls = false;

    int tokenCount() const { return chunks > 0 ? chunks : int(tokens.size()); }
    QString tokenAt(int i) const;
    QString joinedText() const;
};

// A fake OpenAI-compatible provider speaking HTTP/1.1 + SSE on 127.0.0.1.
//   POST .../chat/completions  streamed ("stream": true) or a single chat.completion object
//   GET  .../models            {"object":"list","data":[...]} (or setModelsStatus() error)
//   POST .../embeddings        a vector per input, the same for the same text (8 numbers, or
//                              "dimensions"), in floats whatever encoding_format says
//   /_fake/...                 the control API, for tests that drive the executable over HTTP
//                              (fakecontrol.cpp says what each route does)
//   anything else              404 + error JSON
// Streams use Transfer-Encoding: chunked on a keep-alive connection (the connection is closed
// after the response only when the request asked for "Connection: close"); other responses carry
// a Content-Length. A chat body that is not a JSON object gets a 400 and is not recorded.
// Faults on a non-streamed request: MalformedChunk sends a 200 body that is not JSON, Stall and
// DropMidStream send the headers and half the body, then stall / abort.
class FakeProvider : public QObject
{
    Q_OBJECT
public:
    explicit FakeProvider(QObject *parent = nullptr);
    ~FakeProvider() override;

    bool listen(quint16 port = 0); // 127.0.0.1
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT/v1

    void setDefaultReply(const FakeReply &reply);
    FakeReply defaultReply() const { return m_defaultReply; }
    void enqueueReply(const FakeReply &reply); // used FIFO by the next chat requests
    void setModels(const QStringList &ids); // GET /v1/models
    void setModelsStatus(int httpStatus); // e.g. 404 to simulate no /models endpoint

    QList<QJsonObject> chatRequests() const { return m_chatRequests; } // bodies, in order
    QList<QJsonObject> embeddingRequests() const { return m_embeddingRequests; }
    QList<QByteArray> authorizationHeaders() const { return m_authorizations; } // per chat request
    int modelsRequestCount() const { return m_modelsRequests; }
    // Connections that carried at least one chat request (a kept-alive one counts once).
    int chatConnectionCount() const { return m_chatConnections; }
    // Chat responses still being produced (including stalled/never-answered ones) whose
    // client socket is still connected. Finished responses on idle keep-alive sockets don't count.
    int openStreams() const;
    int clientDisconnectCount() const { return m_clientDisconnects; }
    int finishedStreamCount() const { return m_finishedStreams; }

    /** A reply from its JSON form, whose keys are FakeReply's field names ("tokens", "delayMs",
     * "fault": "dropMidStream", "toolCalls": [{"id", "name", "arguments", "pieces"}], …); a key
     * left out keeps FakeReply's default. Unknown keys and wrong types are errors. */
    static std::optional<FakeReply> replyFromJson(const QJsonObject &json, QString *error);
    // Responses paused at their FakeReply::holdAfter point whose client is still connected.
    int heldStreams() const;
    // Lets every held response go on (each is held once).
    void release();

Q_SIGNALS:
    void chatRequestReceived(const QJsonObject &body);
    // A successful chat response was fully written (streamed: all chunks + [DONE]; or the
    // non-streamed JSON). Not emitted for error statuses or faults.
    void streamFinished();
    // A client closed/aborted a socket that carried a chat request, before or after the end of
    // the response. Not emitted when the fake closes the socket itself (DropMidStream, or a
    // request that asked for "Connection: close").
    void clientDisconnected();
    // A response reached its FakeReply::holdAfter point and waits for release().
    void streamHeld();

private:
    friend class FakeHttpServer;
    friend class FakeStream;
    void handle(QTcpSocket *socket, const QByteArray &method, const QString &path,
                const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body);
    void handleChat(QTcpSocket *socket, bool closeAfter, const QByteArray &auth,
                    const QByteArray &body);
    QByteArray handleEmbeddings(const QByteArray &body, bool closeAfter);
    QByteArray handleControl(const QByteArray &method, const QString &path, const QByteArray &body,
                             bool closeAfter);
    void watchSocket(QTcpSocket *socket);
    void streamDone(FakeStream *stream, bool success);
    void closeByServer(QTcpSocket *socket, bool abort = false);

    FakeHttpServer *m_server = nullptr;
    FakeReply m_defaultReply;
    QQueue<FakeReply> m_queue;
    QStringList m_models { QStringLiteral("fake-model"), QStringLiteral("fake-model-large") };
    int m_modelsStatus = 200;
    int m_modelsRequests = 0;
    int m_chatConnections = 0;
    int m_clientDisconnects = 0;
    int m_finishedStreams = 0;
    QList<QJsonObject> m_chatRequests;
    QList<QJsonObject> m_embeddingRequests;
    QList<QByteArray> m_authorizations;
    QSet<QTcpSocket *> m_chatSockets; // sockets watched for disconnects
    QSet<QTcpSocket *> m_serverClosed; // sockets we aborted ourselves (no clientDisconnected)
    QSet<FakeStream *> m_streams;
};
