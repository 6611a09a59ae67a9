// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The provider panel against the fake provider: providers with their key status, the model
// list from /models (or the catalog's, with a warning), key entry with no secret service to keep
// keys (the fallback explained, the config file only by choice), forgetting a key, a provider's
// server address, and the connection test.
#include "attachewarnings.h"
#include "fakeprovider.h"
#include "providerpanel.h"
#include "testengine.h"

#include <QApplication>
#include <QComboBox>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

class TestProviderPanel : public QObject
{
    Q_OBJECT

private:
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<TestEngine> m_test;
    std::unique_ptr<ProviderPanel> m_panel;

    Engine &engine() { return *m_test->engine; }
    void showPanel()
    {
        m_panel = std::make_unique<ProviderPanel>(engine());
        m_panel->resize(320, 400);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    }
    QStringList items(QComboBox *combo) const
    {
        QStringList out;
        for (int i = 0; i < combo->count(); ++i)
            out.append(combo->itemText(i));
        return out;
    }
    QString itemFor(const QString &providerId) const
    {
        QComboBox *combo = m_panel->providerCombo();
        const int index = combo->findData(providerId);
        return index < 0 ? QString() : combo->itemText(index);
    }
    void choose(QComboBox *combo, int index)
    {
        combo->setCurrentIndex(index);
        Q_EMIT combo->activated(index);
    }
    void chooseProvider(const QString &id)
    {
        choose(m_panel->providerCombo(), m_panel->providerCombo()->findData(id));
        QCOMPARE(engine().currentProviderId(), id);
    }
    /** Picks a provider in the list without switching to it (its key and server show). */
    void selectProvider(const QString &id)
    {
        m_panel->providerCombo()->setCurrentIndex(m_panel->providerCombo()->findData(id));
    }
    /** Types a key and saves it; waits for the secret store's answer. */
    void saveKey(const QString &key)
    {
        QTest::keyClicks(m_panel->keyEdit(), key);
        m_panel->saveKeyButton()->click();
        QVERIFY(m_panel->keyEdit()->text().isEmpty());
        QTRY_VERIFY(!m_panel->isSavingKey());
    }
    QString settingsPath() const { return m_test->dir.filePath(QStringLiteral("settings.ini")); }
    QByteArray settingsFile()
    {
        m_test->settings.sync();
        QFile file(settingsPath());
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    /** Attache started again on the same settings file. */
    struct Restarted
    {
        Restarted(const QString &settingsPath, const QProcessEnvironment &environment)
            : settings(settingsPath)
        {
            catalog = ProviderCatalog::load({}, environment);
            engine = std::make_unique<Engine>(catalog, settings);
        }
        Settings settings;
        ProviderCatalog catalog;
        std::unique_ptr<Engine> engine;
    };
    QTemporaryDir m_busDir;
    QProcessEnvironment m_env;

private Q_SLOTS:
    void initTestCase()
    {
        // No secret service, whatever the machine: keys typed here never reach a real keyring.
        qputenv("DBUS_SESSION_BUS_ADDRESS",
                QByteArray("unix:path=")
                    + QFile::encodeName(m_busDir.filePath(QStringLiteral("none"))));
        qputenv("XDG_CURRENT_DESKTOP", QByteArray());
    }
    void init()
    {
        failOnAttacheWarnings();
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_env = TestEngine::pointingAt(m_fake->baseUrl());
        m_env.insert(QStringLiteral("GROQ_API_KEY"), QStringLiteral("gsk-test"));
        // Keys typed for Perplexity go to the fake, never to the real service.
        m_env.insert(QStringLiteral("ATTACHE_PERPLEXITY_BASE_URL"), m_fake->baseUrl().toString());
        m_test = std::make_unique<TestEngine>(m_env);
    }
    void cleanup()
    {
        m_panel.reset();
        m_test.reset();
        delete m_fake;
    }

    void providersShowTheirKeyStatus()
    {
        showPanel();
        QCOMPARE(m_panel->providerCombo()->count(), int(engine().catalog().providers().size()));
        QVERIFY2(itemFor(QStringLiteral("openai")).endsWith(QLatin1String("(local)")),
                 qPrintable(itemFor(QStringLiteral("openai"))));
        QVERIFY2(itemFor(QStringLiteral("groq")).endsWith(QLatin1String("(key from environment)")),
                 qPrintable(itemFor(QStringLiteral("groq"))));
        QVERIFY2(itemFor(QStringLiteral("mistral")).endsWith(QLatin1String("(needs key)")),
                 qPrintable(itemFor(QStringLiteral("mistral"))));
        QCOMPARE(m_panel->providerCombo()->currentData().toString(), engine().currentProviderId());

        selectProvider(QStringLiteral("groq")); // its server is a real one
        QVERIFY2(m_panel->keyStatus()->text().contains(QLatin1String("GROQ_API_KEY")),
                 qPrintable(m_panel->keyStatus()->text()));
        QVERIFY(!m_panel->forgetKeyButton()->isEnabled()); // not Attache's to forget
        chooseProvider(QStringLiteral("mistral"));
        QVERIFY2(m_panel->keyStatus()->text().contains(QLatin1String("MISTRAL_API_KEY")),
                 qPrintable(m_panel->keyStatus()->text()));
        QVERIFY(m_panel->storeFallback()->isHidden()); // nothing has failed yet
    }

    void firstRunOffersAProviderForItsKey()
    {
        // No key and no local server anywhere: what a new user sees on the first start.
        m_test = std::make_unique<TestEngine>(QProcessEnvironment());
        QVERIFY(engine().currentProviderId().isEmpty());
        showPanel();
        QComboBox *providers = m_panel->providerCombo();
        QCOMPARE(providers->count(), int(engine().catalog().providers().size()));
        QVERIFY2(providers->currentIndex() >= 0, "the provider box must not be empty");
        QVERIFY(!providers->currentText().isEmpty());
        QVERIFY(m_panel->keyEdit()->isEnabled());
        // No red error about a model list nobody can have yet.
        QVERIFY(m_panel->modelWarning()->isHidden());
        QVERIFY(!m_panel->modelCombo()->isEnabled());
    }

    void keysBeingReadAreShown()
    {
        m_test->settings.setValue(Settings::KeysInSecretStore,
                                  QStringList { QStringLiteral("mistral") });
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral(
                                 "^attache\\.engine: the keys kept in the secret store cannot be "
                                 "read")));
        engine().keys().loadStored();
        showPanel();
        QVERIFY2(itemFor(QStringLiteral("mistral")).endsWith(QStringLiteral("(reading key…)")),
                 qPrintable(itemFor(QStringLiteral("mistral"))));
        QTRY_VERIFY2(itemFor(QStringLiteral("mistral")).endsWith(QLatin1String("(needs key)")),
                     qPrintable(itemFor(QStringLiteral("mistral"))));
    }

    void modelsComeFromTheProvider()
    {
        QVERIFY(engine().setProvider(QStringLiteral("openai")).ok());
        showPanel();
        QTRY_VERIFY(!m_panel->isLoadingModels());
        QComboBox *models = m_panel->modelCombo();
        QVERIFY2(items(models).contains(QStringLiteral("fake-model")),
                 qPrintable(items(models).join(u',')));
        QVERIFY(items(models).contains(QStringLiteral("fake-model-large")));
        // The catalog's default is not among them: kept, but the user is told so.
        const QString unlisted = engine().currentModel();
        QVERIFY(m_panel->modelWarning()->isVisible());
        QVERIFY2(m_panel->modelWarning()->text().contains(unlisted)
                     && m_panel->modelWarning()->text().contains(QLatin1String("2")),
                 qPrintable(m_panel->modelWarning()->text()));
        choose(models, models->findData(QStringLiteral("fake-model-large")));
        QCOMPARE(engine().currentModel(), QStringLiteral("fake-model-large"));
        QVERIFY(m_panel->modelWarning()->isHidden());
    }

    void testConnectionRefreshesTheListAndClearsTheError()
    {
        QVERIFY(engine().setProvider(QStringLiteral("openai")).ok());
        QVERIFY(engine().setModel(QStringLiteral("fake-model")).ok());
        m_fake->setModelsStatus(500);
        showPanel();
        QTRY_VERIFY(!m_panel->isLoadingModels());
        QVERIFY(m_panel->modelWarning()->isVisible()); // the catalog's list, and why
        QVERIFY(!items(m_panel->modelCombo()).contains(QStringLiteral("fake-model-large")));

        m_fake->setModelsStatus(200);
        m_panel->testButton()->click();
        QTRY_VERIFY(m_panel->testResult()->text().startsWith(QLatin1String("Connected")));
        QVERIFY(m_panel->modelWarning()->isHidden());
        QVERIFY2(items(m_panel->modelCombo()).contains(QStringLiteral("fake-model-large")),
                 qPrintable(items(m_panel->modelCombo()).join(u',')));
        QCOMPARE(m_panel->modelCombo()->currentData().toString(), QStringLiteral("fake-model"));
    }

    void addAnApiKeyOpensTheKeyField()
    {
        showPanel();
        m_panel->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_panel.get()));
        selectProvider(QStringLiteral("perplexity"));
        m_panel->focusKey();
        QCOMPARE(m_panel->providerCombo()->currentData().toString(), QStringLiteral("perplexity"));
        QTRY_COMPARE(QApplication::focusWidget(), m_panel->keyEdit());
    }

    void useALocalServerFindsOneAndSetsItUp()
    {
        showPanel();
        const QString before = engine().currentProviderId();
        QVERIFY(before != QLatin1String("llamacpp"));
        // Nothing on the first port, the fake (as llama.cpp) on the second.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost));
        const quint16 nobody = closed.serverPort();
        closed.close();
        m_panel->setLocalServerCandidates(
            { { QStringLiteral("ollama"), QStringLiteral("Ollama"),
                QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(nobody)) },
              { QStringLiteral("llamacpp"), QStringLiteral("llama.cpp"), m_fake->baseUrl() } });
        m_panel->findLocalServer();
        QTRY_VERIFY(!m_panel->isFindingServer());
        QVERIFY2(m_panel->findServerResult()->text().contains(QLatin1String("llama.cpp")),
                 qPrintable(m_panel->findServerResult()->text()));
        QCOMPARE(engine().currentProviderId(), QStringLiteral("llamacpp"));
        QCOMPARE(engine().catalog().find(QStringLiteral("llamacpp"))->baseUrl, m_fake->baseUrl());

        // None answering: the user is told where it looked and what to do.
        m_panel->setLocalServerCandidates(
            { { QStringLiteral("ollama"), QStringLiteral("Ollama"),
                QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(nobody)) } });
        m_panel->findLocalServer();
        QTRY_VERIFY(!m_panel->isFindingServer());
        QVERIFY2(m_panel->findServerResult()->text().startsWith(QLatin1String("No local server")),
                 qPrintable(m_panel->findServerResult()->text()));
        QCOMPARE(engine().currentProviderId(), QStringLiteral("llamacpp"));
    }

    void loadingIsShownWhileModelsArrive()
    {
        QVERIFY(engine().setProvider(QStringLiteral("openai")).ok());
        showPanel();
        QVERIFY(m_panel->isLoadingModels());
        QCOMPARE(m_panel->modelCombo()->currentText(), QStringLiteral("loading…"));
        QVERIFY(!m_panel->modelCombo()->isEnabled());
        QTRY_VERIFY(!m_panel->isLoadingModels());
        QVERIFY(m_panel->modelCombo()->isEnabled());
    }

    void keyArrivingLaterReloadsTheModels()
    {
        QVERIFY(engine().setProvider(QStringLiteral("openai")).ok());
        showPanel();
        QTRY_VERIFY(!m_panel->isLoadingModels());
        const int asked = m_fake->modelsRequestCount();
        // Another provider's key: the panel does not start loading (it would show so at once).
        engine().setApiKey(QStringLiteral("groq"), QStringLiteral("gsk-other")); // not the current
        QVERIFY(!m_panel->isLoadingModels());
        engine().setApiKey(QStringLiteral("openai"), QStringLiteral("sk-late")); // as a read key
        QVERIFY(m_panel->isLoadingModels());
        QTRY_VERIFY_WITH_TIMEOUT(!m_panel->isLoadingModels(), 30000);
        QCOMPARE(m_fake->modelsRequestCount(), asked + 1);
    }

    void noModelsEndpointFallsBackToTheCatalog()
    {
        m_fake->setModelsStatus(404);
        QVERIFY(engine().setProvider(QStringLiteral("openai")).ok());
        showPanel();
        QTRY_VERIFY(!m_panel->isLoadingModels());
        QVERIFY(!items(m_panel->modelCombo()).contains(QStringLiteral("fake-model")));
        QVERIFY(m_panel->modelCombo()->count() > 0);
        const ProviderEntry *entry = engine().catalog().find(QStringLiteral("openai"));
        QCOMPARE(m_panel->modelCombo()->count() >= entry->models.size(), true);
        QVERIFY(m_panel->modelWarning()->isVisible());
        QVERIFY(!m_panel->modelWarning()->text().isEmpty());
    }

    void switchingProviderChangesTheEngine()
    {
        QVERIFY(engine().setProvider(QStringLiteral("openai")).ok());
        showPanel();
        QComboBox *providers = m_panel->providerCombo();
        choose(providers, providers->findData(QStringLiteral("groq")));
        QCOMPARE(engine().currentProviderId(), QStringLiteral("groq"));
        QCOMPARE(providers->currentData().toString(), QStringLiteral("groq"));
        choose(providers, providers->findData(QStringLiteral("openai")));
        QCOMPARE(engine().currentProviderId(), QStringLiteral("openai"));
        QTRY_VERIFY(!m_panel->isLoadingModels());
        QVERIFY(items(m_panel->modelCombo()).contains(QStringLiteral("fake-model")));
    }

    void savedKeyChangesTheStatus()
    {
        showPanel();
        chooseProvider(QStringLiteral("perplexity"));
        QCOMPARE(m_panel->keyEdit()->echoMode(), QLineEdit::Password);
        QVERIFY(!m_panel->keyEdit()->toolTip().isEmpty());
        QVERIFY(!m_panel->saveKeyButton()->isEnabled());
        QTest::keyClicks(m_panel->keyEdit(), QStringLiteral("pplx-typed"));
        m_panel->saveKeyButton()->click();
        QVERIFY(m_panel->keyEdit()->text().isEmpty());
        // In use at once, before the secret store has answered.
        QCOMPARE(engine().catalog().find(QStringLiteral("perplexity"))->apiKey,
                 QStringLiteral("pplx-typed"));
        QVERIFY2(
            itemFor(QStringLiteral("perplexity")).endsWith(QLatin1String("(key for this run)")),
            qPrintable(itemFor(QStringLiteral("perplexity"))));
        QTRY_VERIFY(!m_panel->isSavingKey());
        QVERIFY(m_panel->forgetKeyButton()->isEnabled());
        ChatRequest request;
        request.message = QStringLiteral("hi");
        Result<Run *> run = engine().chat(request);
        QVERIFY(run.ok());
        QTRY_VERIFY(run.value()->isFinished());
        QCOMPARE(m_fake->authorizationHeaders().value(0), QByteArray("Bearer pplx-typed"));
    }

    void noSecretServiceIsExplained()
    {
        showPanel();
        chooseProvider(QStringLiteral("perplexity"));
        saveKey(QStringLiteral("pplx-unstored"));
        QVERIFY(m_panel->storeFallback()->isVisible());
        const QString explanation = m_panel->storeFallbackText()->text();
        QVERIFY2(explanation.contains(QLatin1String("secret service")), qPrintable(explanation));
        QVERIFY2(explanation.contains(QLatin1String("PERPLEXITY_API_KEY")),
                 qPrintable(explanation));
        QVERIFY2(explanation.contains(QLatin1String("anyone who can read your files")),
                 qPrintable(explanation));
        QVERIFY(m_panel->storeInConfigButton()->isEnabled());
        QVERIFY2(m_panel->keyStatus()->text().contains(QLatin1String("not stored")),
                 qPrintable(m_panel->keyStatus()->text()));
        // Never written without the choice.
        QVERIFY(!settingsFile().contains("pplx-unstored"));
        Restarted again(settingsPath(), m_env);
        QVERIFY(!again.catalog.find(QStringLiteral("perplexity"))->hasApiKey());

        // Another provider whose key is in the environment has nothing to explain.
        selectProvider(QStringLiteral("groq")); // its server is a real one
        QVERIFY(m_panel->storeFallback()->isHidden());
    }

    void configFileIsTheUsersChoice()
    {
        showPanel();
        chooseProvider(QStringLiteral("perplexity"));
        saveKey(QStringLiteral("pplx-in-file"));
        QVERIFY(m_panel->storeFallback()->isVisible());
        m_panel->storeInConfigButton()->click();
        QVERIFY2(
            itemFor(QStringLiteral("perplexity")).endsWith(QLatin1String("(key in config file)")),
            qPrintable(itemFor(QStringLiteral("perplexity"))));
        QVERIFY2(m_panel->keyStatus()->text().contains(QLatin1String("config file")),
                 qPrintable(m_panel->keyStatus()->text()));
        QVERIFY(m_panel->storeFallback()->isHidden());
        QVERIFY(settingsFile().contains("pplx-in-file"));

        Restarted again(settingsPath(), m_env);
        QCOMPARE(again.catalog.find(QStringLiteral("perplexity"))->apiKey,
                 QStringLiteral("pplx-in-file"));
        QCOMPARE(again.catalog.find(QStringLiteral("perplexity"))->keySource,
                 KeySource::ConfigFile);

        // Forgetting it takes it out of the file.
        m_panel->forgetKeyButton()->click();
        QTRY_VERIFY(m_panel->keyResult()->text().contains(QLatin1String("forgotten")));
        QVERIFY(!engine().catalog().find(QStringLiteral("perplexity"))->hasApiKey());
        QVERIFY(!m_panel->forgetKeyButton()->isEnabled());
        QVERIFY(!settingsFile().contains("pplx-in-file"));
        QVERIFY(itemFor(QStringLiteral("perplexity")).endsWith(QLatin1String("(local)")));
    }

    void typedKeyCanGoStraightToTheConfigFile()
    {
        showPanel();
        chooseProvider(QStringLiteral("perplexity"));
        saveKey(QStringLiteral("pplx-first")); // learns that there is no secret service
        QTest::keyClicks(m_panel->keyEdit(), QStringLiteral("pplx-second"));
        QVERIFY(m_panel->storeInConfigButton()->isEnabled());
        m_panel->storeInConfigButton()->click();
        QVERIFY(m_panel->keyEdit()->text().isEmpty());
        QCOMPARE(engine().catalog().find(QStringLiteral("perplexity"))->apiKey,
                 QStringLiteral("pplx-second"));
        QVERIFY(settingsFile().contains("pplx-second"));
        QVERIFY(!settingsFile().contains("pplx-first"));
    }

    void serverAddressIsSavedAndUsed()
    {
        FakeProvider local;
        QVERIFY(local.listen());
        local.setModels({ QStringLiteral("local-model") });
        showPanel();
        chooseProvider(QStringLiteral("llamacpp"));
        QLineEdit *url = m_panel->baseUrlEdit();
        QVERIFY(url->text().isEmpty());
        QCOMPARE(url->placeholderText(), QStringLiteral("http://127.0.0.1:8080/v1"));
        url->setText(local.baseUrl().toString() + QLatin1Char('/'));
        Q_EMIT url->editingFinished();
        QCOMPARE(url->text(), local.baseUrl().toString()); // as saved
        QVERIFY(m_panel->baseUrlNote()->isHidden());
        QCOMPARE(engine().catalog().find(QStringLiteral("llamacpp"))->baseUrl, local.baseUrl());
        QTRY_VERIFY(!m_panel->isLoadingModels());
        QVERIFY2(items(m_panel->modelCombo()).contains(QStringLiteral("local-model")),
                 qPrintable(items(m_panel->modelCombo()).join(u',')));

        ChatRequest request;
        request.message = QStringLiteral("hi");
        Result<Run *> run = engine().chat(request);
        QVERIFY(run.ok());
        QTRY_VERIFY(run.value()->isFinished());
        QCOMPARE(run.value()->state(), Run::State::Done);
        QCOMPARE(local.chatRequests().size(), 1);
        QCOMPARE(m_fake->chatRequests().size(), 0);

        Restarted again(settingsPath(), m_env);
        const ProviderEntry *entry = again.catalog.find(QStringLiteral("llamacpp"));
        QCOMPARE(entry->baseUrl, local.baseUrl());
        QCOMPARE(entry->baseUrlSource, ProviderEntry::BaseUrlSource::Settings);

        // Emptied: back to the catalog's address.
        url->clear();
        Q_EMIT url->editingFinished();
        QCOMPARE(engine().catalog().find(QStringLiteral("llamacpp"))->baseUrl,
                 QUrl(QStringLiteral("http://127.0.0.1:8080/v1")));
    }

    void badServerAddressIsRefused()
    {
        showPanel();
        chooseProvider(QStringLiteral("ollama"));
        m_panel->baseUrlEdit()->setText(QStringLiteral("localhost 11434"));
        Q_EMIT m_panel->baseUrlEdit()->editingFinished();
        QVERIFY(m_panel->baseUrlNote()->isVisible());
        QVERIFY2(m_panel->baseUrlNote()->text().contains(QLatin1String("http")),
                 qPrintable(m_panel->baseUrlNote()->text()));
        QCOMPARE(engine().catalog().find(QStringLiteral("ollama"))->baseUrl,
                 QUrl(QStringLiteral("http://127.0.0.1:11434/v1")));
        QVERIFY(m_test->settings.baseUrl(QStringLiteral("ollama")).isEmpty());
    }

    void environmentAddressWins()
    {
        showPanel();
        chooseProvider(QStringLiteral("openai"));
        QVERIFY(m_panel->baseUrlNote()->isVisible());
        QVERIFY2(m_panel->baseUrlNote()->text().contains(QLatin1String("ATTACHE_OPENAI_BASE_URL")),
                 qPrintable(m_panel->baseUrlNote()->text()));
        m_panel->baseUrlEdit()->setText(QStringLiteral("http://127.0.0.1:1/v1"));
        Q_EMIT m_panel->baseUrlEdit()->editingFinished();
        QCOMPARE(engine().catalog().find(QStringLiteral("openai"))->baseUrl, m_fake->baseUrl());
    }

    void testConnectionReportsTheResult()
    {
        QVERIFY(engine().setProvider(QStringLiteral("openai")).ok());
        showPanel();
        m_panel->testButton()->click();
        QTRY_VERIFY(m_panel->testResult()->text().startsWith(QLatin1String("Connected")));
        QVERIFY2(m_panel->testResult()->text().contains(QLatin1String("2 model")),
                 qPrintable(m_panel->testResult()->text()));
        QVERIFY(m_panel->testButton()->isEnabled());

        delete m_fake; // nobody listens any more
        m_fake = nullptr;
        m_panel->testButton()->click();
        QTRY_VERIFY(m_panel->testResult()->text().startsWith(QLatin1String("Could not connect")));
        QVERIFY(m_panel->testResult()->text().size()
                > QStringLiteral("Could not connect: ").size());
    }
};

QTEST_MAIN(TestProviderPanel)
#include "tst_providerpanel.moc"
