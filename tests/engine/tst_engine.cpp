// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakeprovider.h"
#include "httpconnectionpool.h"
#include "openaiprovider.h"
#include "testengine.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

Q_DECLARE_METATYPE(FakeReply::Fault)

namespace {

/** Records every event of every run the engine creates, from the first one on. */
struct EventLog
{
    explicit EventLog(Engine &engine)
    {
        QObject::connect(&engine, &Engine::runCreated, &engine, [this](Run *run) {
            QObject::connect(run, &Run::eventAdded, run, [this, id = run->id()](const RunEvent &e) {
                events[id].append(eventJson(e.json));
            });
        });
    }
    QStringList types(const QString &runId) const
    {
        QStringList list;
        for (const QJsonObject &e : events.value(runId))
            list.append(e.value(QLatin1String("type")).toString());
        return list;
    }
    QHash<QString, QList<QJsonObject>> events;
};

FakeReply reply(QStringList tokens, int delayMs = 0)
{
    FakeReply r;
    r.tokens = std::move(tokens);
    r.delayMs = delayMs;
    return r;
}

QList<QPair<QString, QString>> roles(const QJsonObject &requestBody)
{
    QList<QPair<QString, QString>> list;
    for (const QJsonValue &m : requestBody.value(QLatin1String("messages")).toArray())
        list.append(
            { m[QLatin1String("role")].toString(), m[QLatin1String("content")].toString() });
    return list;
}

} // namespace

class TestEngineRuns : public QObject
{
    Q_OBJECT

private:
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<TestEngine> m_test;
    Engine &engine() { return *m_test->engine; }

    Run *chat(const QString &message, const QString &session = {})
    {
        ChatRequest request;
        request.message = message;
        request.session = session;
        Result<Run *> run = engine().chat(request);
        if (!run.ok())
            qWarning("chat failed: %s", qPrintable(run.error().message));
        return run.ok() ? run.value() : nullptr;
    }

private Q_SLOTS:
    void init()
    {
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<TestEngine>(TestEngine::pointingAt(m_fake->baseUrl()));
    }
    void cleanup()
    {
        m_test.reset();
        delete m_fake;
    }

    void streamsOneChunkPerDeltaInOrder()
    {
        EventLog log(engine());
        m_fake->setDefaultReply(reply(
            { QStringLiteral("Hel"), QStringLiteral("lo, "), QStringLiteral("wörld \"ok\"\n") }));
        Run *run = chat(QStringLiteral("hi"));
        QVERIFY(run);
        QSignalSpy finished(run, &Run::finished);
        QVERIFY(finished.wait(5000));

        QCOMPARE(run->state(), Run::State::Done);
        QCOMPARE(log.types(run->id()),
                 QStringList({ QStringLiteral("stream_start"), QStringLiteral("stream_chunk"),
                               QStringLiteral("stream_chunk"), QStringLiteral("stream_chunk"),
                               QStringLiteral("usage"), QStringLiteral("stream_end") }));
        const QList<QJsonObject> events = log.events.value(run->id());
        for (int i = 0; i < events.size(); ++i) {
            QCOMPARE(events[i][QLatin1String("seq")].toInt(), i + 1);
            QCOMPARE(events[i][QLatin1String("run")].toString(), run->id());
            QCOMPARE(events[i][QLatin1String("session")].toString(), engine().currentSessionId());
        }
        QCOMPARE(events[1][QLatin1String("data")].toString(), QStringLiteral("Hel"));
        QCOMPARE(events[3][QLatin1String("data")].toString(), QStringLiteral("wörld \"ok\"\n"));
        QCOMPARE(events[4][QLatin1String("data")][QLatin1String("completion_tokens")].toInt(), 3);
        QCOMPARE(events[4][QLatin1String("data")][QLatin1String("prompt_tokens")].toInt(), 7);
        QCOMPARE(events[5][QLatin1String("data")].toString(),
                 QStringLiteral("Hello, wörld \"ok\"\n"));
        QCOMPARE(events[5][QLatin1String("metadata")][QLatin1String("finish_reason")].toString(),
                 QStringLiteral("stop"));

        const QJsonObject sent = m_fake->chatRequests().constFirst();
        QCOMPARE(sent[QLatin1String("model")].toString(), QStringLiteral("gpt-4o-mini"));
        QCOMPARE(sent[QLatin1String("stream")].toBool(), true);
        QCOMPARE(sent[QLatin1String("stream_options")][QLatin1String("include_usage")].toBool(),
                 true);
        QCOMPARE(
            roles(sent),
            (QList<QPair<QString, QString>> { { QStringLiteral("user"), QStringLiteral("hi") } }));
    }

