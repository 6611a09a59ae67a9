// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiserverfixture.h"

/** Chat over HTTP: streamed and whole answers, upstream errors, cancelling, resuming and replaying
 * runs. */
class TestApiChat : public ApiServerFixture
{
    Q_OBJECT

private Q_SLOTS:
    void chatStreamsEventsAsTheyArrive()
    {
        // The provider stops after two chunks until the test lets it go on: what the client has
        // by then was relayed as it came, not at the end.
        FakeReply held = slowReply(5, 0);
        held.holdAfter = 2;
        m_fake->setDefaultReply(held);
        QSignalSpy upstreamFinished(m_fake, &FakeProvider::streamFinished);
        SseClient *client = streamChat(R"({"message":"hi"})");
        QTRY_COMPARE_WITH_TIMEOUT(client->types().count(QStringLiteral("stream_chunk")), 2, 30000);
        QCOMPARE(client->status(), 200);
        QCOMPARE(client->reply()->header(QNetworkRequest::ContentTypeHeader).toString(),
                 QStringLiteral("text/event-stream"));
        QCOMPARE(m_fake->heldStreams(), 1);
        QCOMPARE(upstreamFinished.size(), 0);
        QVERIFY(!client->finished);
        m_fake->release();
        QTRY_VERIFY_WITH_TIMEOUT(client->finished, 30000);
        QCOMPARE(upstreamFinished.size(), 1);

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

    void regenerateReplacesTheLastReply_data()
    {
        QTest::addColumn<bool>("stream");
        QTest::newRow("streamed") << true;
        QTest::newRow("stream: false") << false;
    }

    void regenerateReplacesTheLastReply()
    {
        QFETCH(bool, stream);
        FakeReply first;
        first.tokens = { QStringLiteral("first"), QStringLiteral(" answer") };
        FakeReply second;
        second.tokens = { QStringLiteral("second"), QStringLiteral(" answer") };
        m_fake->enqueueReply(first);
        m_fake->enqueueReply(second);
        const Answer chat =
            post(QStringLiteral("/chat"), R"({"message":"hi","session":"regen","stream":false})");
        QCOMPARE(chat.json[QLatin1String("response")].toString(), QStringLiteral("first answer"));
        const QString session = chat.json[QLatin1String("session")].toString();

        const QByteArray body = QJsonDocument(QJsonObject { { QStringLiteral("session"), session },
                                                            { QStringLiteral("stream"), stream } })
                                    .toJson(QJsonDocument::Compact);
        QString reply;
        if (stream) {
            QNetworkRequest req = request(QStringLiteral("/chat/regenerate"));
            auto *client = new SseClient(m_network.post(req, body), this);
            QTRY_VERIFY_WITH_TIMEOUT(client->finished, 10000);
            QCOMPARE(client->status(), 200);
            QCOMPARE(client->types(),
                     QStringList({ QStringLiteral("stream_start"), QStringLiteral("stream_chunk"),
                                   QStringLiteral("stream_chunk"), QStringLiteral("usage"),
                                   QStringLiteral("stream_end"), QStringLiteral("[DONE]") }));
            QVERIFY(client->events.constFirst().json[QLatin1String("run")]
                    != chat.json[QLatin1String("run")]);
            QCOMPARE(client->events.constFirst().json[QLatin1String("session")].toString(),
                     session);
            reply = client->events[4].json[QLatin1String("data")].toString();
        } else {
            const Answer again = post(QStringLiteral("/chat/regenerate"), body);
            QCOMPARE(again.status, 200);
            QCOMPARE(again.json[QLatin1String("session")].toString(), session);
            reply = again.json[QLatin1String("response")].toString();
        }
        QCOMPARE(reply, QStringLiteral("second answer"));

        // The provider was asked the same question again, without the reply it replaces.
        QCOMPARE(m_fake->chatRequests().size(), 2);
        const QJsonArray asked =
            m_fake->chatRequests().constLast()[QLatin1String("messages")].toArray();
        QCOMPARE(asked.last()[QLatin1String("content")].toString(), QStringLiteral("hi"));
        for (const QJsonValue &message : asked)
            QVERIFY(message[QLatin1String("role")] != QLatin1String("assistant"));
        // The history holds the question once and the new reply only.
        const Answer history = get(QStringLiteral("/history?session=") + session);
        const QJsonArray messages = history.json[QLatin1String("messages")].toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages[0][QLatin1String("content")].toString(), QStringLiteral("hi"));
        QCOMPARE(messages[1][QLatin1String("content")].toString(), QStringLiteral("second answer"));
    }

