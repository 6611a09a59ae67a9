// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Keys with no secret service to keep them (no D-Bus session bus), through the real QtKeychain
// jobs: the store says so at once, a key typed in works for this run but never reaches the config
// file unless the user chooses it, and a chosen config-file key survives a restart.
#include "attachewarnings.h"
#include "eventorder.h"
#include "fakeprovider.h"
#include "keystoretesting.h"

#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestKeyStore : public QObject
{
    Q_OBJECT

private:
    // Longer than any test runs: an answer before it is not the time-out's.
    static constexpr int NeverMs = 24 * 60 * 60 * 1000;
    static inline const QString UnreadKeysWarning =
        QStringLiteral("^attache\\.engine: the keys kept in the secret store cannot be read");
    QTemporaryDir m_busDir;
    std::unique_ptr<QTemporaryDir> m_config;
    QString configDir() const { return m_config->path(); }
    QByteArray settingsFile() const
    {
        QFile file(configDir() + QLatin1String("/settings.ini"));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static QProcessEnvironment env(std::initializer_list<std::pair<const char *, QString>> vars)
    {
        QProcessEnvironment environment;
        for (const auto &var : vars)
            environment.insert(QLatin1String(var.first), var.second);
        return environment;
    }
    /** A chat through the current provider, to its end. */
    static Run *chat(Engine &engine)
    {
        ChatRequest request;
        request.message = QStringLiteral("hello");
        Result<Run *> run = engine.chat(request);
        if (!run.ok())
            qWarning("chat failed: %s", qPrintable(run.error().message));
        return run.ok() ? run.value() : nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // A session bus that is not there, whatever the machine running the tests has.
        qputenv("DBUS_SESSION_BUS_ADDRESS",
                QByteArray("unix:path=")
                    + QFile::encodeName(m_busDir.filePath(QStringLiteral("none"))));
        qputenv("XDG_CURRENT_DESKTOP", QByteArray());
    }
    void init()
    {
        failOnAttacheWarnings();
        m_config = std::make_unique<QTemporaryDir>();
    }

    void noSecretServiceIsReportedAtOnce_data()
    {
        QTest::addColumn<QString>("operation");
        QTest::newRow("read") << QStringLiteral("read");
        QTest::newRow("write") << QStringLiteral("write");
        QTest::newRow("remove") << QStringLiteral("remove");
    }
    void noSecretServiceIsReportedAtOnce()
    {
        QFETCH(QString, operation);
        KeyStore store;
        // A time-out no test waits for: an answer, then, is the failure itself.
        store.setTimeoutMs(NeverMs);
        QSignalSpy availability(&store, &KeyStore::availabilityChanged);
        QCOMPARE(store.availability(), KeyStore::Availability::Unknown);
        Answer answer;
        if (operation == QLatin1String("read"))
            store.read(QStringLiteral("openai"), this, answer.callback());
        else if (operation == QLatin1String("write"))
            store.write(QStringLiteral("openai"), QStringLiteral("sk-test"), this,
                        answer.callback());
        else
            store.remove(QStringLiteral("openai"), this, answer.callback());
        QCOMPARE(answer.count, 0); // never answers before returning
        QTRY_VERIFY_WITH_TIMEOUT(answer.count > 0, 60000);
        QCOMPARE(answer.count, 1);
        QCOMPARE(answer.result.status, KeyStore::Outcome::Status::Unavailable);
        QVERIFY2(answer.result.message.english().contains(QLatin1String("secret service")),
                 qPrintable(answer.result.message.english()));
        QCOMPARE(store.availability(), KeyStore::Availability::Unavailable);
        QCOMPARE(store.unavailableReason().english(), answer.result.message.english());
        QVERIFY2(!answer.result.message.english().contains(QLatin1String("did not answer")),
                 qPrintable(answer.result.message.english()));
        QCOMPARE(availability.count(), 1);
        // Exactly once: a later call's answer comes after anything more the first could send.
        Answer later;
        store.read(QStringLiteral("groq"), this, later.callback());
        QTRY_VERIFY_WITH_TIMEOUT(later.count > 0, 60000);
        QVERIFY(postedEventsDelivered());
        QCOMPARE(answer.count, 1);
        QCOMPARE(later.count, 1);
        QCOMPARE(availability.count(), 1);
    }

    void aCallerThatIsGoneIsNotCalled()
    {
        KeyStore store;
        Answer answer;
        auto *caller = new QObject;
        store.read(QStringLiteral("openai"), caller, answer.callback());
        delete caller;
        QTRY_COMPARE(store.availability(), KeyStore::Availability::Unavailable);
        QCOMPARE(answer.count, 0);
    }

    void typedKeyWorksForThisRunButIsNotWritten()
    {
        {
            KeysApp app(configDir(), {});
            Answer saved;
            app.keys().save(QStringLiteral("mistral"), QStringLiteral("sk-mistral-typed"), this,
                            saved.callback());
            // Usable at once, before the store has answered.
            QCOMPARE(app.entry(QStringLiteral("mistral")).apiKey,
                     QStringLiteral("sk-mistral-typed"));
            QCOMPARE(app.keys().source(QStringLiteral("mistral")), KeySource::ThisRun);
            QTRY_VERIFY(saved.count > 0);
            QCOMPARE(saved.result.status, KeyStore::Outcome::Status::Unavailable);
            QVERIFY(!saved.result.message.isEmpty());
            QCOMPARE(app.keys().source(QStringLiteral("mistral")), KeySource::ThisRun);
            QVERIFY(app.settings.sync());
            QVERIFY(!app.keys().isInSecretStore(QStringLiteral("mistral")));
        }
        QVERIFY(!settingsFile().contains("sk-mistral-typed"));
        KeysApp restarted(configDir(), {});
        QCOMPARE(restarted.keys().source(QStringLiteral("mistral")), KeySource::None);
        QVERIFY(!restarted.entry(QStringLiteral("mistral")).hasApiKey());
    }

    void configFileByChoiceSurvivesARestart()
    {
        FakeProvider fake;
        QVERIFY(fake.listen());
        const QProcessEnvironment environment =
            env({ { "ATTACHE_MISTRAL_BASE_URL", fake.baseUrl().toString() } });
        {
            KeysApp app(configDir(), environment);
            Answer saved;
            app.keys().save(QStringLiteral("mistral"), QStringLiteral("sk-mistral-file"), this,
                            saved.callback());
            QTRY_VERIFY(saved.count > 0);
            QVERIFY(!saved.result.ok());
            const Status stored = app.keys().storeInConfigFile(QStringLiteral("mistral"));
            QVERIFY2(stored.ok(), stored.ok() ? "" : qPrintable(stored.error().message));
            QCOMPARE(app.keys().source(QStringLiteral("mistral")), KeySource::ConfigFile);
        }
        QVERIFY(settingsFile().contains("sk-mistral-file"));
        const QFile::Permissions ownerOnly = QFile::ReadOwner | QFile::WriteOwner;
        const QFile::Permissions others = QFile::ReadGroup | QFile::WriteGroup | QFile::ExeGroup
            | QFile::ReadOther | QFile::WriteOther | QFile::ExeOther;
        const QFileInfo file(configDir() + QLatin1String("/settings.ini"));
        QCOMPARE(file.permissions() & (ownerOnly | others | QFile::ExeOwner), ownerOnly);
        QCOMPARE(QFileInfo(configDir()).permissions() & others, QFile::Permissions());

        KeysApp restarted(configDir(), environment);
        QCOMPARE(restarted.keys().source(QStringLiteral("mistral")), KeySource::ConfigFile);
        QVERIFY(restarted.engine->setProvider(QStringLiteral("mistral")).ok());
        Run *run = chat(*restarted.engine);
        QVERIFY(run);
        QTRY_VERIFY(run->isFinished());
        QCOMPARE(run->state(), Run::State::Done);
        QCOMPARE(fake.authorizationHeaders().value(0), QByteArray("Bearer sk-mistral-file"));

        // Later settings writes keep the file private.
        QVERIFY(restarted.engine->setModel(QStringLiteral("another-model")).ok());
        QCOMPARE(QFileInfo(file.filePath()).permissions() & others, QFile::Permissions());
    }

    void configFileCreatedPrivateFromTheStart()
    {
        const QString folder = configDir() + QLatin1String("/attache");
        KeysApp app(folder, {});
        QVERIFY(app.keys().storeInConfigFile(QStringLiteral("groq"), QStringLiteral("gsk-1")).ok());
        QCOMPARE(QFileInfo(folder).permissions()
                     & (QFile::ReadGroup | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther),
                 QFile::Permissions());
        QCOMPARE(QFileInfo(folder + QLatin1String("/settings.ini")).permissions()
                     & (QFile::ReadGroup | QFile::ReadOther),
                 QFile::Permissions());
    }

    void nothingToStoreIsRefused()
    {
        KeysApp app(configDir(), {});
        const Status stored = app.keys().storeInConfigFile(QStringLiteral("mistral"));
        QVERIFY(!stored.ok());
        QVERIFY(!stored.error().message.isEmpty());
        QVERIFY(!settingsFile().contains("[keys]"));
    }

    void environmentKeyWins()
    {
        const QProcessEnvironment environment =
            env({ { "MISTRAL_API_KEY", QStringLiteral("sk-from-env") } });
        {
            KeysApp app(configDir(), environment);
            QCOMPARE(app.keys().source(QStringLiteral("mistral")), KeySource::Environment);
            QVERIFY(
                app.keys()
                    .storeInConfigFile(QStringLiteral("mistral"), QStringLiteral("sk-from-file"))
                    .ok());
            QCOMPARE(app.entry(QStringLiteral("mistral")).apiKey, QStringLiteral("sk-from-env"));
            app.engine->setApiKey(QStringLiteral("mistral"), QStringLiteral("sk-typed"));
            QCOMPARE(app.entry(QStringLiteral("mistral")).apiKey, QStringLiteral("sk-from-env"));
        }
        KeysApp restarted(configDir(), environment);
        QCOMPARE(restarted.keys().source(QStringLiteral("mistral")), KeySource::Environment);
        QCOMPARE(restarted.entry(QStringLiteral("mistral")).apiKey, QStringLiteral("sk-from-env"));
        KeysApp withoutIt(configDir(), {});
        QCOMPARE(withoutIt.entry(QStringLiteral("mistral")).apiKey, QStringLiteral("sk-from-file"));
    }

    void forgetRemovesTheConfigFileKey()
    {
        {
            KeysApp app(configDir(), {});
            QVERIFY(
                app.keys().storeInConfigFile(QStringLiteral("groq"), QStringLiteral("gsk-2")).ok());
            QVERIFY(app.keys().hasOwnKey(QStringLiteral("groq")));
            Answer forgotten;
            app.keys().forget(QStringLiteral("groq"), this, forgotten.callback());
            QTRY_VERIFY(forgotten.count > 0);
            QVERIFY2(forgotten.result.ok(), qPrintable(forgotten.result.message.english()));
            QCOMPARE(app.keys().source(QStringLiteral("groq")), KeySource::None);
            QVERIFY(!app.keys().hasOwnKey(QStringLiteral("groq")));
        }
        QVERIFY(!settingsFile().contains("gsk-2"));
        KeysApp restarted(configDir(), {});
        QCOMPARE(restarted.keys().source(QStringLiteral("groq")), KeySource::None);
    }

    void storedKeysAreReadWithoutBlocking()
    {
        {
            Settings settings(configDir() + QLatin1String("/settings.ini"));
            settings.setValue(Settings::KeysInSecretStore,
                              QStringList { QStringLiteral("openai"), QStringLiteral("groq") });
            QVERIFY(settings.sync());
        }
        KeysApp app(configDir(), env({ { "GROQ_API_KEY", QStringLiteral("gsk-env") } }));
        app.keys().store().setTimeoutMs(NeverMs);
        QSignalSpy changed(&app.keys(), &ApiKeys::changed);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(UnreadKeysWarning));
        app.keys().loadStored();
        // Returned before the store has answered: the key is still on its way.
        QVERIFY(app.keys().isLoading(QStringLiteral("openai")));
        QVERIFY(!app.keys().isLoading(QStringLiteral("groq"))); // the environment's key wins anyway
        QVERIFY(app.engine->providers().first().keyLoading);
        QTRY_VERIFY_WITH_TIMEOUT(!app.keys().isLoading(), 60000);
        QCOMPARE(app.keys().source(QStringLiteral("openai")), KeySource::None);
        QCOMPARE(app.keys().store().availability(), KeyStore::Availability::Unavailable);
        const QString reason = app.keys().store().unavailableReason().english();
        QVERIFY2(!reason.contains(QLatin1String("did not answer")), qPrintable(reason));
        // Still listed: the key is in the store, which may be back at the next start.
        QVERIFY(app.keys().isInSecretStore(QStringLiteral("openai")));
        QVERIFY(changed.count() >= 2);
    }

    void chatSentWhileItsKeyIsReadWaitsForIt()
    {
        FakeProvider fake;
        QVERIFY(fake.listen());
        {
            Settings settings(configDir() + QLatin1String("/settings.ini"));
            settings.setValue(Settings::KeysInSecretStore,
                              QStringList { QStringLiteral("mistral") });
            settings.setValue(Settings::Provider, QStringLiteral("mistral"));
            QVERIFY(settings.sync());
        }
        KeysApp app(configDir(),
                    env({ { "ATTACHE_MISTRAL_BASE_URL", fake.baseUrl().toString() } }));
        app.keys().store().setTimeoutMs(NeverMs);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(UnreadKeysWarning));
        app.keys().loadStored(QStringLiteral("mistral"));
        bool sentWhileReading = false;
        connect(&fake, &FakeProvider::chatRequestReceived, this,
                [&] { sentWhileReading = app.keys().isLoading(); });
        Run *run = chat(*app.engine);
        QVERIFY(run);
        QCOMPARE(run->state(), Run::State::Queued); // not sent without the key it may need
        QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), 60000);
        QVERIFY(!sentWhileReading);
        QCOMPARE(run->state(),
                 Run::State::Done); // the store could not say; a local server may not care
        QCOMPARE(fake.chatRequests().size(), 1);
    }

    void chatThatNeedsTheMissingKeyFailsClearly()
    {
        {
            Settings settings(configDir() + QLatin1String("/settings.ini"));
            settings.setValue(Settings::KeysInSecretStore,
                              QStringList { QStringLiteral("mistral") });
            QVERIFY(settings.sync());
        }
        KeysApp app(configDir(), {});
        app.keys().store().setTimeoutMs(NeverMs);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(UnreadKeysWarning));
        app.keys().loadStored();
        Run *run = chat(*app.engine); // no provider usable yet: mistral's key is on its way
        QVERIFY(run);
        QCOMPARE(run->spec().providerId, QStringLiteral("mistral"));
        QCOMPARE(run->spec().model, app.entry(QStringLiteral("mistral")).defaultModel);
        QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), 60000); // answered by the failure
        QCOMPARE(run->state(), Run::State::Failed);
        QVERIFY(run->error());
        QCOMPARE(run->error()->kind, ErrorKind::MissingApiKey);
        QVERIFY2(run->error()->message.contains(QLatin1String("MISTRAL_API_KEY")),
                 qPrintable(run->error()->message));
        // Once the reads are over, a chat is refused at once, as before.
        ChatRequest request;
        request.message = QStringLiteral("again");
        QVERIFY(!app.engine->chat(request).ok());
    }
};

QTEST_GUILESS_MAIN(TestKeyStore)
#include "tst_keystore.moc"