    void estimatesUsageWhenTheProviderSendsNone()
    {
        FakeReply r = reply({ QStringLiteral("abcdefgh") });
        r.usage = false;
        m_fake->setDefaultReply(r);
        Run *run = chat(QStringLiteral("hi"));
        QSignalSpy finished(run, &Run::finished);
        QVERIFY(finished.wait(5000));
        QVERIFY(run->usage());
        QVERIFY(run->usage()->estimated);
        QCOMPARE(run->usage()->completionTokens, 2);
    }

    void historyGoesToTheNextTurn()
    {
        m_fake->enqueueReply(reply({ QStringLiteral("Paris.") }));
        m_fake->enqueueReply(reply({ QStringLiteral("About 2 million.") }));
        Run *first = chat(QStringLiteral("Capital of France?"));
        QSignalSpy firstDone(first, &Run::finished);
        QVERIFY(firstDone.wait(5000));
        Run *second = chat(QStringLiteral("Population?"));
        QSignalSpy secondDone(second, &Run::finished);
        QVERIFY(secondDone.wait(5000));

        QCOMPARE(roles(m_fake->chatRequests().at(1)),
                 (QList<QPair<QString, QString>> {
                     { QStringLiteral("user"), QStringLiteral("Capital of France?") },
                     { QStringLiteral("assistant"), QStringLiteral("Paris.") },
                     { QStringLiteral("user"), QStringLiteral("Population?") } }));
        QCOMPARE(engine().history().value().size(), 4);
        QVERIFY(engine().clearHistory().ok());
        QCOMPARE(engine().history().value().size(), 0);
    }

    void secondChatInASessionWaitsItsTurn()
    {
        m_fake->enqueueReply(reply({ QStringLiteral("one "), QStringLiteral("two") }, 80));
        m_fake->enqueueReply(reply({ QStringLiteral("three") }));
        Run *first = chat(QStringLiteral("first"));
        Run *second = chat(QStringLiteral("second"));
        QCOMPARE(second->state(), Run::State::Queued);
        QSignalSpy firstDone(first, &Run::finished);
        QVERIFY(firstDone.wait(5000));
        QCOMPARE(m_fake->chatRequests().size(), 1); // never two requests interleaved in a session
        QSignalSpy secondDone(second, &Run::finished);
        QVERIFY(secondDone.wait(5000));
        QCOMPARE(second->reply(), QStringLiteral("three"));
        // The waiting turn saw the whole first exchange.
        QCOMPARE(roles(m_fake->chatRequests().at(1)).at(1).second, QStringLiteral("one two"));
    }

    void regenerateReplacesTheLastReply()
    {
        m_fake->enqueueReply(reply({ QStringLiteral("Paris.") }));
        m_fake->enqueueReply(reply({ QStringLiteral("Lyon?") }));
        m_fake->enqueueReply(
            reply({ QStringLiteral("Marseille, "), QStringLiteral("by the sea.") }));
        QSignalSpy firstDone(chat(QStringLiteral("Capital of France?")), &Run::finished);
        QVERIFY(firstDone.wait(5000));
        QSignalSpy secondDone(chat(QStringLiteral("Largest port?")), &Run::finished);
        QVERIFY(secondDone.wait(5000));
        QSignalSpy history(&engine(), &Engine::historyChanged);

        const Result<Run *> again = engine().regenerate({}, QStringLiteral("c_test"));
        QVERIFY2(again.ok(), again.ok() ? "" : qPrintable(again.error().message));
        Run *run = again.value();
        QCOMPARE(run->spec().clientId, QStringLiteral("c_test"));
        QCOMPARE(run->spec().userMessage, QStringLiteral("Largest port?"));
        QVERIFY(history.size() >= 1);
        QSignalSpy done(run, &Run::finished);
        QVERIFY(done.wait(5000));
        QCOMPARE(run->reply(), QStringLiteral("Marseille, by the sea."));

        // The model saw the conversation without the reply it is replacing.
        QCOMPARE(roles(m_fake->chatRequests().at(2)),
                 (QList<QPair<QString, QString>> {
                     { QStringLiteral("user"), QStringLiteral("Capital of France?") },
                     { QStringLiteral("assistant"), QStringLiteral("Paris.") },
                     { QStringLiteral("user"), QStringLiteral("Largest port?") } }));
        const QList<ChatMessage> messages = engine().history().value();
        QCOMPARE(messages.size(), 4);
        QCOMPARE(messages.at(1).content, QStringLiteral("Paris."));
        QCOMPARE(messages.at(2).content, QStringLiteral("Largest port?"));
        QCOMPARE(messages.at(3).content, QStringLiteral("Marseille, by the sea."));
    }

