// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginefixture.h"
#include "net/httpconnectionpool.h"
#include "providers/openaiprovider.h"

#include <QTcpServer>

Q_DECLARE_METATYPE(FakeReply::Fault)

/** Talking to providers: the request sent, their failures reported, provider and model chosen. */
class TestEngineProviders : public EngineFixture
{
    Q_OBJECT

private Q_SLOTS:
    void theRequestBodyCarriesTheWholeConversation()
    {
        ProviderEntry entry;
        entry.id = QStringLiteral("openai");
        QNetworkAccessManager network;
        HttpConnectionPool pool;
        OpenAiCompatibleProvider provider(entry, network, pool, {});
        ChatParams params;
        params.model = QStringLiteral("m\u00e9del");
        params.messages = {
            { QStringLiteral("system"), QStringLiteral("Be \"brief\".\n\tTab\x01"), {}, {}, {} },
            { QStringLiteral("user"), QStringLiteral("Hi \U0001F600 \u2028"), {}, {}, {} },
            { QStringLiteral("assistant"), QString(), {}, {}, {} }, // nothing to send: skipped
            { QStringLiteral("assistant"),
              QString(),
              {},
              { { QStringLiteral("call_1"), QStringLiteral("read_file"),
                  QStringLiteral("{\"path\":\"a\\\\b\"}") },
                { QStringLiteral("call_2"), QStringLiteral("list"), QString() } },
              {} },
            { QStringLiteral("tool"), QString(), {}, {}, QStringLiteral("call_1") },
        };
        const QJsonObject schema { { QStringLiteral("type"), QStringLiteral("object") } };
        params.tools = { { QStringLiteral("read_file"), QStringLiteral("Reads a file."), schema } };
        const QJsonDocument doc = QJsonDocument::fromJson(provider.chatRequestBody(params));
        QVERIFY(doc.isObject());
        const QJsonObject body = doc.object();
        QCOMPARE(body.value(QLatin1String("model")).toString(), params.model);
        QCOMPARE(body.value(QLatin1String("stream")).toBool(), true);
        QCOMPARE(
            body.value(QLatin1String("stream_options"))[QLatin1String("include_usage")].toBool(),
            true);
        // Offered as OpenAI functions.
        const QJsonArray tools = body.value(QLatin1String("tools")).toArray();
        QCOMPARE(tools.size(), 1);
        QCOMPARE(tools[0][QLatin1String("type")].toString(), QStringLiteral("function"));
        QCOMPARE(tools[0][QLatin1String("function")][QLatin1String("name")].toString(),
                 QStringLiteral("read_file"));
        QCOMPARE(tools[0][QLatin1String("function")][QLatin1String("description")].toString(),
                 QStringLiteral("Reads a file."));
        QCOMPARE(tools[0][QLatin1String("function")][QLatin1String("parameters")].toObject(),
                 schema);
        const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
        QCOMPARE(messages.size(), 4);
        QCOMPARE(messages[0][QLatin1String("content")].toString(), params.messages[0].content);
        QCOMPARE(messages[1][QLatin1String("content")].toString(), params.messages[1].content);
        const QJsonArray calls = messages[2][QLatin1String("tool_calls")].toArray();
        QCOMPARE(calls.size(), 2);
        QCOMPARE(calls[0][QLatin1String("id")].toString(), QStringLiteral("call_1"));
        QCOMPARE(calls[0][QLatin1String("type")].toString(), QStringLiteral("function"));
        QCOMPARE(calls[0][QLatin1String("function")][QLatin1String("name")].toString(),
                 QStringLiteral("read_file"));
        QCOMPARE(calls[0][QLatin1String("function")][QLatin1String("arguments")].toString(),
                 params.messages[3].toolCalls[0].arguments);
        QCOMPARE(calls[1][QLatin1String("function")][QLatin1String("arguments")].toString(),
                 QString());
        QCOMPARE(messages[2][QLatin1String("content")].toString(), QString());
        QCOMPARE(messages[3][QLatin1String("role")].toString(), QStringLiteral("tool"));
        QCOMPARE(messages[3][QLatin1String("tool_call_id")].toString(), QStringLiteral("call_1"));
        QVERIFY(!messages[1].toObject().contains(QLatin1String("tool_call_id")));
        QVERIFY(!messages[1].toObject().contains(QLatin1String("tool_calls")));

        entry.streamUsage = false;
        params.tools = {};
        const QJsonObject plain =
            QJsonDocument::fromJson(
                OpenAiCompatibleProvider(entry, network, pool, {}).chatRequestBody(params))
                .object();
        QVERIFY(!plain.contains(QLatin1String("stream_options")));
        QVERIFY(!plain.contains(QLatin1String("tools")));
    }

