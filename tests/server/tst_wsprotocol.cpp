// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wschannelfixture.h"

#include <QWebSocket>

/** The /ws handshake, JSON-RPC framing and error codes, http_request, and closing bad peers. */
class TestWsProtocol : public WsChannelFixture
{
    Q_OBJECT

private Q_SLOTS:
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
        client->socket.sendTextMessage(
            QStringLiteral(R"([{"jsonrpc":"2.0","id":"a","method":"ping"},)")
            + QStringLiteral(R"({"jsonrpc":"2.0","method":"ping"},)")
            + QStringLiteral(R"({"jsonrpc":"2.0","id":"b","method":"nope"}])"));
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
        // Told who is attached too: the answer is the first message that is not a notification.
        QTRY_VERIFY(!client->responses().isEmpty());
        const QJsonObject answer = client->responses().constFirst();
        QCOMPARE(errorCode(answer), code);
        QVERIFY(answer.contains(QLatin1String("id")));
        const QJsonValue id = answer.value(QLatin1String("id"));
        QVERIFY2(id.isNull() || id == 99, QJsonDocument(answer).toJson().constData());
        // The connection stays usable.
        QCOMPARE(
            client->callAndWait(QStringLiteral("ping")).value(QLatin1String("result")).toString(),
            QStringLiteral("pong"));
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

    void regenerateStreamsTheNewReplyToItsSession()
    {
        FakeReply first;
        first.tokens = { QStringLiteral("one") };
        FakeReply second;
        second.tokens = { QStringLiteral("two"), QStringLiteral(" again") };
        m_fake->enqueueReply(first);
        m_fake->enqueueReply(second);
        WsClient *asker = connected();
        WsClient *watcher = connected();
        const QJsonObject chat =
            asker
                ->callAndWait(QStringLiteral("chat"),
                              { { QStringLiteral("message"), QStringLiteral("hi") },
                                { QStringLiteral("session"),
                                  QStringLiteral("regen") } })[QLatin1String("result")]
                .toObject();
        const QString session = chat[QLatin1String("session")].toString();
        QTRY_VERIFY(asker->runEnded(chat[QLatin1String("run")].toString()));
        watcher->callAndWait(QStringLiteral("subscribe"),
                             { { QStringLiteral("sessions"), QJsonArray { session } } });

        const QJsonObject again = asker->callAndWait(QStringLiteral("regenerate"),
                                                     { { QStringLiteral("session"), session } });
        const QString run = again[QLatin1String("result")][QLatin1String("run")].toString();
        QVERIFY2(run.startsWith(QLatin1String("r_")), QJsonDocument(again).toJson().constData());
        QVERIFY(run != chat[QLatin1String("run")].toString());
        QCOMPARE(again[QLatin1String("result")][QLatin1String("session")].toString(), session);
        for (WsClient *client : { asker, watcher }) {
            QTRY_VERIFY(client->runEnded(run));
            const QList<QJsonObject> events = client->events(run);
            QCOMPARE(events.constFirst()[QLatin1String("type")].toString(),
                     QStringLiteral("stream_start"));
            QCOMPARE(chunksText(events), QStringLiteral("two again"));
            QCOMPARE(events.constLast()[QLatin1String("data")].toString(),
                     QStringLiteral("two again"));
        }
    }

    void regenerateErrors()
    {
        WsClient *client = connected();
        const QJsonObject unknown =
            client->callAndWait(QStringLiteral("regenerate"),
                                { { QStringLiteral("session"), QStringLiteral("nope") } });
        QCOMPARE(errorCode(unknown), -32000);
        QCOMPARE(
            unknown[QLatin1String("error")][QLatin1String("data")][QLatin1String("status")].toInt(),
            404);
        const QJsonObject badParams =
            client->callAndWait(QStringLiteral("regenerate"), { { QStringLiteral("session"), 3 } });
        QCOMPARE(errorCode(badParams), -32602);
        QCOMPARE(m_fake->chatRequests().size(), 0);
    }

    void silentClientIsClosed()
    {
        // Pings every 100 ms; silent for 3 s is gone. (A client that answers is judged by the
        // wall clock too: the limit is kept well above how long a busy machine may stall us.)
        startServer(5000, 100, 3000);
        QTcpSocket raw; // a client that never answers pings
        QVERIFY(
            rawUpgrade("Authorization: Bearer " + Token + "\r\n", raw).startsWith("HTTP/1.1 101"));
        QSignalSpy closed(&raw, &QTcpSocket::disconnected);
        QVERIFY(closed.wait(60000));
        // A client that answers pings (QWebSocket does) stays: it is still there when a silent
        // one that came after it has been closed, and answers a call after that.
        WsClient *alive = connected();
        QTcpSocket later;
        QVERIFY(rawUpgrade("Authorization: Bearer " + Token + "\r\n", later)
                    .startsWith("HTTP/1.1 101"));
        QSignalSpy laterClosed(&later, &QTcpSocket::disconnected);
        QVERIFY(laterClosed.wait(60000));
        QCOMPARE(alive->callAndWait(QStringLiteral("ping"))[QLatin1String("result")].toString(),
                 QStringLiteral("pong"));
        QCOMPARE(alive->socket.state(), QAbstractSocket::ConnectedState);
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

QTEST_GUILESS_MAIN(TestWsProtocol)
#include "tst_wsprotocol.moc"
