// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// When a chat's writes reach the disk, against what its stream says: a new session waits for the
// chat's first token (for a while at most), a finished turn is on disk before its stream_end.
#include "attachewarnings.h"
#include "eventorder.h"
#include "persistentengine.h"

#include <QSignalSpy>
#include <QTest>

class TestTurnStorage : public QObject, protected PersistentEngineFixture
{
    Q_OBJECT

private:
    /** A chat in the named session whose provider accepts the request and never answers. */
    Run *chatThatNeverAnswers(PersistentEngine &app, const QString &session)
    {
        FakeReply silent;
        silent.fault = FakeReply::Fault::NoFirstByte;
        m_fake->enqueueReply(silent);
        return app.chat(QStringLiteral("Hello?"), session);
    }

private Q_SLOTS:
    void init()
    {
        failOnAttacheWarnings();
        QVERIFY(setUp(this));
    }
    void cleanup() { tearDown(); }

    // A chat's new session reaches the disk after the chat's first token, so that the writer
    // thread does not compete for a CPU with the provider and the first events.
    void aNewSessionIsStoredOnceItsChatHasItsFirstToken()
    {
        auto app = start();
        app->store.setHoldLimitMs(60000);
        FakeReply held; // nothing comes back until the test lets it
        held.holdAfter = 0;
        m_fake->enqueueReply(held);
        Run *run = app->chat(QStringLiteral("Hello?"), QStringLiteral("fresh"));
        QVERIFY(run);
        QVERIFY(app->store.writesHeld());
        // The request is out, and all this pass queued has run: the new session still waits.
        QTRY_COMPARE(m_fake->heldStreams(), 1);
        QVERIFY(postedEventsDelivered());
        QVERIFY(app->store.writesHeld());
        QVERIFY(app->store.queuedWrites() > 0);
        QVERIFY(!isStored(*app, QStringLiteral("fresh")));
        QSignalSpy events(run, &Run::eventAdded);
        m_fake->release();
        QTRY_VERIFY_WITH_TIMEOUT(!events.isEmpty(), 30000); // the first token
        QVERIFY(!app->store.writesHeld());
        QVERIFY(PersistentEngine::finish(run));
        QVERIFY(isStored(*app, QStringLiteral("fresh")));
    }

    void aHeldWriteWaitsNoLongerThanTheLimit()
    {
        auto app = start();
        app->store.setHoldLimitMs(50);
        Run *run = chatThatNeverAnswers(*app, QStringLiteral("patient"));
        QVERIFY(run);
        QTRY_VERIFY(isStored(*app, QStringLiteral("patient")));
        QVERIFY(!run->isFinished());
        QVERIFY(app->store.writesHeld());
        QVERIFY(run->cancel());
    }

    // One chat waiting for its first token does not hold up another's finished turn.
    void aTurnIsNotHeldBehindAnotherChat()
    {
        auto app = start();
        app->store.setHoldLimitMs(60000);
        Run *waiting = chatThatNeverAnswers(*app, QStringLiteral("waiting"));
        QVERIFY(waiting);
        QTRY_COMPARE(m_fake->chatRequests().size(), 1);
        m_fake->enqueueReply(FakeReply { { QStringLiteral("Done.") } });
        Run *quick = app->chat(QStringLiteral("Second?"), QStringLiteral("quick"));
        QVERIFY(PersistentEngine::finish(quick));
        QCOMPARE(quick->state(), Run::State::Done);
        QVERIFY(app->store.writesHeld());
        // The turn went to the disk at once, and the held session with it, in order.
        QVERIFY(isStored(*app, QStringLiteral("waiting")));
        QVERIFY(isStored(*app, QStringLiteral("quick")));
        QCOMPARE(app->store.messages(storedId(*app, QStringLiteral("quick"))).size(), 2);
        QVERIFY(waiting->cancel());
    }

    // The token counts go out as soon as the reply is whole; only stream_end waits for the turn
    // to be on disk.
    void usageGoesOutBeforeTheTurnIsStoredAndStreamEndAfter()
    {
        auto app = start();
        m_fake->enqueueReply(FakeReply { { QStringLiteral("Counted.") } });
        Run *run = app->chat(QStringLiteral("Count?"), QStringLiteral("counted"));
        QVERIFY(run);
        qsizetype storedAtUsage = -1;
        qsizetype storedAtEnd = -1;
        const auto storedMessages = [&] {
            const QString id = storedId(*app, QStringLiteral("counted"));
            return id.isEmpty() ? 0 : app->store.messages(id).size();
        };
        connect(run, &Run::eventAdded, this, [&](const RunEvent &event) {
            if (event.type == EventType::Usage)
                storedAtUsage = storedMessages();
            else if (event.type == EventType::StreamEnd)
                storedAtEnd = storedMessages();
        });
        QVERIFY(PersistentEngine::finish(run));
        QCOMPARE(run->state(), Run::State::Done);
        QCOMPARE(storedAtUsage, 0);
        QCOMPARE(storedAtEnd, 2);
        QVERIFY(run->usage().has_value());
    }
};

QTEST_GUILESS_MAIN(TestTurnStorage)
#include "tst_turnstorage.moc"
