// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiserverfixture.h"

#include <QFileInfo>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTemporaryDir>

/** Routing, the token, Host and Origin checks, bad requests, and the routes besides chat. */
class TestApiRoutes : public ApiServerFixture
{
    Q_OBJECT

private:
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
        for (const auto &[path, body] :
             { std::pair { "/coding_task",
                           R"({"task_type": "explain", "content": "x", "stream": 1})" },
               std::pair { "/chat/regenerate", R"({"stream": null})" } }) {
            const Answer wrong = post(QLatin1String(path), body);
            QCOMPARE(wrong.status, 400);
            QCOMPARE(wrong.json[QLatin1String("error")][QLatin1String("message")].toString(),
                     QStringLiteral("\"stream\" must be true or false."));
        }
        for (const char *path : { "/session/load", "/session/delete" }) {
            const Answer unnamed = post(QLatin1String(path), "{}");
            QCOMPARE(unnamed.status, 400);
            QVERIFY(
                unnamed.json[QLatin1String("error")][QLatin1String("message")].toString().contains(
                    QLatin1String("\"session\" (an id or a name) is required")));
        }
        QCOMPARE(m_fake->chatRequests().size(), 0);
        QCOMPARE(get(QStringLiteral("/health"), false).status, 200); // still serving
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
        QVERIFY(changed.size() == 1 || changed.wait(30000));
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

