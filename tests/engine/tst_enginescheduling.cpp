// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginefixture.h"

#include <QElapsedTimer>
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
        if (!QTest::qWaitFor([&] { return size_t(runs.size()) == count; }, 10000))
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
        QVERIFY(firstDone.wait(5000));
        QCOMPARE(m_fake->chatRequests().size(), 1); // never two requests interleaved in a session
        QSignalSpy secondDone(second, &Run::finished);
        QVERIFY(secondDone.wait(5000));
        QCOMPARE(second->reply(), QStringLiteral("three"));
        // The waiting turn saw the whole first exchange.
        QCOMPARE(roles(m_fake->chatRequests().at(1)).at(1).second, QStringLiteral("one two"));
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

    void finishedRunsStayForReplayThenGoOnceTheNextRunIsUnderWay()
    {
        // One run more than the history keeps: the oldest is still there as the last one ends
        // (the next request may already be waiting), and goes once another run has its first
        // token. The Kept runs after it can still be replayed.
        m_fake->setDefaultReply(reply({ QStringLiteral("ok") }));
        const QList<QPointer<Run>> runs = chatsAtOnce(RunHistory::Kept + 1);
        QCOMPARE(size_t(runs.size()), RunHistory::Kept + 1);
        const QString oldest = runs.constFirst()->id();
        QVERIFY(engine().findRun(oldest));
        m_fake->setDefaultReply(reply({ QStringLiteral("a"), QStringLiteral("b") }, 300));
        QPointer<Run> next = chat(QStringLiteral("next"));
        QTRY_COMPARE(next->reply(), QStringLiteral("a"));
        QTRY_VERIFY(runs.constFirst().isNull());
        QVERIFY(!next->isFinished()); // freed while the new run was still writing
        QVERIFY(!engine().findRun(oldest));
        for (qsizetype i = 1; i < runs.size(); ++i)
            QCOMPARE(engine().findRun(runs.at(i)->id()), runs.at(i).data());
        QCOMPARE(runs.at(1)->reply(), QStringLiteral("ok"));
    }

    void finishedRunsBeyondTheHistoryGoAfterAQuietSpell()
    {
        m_fake->setDefaultReply(reply({ QStringLiteral("ok") }));
        const QList<QPointer<Run>> runs = chatsAtOnce(RunHistory::Kept + 1);
        QCOMPARE(size_t(runs.size()), RunHistory::Kept + 1);
        QVERIFY(!runs.constFirst().isNull());
        QTRY_VERIFY_WITH_TIMEOUT(runs.constFirst().isNull(), 3 * RunHistory::QuietMs);
        QVERIFY(!runs.at(1).isNull());
    }
};

QTEST_GUILESS_MAIN(TestEngineScheduling)
#include "tst_enginescheduling.moc"
