// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The provider panel against the fake provider: providers with their key status, the model
// list from /models (or the catalog's, with a warning), key entry and the connection test.
#include "fakeprovider.h"
#include "providerpanel.h"
#include "testengine.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
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

private Q_SLOTS:
    void init()
    {
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        QProcessEnvironment env = TestEngine::pointingAt(m_fake->baseUrl());
        env.insert(QStringLiteral("GROQ_API_KEY"), QStringLiteral("gsk-test"));
        m_test = std::make_unique<TestEngine>(env);
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
        QVERIFY2(itemFor(QStringLiteral("groq")).endsWith(QLatin1String("(key set)")),
                 qPrintable(itemFor(QStringLiteral("groq"))));
        QVERIFY2(itemFor(QStringLiteral("mistral")).endsWith(QLatin1String("(needs key)")),
                 qPrintable(itemFor(QStringLiteral("mistral"))));
        QCOMPARE(m_panel->providerCombo()->currentData().toString(), engine().currentProviderId());
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
        QVERIFY(m_panel->modelWarning()->isHidden());
        choose(models, models->findData(QStringLiteral("fake-model-large")));
        QCOMPARE(engine().currentModel(), QStringLiteral("fake-model-large"));
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
        QComboBox *providers = m_panel->providerCombo();
        providers->setCurrentIndex(providers->findData(QStringLiteral("mistral")));
        QCOMPARE(m_panel->keyEdit()->echoMode(), QLineEdit::Password);
        QVERIFY(!m_panel->keyEdit()->toolTip().isEmpty());
        QVERIFY(!m_panel->saveKeyButton()->isEnabled());
        QTest::keyClicks(m_panel->keyEdit(), QStringLiteral("sk-mistral"));
        m_panel->saveKeyButton()->click();
        QVERIFY(m_panel->keyEdit()->text().isEmpty());
        QVERIFY(engine().catalog().find(QStringLiteral("mistral"))->hasApiKey());
        QVERIFY(itemFor(QStringLiteral("mistral")).endsWith(QLatin1String("(key set)")));
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
