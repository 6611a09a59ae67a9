// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginefixture.h"
#include "eventorder.h"

#include <QPointer>

/** When runs go upstream: one at a time per session, many at once across them, and cancelled. */
class TestEngineScheduling : public EngineFixture
{
    Q_OBJECT

    /** Runs count chats at once, each in a session of its own; gives them in finishing order. */
    QList<QPointer<Run>> chatsAtOnce(size_t count)
    {
        QList<QPointer<Run>> runs;
        QObject::connect(&engine(), &Engine::runFinished, this,
                         [&runs](Run *run) { runs.append(run); });
        for (size_t i = 0; i < count; ++i)
            chat(QStringLiteral("hi"), QStringLiteral("s%1").arg(i));
        if (!QTest::qWaitFor([&] { return size_t(runs.size()) == count; }, 60000))
            qWarning("%lld of %zu chats finished", qlonglong(runs.size()), count);
        disconnect(&engine(), &Engine::runFinished, this, nullptr);
        return runs;
    }

private Q_SLOTS:
    void secondChatInASessionWaitsItsTurn()
    {
        m_fake->enqueueReply(reply({ QStringLiteral("one "), QStringLiteral("two") }, 80));
        m_fake->enqueueReply(reply({ QStringLiteral("three") }));
        Run *first = chat(QStringLiteral("first"));
        Run *second = chat(QStringLiteral("second"));
        QCOMPARE(second->state(), Run::State::Queued);
        QSignalSpy firstDone(first, &Run::finished);
        QVERIFY(firstDone.wait(30000));
        QCOMPARE(m_fake->chatRequests().size(), 1); // never two requests interleaved in a session
        QSignalSpy secondDone(second, &Run::finished);
        QVERIFY(secondDone.wait(30000));
        QCOMPARE(second->reply(), QStringLiteral("three"));
        // The waiting turn saw the whole first exchange.
        QCOMPARE(roles(m_fake->chatRequests().at(1)).at(1).second, QStringLiteral("one two"));
    }

