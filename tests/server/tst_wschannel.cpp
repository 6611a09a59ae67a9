// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiserver.h"
#include "fakeprovider.h"
#include "rawclient.h"
#include "sseclient.h"
#include "testengine.h"
#include "wsclient.h"

#include <QCryptographicHash>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace {

const QByteArray Token =
    QByteArrayLiteral("feedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedface");

int errorCode(const QJsonObject &response)
{
    return response.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt();
}

QString chunksText(const QList<QJsonObject> &events)
{
    QString text;
    for (const QJsonObject &e : events) {
        if (e.value(QLatin1String("type")) == QLatin1String("stream_chunk"))
            text += e.value(QLatin1String("data")).toString();
    }
    return text;
}

FakeReply tokens(int count, int delayMs)
{
    FakeReply r;
    r.tokens.clear();
    for (int i = 0; i < count; ++i)
        r.tokens.append(QStringLiteral("w%1 ").arg(i));
    r.delayMs = delayMs;
    return r;
}

} // namespace

class TestWsChannel : public QObject
{
    Q_OBJECT

private:
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<TestEngine> m_test;
    std::unique_ptr<ApiServer> m_server;
    QNetworkAccessManager m_network;

    void startServer(int graceMs = 5000, int pingMs = 30000, int silenceMs = 90000)
    {
        m_server.reset();
        ServerOptions options;
        options.port = 0;
        options.token = Token;
        options.detachGraceMs = graceMs;
        options.wsPingIntervalMs = pingMs;
        options.wsSilenceLimitMs = silenceMs;
        m_server = std::make_unique<ApiServer>(*m_test->engine, options);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }

    WsClient *connected(const QByteArray &kind = {})
    {
        auto *client = new WsClient(this);
        if (!client->open(m_server->port(), Token, kind))
            qWarning("WebSocket did not connect: %s", qPrintable(client->socket.errorString()));
        return client;
    }

