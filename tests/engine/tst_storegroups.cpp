// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Writes that reach the store's thread together are committed together; whatever happens to one
// of them, the others are kept, and each caller is told what became of its own.
#include "attachewarnings.h"
#include "sessions/sessionstore.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

StoredSession session(int i)
{
    StoredSession s;
    s.id = QStringLiteral("s_%1").arg(i);
    s.name = QStringLiteral("Chat %1").arg(i);
    s.created = QDateTime::currentDateTimeUtc();
    s.updated = s.created;
    s.provider = QStringLiteral("openai");
    s.model = QStringLiteral("gpt-test");
    return s;
}

QList<ChatMessage> turn(int i)
{
    ChatMessage question;
    question.role = QStringLiteral("user");
    question.content = QStringLiteral("Question %1").arg(i);
    ChatMessage answer;
    answer.role = QStringLiteral("assistant");
    answer.content = QStringLiteral("Answer %1").arg(i);
    return { question, answer };
}

} // namespace

class TestStoreGroups : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path() const { return m_dir.filePath(QStringLiteral("attache.db")); }

private Q_SLOTS:
    void init()
    {
        failOnAttacheWarnings();
        QFile::remove(path());
    }

    void manyTurnsEndingTogetherAreAllKept()
    {
        const int chats = 300;
        QList<int> told; // by chat: 0 not yet, 1 kept, -1 lost
        for (int i = 0; i < chats; ++i)
            told.append(0);
        {
            SessionStore store(path());
            QVERIFY(store.open().ok());
            // One pass of the event loop: all of it reaches the writer's thread at once.
            for (int i = 0; i < chats; ++i)
                store.saveSession(session(i));
            for (int i = 0; i < chats; ++i) {
                store.appendTurn(session(i).id, turn(i), std::nullopt,
                                 QDateTime::currentDateTimeUtc(),
                                 [&told, i](bool ok) { told[i] = ok ? 1 : -1; });
            }
            QTRY_VERIFY_WITH_TIMEOUT(!told.contains(0), 30000);
            QVERIFY(!told.contains(-1));
        }
        SessionStore reopened(path());
        QVERIFY(reopened.open().ok());
        QCOMPARE(reopened.sessions().size(), chats);
        for (int i = 0; i < chats; i += 37) {
            const QList<ChatMessage> messages = reopened.messages(session(i).id);
            QCOMPARE(messages.size(), 2);
            QCOMPARE(messages.at(1).content, QStringLiteral("Answer %1").arg(i));
        }
    }

    void aFailingWriteLosesNothingElse()
    {
        QList<int> told { 0, 0, 0 };
        {
            SessionStore store(path());
            QVERIFY(store.open().ok());
            QSignalSpy failures(&store, &SessionStore::writeFailed);
            store.saveSession(session(1));
            store.saveSession(session(3));
            const auto tell = [&told](int slot) {
                return [&told, slot](bool ok) {
                    told[slot] = ok ? 1 : -1;
                };
            };
            store.appendTurn(session(1).id, turn(1), std::nullopt, QDateTime::currentDateTimeUtc(),
                             tell(0));
            // No such session: its messages break a foreign key, in the middle of the batch.
            QTest::ignoreMessage(QtWarningMsg,
                                 QRegularExpression(QStringLiteral("Could not save the reply")));
            store.appendTurn(session(2).id, turn(2), std::nullopt, QDateTime::currentDateTimeUtc(),
                             tell(1));
            store.appendTurn(session(3).id, turn(3), std::nullopt, QDateTime::currentDateTimeUtc(),
                             tell(2));
            QTRY_VERIFY_WITH_TIMEOUT(!told.contains(0), 30000);
            QCOMPARE(told, (QList<int> { 1, -1, 1 }));
            QTRY_COMPARE(failures.size(), 1); // told once, for the write that failed
            QVERIFY(failures.constFirst().constFirst().toString().contains(
                QLatin1String("Could not save the reply")));
        }
        SessionStore reopened(path());
        QVERIFY(reopened.open().ok());
        QCOMPARE(reopened.sessions().size(), 2);
        QCOMPARE(reopened.messages(session(1).id).size(), 2);
        QCOMPARE(reopened.messages(session(2).id).size(), 0);
        QCOMPARE(reopened.messages(session(3).id).size(), 2);
    }

    // A write that a stream_end waits for leaves for the writer at once, with the writes queued
    // before it, not after the rest of the event loop's pass.
    void anAwaitedWriteLeavesAtOnce()
    {
        SessionStore store(path());
        QVERIFY(store.open().ok());
        store.setHoldLimitMs(60000);
        store.holdWrites(); // as while a chat waits for its first token
        store.saveSession(session(1));
        QCOMPARE(store.queuedWrites(), 1);
        bool committed = false;
        store.appendTurn(session(1).id, turn(1), std::nullopt, QDateTime::currentDateTimeUtc(),
                         [&committed](bool ok) { committed = ok; });
        QCOMPARE(store.queuedWrites(), 0); // gone without a pass of the event loop
        QTRY_VERIFY(committed);
        QCOMPARE(store.messages(session(1).id).size(), 2);
        store.releaseWrites();
    }
};

QTEST_GUILESS_MAIN(TestStoreGroups)
#include "tst_storegroups.moc"
