// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A session bus that accepts the connection and then never answers (a hung D-Bus daemon): the
// QtKeychain job would wait for ever. The store answers "unavailable" at its time-out, refuses
// later calls at once instead of queueing them behind the hung job, and a chat waiting for a key
// is released. Its own executable: the hung connection stays for the life of the process.
#include "attachewarnings.h"
#include "eventorder.h"
#include "keystoretesting.h"

#include <QElapsedTimer>
#include <QLocalServer>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestKeyStoreStuck : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QLocalServer m_bus;
    QList<QLocalSocket *> m_held;

private Q_SLOTS:
    void init() { failOnAttacheWarnings(); }
    void initTestCase()
    {
        const QString path = m_dir.filePath(QStringLiteral("bus"));
        QVERIFY(m_bus.listen(path));
        connect(&m_bus, &QLocalServer::newConnection, this, [this] {
            while (QLocalSocket *socket = m_bus.nextPendingConnection())
                m_held.append(socket); // read nothing, say nothing
        });
        qputenv("DBUS_SESSION_BUS_ADDRESS", QByteArray("unix:path=") + QFile::encodeName(path));
        qputenv("XDG_CURRENT_DESKTOP", QByteArray());
    }

    void aHungServiceTimesOut()
    {
        KeyStore store;
        store.setTimeoutMs(400);
        QSignalSpy availability(&store, &KeyStore::availabilityChanged);
        Answer answer;
        QElapsedTimer clock;
        clock.start();
        store.read(QStringLiteral("openai"), this, answer.callback());
        QTRY_VERIFY_WITH_TIMEOUT(answer.count > 0, 60000);
        // Not before the time-out (a lower bound a slow machine cannot break).
        QVERIFY2(clock.elapsed() >= 350, qPrintable(QString::number(clock.elapsed())));
        QTRY_VERIFY(!m_held.isEmpty()); // it did get as far as the bus
        QCOMPARE(answer.result.status, KeyStore::Outcome::Status::Unavailable);
        QVERIFY2(answer.result.message.english().contains(QLatin1String("did not answer")),
                 qPrintable(answer.result.message.english()));
        QCOMPARE(store.availability(), KeyStore::Availability::Unavailable);
        QCOMPARE(availability.count(), 1);

        // The hung job still blocks QtKeychain's queue: later calls are answered at once, not at
        // a time-out of their own, which no test waits for.
        store.setTimeoutMs(24 * 60 * 60 * 1000);
        Answer write;
        store.write(QStringLiteral("openai"), QStringLiteral("sk-test"), this, write.callback());
        QCOMPARE(write.count, 0); // never answers before returning
        QTRY_VERIFY_WITH_TIMEOUT(write.count > 0, 60000);
        QCOMPARE(write.result.status, KeyStore::Outcome::Status::Unavailable);
        QCOMPARE(write.result.message.english(),
                 answer.result.message.english()); // the first one's reason
        // Each exactly once: a later call's answer comes after anything more they could send.
        Answer removed;
        store.remove(QStringLiteral("openai"), this, removed.callback());
        QTRY_VERIFY_WITH_TIMEOUT(removed.count > 0, 60000);
        QVERIFY(postedEventsDelivered());
        QCOMPARE(answer.count, 1);
        QCOMPARE(write.count, 1);
        QCOMPARE(removed.count, 1);
    }

    void aChatWaitingForItsKeyIsReleased()
    {
        QTemporaryDir config;
        {
            Settings settings(config.filePath(QStringLiteral("settings.ini")));
            settings.setValue(Settings::KeysInSecretStore, QStringList { QStringLiteral("groq") });
            QVERIFY(settings.sync());
        }
        KeysApp app(config.path(), {});
        // Refused at once (see above), not at a time-out of its own, which no test waits for.
        app.keys().store().setTimeoutMs(24 * 60 * 60 * 1000);
        QTest::ignoreMessage(
            QtWarningMsg,
            QRegularExpression(QStringLiteral(
                "^attache\\.engine: the keys kept in the secret store cannot be read")));
        app.keys().loadStored();
        ChatRequest request;
        request.message = QStringLiteral("hello");
        Result<Run *> run = app.engine->chat(request);
        QVERIFY(run.ok());
        QTRY_VERIFY_WITH_TIMEOUT(run.value()->isFinished(), 60000);
        QCOMPARE(run.value()->state(), Run::State::Failed);
        QCOMPARE(run.value()->error()->kind, ErrorKind::MissingApiKey);
        QVERIFY(!app.keys().isLoading());
    }
};

QTEST_GUILESS_MAIN(TestKeyStoreStuck)
#include "tst_keystore_stuck.moc"
