// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Keys in a real secret service: a private D-Bus session bus and GNOME Keyring (its keyring in a
// temporary home, unlocked with a throwaway password), never the user's own. A saved key is in the
// store and nowhere in the config file, is read back by Attache started again, and a chat sent
// before it has arrived waits for it; a keyring slow to answer still delivers the key late.
// Skipped where dbus-daemon or gnome-keyring-daemon is not installed.
#include "attachewarnings.h"
#include "fakeprovider.h"
#include "keystoretesting.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

class TestKeyStoreService : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home;
    QProcess m_bus;
    std::unique_ptr<QTemporaryDir> m_config;

    QProcessEnvironment privateSession() const
    {
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("PATH"), qEnvironmentVariable("PATH"));
        environment.insert(QStringLiteral("HOME"), m_home.path());
        environment.insert(QStringLiteral("XDG_DATA_HOME"),
                           m_home.filePath(QStringLiteral("data")));
        environment.insert(QStringLiteral("XDG_CONFIG_HOME"),
                           m_home.filePath(QStringLiteral("config")));
        environment.insert(QStringLiteral("XDG_CACHE_HOME"),
                           m_home.filePath(QStringLiteral("cache")));
        environment.insert(QStringLiteral("XDG_RUNTIME_DIR"),
                           m_home.filePath(QStringLiteral("run")));
        return environment;
    }
    QString busAddress() const
    {
        return QStringLiteral("unix:path=") + m_home.filePath(QStringLiteral("bus"));
    }
    QString settingsPath() const { return m_config->filePath(QStringLiteral("settings.ini")); }

private:
    // How long the keyring is given to answer where it should: a busy machine is no reason for
    // the store's time-out to cut in.
    static constexpr int AnswerMs = 60000;