    int httpPost(const QString &path, const QByteArray &body)
    {
        QNetworkRequest req(
            QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(path)));
        req.setRawHeader("Authorization", "Bearer " + Token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_network.post(req, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        done.wait(5000);
        reply->deleteLater();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

    /** The raw answer to an upgrade request, for what QWebSocket hides. */
    QByteArray rawUpgrade(const QByteArray &extraHeaders, QTcpSocket &socket)
    {
        QByteArray answer;
        QObject scope; // the lambdas below capture locals: they must not outlive this call
        connect(&socket, &QTcpSocket::connected, &scope, [&] {
            socket.write(
                "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_server->port())
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + extraHeaders + "\r\n");
        });
        connect(&socket, &QTcpSocket::readyRead, &scope, [&] { answer += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        (void)QTest::qWaitFor([&] { return answer.contains("\r\n\r\n"); }, 5000);
        return answer;
    }

private Q_SLOTS:
    void init()
    {
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<TestEngine>(TestEngine::pointingAt(m_fake->baseUrl()));
        startServer();
    }
    void cleanup()
    {
        qDeleteAll(findChildren<WsClient *>());
        m_server.reset();
        m_test.reset();
        delete m_fake;
    }

    void upgradeNeedsTheTokenBeforeTheHandshake_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<QByteArray>("status");
        QTest::newRow("no token") << QByteArray() << QByteArrayLiteral("401");
        QTest::newRow("wrong token")
            << QByteArrayLiteral("Authorization: Bearer nope\r\n") << QByteArrayLiteral("401");
        QTest::newRow("foreign origin")
            << QByteArray("Authorization: Bearer " + Token + "\r\nOrigin: https://evil.example\r\n")
            << QByteArrayLiteral("403");
        QTest::newRow("good") << QByteArray("Authorization: Bearer " + Token + "\r\n")
                              << QByteArrayLiteral("101");
    }
    void upgradeNeedsTheTokenBeforeTheHandshake()
    {
        QFETCH(QByteArray, headers);
        QFETCH(QByteArray, status);
        QTcpSocket socket;
        const QByteArray answer = rawUpgrade(headers, socket);
        QVERIFY2(answer.startsWith(QByteArray("HTTP/1.1 " + status)), answer.constData());
        if (status == "101") {
            QVERIFY(answer.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
        } else {
            QVERIFY(!answer.contains("Sec-WebSocket-Accept"));
            QVERIFY(answer.contains("\"error\""));
        }
    }

    void pingAndBatch()
    {
        WsClient *client = connected();
        QCOMPARE(
            client->callAndWait(QStringLiteral("ping")).value(QLatin1String("result")).toString(),
            QStringLiteral("pong"));
        client->socket.sendTextMessage(QStringLiteral(
            R"([{"jsonrpc":"2.0","id":"a","method":"ping"},{"jsonrpc":"2.0","method":"ping"},{"jsonrpc":"2.0","id":"b","method":"nope"}])"));
        QTRY_COMPARE(client->batches.size(), 1);
        const QJsonArray batch = client->batches.constFirst();
        QCOMPARE(batch.size(), 2); // the notification gets no answer
        QCOMPARE(batch[0][QLatin1String("result")].toString(), QStringLiteral("pong"));
        QCOMPARE(batch[1][QLatin1String("error")][QLatin1String("code")].toInt(), -32601);
    }

    void malformedMessagesGetTheRightCodes_data()
    {
        QTest::addColumn<QString>("message");
        QTest::addColumn<int>("code");
        QTest::newRow("not json") << QStringLiteral("{\"jsonrpc\": \"2.0\", ") << -32700;
        QTest::newRow("no method") << QStringLiteral(R"({"jsonrpc":"2.0","id":99})") << -32600;
        QTest::newRow("wrong version")
            << QStringLiteral(R"({"jsonrpc":"1.0","id":99,"method":"ping"})") << -32600;
        QTest::newRow("empty batch") << QStringLiteral("[]") << -32600;
        QTest::newRow("unknown method")
            << QStringLiteral(R"({"jsonrpc":"2.0","id":99,"method":"fly"})") << -32601;
        QTest::newRow("params not an object")
            << QStringLiteral(R"({"jsonrpc":"2.0","id":99,"method":"chat","params":[1]})")
            << -32602;
        QTest::newRow("chat without message")
            << QStringLiteral(R"({"jsonrpc":"2.0","id":99,"method":"chat","params":{}})") << -32602;
        QTest::newRow("resume without run") << QStringLiteral(
            R"({"jsonrpc":"2.0","id":99,"method":"resume","params":{"after_seq":"x"}})")
                                            << -32602;
        QTest::newRow("unknown topic") << QStringLiteral(
            R"({"jsonrpc":"2.0","id":99,"method":"subscribe","params":{"topics":["weather"]}})")
                                       << -32602;
        // Valid JSON that is not a request object (QJsonDocument alone refuses bare scalars).
        QTest::newRow("number") << QStringLiteral("42") << -32600;
        QTest::newRow("string") << QStringLiteral("\"x\"") << -32600;
        QTest::newRow("true") << QStringLiteral("true") << -32600;
        QTest::newRow("null") << QStringLiteral("null") << -32600;
        QTest::newRow("scalar with blanks") << QStringLiteral(" -1.5e3 ") << -32600;
        QTest::newRow("string with a bracket") << QStringLiteral("\"]\"") << -32600;
        // Not one JSON value, even though wrapping it in [ ] would parse.
        QTest::newRow("two scalars") << QStringLiteral("1, 2") << -32700;
        QTest::newRow("bare word") << QStringLiteral("ping") << -32700;
        QTest::newRow("id of the wrong type")
            << QStringLiteral(R"({"jsonrpc":"2.0","id":{"n":99},"method":"ping"})") << -32600;
    }
    void malformedMessagesGetTheRightCodes()
    {
        QFETCH(QString, message);
        QFETCH(int, code);
        WsClient *client = connected();
        client->socket.sendTextMessage(message);
        QTRY_VERIFY(!client->messages.isEmpty());
        QCOMPARE(errorCode(client->messages.constFirst()), code);
        QVERIFY(client->messages.constFirst().contains(QLatin1String("id")));
        const QJsonValue id = client->messages.constFirst().value(QLatin1String("id"));
        QVERIFY2(id.isNull() || id == 99,
                 QJsonDocument(client->messages.constFirst()).toJson().constData());
        // The connection stays usable.
        QCOMPARE(
            client->callAndWait(QStringLiteral("ping")).value(QLatin1String("result")).toString(),
            QStringLiteral("pong"));
    }

    void chatStreamsEventsAsNotifications()
    {
        m_fake->setDefaultReply(tokens(5, 20));
        WsClient *client = connected();
        const QJsonObject answer = client->callAndWait(
            QStringLiteral("chat"), { { QStringLiteral("message"), QStringLiteral("hi") } });
        const QString runId = answer[QLatin1String("result")][QLatin1String("run")].toString();
        QVERIFY2(runId.startsWith(QLatin1String("r_")), QJsonDocument(answer).toJson().constData());
        QTRY_VERIFY_WITH_TIMEOUT(client->runEnded(runId), 5000);
        const QList<QJsonObject> events = client->events(runId);
        QCOMPARE(events.size(), 8); // start, 5 chunks, usage, end
        for (int i = 0; i < events.size(); ++i)
            QCOMPARE(events[i][QLatin1String("seq")].toInt(), i + 1);
        QCOMPARE(events.constLast()[QLatin1String("type")].toString(),
                 QStringLiteral("stream_end"));
        QCOMPARE(events.constLast()[QLatin1String("data")].toString(), tokens(5, 0).joinedText());
        // The result came before the first event.
        qsizetype resultAt = -1;
        qsizetype firstEventAt = -1;
        for (qsizetype i = 0; i < client->messages.size(); ++i) {
            if (client->messages[i].value(QLatin1String("id")) == answer.value(QLatin1String("id")))
                resultAt = i;
            if (firstEventAt < 0
                && client->messages[i].value(QLatin1String("method")) == QLatin1String("event"))
                firstEventAt = i;
        }
        QVERIFY(resultAt >= 0 && resultAt < firstEventAt);
    }

    void httpRequestReachesEveryRoute()
    {
        WsClient *client = connected();
        const QJsonObject status =
            client->callAndWait(QStringLiteral("http_request"),
                                { { QStringLiteral("method"), QStringLiteral("GET") },
                                  { QStringLiteral("path"), QStringLiteral("/status") } });
        const QJsonObject result = status[QLatin1String("result")].toObject();
        QCOMPARE(result[QLatin1String("status")].toInt(), 200);
        QCOMPARE(result[QLatin1String("bodyEncoding")].toString(), QStringLiteral("utf8"));
        QCOMPARE(QJsonDocument::fromJson(
                     result[QLatin1String("body")].toString().toUtf8())[QLatin1String("provider")]
                     .toString(),
                 QStringLiteral("openai"));
        QCOMPARE(result[QLatin1String("headers")][QLatin1String("content-type")].toString(),
                 QStringLiteral("application/json"));

        const QJsonObject post =
            client->callAndWait(QStringLiteral("http_request"),
                                { { QStringLiteral("method"), QStringLiteral("POST") },
                                  { QStringLiteral("path"), QStringLiteral("/model") },
                                  { QStringLiteral("body"),
                                    QJsonObject { { QStringLiteral("model"),
                                                    QStringLiteral("fake-model-large") } } } });
        QCOMPARE(post[QLatin1String("result")][QLatin1String("status")].toInt(), 200);
        QCOMPARE(m_test->engine->currentModel(), QStringLiteral("fake-model-large"));

        const QJsonObject base64 = client->callAndWait(
            QStringLiteral("http_request"),
            { { QStringLiteral("method"), QStringLiteral("POST") },
              { QStringLiteral("path"), QStringLiteral("/chat") },
              { QStringLiteral("bodyEncoding"), QStringLiteral("base64") },
              { QStringLiteral("body"),
                QString::fromLatin1(
                    QByteArray(R"({"message":"hi","stream":false})").toBase64()) } });
        QCOMPARE(base64[QLatin1String("result")][QLatin1String("status")].toInt(), 200);

        const QJsonObject missing =
            client->callAndWait(QStringLiteral("http_request"),
                                { { QStringLiteral("method"), QStringLiteral("GET") },
                                  { QStringLiteral("path"), QStringLiteral("/nope?x=1") } });
        QCOMPARE(missing[QLatin1String("result")][QLatin1String("status")].toInt(), 404);
        const QJsonObject bad =
            client->callAndWait(QStringLiteral("http_request"),
                                { { QStringLiteral("path"), QStringLiteral("status") } });
        QCOMPARE(errorCode(bad), -32602);
    }

    void resumeAfterADropGivesExactlyTheReply()
    {
        m_fake->setDefaultReply(tokens(15, 30));
        WsClient *first = connected();
        const QString runId =
            first
                ->callAndWait(
                    QStringLiteral("chat"),
                    { { QStringLiteral("message"),
                        QStringLiteral("hi") } })[QLatin1String("result")][QLatin1String("run")]
                .toString();
        QTRY_VERIFY_WITH_TIMEOUT(first->events(runId).size() >= 4, 5000);
        first->socket.abort();
        const QList<QJsonObject> before = first->events(runId);
        QTest::qWait(100);
        QVERIFY(!m_test->engine->findRun(runId)->isFinished()); // a drop does not cancel

        WsClient *second = connected();
        const int lastSeq = before.constLast()[QLatin1String("seq")].toInt();
        const QJsonObject resumed = second->callAndWait(
            QStringLiteral("resume"),
            { { QStringLiteral("run"), runId }, { QStringLiteral("after_seq"), lastSeq } });
        QVERIFY(resumed.contains(QLatin1String("result")));
        QTRY_VERIFY_WITH_TIMEOUT(second->runEnded(runId), 5000);
        const QList<QJsonObject> all = before + second->events(runId);
        for (int i = 0; i < all.size(); ++i)
            QCOMPARE(all[i][QLatin1String("seq")].toInt(), i + 1);
        QCOMPARE(chunksText(all), tokens(15, 0).joinedText());

        const QJsonObject unknown =
            second->callAndWait(QStringLiteral("resume"),
                                { { QStringLiteral("run"), QStringLiteral("r_gone") },
                                  { QStringLiteral("after_seq"), 0 } });
        QCOMPARE(unknown[QLatin1String("error")][QLatin1String("data")][QLatin1String("code")]
                     .toString(),
                 QStringLiteral("run_not_found"));
    }

    void twoClientsOnOneSessionBothSeeTheRun()
    {
        m_fake->setDefaultReply(tokens(4, 20));
        WsClient *watcher = connected();
        QVERIFY(watcher
                    ->callAndWait(QStringLiteral("subscribe"),
                                  { { QStringLiteral("sessions"),
                                      QJsonArray { m_test->engine->currentSessionId() } } })
                    .contains(QLatin1String("result")));
        WsClient *author = connected();
        const QString runId =
            author
                ->callAndWait(
                    QStringLiteral("chat"),
                    { { QStringLiteral("message"),
                        QStringLiteral("hi") } })[QLatin1String("result")][QLatin1String("run")]
                .toString();
        // An SSE client sees it too, through the same run.
        QTRY_VERIFY_WITH_TIMEOUT(author->runEnded(runId) && watcher->runEnded(runId), 5000);
        QCOMPARE(watcher->events(runId), author->events(runId));
        // A run over plain HTTP reaches the subscriber as well.
        QCOMPARE(httpPost(QStringLiteral("/chat"), R"({"message":"again","stream":false})"), 200);
        QTRY_COMPARE(watcher->notifications(QStringLiteral("event")).size(), 2 * 7);
    }

    void topicVersionsFollowChanges()
    {
        WsClient *client = connected();
        const QJsonObject subscribed = client->callAndWait(
            QStringLiteral("subscribe"),
            { { QStringLiteral("topics"),
                QJsonArray { QStringLiteral("models"), QStringLiteral("history") } } });
        const int before =
            subscribed[QLatin1String("result")][QLatin1String("versions")][QLatin1String("models")]
                .toInt();
        QCOMPARE(httpPost(QStringLiteral("/model"), R"({"model":"fake-model-large"})"), 200);
        QTRY_COMPARE(client->notifications(QStringLiteral("topic")).size(), 1);
        const QJsonObject topic = client->notifications(QStringLiteral("topic")).constFirst();
        QCOMPARE(topic[QLatin1String("topic")].toString(), QStringLiteral("models"));
        QCOMPARE(topic[QLatin1String("version")].toInt(), before + 1);
        QCOMPARE(m_test->engine->topics().version(QStringLiteral("models")), quint64(before + 1));
        // Not subscribed: no push.
        QCOMPARE(httpPost(QStringLiteral("/provider"), R"({"provider":"ollama"})"), 200);
        QTest::qWait(50);
        for (const QJsonObject &t : client->notifications(QStringLiteral("topic")))
            QVERIFY(t[QLatin1String("topic")] != QLatin1String("providers"));
    }

    void notificationsReachEveryClientAndAnswersTheAsker()
    {
        WsClient *asker = connected(QByteArrayLiteral("vscode"));
        WsClient *other = connected(QByteArrayLiteral("cli"));
        QNetworkRequest req(
            QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(m_server->port())));
        req.setRawHeader("Authorization", "Bearer " + Token);
        auto *feed = new SseClient(m_network.get(req), this);
        QTRY_VERIFY(!feed->events.isEmpty()); // hello

        const QJsonObject posted = asker->callAndWait(
            QStringLiteral("http_request"),
            { { QStringLiteral("method"), QStringLiteral("POST") },
              { QStringLiteral("path"), QStringLiteral("/notifications") },
              { QStringLiteral("body"),
                QJsonObject { { QStringLiteral("message"), QStringLiteral("Run the tests?") },
                              { QStringLiteral("kind"), QStringLiteral("question") } } } });
        QCOMPARE(posted[QLatin1String("result")][QLatin1String("status")].toInt(), 201);
        QTRY_COMPARE(other->notifications(QStringLiteral("notification")).size(), 1);
        QTRY_COMPARE(asker->notifications(QStringLiteral("notification")).size(), 1);
        QTRY_VERIFY(feed->types().contains(QStringLiteral("notification")));
        const QJsonObject n = other->notifications(QStringLiteral("notification")).constFirst();
        QCOMPARE(n[QLatin1String("message")].toString(), QStringLiteral("Run the tests?"));
        QCOMPARE(n[QLatin1String("kind")].toString(), QStringLiteral("question"));

        const QJsonObject replied =
            other->callAndWait(QStringLiteral("notification.reply"),
                               { { QStringLiteral("id"), n[QLatin1String("id")] },
                                 { QStringLiteral("reply"), QStringLiteral("yes") } });
        QVERIFY(replied.contains(QLatin1String("result")));
        QTRY_COMPARE(asker->notifications(QStringLiteral("notification.reply")).size(), 1);
        QCOMPARE(asker->notifications(QStringLiteral("notification.reply"))
                     .constFirst()[QLatin1String("reply")]
                     .toString(),
                 QStringLiteral("yes"));
        QCOMPARE(other->notifications(QStringLiteral("notification.reply")).size(), 0);
        QCOMPARE(
            errorCode(other->callAndWait(QStringLiteral("notification.reply"),
                                         { { QStringLiteral("id"), n[QLatin1String("id")] },
                                           { QStringLiteral("reply"), QStringLiteral("again") } })),
            -32602);
        QCOMPARE(httpPost(QStringLiteral("/notifications"), R"({"message":"x","kind":"shout"})"),
                 400);
    }

    void presenceListsAttachedClients()
    {
        WsClient *editor = connected(QByteArrayLiteral("vscode"));
        QVERIFY(editor
                    ->callAndWait(QStringLiteral("hello"),
                                  { { QStringLiteral("kind"), QStringLiteral("vscode") },
                                    { QStringLiteral("name"), QStringLiteral("VS Code 1.99") } })
                    .contains(QLatin1String("result")));
        WsClient *cli = connected(QByteArrayLiteral("cli"));
        // The whole list comes first, then only the changes (coalesced in a burst).
        QTRY_COMPARE(editor->attachedClients().size(), 2);
        QVERIFY(editor->notifications(QStringLiteral("presence"))
                    .constFirst()
                    .contains(QLatin1String("clients")));
        QTRY_COMPARE(editor->attachedClients()[0][QLatin1String("name")].toString(),
                     QStringLiteral("VS Code 1.99"));
        const QJsonArray clients = editor->attachedClients();
        QCOMPARE(clients[1][QLatin1String("kind")].toString(), QStringLiteral("cli"));
        QCOMPARE(clients[1][QLatin1String("transport")].toString(), QStringLiteral("websocket"));
        QCOMPARE(cli->attachedClients(), clients);
        QCOMPARE(QJsonValue(editor->notifications(QStringLiteral("presence"))
                                .constLast()[QLatin1String("count")])
                     .toInt(),
                 2);

        // An event feed is an attached client too, and sees the same, the whole list first.
        QNetworkRequest req(
            QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(m_server->port())));
        req.setRawHeader("Authorization", "Bearer " + Token);
        auto *feed = new SseClient(m_network.get(req), this);
        QTRY_COMPARE(editor->attachedClients().size(), 3);
        WsClient *third = connected(); // a change after the feed attached, if its own was not
        QTRY_COMPARE(editor->attachedClients().size(), 4);
        QTRY_VERIFY(feed->types().contains(QStringLiteral("presence")));
        QCOMPARE(feed->types().constFirst(), QStringLiteral("hello"));
        const QJsonObject list = feed->events[feed->types().indexOf(QStringLiteral("presence"))]
                                     .json[QLatin1String("data")]
                                     .toObject();
        QVERIFY(list[QLatin1String("clients")].toArray().size() >= 3); // the third, if coalesced
        QCOMPARE(list[QLatin1String("clients")][0][QLatin1String("name")].toString(),
                 QStringLiteral("VS Code 1.99"));
        QCOMPARE(list[QLatin1String("clients")][2][QLatin1String("transport")].toString(),
                 QStringLiteral("sse"));
        feed->reply()->abort();
        third->socket.close();
        QTRY_COMPARE(editor->attachedClients().size(), 2);

        const QString cliId = clients[1][QLatin1String("id")].toString();
        cli->socket.close();
        QTRY_COMPARE(editor->attachedClients().size(), 1);
        const QJsonObject left = editor->notifications(QStringLiteral("presence")).constLast();
        QCOMPARE(left[QLatin1String("left")].toArray(), QJsonArray { cliId });
        QVERIFY(left[QLatin1String("joined")].toArray().isEmpty());
        QCOMPARE(left[QLatin1String("count")].toInt(), 1);
        QCOMPARE(m_test->engine->presence().clients().size(), 1);
    }

    void clientsOfAStoppedServerAreNoLongerAttached()
    {
        const int before = m_test->engine->presence().clients().size();
        connected();
        QNetworkRequest req(
            QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(m_server->port())));
        req.setRawHeader("Authorization", "Bearer " + Token);
        auto *feed = new SseClient(m_network.get(req), this);
        QTRY_VERIFY(!feed->events.isEmpty()); // hello
        QCOMPARE(m_test->engine->presence().clients().size(), before + 2);
        // The engine goes on (the window may still be open); the server and its clients do not.
        startServer();
        QCOMPARE(m_test->engine->presence().clients().size(), before);
    }

    void permissionFirstAnswerWinsAcrossClients()
    {
        QTemporaryDir workspace;
        QVERIFY(m_test->engine->tools().setWorkingDirectory(workspace.path()).ok());
        FakeReply call;
        call.tokens = { QStringLiteral("Writing.") };
        call.toolCalls = { FakeToolCall {
            QStringLiteral("call_1"), QStringLiteral("write_file"),
            QStringLiteral("{\"path\": \"a.txt\", \"content\": \"from the model\\n\"}"), 3 } };
        m_fake->enqueueReply(call);
        m_fake->enqueueReply(tokens(1, 0));
        WsClient *editor = connected(QByteArrayLiteral("vscode"));
        WsClient *cli = connected(QByteArrayLiteral("cli"));
        QVERIFY(editor
                    ->callAndWait(QStringLiteral("chat"),
                                  { { QStringLiteral("message"), QStringLiteral("write it") } })
                    .contains(QLatin1String("result")));
        QTRY_VERIFY(!editor->notifications(QStringLiteral("permission.request")).isEmpty()
                    && !cli->notifications(QStringLiteral("permission.request")).isEmpty());
        const QJsonObject request =
            cli->notifications(QStringLiteral("permission.request")).constFirst();
        QCOMPARE(request[QLatin1String("tool")].toString(), QStringLiteral("write_file"));
        QCOMPARE(request[QLatin1String("arguments")][QLatin1String("content")].toString(),
                 QStringLiteral("from the model\n"));
        QVERIFY(
            request[QLatin1String("diff")].toString().contains(QLatin1String("+from the model")));
        QVERIFY(!QFile::exists(workspace.filePath(QStringLiteral("a.txt"))));

        const QJsonObject first =
            cli->callAndWait(QStringLiteral("permission.respond"),
                             { { QStringLiteral("id"), request[QLatin1String("id")] },
                               { QStringLiteral("decision"), QStringLiteral("allow") },
                               { QStringLiteral("scope"), QStringLiteral("once") } });
        QVERIFY(first.contains(QLatin1String("result")));
        const QJsonObject late =
            editor->callAndWait(QStringLiteral("permission.respond"),
                                { { QStringLiteral("id"), request[QLatin1String("id")] },
                                  { QStringLiteral("decision"), QStringLiteral("deny") } });
        QCOMPARE(
            late[QLatin1String("error")][QLatin1String("data")][QLatin1String("code")].toString(),
            QStringLiteral("already_answered"));
        for (WsClient *client : { editor, cli }) {
            QTRY_COMPARE(client->notifications(QStringLiteral("permission.resolved")).size(), 1);
            const QJsonObject resolved =
                client->notifications(QStringLiteral("permission.resolved")).constFirst();
            QCOMPARE(resolved[QLatin1String("allowed")].toBool(), true);
            QCOMPARE(resolved[QLatin1String("by")].toString(),
                     cli->callAndWait(QStringLiteral(
                         "hello"))[QLatin1String("result")][QLatin1String("client")]
                         .toString());
        }
        QTRY_VERIFY(QFile::exists(workspace.filePath(QStringLiteral("a.txt"))));
        QCOMPARE(errorCode(
                     cli->callAndWait(QStringLiteral("permission.respond"),
                                      { { QStringLiteral("id"), QStringLiteral("p_nope") },
                                        { QStringLiteral("decision"), QStringLiteral("maybe") } })),
                 -32602);
    }

    void silentClientIsClosed()
    {
        startServer(5000, 100, 400);
        QTcpSocket raw; // a client that never answers pings
        QVERIFY(
            rawUpgrade("Authorization: Bearer " + Token + "\r\n", raw).startsWith("HTTP/1.1 101"));
        QSignalSpy closed(&raw, &QTcpSocket::disconnected);
        QVERIFY(closed.wait(3000));
        // A client that answers pings (QWebSocket does) stays.
        WsClient *alive = connected();
        QTest::qWait(700);
        QCOMPARE(alive->socket.state(), QAbstractSocket::ConnectedState);
    }

    void slowConsumerIsDroppedOthersKeepStreaming()
    {
        // 100 chunks of 128 KiB, one per timer tick: the client that reads nothing passes
        // RpcDispatcher::MaxQueuedBytes about two thirds of the way through, while the reader's
        // queue never holds more than an event or two. (With generated "tokN " chunks even 20000
        // of them make only ~3 MB of events, under the cap; and at delayMs 0 this in-process
        // provider outruns the engine, which then fans a backlog of megabytes out in one pass, so
        // every client's queue holds the whole burst before any socket is written.)
        FakeReply reply;
        reply.tokens.clear();
        const QString filler(128 * 1024, QLatin1Char('x'));
        for (int i = 0; i < 100; ++i)
            reply.tokens.append(QString::number(i) + filler + QLatin1Char(' '));
        reply.delayMs = 1;
        m_fake->setDefaultReply(reply);

        QTcpSocket silent;
        QVERIFY(rawUpgrade("Authorization: Bearer " + Token + "\r\n", silent)
                    .startsWith("HTTP/1.1 101"));
        // Small kernel and Qt buffers on its side, so what it does not read piles up at the server.
        silent.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
        silent.write(maskedFrame(
            "{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"subscribe\",\"params\":{\"sessions\":[\""
            + m_test->engine->currentSessionId().toUtf8() + "\"]}}"));
        // Its answer is read, so the subscription is known to be in place; after that, nothing is.
        QByteArray heard;
        QVERIFY(QTest::qWaitFor(
            [&] {
                heard += silent.readAll();
                return heard.contains("\"id\":99,\"result\"");
            },
            5000));
        silent.setReadBufferSize(4096);

        WsClient *reader = connected();
        QCOMPARE(m_server->rpc().peerCount(), 2);
        const QJsonObject chat = reader->callAndWait(
            QStringLiteral("chat"), { { QStringLiteral("message"), QStringLiteral("hi") } });
        const QString runId = chat[QLatin1String("result")][QLatin1String("run")].toString();
        QVERIFY(!runId.isEmpty());
        // Closed by the server (it cannot tell the client so: its output is not being read).
        QTRY_COMPARE_WITH_TIMEOUT(m_server->rpc().peerCount(), 1, 5000);
        QCOMPARE(m_test->engine->presence().clients().size(), 1);

        QTRY_VERIFY_WITH_TIMEOUT(reader->runEnded(runId), 15000);
        const QList<QJsonObject> events = reader->events(runId);
        QCOMPARE(events.size(), 100 + 3); // start, the chunks, usage, end
        QCOMPARE(events.constLast()[QLatin1String("type")].toString(),
                 QStringLiteral("stream_end"));
        QVERIFY(chunksText(events) == reply.joinedText()); // QCOMPARE would print 12 MB
        QVERIFY(events.constLast()[QLatin1String("data")].toString() == reply.joinedText());
        QCOMPARE(reader->socket.state(), QAbstractSocket::ConnectedState);
        QCOMPARE(m_server->rpc().peerCount(), 1);
    }

    void readerIsKeptThroughABurstPastTheCap()
    {
        // As fast as the provider goes: the engine fans megabytes out in one pass, so the queue
        // passes RpcDispatcher::MaxQueuedBytes for a moment, but this client reads and drains it.
        FakeReply reply;
        reply.tokens.clear();
        const QString filler(128 * 1024, QLatin1Char('x'));
        for (int i = 0; i < 100; ++i)
            reply.tokens.append(QString::number(i) + filler + QLatin1Char(' '));
        m_fake->setDefaultReply(reply);
        WsClient *reader = connected();
        const QJsonObject chat = reader->callAndWait(
            QStringLiteral("chat"), { { QStringLiteral("message"), QStringLiteral("hi") } });
        const QString runId = chat[QLatin1String("result")][QLatin1String("run")].toString();
        QTRY_VERIFY_WITH_TIMEOUT(reader->runEnded(runId), 15000);
        QVERIFY(chunksText(reader->events(runId)) == reply.joinedText());
        QCOMPARE(reader->socket.state(), QAbstractSocket::ConnectedState);
    }

    void oversizedMessageClosesWith1009()
    {
        WsClient *client = connected();
        QSignalSpy disconnected(&client->socket, &QWebSocket::disconnected);
        client->socket.sendTextMessage(QString(17 * 1024 * 1024, QLatin1Char('x')));
        QVERIFY(disconnected.wait(10000));
        QCOMPARE(client->socket.closeCode(), QWebSocketProtocol::CloseCodeTooMuchData);
        QVERIFY(connected()->callAndWait(QStringLiteral("ping")).contains(QLatin1String("result")));
    }
};

QTEST_GUILESS_MAIN(TestWsChannel)
#include "tst_wschannel.moc"