    void regenerateRefusesWhatItCannotDo()
    {
        const Answer unknown = post(QStringLiteral("/chat/regenerate"), R"({"session":"nope"})");
        QCOMPARE(unknown.status, 404);
        QVERIFY(unknown.json[QLatin1String("error")][QLatin1String("message")].toString().contains(
            QLatin1String("nope")));
        QCOMPARE(post(QStringLiteral("/chat/regenerate"), R"({"session":7})").status, 400);
        QCOMPARE(post(QStringLiteral("/chat/regenerate"), R"({"stream":"yes"})").status, 400);

        // While a reply is being written in the session, it is not thrown away.
        m_fake->setDefaultReply(slowReply(20, 100));
        SseClient *client = streamChat(R"({"message":"hi","session":"busy"})");
        QTRY_VERIFY_WITH_TIMEOUT(client->types().contains(QStringLiteral("stream_chunk")), 5000);
        const Answer busy = post(QStringLiteral("/chat/regenerate"), R"({"session":"busy"})");
        QCOMPARE(busy.status, 409);
        QCOMPARE(busy.json[QLatin1String("error")][QLatin1String("code")].toString(),
                 QStringLiteral("conflict"));
        QVERIFY(busy.json[QLatin1String("error")][QLatin1String("message")].toString().contains(
            QLatin1String("still being written")));
        QCOMPARE(m_fake->chatRequests().size(), 1);
        client->reply()->abort();
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
        // The provider stops after a chunk and would go on only when the test says so, which it
        // never does: the reply ends early only if the cancel closes the upstream request.
        FakeReply held = slowReply(20, 0);
        held.holdAfter = 1;
        m_fake->setDefaultReply(held);
        QSignalSpy completed(m_fake, &FakeProvider::streamFinished);
        SseClient *client = streamChat(R"({"message":"hi"})");
        QTRY_VERIFY_WITH_TIMEOUT(client->types().contains(QStringLiteral("stream_chunk")), 30000);
        QCOMPARE(m_fake->heldStreams(), 1);
        const QString runId = client->events.constFirst().json[QLatin1String("run")].toString();
        QSignalSpy disconnected(m_fake, &FakeProvider::clientDisconnected);
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
        // The provider sees its connection closed with 19 chunks still to send.
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, 30000);
        QCOMPARE(m_fake->heldStreams(), 0);
        QCOMPARE(completed.size(), 0);
        Run *run = m_test->engine->findRun(runId);
        QTRY_COMPARE(run->state(), Run::State::Cancelled);
        if (how != QLatin1String("hangup")) {
            QTRY_VERIFY_WITH_TIMEOUT(client->finished, 30000);
            // Nothing after the cancel: it is the last event, and the stream's end follows.
            const QStringList types = client->types();
            QCOMPARE(types.mid(types.size() - 2),
                     QStringList({ QStringLiteral("cancelled"), QStringLiteral("[DONE]") }));
            QCOMPARE(types.count(QStringLiteral("stream_chunk")), 1);
        }
        // The server goes on serving.
        m_fake->setDefaultReply(FakeReply());
        QCOMPARE(post(QStringLiteral("/chat"), R"({"message":"again","stream":false})").status,
                 200);
    }

    void droppedClientResumesWithoutGapOrDuplicate()
    {
        startServer(NeverMs); // a run nobody watches goes on for longer than the test
        FakeReply held = slowReply(12, 0);
        held.holdAfter = 4; // the rest comes once the client has gone
        m_fake->setDefaultReply(held);
        SseClient *first = streamChat(R"({"message":"hi"})");
        QTRY_VERIFY_WITH_TIMEOUT(first->types().count(QStringLiteral("stream_chunk")) >= 3, 30000);
        const QString runId = first->events.constFirst().json[QLatin1String("run")].toString();
        const QByteArray lastId = first->events.constLast().id;
        const int received = first->events.size();
        QSignalSpy upstreamDropped(m_fake, &FakeProvider::clientDisconnected);
        first->reply()->abort(); // the network drops
        // The server has seen the client go, and the run goes on without anyone watching.
        QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, 30000);
        QVERIFY(postedEventsDelivered());
        QCOMPARE(upstreamDropped.size(), 0);
        QVERIFY(!m_test->engine->findRun(runId)->isFinished());

        QNetworkRequest req = request(QStringLiteral("/runs/%1/events").arg(runId));
        req.setRawHeader("Last-Event-ID", lastId);
        auto *resumed = new SseClient(m_network.get(req), this);
        m_fake->release();
        QTRY_VERIFY_WITH_TIMEOUT(resumed->finished, 30000);
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
        FakeReply held = slowReply(50, 0);
        held.holdAfter = 1; // a reply that would never end by itself
        m_fake->setDefaultReply(held);
        SseClient *client = streamChat(R"({"message":"hi"})");
        QTRY_VERIFY_WITH_TIMEOUT(client->types().contains(QStringLiteral("stream_chunk")), 30000);
        const QString runId = client->events.constFirst().json[QLatin1String("run")].toString();
        QSignalSpy upstreamDropped(m_fake, &FakeProvider::clientDisconnected);
        client->reply()->abort();
        QTRY_COMPARE_WITH_TIMEOUT(upstreamDropped.size(), 1, 30000);
        QCOMPARE(m_test->engine->findRun(runId)->state(), Run::State::Cancelled);
    }

    void aTurnBehindAWatchedReplyIsToldItWaits()
    {
        m_fake->enqueueReply(slowReply(6, 60));
        SseClient *first = streamChat(R"({"message":"one","session":"queue"})");
        QTRY_VERIFY_WITH_TIMEOUT(first->types().contains(QStringLiteral("stream_chunk")), 5000);
        const QString firstRun = first->events.constFirst().json[QLatin1String("run")].toString();

        SseClient *second = streamChat(R"({"message":"two","session":"queue"})");
        // At once: what it waits for and where it stands; then it starts when the first ends.
        QTRY_VERIFY_WITH_TIMEOUT(!second->events.isEmpty(), 5000);
        const QJsonObject queued = second->events.constFirst().json;
        QCOMPARE(queued[QLatin1String("type")].toString(), QStringLiteral("queued"));
        QCOMPARE(queued[QLatin1String("data")][QLatin1String("waiting_for")].toString(), firstRun);
        QCOMPARE(queued[QLatin1String("data")][QLatin1String("position")].toInt(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(second->finished, 10000);
        QVERIFY(first->finished); // the watched reply was not cut short
        QCOMPARE(first->types().mid(first->types().size() - 2),
                 QStringList({ QStringLiteral("stream_end"), QStringLiteral("[DONE]") }));
        const QStringList types = second->types();
        QCOMPARE(types.mid(0, 2),
                 QStringList({ QStringLiteral("queued"), QStringLiteral("stream_start") }));
        QCOMPARE(types.constLast(), QStringLiteral("[DONE]"));
    }

    void anAbandonedReplyGivesWayToTheTurnBehindIt()
    {
        // A grace far longer than the test waits: only giving way at once lets the turn start.
        startServer(600000);
        m_fake->enqueueReply(slowReply(200, 50));
        SseClient *first = streamChat(R"({"message":"one","session":"gone"})");
        QTRY_VERIFY_WITH_TIMEOUT(first->types().contains(QStringLiteral("stream_chunk")), 5000);
        const QString firstRun = first->events.constFirst().json[QLatin1String("run")].toString();
        first->reply()->abort(); // its client went away; nobody watches it any more
        QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, 5000);
        QVERIFY(!m_test->engine->findRun(firstRun)->isFinished()); // kept for a resume, for now

        SseClient *second = streamChat(R"({"message":"two","session":"gone"})");
        QTRY_VERIFY_WITH_TIMEOUT(second->finished, 10000);
        QCOMPARE(second->types().constFirst(), QStringLiteral("queued"));
        QVERIFY(second->types().contains(QStringLiteral("stream_end")));
        Run *abandoned = m_test->engine->findRun(firstRun);
        QCOMPARE(abandoned->state(), Run::State::Cancelled);
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
};

QTEST_GUILESS_MAIN(TestApiChat)
#include "tst_apichat.moc"
