// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "loopclock.h"
#include "rawclient.h"
#include "wschannelfixture.h"

/** Runs streamed as event notifications: order, resume after a drop, watchers, slow readers. */
class TestWsStreaming : public WsChannelFixture
{
    Q_OBJECT

private Q_SLOTS:
    void chatStreamsEventsAsNotifications()
    {
        m_fake->setDefaultReply(tokens(5, 20));
        WsClient *client = connected();
        const QJsonObject answer = client->callAndWait(
            QStringLiteral("chat"), { { QStringLiteral("message"), QStringLiteral("hi") } });
        const QString runId = answer[QLatin1String("result")][QLatin1String("run")].toString();
        QVERIFY2(runId.startsWith(QLatin1String("r_")), QJsonDocument(answer).toJson().constData());
        QTRY_VERIFY_WITH_TIMEOUT(client->runEnded(runId), 30000);
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

    void resumeAfterADropGivesExactlyTheReply()
    {
        startServer(24 * 60 * 60 * 1000); // a run nobody watches goes on for longer than the test
        FakeReply held = tokens(15, 0);
        held.holdAfter = 4; // the rest comes once the client has gone
        m_fake->setDefaultReply(held);
        WsClient *first = connected();
        const QString runId =
            first
                ->callAndWait(
                    QStringLiteral("chat"),
                    { { QStringLiteral("message"),
                        QStringLiteral("hi") } })[QLatin1String("result")][QLatin1String("run")]
                .toString();
        QTRY_VERIFY_WITH_TIMEOUT(first->events(runId).size() >= 4, 30000);
        QSignalSpy upstreamDropped(m_fake, &FakeProvider::clientDisconnected);
        first->socket.abort();
        const QList<QJsonObject> before = first->events(runId);
        // The server has let the client go; the run goes on (a drop does not cancel).
        QTRY_COMPARE_WITH_TIMEOUT(m_server->rpc().peerCount(), 0, 30000);
        QVERIFY(postedEventsDelivered());
        QVERIFY(!m_test->engine->findRun(runId)->isFinished());
        QCOMPARE(upstreamDropped.size(), 0);
        m_fake->release();

        WsClient *second = connected();
        const int lastSeq = before.constLast()[QLatin1String("seq")].toInt();
        const QJsonObject resumed = second->callAndWait(
            QStringLiteral("resume"),
            { { QStringLiteral("run"), runId }, { QStringLiteral("after_seq"), lastSeq } });
        QVERIFY(resumed.contains(QLatin1String("result")));
        QTRY_VERIFY_WITH_TIMEOUT(second->runEnded(runId), 30000);
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
        QTRY_VERIFY_WITH_TIMEOUT(author->runEnded(runId) && watcher->runEnded(runId), 30000);
        QCOMPARE(watcher->events(runId), author->events(runId));
        // A run over plain HTTP reaches the subscriber as well.
        QCOMPARE(httpPost(QStringLiteral("/chat"), R"({"message":"again","stream":false})"), 200);
        QTRY_COMPARE(watcher->notifications(QStringLiteral("event")).size(), 2 * 7);
    }

    void slowConsumerIsDroppedOthersKeepStreaming()
    {
        // 100 chunks of 128 KiB, one per timer tick: the client that reads nothing passes
        // RpcDispatcher::MaxQueuedBytes about two thirds of the way through, while the reader's
        // queue never holds more than an event or two. (With generated "tokN " chunks even 20000
        // of them make only ~3 MB of events, under the cap; and at delayMs 0 this in-process
        // provider outruns the engine, which then fans a backlog of megabytes out in one pass, so
        // every client's queue holds the whole burst before any socket is written.)
        // Judged by the loop's time: a pass a busy machine makes long is no time to read in.
        const LoopClock loop;
        startServer(5000, 30000, 90000, loop.clock());
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
        QTRY_COMPARE_WITH_TIMEOUT(m_server->rpc().peerCount(), 1, 60000);
        QCOMPARE(m_test->engine->presence().clients().size(), 1);

        QTRY_VERIFY_WITH_TIMEOUT(reader->runEnded(runId), 60000);
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
        // Judged by the loop's time: a pass a busy machine makes long is no time to read in.
        const LoopClock loop;
        startServer(5000, 30000, 90000, loop.clock());
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
        QTRY_VERIFY_WITH_TIMEOUT(reader->runEnded(runId), 60000);
        QVERIFY(chunksText(reader->events(runId)) == reply.joinedText());
        QCOMPARE(reader->socket.state(), QAbstractSocket::ConnectedState);
    }
};

QTEST_GUILESS_MAIN(TestWsStreaming)
#include "tst_wsstreaming.moc"