    void regenerateRetriesAFailedTurn()
    {
        FakeReply broken = reply({});
        broken.fault = FakeReply::Fault::ServerError;
        m_fake->enqueueReply(broken);
        m_fake->enqueueReply(reply({ QStringLiteral("Here it is.") }));
        Run *failed = chat(QStringLiteral("Try this"));
        QSignalSpy failedDone(failed, &Run::finished);
        QVERIFY(failedDone.wait(5000));
        QCOMPARE(failed->state(), Run::State::Failed);

        Run *run = engine().regenerate({}, QStringLiteral("c_test")).value();
        QSignalSpy done(run, &Run::finished);
        QVERIFY(done.wait(5000));
        const QList<ChatMessage> messages = engine().history().value();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).content, QStringLiteral("Try this"));
        QCOMPARE(messages.at(1).content, QStringLiteral("Here it is."));
    }

    void regenerateIsRefusedWhileAReplyStreams()
    {
        m_fake->setDefaultReply(reply({ QStringLiteral("slow "), QStringLiteral("reply") }, 100));
        Run *run = chat(QStringLiteral("Take your time"));
        QVERIFY(run);
        const Result<Run *> refused = engine().regenerate({}, QStringLiteral("c_test"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code(), QStringLiteral("invalid_request"));
        QVERIFY2(refused.error().message.contains(QLatin1String("stop it")),
                 qPrintable(refused.error().message));
        QSignalSpy done(run, &Run::finished);
        QVERIFY(done.wait(5000));
        // The refusal changed nothing.
        QCOMPARE(m_fake->chatRequests().size(), 1);
        QCOMPARE(engine().history().value().size(), 2);
        QCOMPARE(engine().history().value().constLast().content, QStringLiteral("slow reply"));
    }

    void regenerateNeedsSomethingToRegenerate()
    {
        const Result<Run *> empty = engine().regenerate({}, QStringLiteral("c_test"));
        QVERIFY(!empty.ok());
        QCOMPARE(empty.error().code(), QStringLiteral("invalid_request"));
        QVERIFY2(empty.error().message.contains(QLatin1String("nothing to regenerate"),
                                                Qt::CaseInsensitive)
                     || empty.error().message.contains(QLatin1String("no reply to regenerate")),
                 qPrintable(empty.error().message));
        QCOMPARE(engine().regenerate(QStringLiteral("no such session"), {}).error().code(),
                 QStringLiteral("not_found"));
        QCOMPARE(m_fake->chatRequests().size(), 0);
    }

    void runsInDifferentSessionsStreamConcurrently()
    {
        m_fake->setDefaultReply(
            reply({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }, 100));
        Run *one = chat(QStringLiteral("x"), QStringLiteral("left"));
        Run *two = chat(QStringLiteral("y"), QStringLiteral("right"));
        QVERIFY(one->sessionId() != two->sessionId());
        QCOMPARE(two->state(), Run::State::Running);
        QTRY_COMPARE(m_fake->chatRequests().size(), 2); // both upstream before either is done
        QVERIFY(!one->isFinished());
        QTRY_VERIFY(one->isFinished() && two->isFinished());
        QCOMPARE(engine().session(QStringLiteral("left"))->messages.size(), 2);
    }

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
        params.tools =
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("function") } } };
        const QJsonDocument doc = QJsonDocument::fromJson(provider.chatRequestBody(params));
        QVERIFY(doc.isObject());
        const QJsonObject body = doc.object();
        QCOMPARE(body.value(QLatin1String("model")).toString(), params.model);
        QCOMPARE(body.value(QLatin1String("stream")).toBool(), true);
        QCOMPARE(
            body.value(QLatin1String("stream_options"))[QLatin1String("include_usage")].toBool(),
            true);
        QCOMPARE(body.value(QLatin1String("tools")).toArray(), params.tools);
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

    void chatsInARowShareOneUpstreamConnection()
    {
        for (const QString &word :
             { QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three") }) {
            m_fake->setDefaultReply(reply({ word }));
            Run *run = chat(word);
            QSignalSpy finished(run, &Run::finished);
            QVERIFY(finished.wait(5000));
            QCOMPARE(run->reply(), word);
        }
        QCOMPARE(m_fake->chatRequests().size(), 3);
        QCOMPARE(m_fake->chatConnectionCount(), 1);
    }

    void manyChatsStreamAtOnceWithoutWaitingForAConnection()
    {
        // Twelve sessions, each with a reply that takes a while: all twelve must be upstream at
        // the same time (HTTP clients that keep six connections per host would queue six).
        m_fake->setDefaultReply(
            reply({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") }, 150));
        QList<Run *> runs;
        for (int i = 0; i < 12; ++i)
            runs.append(chat(QStringLiteral("hi"), QStringLiteral("s%1").arg(i)));
        QTRY_COMPARE(m_fake->openStreams(), 12);
        for (Run *run : std::as_const(runs))
            QTRY_VERIFY(run->isFinished());
        for (Run *run : std::as_const(runs))
            QCOMPARE(run->reply(), QStringLiteral("abc"));
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
        m_test->settings.setValue(Settings::FirstByteTimeoutMs, 400);
        m_test->settings.setValue(Settings::StallTimeoutMs, 400);
        EventLog log(engine());
        FakeReply r = reply({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") });
        r.fault = fault;
        r.faultAfter = 2;
        r.errorMessage = QStringLiteral("boom from upstream");
        m_fake->setDefaultReply(r);

        Run *run = chat(QStringLiteral("hi"));
        QSignalSpy finished(run, &Run::finished);
        QVERIFY(finished.wait(5000));
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

    void cancelClosesTheUpstreamConnectionAtOnce()
    {
        EventLog log(engine());
        m_fake->setDefaultReply(reply(
            { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d") },
            150));
        Run *run = chat(QStringLiteral("hi"));
        QTRY_VERIFY(run->reply().startsWith(QLatin1String("a")));
        QSignalSpy disconnected(m_fake, &FakeProvider::clientDisconnected);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(engine().cancelRun(run->id()));
        QVERIFY(disconnected.wait(1000));
        QVERIFY2(clock.elapsed() < 100, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(run->state(), Run::State::Cancelled);
        QCOMPARE(log.types(run->id()).constLast(), QStringLiteral("cancelled"));
        QVERIFY(!engine().cancelRun(run->id())); // already over
        // Nothing arrives after the cancel, and the partial reply is kept, marked.
        QTest::qWait(200);
        QCOMPARE(log.types(run->id()).constLast(), QStringLiteral("cancelled"));
        const ChatMessage last = engine().history().value().constLast();
        QCOMPARE(last.status, QStringLiteral("cancelled"));
        QCOMPARE(last.content, QStringLiteral("a"));
    }

    void cancellingAQueuedRunNeverSendsIt()
    {
        m_fake->setDefaultReply(reply({ QStringLiteral("x"), QStringLiteral("y") }, 50));
        Run *first = chat(QStringLiteral("one"));
        Run *second = chat(QStringLiteral("two"));
        QVERIFY(second->cancel());
        QCOMPARE(second->state(), Run::State::Cancelled);
        QSignalSpy firstDone(first, &Run::finished);
        QVERIFY(firstDone.wait(5000));
        QTest::qWait(100);
        QCOMPARE(m_fake->chatRequests().size(), 1);
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

    void emptyMessageIsRefused()
    {
        ChatRequest request;
        request.message = QStringLiteral("   ");
        QCOMPARE(engine().chat(request).error().code(), QStringLiteral("invalid_request"));
        QCOMPARE(m_fake->chatRequests().size(), 0);
    }

    void attachedCodeIsSentWithTheMessage()
    {
        ChatRequest request;
        request.message = QStringLiteral("Explain");
        request.code = QStringLiteral("int x = 1;");
        request.language = QStringLiteral("cpp");
        Run *run = engine().chat(request).value();
        QSignalSpy finished(run, &Run::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(roles(m_fake->chatRequests().constFirst()).constFirst().second,
                 QStringLiteral("Explain\n\n```cpp\nint x = 1;\n```"));
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

QTEST_GUILESS_MAIN(TestEngineRuns)
#include "tst_engine.moc"
