// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiserver.h"
#include "fakeprovider.h"
#include "sseclient.h"
#include "testengine.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

namespace {

const QByteArray Token =
    QByteArrayLiteral("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");

struct Answer
{
    int status = 0;
    QJsonObject json;
    QJsonArray array;
    QByteArray body;
    QNetworkReply *reply = nullptr;
    QByteArray header(const char *name) const { return reply->rawHeader(name); }
};

FakeReply slowReply(int tokens, int delayMs)
{
    FakeReply r;
    r.tokens.clear();
    for (int i = 0; i < tokens; ++i)
        r.tokens.append(QStringLiteral("t%1 ").arg(i));
    r.delayMs = delayMs;
    return r;
}

} // namespace

class TestApiServer : public QObject
{
    Q_OBJECT

private:
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<TestEngine> m_test;
    std::unique_ptr<ApiServer> m_server;
    QNetworkAccessManager m_network;

    QNetworkRequest request(const QString &path, bool withToken = true) const
    {
        QNetworkRequest req(
            QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(path)));
        if (withToken)
            req.setRawHeader("Authorization", "Bearer " + Token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        return req;
    }

    Answer send(const QByteArray &method, const QNetworkRequest &req, const QByteArray &body = {})
    {
        QNetworkReply *reply = m_network.sendCustomRequest(req, method, body);
        reply->setParent(this);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(10000);
        Answer answer;
        answer.reply = reply;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        const QJsonDocument doc = QJsonDocument::fromJson(answer.body);
        answer.json = doc.object();
        answer.array = doc.array();
        return answer;
    }
    Answer get(const QString &path, bool withToken = true)
    {
        return send("GET", request(path, withToken));
    }
    Answer post(const QString &path, const QByteArray &body = {})
    {
        return send("POST", request(path), body);
    }

    SseClient *streamChat(const QByteArray &body)
    {
        QNetworkRequest req = request(QStringLiteral("/chat"));
        req.setRawHeader("Accept", "text/event-stream");
        return new SseClient(m_network.post(req, body), this);
    }

    static QString errorCode(const Answer &a)
    {
        return a.json[QLatin1String("error")][QLatin1String("code")].toString();
    }

    /** (Re)starts the server; graceMs is how long a run nobody watches goes on. */
    void startServer(int graceMs)
    {
        m_server.reset();
        ServerOptions options;
        options.port = 0;
        options.token = Token;
        options.detachGraceMs = graceMs;
        m_server = std::make_unique<ApiServer>(*m_test->engine, options);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }

    /** A raw request, for what a well-behaved client library would not send. The server
     * runs on this thread, so the wait must spin the event loop, never block it. */
    QByteArray raw(const QByteArray &bytes)
    {
        QTcpSocket socket;
        QByteArray answer;
        connect(&socket, &QTcpSocket::connected, this, [&] { socket.write(bytes); });
        connect(&socket, &QTcpSocket::readyRead, this, [&] { answer += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        if (!QTest::qWaitFor([&] { return answer.contains("\r\n\r\n"); }, 5000))
            qWarning("no answer to the raw request");
        return answer;
    }

private Q_SLOTS:
    void init()
    {
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<TestEngine>(TestEngine::pointingAt(m_fake->baseUrl()));
        startServer(0);
    }
    void cleanup()
    {
        m_server.reset();
        m_test.reset();
        delete m_fake;
    }

    void healthNeedsNoToken()
    {
        const Answer a = get(QStringLiteral("/health"), false);
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json[QLatin1String("status")].toString(), QStringLiteral("ok"));
    }

    void everyOtherRouteNeedsTheToken_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        for (const char *path : { "/status", "/capabilities", "/providers", "/models", "/history" })
            QTest::newRow(path) << QByteArrayLiteral("GET") << QString::fromLatin1(path);
        for (const char *path : { "/chat", "/chat/cancel", "/runs/r_1/cancel", "/provider",
                                  "/model", "/history/clear", "/no/such/route" })
            QTest::newRow(path) << QByteArrayLiteral("POST") << QString::fromLatin1(path);
    }
    void everyOtherRouteNeedsTheToken()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QNetworkRequest missing = request(path, false);
        const Answer none = send(method, missing, "{}");
        QCOMPARE(none.status, 401);
        QCOMPARE(errorCode(none), QStringLiteral("unauthorized"));
        QNetworkRequest wrong = request(path, false);
        wrong.setRawHeader("Authorization", "Bearer " + QByteArray(Token).replace('a', 'b'));
        QCOMPARE(send(method, wrong, "{}").status, 401);
        QCOMPARE(m_fake->chatRequests().size(), 0);
    }

    void unknownRouteAndWrongMethod()
    {
        const Answer unknown = get(QStringLiteral("/nope"));
        QCOMPARE(unknown.status, 404);
        QCOMPARE(errorCode(unknown), QStringLiteral("not_found"));
        const Answer wrong = get(QStringLiteral("/chat"));
        QCOMPARE(wrong.status, 405);
        QCOMPARE(errorCode(wrong), QStringLiteral("method_not_allowed"));
        QCOMPARE(wrong.header("Allow"), QByteArrayLiteral("POST"));
    }

    void foreignHostAndOriginAreRefused()
    {
        const QByteArray port = QByteArray::number(m_server->port());
        QVERIFY(raw("GET /health HTTP/1.1\r\nHost: evil.example:" + port + "\r\n\r\n")
                    .startsWith("HTTP/1.1 421"));
        QVERIFY(raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n")
                    .startsWith("HTTP/1.1 200"));
        QNetworkRequest evil = request(QStringLiteral("/status"));
        evil.setRawHeader("Origin", "https://evil.example");
        QCOMPARE(send("GET", evil).status, 403);
        QNetworkRequest editor = request(QStringLiteral("/status"));
        editor.setRawHeader("Origin", "vscode-webview://1abc");
        QCOMPARE(send("GET", editor).status, 200);
    }

    void badBodiesGetClearErrors()
    {
        QNetworkRequest form = request(QStringLiteral("/chat"));
        form.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
        QCOMPARE(send("POST", form, R"({"message":"hi"})").status, 415);
        const Answer broken = post(QStringLiteral("/chat"), "{\"message\": ");
        QCOMPARE(broken.status, 400);
        QCOMPARE(errorCode(broken), QStringLiteral("invalid_json"));
        const Answer noMessage = post(QStringLiteral("/chat"), R"({"stream": true})");
        QCOMPARE(noMessage.status, 400);
        QVERIFY(
            noMessage.json[QLatin1String("error")][QLatin1String("message")].toString().contains(
                QLatin1String("message")));
        QCOMPARE(post(QStringLiteral("/chat"), R"({"message": 42})").status, 400);
        QCOMPARE(post(QStringLiteral("/chat"), R"({"message": "hi", "stream": "yes"})").status,
                 400);
        QCOMPARE(m_fake->chatRequests().size(), 0);
        QCOMPARE(get(QStringLiteral("/health"), false).status, 200); // still serving
    }

    void chatStreamsEventsAsTheyArrive()
    {
        m_fake->setDefaultReply(slowReply(5, 80));
        bool upstreamFinished = false;
        connect(m_fake, &FakeProvider::streamFinished, this, [&] { upstreamFinished = true; });
        SseClient *client = streamChat(R"({"message":"hi"})");
        bool firstChunkBeforeUpstreamEnd = false;
        connect(client, &SseClient::eventReceived, this, [&](const SseClient::Event &e) {
            if (e.json[QLatin1String("type")] == QLatin1String("stream_chunk")
                && e.json[QLatin1String("seq")].toInt() == 2)
                firstChunkBeforeUpstreamEnd = !upstreamFinished;
        });
        QTRY_VERIFY_WITH_TIMEOUT(client->finished, 10000);
        QCOMPARE(client->status(), 200);
        QCOMPARE(client->reply()->header(QNetworkRequest::ContentTypeHeader).toString(),
                 QStringLiteral("text/event-stream"));
        QVERIFY(firstChunkBeforeUpstreamEnd);

        QStringList expected { QStringLiteral("stream_start") };
        for (int i = 0; i < 5; ++i)
            expected.append(QStringLiteral("stream_chunk"));
        expected << QStringLiteral("usage") << QStringLiteral("stream_end")
                 << QStringLiteral("[DONE]");
        QCOMPARE(client->types(), expected);

        const QString runId = client->events.constFirst().json[QLatin1String("run")].toString();
        QVERIFY(runId.startsWith(QLatin1String("r_")));
        for (int i = 0; i < client->events.size() - 1; ++i)
            QCOMPARE(client->events[i].id, runId.toUtf8() + ':' + QByteArray::number(i + 1));
        QCOMPARE(client->events[7].json[QLatin1String("data")].toString(),
                 QStringLiteral("t0 t1 t2 t3 t4 "));
        // Chunks were relayed as they came, not at the end.
        QVERIFY(client->events[5].atMs - client->events[1].atMs >= 200);
    }

    void nonStreamedChatAnswersOnce()
    {
        const Answer a = post(QStringLiteral("/chat"), R"({"message":"hi","stream":false})");
        QCOMPARE(a.status, 200);
        QCOMPARE(a.json[QLatin1String("response")].toString(), m_fake->defaultReply().joinedText());
        QCOMPARE(a.json[QLatin1String("usage")][QLatin1String("completion_tokens")].toInt(),
                 m_fake->defaultReply().tokenCount());
        QCOMPARE(a.json[QLatin1String("state")].toString(), QStringLiteral("done"));
        QVERIFY(a.json[QLatin1String("run")].toString().startsWith(QLatin1String("r_")));
    }

    void upstreamErrorsMapToStatuses_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("401") << int(FakeReply::Fault::Unauthorized) << 502
                             << QStringLiteral("auth_failed");
        QTest::newRow("429") << int(FakeReply::Fault::RateLimited) << 429
                             << QStringLiteral("rate_limited");
        QTest::newRow("500") << int(FakeReply::Fault::ServerError) << 502
                             << QStringLiteral("upstream_error");
    }
    void upstreamErrorsMapToStatuses()
    {
        QFETCH(int, fault);
        QFETCH(int, status);
        QFETCH(QString, code);
        FakeReply r;
        r.fault = FakeReply::Fault(fault);
        m_fake->setDefaultReply(r);
        const Answer a = post(QStringLiteral("/chat"), R"({"message":"hi","stream":false})");
        QCOMPARE(a.status, status);
        QCOMPARE(errorCode(a), code);
        if (status == 429)
            QCOMPARE(a.header("Retry-After"), QByteArrayLiteral("3"));

        SseClient *client = streamChat(R"({"message":"hi"})");
        QTRY_VERIFY_WITH_TIMEOUT(client->finished, 10000);
        QCOMPARE(client->types(),
                 QStringList({ QStringLiteral("stream_start"), QStringLiteral("error"),
                               QStringLiteral("[DONE]") }));
        QCOMPARE(client->events[1].json[QLatin1String("data")][QLatin1String("code")].toString(),
                 code);
    }

    void noProviderIsAClearError()
    {
        TestEngine bare { QProcessEnvironment() };
        ServerOptions options;
        options.port = 0;
        options.token = Token;
        m_server = std::make_unique<ApiServer>(*bare.engine, options);
        QVERIFY(m_server->start(nullptr));
        const Answer a = post(QStringLiteral("/chat"), R"({"message":"hi"})");
        QCOMPARE(a.status, 503);
        QCOMPARE(errorCode(a), QStringLiteral("no_provider"));
        QVERIFY(a.json[QLatin1String("error")][QLatin1String("message")].toString().contains(
            QLatin1String("OPENAI_API_KEY")));
        const Answer status = get(QStringLiteral("/status"));
        QCOMPARE(status.json[QLatin1String("setup_needed")][QLatin1String("code")].toString(),
                 QStringLiteral("no_provider"));
        m_server.reset();
    }

    void cancel_data()
    {
        QTest::addColumn<QString>("how");
        QTest::newRow("POST /chat/cancel") << QStringLiteral("current");
        QTest::newRow("POST /runs/{id}/cancel") << QStringLiteral("run");
        QTest::newRow("client hangs up") << QStringLiteral("hangup");
    }
    void cancel()
    {
        QFETCH(QString, how);
        m_fake->setDefaultReply(slowReply(20, 100));
        SseClient *client = streamChat(R"({"message":"hi"})");
        QTRY_VERIFY_WITH_TIMEOUT(client->types().contains(QStringLiteral("stream_chunk")), 5000);
        const QString runId = client->events.constFirst().json[QLatin1String("run")].toString();
        QSignalSpy disconnected(m_fake, &FakeProvider::clientDisconnected);
        QElapsedTimer clock;
        clock.start();
        if (how == QLatin1String("current")) {
            const Answer a = post(QStringLiteral("/chat/cancel"));
            QCOMPARE(a.json[QLatin1String("cancelled")].toBool(), true);
            QCOMPARE(a.json[QLatin1String("run")].toString(), runId);
        } else if (how == QLatin1String("run")) {
            const Answer a = post(QStringLiteral("/runs/%1/cancel").arg(runId));
            QCOMPARE(a.status, 200);
            QCOMPARE(a.json[QLatin1String("cancelled")].toBool(), true);
        } else {
            client->reply()->abort();
        }
        QVERIFY(disconnected.size() > 0 || disconnected.wait(1000));
        QVERIFY2(clock.elapsed() < 100 + (how == QLatin1String("hangup") ? 0 : 50),
                 qPrintable(QString::number(clock.elapsed())));
        Run *run = m_test->engine->findRun(runId);
        QTRY_COMPARE(run->state(), Run::State::Cancelled);
        if (how != QLatin1String("hangup")) {
            QTRY_VERIFY_WITH_TIMEOUT(client->finished, 5000);
            const QStringList types = client->types();
            QCOMPARE(types.mid(types.size() - 2),
                     QStringList({ QStringLiteral("cancelled"), QStringLiteral("[DONE]") }));
        }
        // The server goes on serving.
        m_fake->setDefaultReply(FakeReply());
        QCOMPARE(post(QStringLiteral("/chat"), R"({"message":"again","stream":false})").status,
                 200);
    }

    void droppedClientResumesWithoutGapOrDuplicate()
    {
        startServer(5000);
        m_fake->setDefaultReply(slowReply(12, 40));
        SseClient *first = streamChat(R"({"message":"hi"})");
        QTRY_VERIFY_WITH_TIMEOUT(first->types().count(QStringLiteral("stream_chunk")) >= 3, 5000);
        const QString runId = first->events.constFirst().json[QLatin1String("run")].toString();
        const QByteArray lastId = first->events.constLast().id;
        const int received = first->events.size();
        QSignalSpy upstreamDropped(m_fake, &FakeProvider::clientDisconnected);
        first->reply()->abort(); // the network drops
        QTest::qWait(150); // the run goes on without anyone watching
        QCOMPARE(upstreamDropped.size(), 0);
        QVERIFY(!m_test->engine->findRun(runId)->isFinished());

        QNetworkRequest req = request(QStringLiteral("/runs/%1/events").arg(runId));
        req.setRawHeader("Last-Event-ID", lastId);
        auto *resumed = new SseClient(m_network.get(req), this);
        QTRY_VERIFY_WITH_TIMEOUT(resumed->finished, 10000);
        QCOMPARE(resumed->types().constLast(), QStringLiteral("[DONE]"));

        QString text;
        QList<int> seqs;
        for (int i = 0; i < received; ++i)
            seqs.append(first->events[i].json[QLatin1String("seq")].toInt());
        for (const SseClient::Event &e : resumed->events) {
            if (e.data != "[DONE]")
                seqs.append(e.json[QLatin1String("seq")].toInt());
        }
        for (int i = 0; i < seqs.size(); ++i)
            QCOMPARE(seqs[i], i + 1); // every event exactly once, in order
        for (const SseClient::Event &e : first->events + resumed->events) {
            if (e.json[QLatin1String("type")] == QLatin1String("stream_chunk"))
                text += e.json[QLatin1String("data")].toString();
        }
        QCOMPARE(text, slowReply(12, 0).joinedText());
    }

    void unwatchedRunIsCancelledAfterTheGrace()
    {
        startServer(200);
        m_fake->setDefaultReply(slowReply(50, 50));
        SseClient *client = streamChat(R"({"message":"hi"})");
        QTRY_VERIFY_WITH_TIMEOUT(client->types().contains(QStringLiteral("stream_chunk")), 5000);
        const QString runId = client->events.constFirst().json[QLatin1String("run")].toString();
        QSignalSpy upstreamDropped(m_fake, &FakeProvider::clientDisconnected);
        client->reply()->abort();
        QVERIFY(upstreamDropped.wait(2000));
        QCOMPARE(m_test->engine->findRun(runId)->state(), Run::State::Cancelled);
    }

    void resumeTooOldIsAnExplicitError()
    {
        SseClient *first = streamChat(R"({"message":"hi"})");
        QTRY_VERIFY_WITH_TIMEOUT(first->finished, 5000);
        const QString runId = first->events.constFirst().json[QLatin1String("run")].toString();
        QNetworkRequest req = request(QStringLiteral("/runs/%1/events").arg(runId));
        req.setRawHeader("Last-Event-ID", "garbage");
        QCOMPARE(send("GET", req).status, 400);
    }

    void cancelUnknownRunIs404()
    {
        const Answer a = post(QStringLiteral("/runs/r_nope/cancel"));
        QCOMPARE(a.status, 404);
        QCOMPARE(errorCode(a), QStringLiteral("run_not_found"));
        const Answer idle = post(QStringLiteral("/chat/cancel"));
        QCOMPARE(idle.status, 200);
        QCOMPARE(idle.json[QLatin1String("cancelled")].toBool(), false);
    }

    void replayFromLastEventId()
    {
        SseClient *first = streamChat(R"({"message":"hi"})");
        QTRY_VERIFY_WITH_TIMEOUT(first->finished, 5000);
        const QString runId = first->events.constFirst().json[QLatin1String("run")].toString();
        QNetworkRequest req = request(QStringLiteral("/runs/%1/events").arg(runId));
        req.setRawHeader("Last-Event-ID", runId.toUtf8() + ":3");
        auto *replay = new SseClient(m_network.get(req), this);
        QTRY_VERIFY_WITH_TIMEOUT(replay->finished, 5000);
        QCOMPARE(replay->types(), first->types().mid(3));
        for (int i = 0; i < replay->events.size(); ++i) {
            QCOMPARE(replay->events[i].id, first->events[i + 3].id);
            QCOMPARE(replay->events[i].data, first->events[i + 3].data);
        }
        QCOMPARE(get(QStringLiteral("/runs/r_nope/events")).status, 404);
    }

    void providersAndModels()
    {
        const Answer providers = get(QStringLiteral("/providers"));
        QCOMPARE(providers.status, 200);
        QJsonObject openai;
        for (const QJsonValue &p : providers.array) {
            if (p[QLatin1String("id")] == QLatin1String("openai"))
                openai = p.toObject();
            QVERIFY(!p.toObject().contains(QLatin1String("api_key")));
        }
        QCOMPARE(openai[QLatin1String("name")].toString(), QStringLiteral("OpenAI"));
        QCOMPARE(openai[QLatin1String("has_api_key")].toBool(), false);
        QCOMPARE(openai[QLatin1String("current")].toBool(), true);

        const Answer models = get(QStringLiteral("/models"));
        QCOMPARE(models.status, 200);
        QCOMPARE(models.array.size(), 2);
        QCOMPARE(models.array[0][QLatin1String("id")].toString(), QStringLiteral("fake-model"));
        QCOMPARE(models.header("X-Attache-Models-Source"), QByteArrayLiteral("provider"));

        QCOMPARE(post(QStringLiteral("/model"), R"({"model":"fake-model-large"})").status, 200);
        QCOMPARE(post(QStringLiteral("/chat"), R"({"message":"hi","stream":false})").status, 200);
        QCOMPARE(m_fake->chatRequests().constLast()[QLatin1String("model")].toString(),
                 QStringLiteral("fake-model-large"));
        QCOMPARE(post(QStringLiteral("/model"), R"({})").status, 400);

        const Answer bogus = post(QStringLiteral("/provider"), R"({"provider":"bogus"})");
        QCOMPARE(bogus.status, 400);
        QCOMPARE(errorCode(bogus), QStringLiteral("unknown_provider"));
        const Answer ollama = post(QStringLiteral("/provider"), R"({"provider":"ollama"})");
        QCOMPARE(ollama.status, 200);
        QCOMPARE(ollama.json[QLatin1String("model")].toString(), QStringLiteral("llama3.2"));
        QCOMPARE(get(QStringLiteral("/status")).json[QLatin1String("provider")].toString(),
                 QStringLiteral("ollama"));
    }

    void historyAndClear()
    {
        QCOMPARE(post(QStringLiteral("/chat"), R"({"message":"hi","stream":false})").status, 200);
        const Answer history = get(QStringLiteral("/history"));
        const QJsonArray messages = history.json[QLatin1String("messages")].toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages[0][QLatin1String("role")].toString(), QStringLiteral("user"));
        QCOMPARE(messages[0][QLatin1String("content")].toString(), QStringLiteral("hi"));
        QCOMPARE(messages[1][QLatin1String("content")].toString(),
                 m_fake->defaultReply().joinedText());
        QCOMPARE(post(QStringLiteral("/history/clear")).json[QLatin1String("cleared")].toBool(),
                 true);
        QCOMPARE(get(QStringLiteral("/history")).json[QLatin1String("messages")].toArray().size(),
                 0);
        QCOMPARE(get(QStringLiteral("/history?session=nope")).status, 404);
    }

    void namedSessionsKeepTheirOwnHistory()
    {
        QCOMPARE(post(QStringLiteral("/chat"), R"({"message":"a","session":"work","stream":false})")
                     .status,
                 200);
        QCOMPARE(post(QStringLiteral("/chat"), R"({"message":"b","stream":false})").status, 200);
        QCOMPARE(get(QStringLiteral("/history?session=work"))
                     .json[QLatin1String("messages")]
                     .toArray()
                     .size(),
                 2);
        QCOMPARE(get(QStringLiteral("/history")).json[QLatin1String("messages")].toArray().size(),
                 2);
        QCOMPARE(m_fake->chatRequests().constLast()[QLatin1String("messages")].toArray().size(), 1);
    }

    void tokenResetRouteInvalidatesTheOldToken()
    {
        QSignalSpy changed(m_server.get(), &ApiServer::tokenChanged);
        const Answer reset = post(QStringLiteral("/token/reset"));
        QCOMPARE(reset.status, 200);
        QVERIFY(changed.size() == 1 || changed.wait(2000));
        QVERIFY(m_server->token() != Token);
        QCOMPARE(m_server->token().size(), 64);
        QCOMPARE(get(QStringLiteral("/status")).status,
                 401); // the old token no longer opens anything
        QNetworkRequest fresh = request(QStringLiteral("/status"), false);
        fresh.setRawHeader("Authorization", "Bearer " + m_server->token());
        QCOMPARE(send("GET", fresh).status, 200);
    }

    void usageKnowsPlainHttpClients()
    {
        QNetworkRequest editor = request(QStringLiteral("/chat"));
        editor.setRawHeader("X-Attache-Client", "vscode");
        QCOMPARE(send("POST", editor, R"({"message":"hi","stream":false})").status, 200);
        QCOMPARE(post(QStringLiteral("/chat"), R"({"message":"hi","stream":false})").status, 200);
        QStringList clients;
        for (Run *run : m_test->engine->findChildren<Run *>())
            clients.append(run->spec().clientId);
        QVERIFY2(clients.contains(QStringLiteral("vscode"))
                     && clients.contains(QStringLiteral("http")),
                 qPrintable(clients.join(QLatin1Char(','))));
    }

    void capabilitiesListTheRoutes()
    {
        const Answer a = get(QStringLiteral("/capabilities"));
        QCOMPARE(a.json[QLatin1String("protocol")].toInt(), 1);
        const QJsonArray routes = a.json[QLatin1String("routes")].toArray();
        QVERIFY(routes.contains(QStringLiteral("POST /chat")));
        QVERIFY(routes.contains(QStringLiteral("GET /health")));
    }

    void pausedServerRefusesAndResumedOneAnswers()
    {
        // An idle keep-alive connection and a live event stream, open before the pause.
        QTcpSocket idle;
        idle.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(idle.waitForConnected(2000));
        m_fake->setDefaultReply(slowReply(200, 20));
        SseClient *stream = streamChat(R"({"message":"long"})");
        QTRY_VERIFY(!stream->events.isEmpty());
        QTRY_COMPARE(m_server->connectionCount(), 2);

        QSignalSpy changed(m_server.get(), &ApiServer::pausedChanged);
        m_server->setPaused(true);
        QVERIFY(m_server->isPaused());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().toBool(), true);
        QTRY_COMPARE(idle.state(), QAbstractSocket::UnconnectedState);
        QTRY_VERIFY(stream->finished);
        QCOMPARE(m_server->connectionCount(), 0);

        // No answer while paused, not even to /health; nothing is let in.
        QNetworkRequest health = request(QStringLiteral("/health"), false);
        health.setTransferTimeout(1500);
        const Answer refused = send("GET", health);
        QCOMPARE(refused.status, 0);
        QVERIFY(refused.reply->error() != QNetworkReply::NoError);
        QCOMPARE(m_server->connectionCount(), 0);

        m_server->setPaused(false);
        QVERIFY(!m_server->isPaused());
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.last().first().toBool(), false);
        const Answer answered = get(QStringLiteral("/health"), false);
        QCOMPARE(answered.status, 200);
        QCOMPARE(get(QStringLiteral("/status")).status, 200);
    }

    void showWindowRouteAnswersWhetherThereIsOne()
    {
        QSignalSpy asked(m_server.get(), &ApiServer::showWindowRequested);
        QCOMPARE(send("POST", request(QStringLiteral("/app/show"), false)).status, 401);
        const Answer headless = post(QStringLiteral("/app/show"));
        QCOMPARE(headless.status, 200);
        QCOMPARE(headless.json, QJsonObject({ { QStringLiteral("shown"), false } }));
        QCOMPARE(asked.size(), 0);

        m_server->setHasWindow(true);
        const Answer shown = post(QStringLiteral("/app/show"));
        QCOMPARE(shown.status, 200);
        QCOMPARE(shown.json, QJsonObject({ { QStringLiteral("shown"), true } }));
        QCOMPARE(asked.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestApiServer)
#include "tst_apiserver.moc"