    void theWorkingDirectorySaysWhoSetIt()
    {
        QTemporaryDir project;
        QVERIFY(project.isValid());
        const QString canonical = QFileInfo(project.path()).canonicalFilePath();
        const QByteArray body =
            QJsonDocument(QJsonObject { { QStringLiteral("path"), project.path() } })
                .toJson(QJsonDocument::Compact);
        // A client that names itself (as a WebSocket client does in hello).
        QNetworkRequest editor = request(QStringLiteral("/working_dir"));
        editor.setRawHeader("X-Attache-Client-Name", "VS Code \xe2\x80\x94 project\x07");
        Answer answer = send("POST", editor, body);
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json[QLatin1String("path")].toString(), canonical);
        QCOMPARE(answer.json[QLatin1String("set_by")].toString(),
                 QStringLiteral("VS Code \u2014 project")); // control characters dropped
        QCOMPARE(get(QStringLiteral("/working_dir")).json[QLatin1String("set_by")].toString(),
                 QStringLiteral("VS Code \u2014 project"));
        // One that does not: nobody is named, rather than the one before.
        answer = post(QStringLiteral("/working_dir"), body);
        QCOMPARE(answer.status, 200);
        QVERIFY(!answer.json.contains(QLatin1String("set_by")));
        // The window names itself.
        QVERIFY(m_test->engine->tools().setWorkingDirectory(project.path(),
                                                            QStringLiteral("Attache window")));
        QCOMPARE(get(QStringLiteral("/working_dir")).json[QLatin1String("set_by")].toString(),
                 QStringLiteral("Attache window"));
    }

    void capabilitiesListTheRoutes()
    {
        const Answer a = get(QStringLiteral("/capabilities"));
        QCOMPARE(a.json[QLatin1String("protocol")].toInt(), 1);
        const QJsonArray routes = a.json[QLatin1String("routes")].toArray();
        QVERIFY(routes.contains(QStringLiteral("POST /chat")));
        QVERIFY(routes.contains(QStringLiteral("GET /health")));
        // Every capability and transport by name, and the JSON-RPC methods.
        const QJsonArray features = a.json[QLatin1String("features")].toArray();
        for (const char *feature : { "chat", "sessions", "tools", "permissions", "notifications",
                                     "usage", "coding_tasks", "regenerate" })
            QVERIFY2(features.contains(QLatin1String(feature)), feature);
        const QJsonArray transports = a.json[QLatin1String("transports")].toArray();
        for (const char *transport : { "http", "sse", "websocket", "stdio" })
            QVERIFY2(transports.contains(QLatin1String(transport)), transport);
        const QJsonArray methods = a.json[QLatin1String("rpc_methods")].toArray();
        QVERIFY(methods.contains(QStringLiteral("chat")));
        QVERIFY(methods.contains(QStringLiteral("resume")));
        QVERIFY(routes.contains(QStringLiteral("POST /v1/chat/completions")));
        const QJsonObject openAi =
            a.json[QLatin1String("gateways")].toObject()[QLatin1String("openai")].toObject();
        QCOMPARE(openAi[QLatin1String("base_path")].toString(), QStringLiteral("/v1"));
    }

    void pausedServerRefusesAndResumedOneAnswers()
    {
        // An idle keep-alive connection and a live event stream, open before the pause.
        QTcpSocket idle;
        idle.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(idle.waitForConnected(30000));
        FakeReply held = slowReply(200, 0);
        held.holdAfter = 1; // still streaming when the server pauses
        m_fake->setDefaultReply(held);
        SseClient *stream = streamChat(R"({"message":"long"})");
        QTRY_VERIFY_WITH_TIMEOUT(!stream->events.isEmpty(), 30000);
        QTRY_COMPARE(m_server->connectionCount(), 2);

        QSignalSpy changed(m_server.get(), &ApiServer::pausedChanged);
        m_server->setPaused(true);
        QVERIFY(m_server->isPaused());
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.first().first().toBool(), true);
        QTRY_COMPARE(idle.state(), QAbstractSocket::UnconnectedState);
        QTRY_VERIFY(stream->finished);
        QCOMPARE(m_server->connectionCount(), 0);

        // No answer while paused, not even to /health; nothing is let in. The connection is made
        // (the system queues it) without the event loop; the loop's next pass then sees it
        // waiting, and a server that accepted would have taken it then.
        QTcpSocket waiting;
        QByteArray heard;
        connect(&waiting, &QTcpSocket::readyRead, this, [&] { heard += waiting.readAll(); });
        waiting.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(waiting.waitForConnected(30000));
        waiting.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1:"
                      + QByteArray::number(m_server->port()) + "\r\n\r\n");
        QVERIFY(waiting.waitForBytesWritten(30000));
        QVERIFY(postedEventsDelivered());
        QCOMPARE(m_server->connectionCount(), 0);
        QVERIFY(heard.isEmpty());

        m_server->setPaused(false);
        QVERIFY(!m_server->isPaused());
        QCOMPARE(changed.size(), 2);
        QCOMPARE(changed.last().first().toBool(), false);
        // The connection that waited is served now, and new ones are.
        QTRY_VERIFY_WITH_TIMEOUT(heard.contains("\r\n\r\n"), 30000);
        QVERIFY2(heard.startsWith("HTTP/1.1 200"), heard.constData());
        const Answer answered = get(QStringLiteral("/health"), false);
        QCOMPARE(answered.status, 200);
        QCOMPARE(get(QStringLiteral("/status")).status, 200);
    }

    void closedConnectionsAreFreed()
    {
        // Each connection's socket, guard and exchange go once the client has gone.
        QList<QTcpSocket *> clients;
        for (int i = 0; i < 20; ++i) {
            auto *client = new QTcpSocket(this);
            client->connectToHost(QHostAddress::LocalHost, m_server->port());
            client->write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            clients.append(client);
        }
        QTRY_VERIFY(std::all_of(clients.cbegin(), clients.cend(),
                                [](QTcpSocket *c) { return c->bytesAvailable() > 0; }));
        QCOMPARE(m_server->findChildren<QTcpSocket *>().size(), 20);
        qDeleteAll(clients);
        QTRY_COMPARE(m_server->findChildren<QTcpSocket *>().size(), 0);
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

QTEST_GUILESS_MAIN(TestApiRoutes)
#include "tst_apiroutes.moc"