private Q_SLOTS:
    void initTestCase()
    {
        const QString daemon = QStandardPaths::findExecutable(QStringLiteral("dbus-daemon"));
        const QString keyring =
            QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
        QVERIFY2(!daemon.isEmpty() && !keyring.isEmpty(),
                 "needs dbus-daemon and gnome-keyring-daemon (scripts/setup.sh installs them)");
        QVERIFY(QDir(m_home.path())
                    .mkdir(QStringLiteral("run"),
                           QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

        m_bus.setProcessEnvironment(privateSession());
        m_bus.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        m_bus.start(daemon,
                    { QStringLiteral("--session"), QStringLiteral("--nofork"),
                      QStringLiteral("--address=") + busAddress() });
        QVERIFY(m_bus.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(m_home.filePath(QStringLiteral("bus"))), AnswerMs);

        // Creates and unlocks a "login" keyring in the temporary home; returns once it serves.
        QProcess unlock;
        QProcessEnvironment environment = privateSession();
        environment.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), busAddress());
        unlock.setProcessEnvironment(environment);
        unlock.start(keyring,
                     { QStringLiteral("--unlock"), QStringLiteral("--components=secrets") });
        QVERIFY(unlock.waitForStarted());
        unlock.write("throwaway-password");
        unlock.closeWriteChannel();
        QVERIFY(unlock.waitForFinished(10000));
        QCOMPARE(unlock.exitCode(), 0);

        qputenv("DBUS_SESSION_BUS_ADDRESS", busAddress().toUtf8());
        qputenv("XDG_CURRENT_DESKTOP", QByteArray());
    }
    void cleanupTestCase()
    {
        // The keyring daemon leaves with its bus.
        m_bus.terminate();
        m_bus.waitForFinished();
    }
    void init()
    {
        failOnAttacheWarnings();
        m_config = std::make_unique<QTemporaryDir>();
    }

    void savedKeyIsReadBackAtTheNextStart()
    {
        {
            KeysApp app(m_config->path(), {});
            app.keys().store().setTimeoutMs(AnswerMs);
            Answer saved;
            app.keys().save(QStringLiteral("mistral"), QStringLiteral("sk-in-keyring"), this,
                            saved.callback());
            QTRY_VERIFY_WITH_TIMEOUT(saved.count > 0, AnswerMs);
            QVERIFY2(saved.result.ok(), qPrintable(saved.result.message.english()));
            QCOMPARE(app.keys().source(QStringLiteral("mistral")), KeySource::SecretStore);
            QCOMPARE(app.keys().store().availability(), KeyStore::Availability::Available);
            QVERIFY(app.keys().isInSecretStore(QStringLiteral("mistral")));
        }
        QFile file(settingsPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("sk-in-keyring"));

        KeysApp restarted(m_config->path(), {});
        restarted.keys().store().setTimeoutMs(AnswerMs);
        QVERIFY(!restarted.entry(QStringLiteral("mistral")).hasApiKey()); // not before it is read
        restarted.keys().loadStored();
        QTRY_VERIFY_WITH_TIMEOUT(!restarted.keys().isLoading(), AnswerMs);
        QCOMPARE(restarted.entry(QStringLiteral("mistral")).apiKey,
                 QStringLiteral("sk-in-keyring"));
        QCOMPARE(restarted.keys().source(QStringLiteral("mistral")), KeySource::SecretStore);

        Answer forgotten;
        restarted.keys().forget(QStringLiteral("mistral"), this, forgotten.callback());
        QTRY_VERIFY_WITH_TIMEOUT(forgotten.count > 0, AnswerMs);
        QVERIFY2(forgotten.result.ok(), qPrintable(forgotten.result.message.english()));
        Answer read;
        restarted.keys().store().read(QStringLiteral("mistral"), this, read.callback());
        QTRY_VERIFY_WITH_TIMEOUT(read.count > 0, AnswerMs);
        QCOMPARE(read.result.status, KeyStore::Outcome::Status::NotFound);
    }

    void chatSentBeforeItsKeyArrivesUsesIt()
    {
        FakeProvider fake;
        QVERIFY(fake.listen());
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("ATTACHE_GROQ_BASE_URL"), fake.baseUrl().toString());
        {
            KeysApp app(m_config->path(), environment);
            app.keys().store().setTimeoutMs(AnswerMs);
            Answer saved;
            app.keys().save(QStringLiteral("groq"), QStringLiteral("gsk-from-keyring"), this,
                            saved.callback());
            QTRY_VERIFY_WITH_TIMEOUT(saved.count > 0, AnswerMs);
            QVERIFY(saved.result.ok());
            QVERIFY(app.engine->setProvider(QStringLiteral("groq")).ok());
        }
        KeysApp restarted(m_config->path(), environment);
        restarted.keys().store().setTimeoutMs(AnswerMs);
        restarted.keys().loadStored(QStringLiteral("groq"));
        ChatRequest request;
        request.message = QStringLiteral("hello");
        Result<Run *> run = restarted.engine->chat(request);
        QVERIFY(run.ok());
        QTRY_VERIFY_WITH_TIMEOUT(run.value()->isFinished(), AnswerMs);
        QCOMPARE(run.value()->state(), Run::State::Done);
        QCOMPARE(fake.authorizationHeaders().value(0), QByteArray("Bearer gsk-from-keyring"));
    }

    void slowKeyringStillDeliversTheKey()
    {
        {
            KeysApp app(m_config->path(), {});
            app.keys().store().setTimeoutMs(AnswerMs);
            Answer saved;
            app.keys().save(QStringLiteral("openrouter"), QStringLiteral("or-late"), this,
                            saved.callback());
            QTRY_VERIFY_WITH_TIMEOUT(saved.count > 0, AnswerMs);
            QVERIFY(saved.result.ok());
        }
        KeysApp restarted(m_config->path(), {});
        restarted.keys().store().setTimeoutMs(300);
        ::kill(pid_t(m_bus.processId()), SIGSTOP); // the bus stops answering for a while
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral(
                                 "^attache\\.engine: the keys kept in the secret store cannot be "
                                 "read: The secret service did not answer")));
        restarted.keys().loadStored();
        QTRY_VERIFY_WITH_TIMEOUT(!restarted.keys().isLoading(), AnswerMs);
        QCOMPARE(restarted.keys().store().availability(), KeyStore::Availability::Unavailable);
        QVERIFY(!restarted.entry(QStringLiteral("openrouter")).hasApiKey());
        ::kill(pid_t(m_bus.processId()), SIGCONT);
        QTRY_COMPARE_WITH_TIMEOUT(restarted.entry(QStringLiteral("openrouter")).apiKey,
                                  QStringLiteral("or-late"), AnswerMs);
        QCOMPARE(restarted.keys().store().availability(), KeyStore::Availability::Available);
    }
};

QTEST_GUILESS_MAIN(TestKeyStoreService)
#include "tst_keystore_service.moc"