    void errors_data()
    {
        QTest::addColumn<FakeReply::Fault>("fault");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("inMessage");
        QTest::newRow("401") << FakeReply::Fault::Unauthorized << QStringLiteral("auth_failed")
                             << QStringLiteral("401");
        QTest::newRow("403") << FakeReply::Fault::Forbidden << QStringLiteral("auth_failed")
                             << QStringLiteral("403");
        QTest::newRow("429") << FakeReply::Fault::RateLimited << QStringLiteral("rate_limited")
                             << QStringLiteral("3 s");
        QTest::newRow("500") << FakeReply::Fault::ServerError << QStringLiteral("upstream_error")
                             << QStringLiteral("boom from upstream");
        QTest::newRow("malformed") << FakeReply::Fault::MalformedChunk
                                   << QStringLiteral("bad_upstream") << QStringLiteral("malformed");
        QTest::newRow("dropped") << FakeReply::Fault::DropMidStream
                                 << QStringLiteral("upstream_error") << QStringLiteral("try again");
        QTest::newRow("stall") << FakeReply::Fault::Stall << QStringLiteral("timeout")
                               << QStringLiteral("stopped sending");
        QTest::newRow("no first byte") << FakeReply::Fault::NoFirstByte << QStringLiteral("timeout")
                                       << QStringLiteral("did not answer");
    }
    void errors()
    {
        QFETCH(FakeReply::Fault, fault);
        QFETCH(QString, code);
        QFETCH(QString, inMessage);
        // Short time-outs only where a time-out is the failure: elsewhere a busy machine could
        // take longer than they allow, and the failure would be another one.
        if (code == QLatin1String("timeout")) {
            m_test->settings.setValue(Settings::FirstByteTimeoutMs, 400);
            m_test->settings.setValue(Settings::StallTimeoutMs, 400);
        }
        EventLog log(engine());
        FakeReply r = reply({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") });
        r.fault = fault;
        r.faultAfter = 2;
        r.errorMessage = QStringLiteral("boom from upstream");
        m_fake->setDefaultReply(r);

        Run *run = chat(QStringLiteral("hi"));
        QSignalSpy finished(run, &Run::finished);
        QVERIFY(finished.wait(30000));
        QCOMPARE(run->state(), Run::State::Failed);
        QVERIFY(run->error());
        QCOMPARE(run->error()->code(), code);
        QVERIFY2(run->error()->message.contains(inMessage), qPrintable(run->error()->message));
        const QList<QJsonObject> events = log.events.value(run->id());
        QCOMPARE(events.constLast()[QLatin1String("type")].toString(), QStringLiteral("error"));
        QCOMPARE(events.constLast()[QLatin1String("data")][QLatin1String("code")].toString(), code);
        QCOMPARE(log.types(run->id()).count(QStringLiteral("error")), 1);
        if (fault == FakeReply::Fault::RateLimited)
            QCOMPARE(run->error()->retryAfterSeconds, 3);
        // Whatever streamed before the failure is kept, marked as failed.
        if (!run->reply().isEmpty())
            QCOMPARE(engine().history().value().constLast().status, QStringLiteral("failed"));
        // The engine is still usable.
        m_fake->setDefaultReply(reply({ QStringLiteral("fine") }));
        Run *next = chat(QStringLiteral("again"));
        QSignalSpy nextDone(next, &Run::finished);
        QVERIFY(nextDone.wait(5000));
        QCOMPARE(next->reply(), QStringLiteral("fine"));
    }

    void unreachableServerSaysSo()
    {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 port = closed.serverPort();
        closed.close();
        TestEngine test(
            TestEngine::pointingAt(QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port))));
        ChatRequest request;
        request.message = QStringLiteral("hi");
        Run *run = test.engine->chat(request).value();
        QSignalSpy finished(run, &Run::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(run->error()->code(), QStringLiteral("upstream_error"));
        QVERIFY2(run->error()->message.contains(QLatin1String("Could not reach")),
                 qPrintable(run->error()->message));
    }

    void answersAttacheCannotFollowSaySo_data()
    {
        QTest::addColumn<QByteArray>("answer");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("inMessage");
        QTest::newRow("redirect") << QByteArray("HTTP/1.1 308 Permanent Redirect\r\nLocation: "
                                                "https://api.example.com/v1/chat/completions\r\n"
                                                "Content-Length: 0\r\n\r\n")
                                  << QStringLiteral("bad_upstream")
                                  << QStringLiteral("https://api.example.com/v1/chat/completions");
        QTest::newRow("compressed")
            << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                          "Content-Encoding: gzip\r\nContent-Length: 4\r\n\r\n\x1f\x8b\x08\x00")
            << QStringLiteral("bad_upstream") << QStringLiteral("gzip");
        QTest::newRow("not HTTP") << QByteArray("SSH-2.0-OpenSSH_9.2\r\n\r\n")
                                  << QStringLiteral("bad_upstream")
                                  << QStringLiteral("cannot read as HTTP");
    }
    void answersAttacheCannotFollowSaySo()
    {
        QFETCH(QByteArray, answer);
        QFETCH(QString, code);
        QFETCH(QString, inMessage);
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        connect(&server, &QTcpServer::pendingConnectionAvailable, this, [&server, answer] {
            QTcpSocket *socket = server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [socket, answer] {
                socket->readAll();
                socket->write(answer);
            });
        });
        TestEngine test(TestEngine::pointingAt(
            QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(server.serverPort()))));
        ChatRequest request;
        request.message = QStringLiteral("hi");
        Run *run = test.engine->chat(request).value();
        QSignalSpy finished(run, &Run::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(run->error()->code(), code);
        QVERIFY2(run->error()->message.contains(inMessage), qPrintable(run->error()->message));
    }

    void noProviderIsAClearError()
    {
        TestEngine bare { QProcessEnvironment() };
        ChatRequest request;
        request.message = QStringLiteral("hi");
        const Result<Run *> run = bare.engine->chat(request);
        QVERIFY(!run.ok());
        QCOMPARE(run.error().code(), QStringLiteral("no_provider"));
        QVERIFY(run.error().message.contains(QLatin1String("OPENAI_API_KEY")));
    }

    void providerAndModelChoicesPersist()
    {
        QSignalSpy modelChanged(&engine(), &Engine::modelChanged);
        QCOMPARE(engine().setProvider(QStringLiteral("nope")).error().code(),
                 QStringLiteral("unknown_provider"));
        QVERIFY(engine().setModel(QStringLiteral("fake-model-large")).ok());
        QCOMPARE(modelChanged.size(), 1);
        Run *run = chat(QStringLiteral("hi"));
        QSignalSpy finished(run, &Run::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(m_fake->chatRequests().constFirst()[QLatin1String("model")].toString(),
                 QStringLiteral("fake-model-large"));
        Settings reread(m_test->settings.fileName());
        QCOMPARE(reread.model(QStringLiteral("openai")), QStringLiteral("fake-model-large"));

        QVERIFY(engine().setProvider(QStringLiteral("ollama")).ok());
        QCOMPARE(engine().currentProviderId(), QStringLiteral("ollama"));
        QCOMPARE(engine().currentModel(), QStringLiteral("llama3.2"));
        QCOMPARE(Settings(m_test->settings.fileName()).value(Settings::Provider),
                 QStringLiteral("ollama"));
    }

    void modelsComeFromTheProviderElseTheCatalog()
    {
        m_fake->setModels({ QStringLiteral("gpt-4o-mini"), QStringLiteral("local-thing") });
        ModelList got;
        bool called = false;
        engine().fetchModels(this, [&](const ModelList &list) {
            got = list;
            called = true;
        });
        QTRY_VERIFY(called);
        QVERIFY(got.fromProvider);
        QCOMPARE(got.models.size(), 2);
        QCOMPARE(got.models[0].name, QStringLiteral("GPT-4o mini")); // catalog knows it
        QCOMPARE(got.models[1].id, QStringLiteral("local-thing"));

        m_fake->setModelsStatus(404);
        called = false;
        engine().fetchModels(this, [&](const ModelList &list) {
            got = list;
            called = true;
        });
        QTRY_VERIFY(called);
        QVERIFY(!got.fromProvider);
        QCOMPARE(got.models.size(), m_test->catalog.find(QStringLiteral("openai"))->models.size());
        QVERIFY(!got.warning.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestEngineProviders)
#include "tst_engineproviders.moc"