    void runsInDifferentSessionsStreamConcurrently()
    {
        // Each reply pauses after its first chunk until the test lets it go.
        FakeReply held = reply({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") });
        held.holdAfter = 1;
        m_fake->setDefaultReply(held);
        Run *one = chat(QStringLiteral("x"), QStringLiteral("left"));
        Run *two = chat(QStringLiteral("y"), QStringLiteral("right"));
        QVERIFY(one->sessionId() != two->sessionId());
        QCOMPARE(two->state(), Run::State::Running);
        // Both streaming upstream at the same time, neither done.
        QTRY_COMPARE_WITH_TIMEOUT(m_fake->heldStreams(), 2, 30000);
        QTRY_VERIFY(one->reply() == QLatin1String("a") && two->reply() == QLatin1String("a"));
        QVERIFY(!one->isFinished() && !two->isFinished());
        m_fake->release();
        QTRY_VERIFY_WITH_TIMEOUT(one->isFinished() && two->isFinished(), 30000);
        QCOMPARE(one->reply(), QStringLiteral("abc"));
        QCOMPARE(two->reply(), QStringLiteral("abc"));
        QCOMPARE(engine().session(QStringLiteral("left"))->messages.size(), 2);
    }

    void chatsInARowShareOneUpstreamConnection()
    {
        for (const QString &word :
             { QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three") }) {
            m_fake->setDefaultReply(reply({ word }));
            Run *run = chat(word);
            QSignalSpy finished(run, &Run::finished);
            QVERIFY(finished.wait(30000));
            QCOMPARE(run->reply(), word);
        }
        QCOMPARE(m_fake->chatRequests().size(), 3);
        QCOMPARE(m_fake->chatConnectionCount(), 1);
    }

    void manyChatsStreamAtOnceWithoutWaitingForAConnection()
    {
        // Twelve sessions, each with a reply that pauses after its first chunk: all twelve must be
        // streaming at the same time (HTTP clients that keep six connections per host would
        // queue six until the first ones end, and these end only when the test lets them).
        FakeReply held = reply({ QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c") });
        held.holdAfter = 1;
        m_fake->setDefaultReply(held);
        QList<Run *> runs;
        for (int i = 0; i < 12; ++i)
            runs.append(chat(QStringLiteral("hi"), QStringLiteral("s%1").arg(i)));
        QTRY_COMPARE_WITH_TIMEOUT(m_fake->heldStreams(), 12, 30000);
        for (Run *run : std::as_const(runs))
            QVERIFY(!run->isFinished());
        m_fake->release();
        for (Run *run : std::as_const(runs))
            QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), 30000);
        for (Run *run : std::as_const(runs))
            QCOMPARE(run->reply(), QStringLiteral("abc"));
    }

    void cancelClosesTheUpstreamConnection()
    {
        EventLog log(engine());
        // The reply pauses after "a"; the rest would only come after release(), never called.
        FakeReply held = reply(
            { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d") });
        held.holdAfter = 1;
        m_fake->setDefaultReply(held);
        QSignalSpy completed(m_fake, &FakeProvider::streamFinished);
        Run *run = chat(QStringLiteral("hi"));
        QTRY_COMPARE_WITH_TIMEOUT(run->reply(), QStringLiteral("a"), 30000);
        QCOMPARE(m_fake->heldStreams(), 1);
        QSignalSpy disconnected(m_fake, &FakeProvider::clientDisconnected);
        QVERIFY(engine().cancelRun(run->id()));
        QCOMPARE(run->state(), Run::State::Cancelled);
        QCOMPARE(log.types(run->id()).constLast(), QStringLiteral("cancelled"));
        QVERIFY(!engine().cancelRun(run->id())); // already over
        // The provider sees the connection closed while it still had three chunks to send: a
        // held reply never ends by itself, so only the cancel can have closed it.
        QTRY_COMPARE_WITH_TIMEOUT(disconnected.size(), 1, 30000);
        QCOMPARE(m_fake->heldStreams(), 0);
        QCOMPARE(completed.size(), 0);

        // Nothing arrives after the cancel: the session's next turn, which starts only once the
        // cancelled one is over, runs to its end first.
        m_fake->setDefaultReply(reply({ QStringLiteral("fine") }));
        Run *next = chat(QStringLiteral("again"));
        QSignalSpy nextDone(next, &Run::finished);
        QVERIFY(next->isFinished() || nextDone.wait(30000));
        QCOMPARE(next->reply(), QStringLiteral("fine"));
        QCOMPARE(log.types(run->id()).constLast(), QStringLiteral("cancelled"));
        QCOMPARE(log.types(run->id()).count(QStringLiteral("stream_chunk")), 1);
        // The partial reply is kept, marked.
        const QList<ChatMessage> history = engine().history().value();
        QCOMPARE(history.size(), 4);
        QCOMPARE(history.at(1).status, QStringLiteral("cancelled"));
        QCOMPARE(history.at(1).content, QStringLiteral("a"));
    }

    void cancellingAQueuedRunNeverSendsIt()
    {
        m_fake->setDefaultReply(reply({ QStringLiteral("x"), QStringLiteral("y") }));
        Run *first = chat(QStringLiteral("one"));
        Run *second = chat(QStringLiteral("two"));
        QCOMPARE(second->state(), Run::State::Queued);
        QVERIFY(second->cancel());
        QCOMPARE(second->state(), Run::State::Cancelled);
        QSignalSpy firstDone(first, &Run::finished);
        QVERIFY(firstDone.wait(30000));
        // The session's next turn goes upstream after the cancelled one would have.
        Run *third = chat(QStringLiteral("three"));
        QSignalSpy thirdDone(third, &Run::finished);
        QVERIFY(third->isFinished() || thirdDone.wait(30000));
        QCOMPARE(m_fake->chatRequests().size(), 2);
        QCOMPARE(roles(m_fake->chatRequests().at(1)).constLast().second, QStringLiteral("three"));
    }

    void finishedRunsStayForReplayThenGoOnceTheNextRunIsUnderWay()
    {
        // One run more than the history keeps: the oldest is still there as the last one ends
        // (the next request may already be waiting), and goes once another run has its first
        // token. The Kept runs after it can still be replayed.
        // No quiet spell ends within this test: only the next run can free the oldest.
        engine().runHistory().setQuietMs(24 * 60 * 60 * 1000);
        m_fake->setDefaultReply(reply({ QStringLiteral("ok") }));
        const QList<QPointer<Run>> runs = chatsAtOnce(RunHistory::Kept + 1);
        QCOMPARE(size_t(runs.size()), RunHistory::Kept + 1);
        const QString oldest = runs.constFirst()->id();
        QVERIFY(postedEventsDelivered()); // a free queued as the last one ended would be done
        QVERIFY(!runs.constFirst().isNull());
        QVERIFY(engine().findRun(oldest));
        // The next reply pauses after its first token.
        FakeReply held = reply({ QStringLiteral("a"), QStringLiteral("b") });
        held.holdAfter = 1;
        m_fake->setDefaultReply(held);
        QPointer<Run> next = chat(QStringLiteral("next"));
        QTRY_COMPARE_WITH_TIMEOUT(next->reply(), QStringLiteral("a"), 30000);
        QTRY_VERIFY(runs.constFirst().isNull());
        QVERIFY(!next->isFinished()); // freed while the new run was still writing
        QVERIFY(!engine().findRun(oldest));
        for (qsizetype i = 1; i < runs.size(); ++i)
            QCOMPARE(engine().findRun(runs.at(i)->id()), runs.at(i).data());
        QCOMPARE(runs.at(1)->reply(), QStringLiteral("ok"));
        m_fake->release();
        QTRY_VERIFY_WITH_TIMEOUT(next->isFinished(), 30000);
        QCOMPARE(next->reply(), QStringLiteral("ab"));
    }

    void finishedRunsBeyondTheHistoryGoAfterAQuietSpell()
    {
        // A short spell, so the test need not wait a second; that nothing but the spell or the
        // next run frees them is what the test above shows.
        engine().runHistory().setQuietMs(50);
        m_fake->setDefaultReply(reply({ QStringLiteral("ok") }));
        const QList<QPointer<Run>> runs = chatsAtOnce(RunHistory::Kept + 1);
        QCOMPARE(size_t(runs.size()), RunHistory::Kept + 1);
        QTRY_VERIFY_WITH_TIMEOUT(runs.constFirst().isNull(), 30000);
        QVERIFY(!runs.at(1).isNull());
        QCOMPARE(engine().findRun(runs.at(1)->id()), runs.at(1).data());
    }
};

QTEST_GUILESS_MAIN(TestEngineScheduling)
#include "tst_enginescheduling.moc"
