// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachewarnings.h"
#include "providers/providercatalog.h"

#include <QFile>
#include <QTest>

class TestProviderCatalog : public QObject
{
    Q_OBJECT

private:
    static QByteArray builtIn()
    {
        QFile file(QStringLiteral(":/attache/providers.json"));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }
    static ProviderCatalog make(const QProcessEnvironment &env, const QByteArray &user = {},
                                QString *warning = nullptr)
    {
        Result<ProviderCatalog> result = ProviderCatalog::fromJson(builtIn(), user, env, warning);
        if (!result.ok())
            qFatal("catalog did not parse: %s", qPrintable(result.error().message));
        return result.value();
    }
    static QProcessEnvironment
    env(std::initializer_list<std::pair<const char *, const char *>> vars)
    {
        QProcessEnvironment e;
        for (const auto &var : vars) // (moc 6.4 cannot parse structured bindings)
            e.insert(QLatin1String(var.first), QLatin1String(var.second));
        return e;
    }

private Q_SLOTS:
    void init() { failOnAttacheWarnings(); }
    void builtInCatalogHasTheRequiredProviders()
    {
        const ProviderCatalog catalog = make({});
        for (const char *id : { "openai", "perplexity", "ollama", "llamacpp", "lmstudio",
                                "openrouter", "groq", "mistral", "custom" }) {
            const ProviderEntry *entry = catalog.find(QLatin1String(id));
            QVERIFY2(entry, id);
            QVERIFY2(entry->baseUrl.isValid(), id);
            QVERIFY2(!entry->models.isEmpty(), id);
            QVERIFY2(entry->findModel(entry->defaultModel), id);
            QVERIFY(!entry->hasApiKey());
        }
    }

    void autoSelect_data()
    {
        QTest::addColumn<QProcessEnvironment>("environment");
        QTest::addColumn<QString>("expected");
        QTest::newRow("nothing") << QProcessEnvironment() << QString();
        QTest::newRow("openai key")
            << env({ { "OPENAI_API_KEY", "sk-1" } }) << QStringLiteral("openai");
        QTest::newRow("groq key only")
            << env({ { "GROQ_API_KEY", "g" } }) << QStringLiteral("groq");
        QTest::newRow("catalog order wins")
            << env({ { "MISTRAL_API_KEY", "m" }, { "PERPLEXITY_API_KEY", "p" } })
            << QStringLiteral("perplexity");
        QTest::newRow("local server")
            << env({ { "ATTACHE_OLLAMA_BASE_URL", "http://127.0.0.1:11434/v1" } })
            << QStringLiteral("ollama");
        QTest::newRow("a key beats a local server")
            << env({ { "ATTACHE_OLLAMA_BASE_URL", "http://127.0.0.1:11434/v1" },
                     { "OPENROUTER_API_KEY", "o" } })
            << QStringLiteral("openrouter");
        QTest::newRow("blank key is no key") << env({ { "OPENAI_API_KEY", "  " } }) << QString();
    }
    void autoSelect()
    {
        QFETCH(QProcessEnvironment, environment);
        QFETCH(QString, expected);
        QCOMPARE(make(environment).autoSelect(), expected);
    }

    void baseUrlOverrideFromEnvironment()
    {
        const ProviderCatalog catalog =
            make(env({ { "ATTACHE_OPENAI_BASE_URL", "http://127.0.0.1:9999/v1/" } }));
        const ProviderEntry *openai = catalog.find(QStringLiteral("openai"));
        QCOMPARE(openai->baseUrl.toString(), QStringLiteral("http://127.0.0.1:9999/v1"));
        QCOMPARE(openai->baseUrlSource, ProviderEntry::BaseUrlSource::Environment);
        // Pointed at a server of the user's own, no key is demanded.
        QVERIFY(catalog.readiness(*openai).ok());
        QCOMPARE(catalog.autoSelect(), QStringLiteral("openai"));
    }

    void invalidOverrideIsIgnoredWithAWarning()
    {
        QString warning;
        const ProviderCatalog catalog =
            make(env({ { "ATTACHE_GROQ_BASE_URL", "not a url" } }), {}, &warning);
        QCOMPARE(catalog.find(QStringLiteral("groq"))->baseUrl.toString(),
                 QStringLiteral("https://api.groq.com/openai/v1"));
        QVERIFY2(warning.contains(QLatin1String("ATTACHE_GROQ_BASE_URL")), qPrintable(warning));
    }

    void missingKeyNamesTheVariable()
    {
        const ProviderCatalog catalog = make({});
        const Status status = catalog.readiness(*catalog.find(QStringLiteral("openai")));
        QVERIFY(!status.ok());
        QCOMPARE(status.error().code(), QStringLiteral("missing_api_key"));
        QVERIFY(status.error().message.contains(QLatin1String("OPENAI_API_KEY")));
        // Local servers need no key.
        QVERIFY(catalog.readiness(*catalog.find(QStringLiteral("ollama"))).ok());
    }

    void noProviderErrorSaysHowToFixIt()
    {
        const EngineError error = make({}).noProviderError();
        QCOMPARE(error.code(), QStringLiteral("no_provider"));
        for (const char *hint :
             { "OPENAI_API_KEY", "PERPLEXITY_API_KEY", "ATTACHE_OLLAMA_BASE_URL", "Providers" })
            QVERIFY2(error.message.contains(QLatin1String(hint)), hint);
    }

    void userConfigIsMergedById()
    {
        // (Plain strings: moc 6.4 misreads "//" inside multi-line raw strings.)
        const QByteArray user =
            "{\"providers\": ["
            "{\"id\": \"openai\", \"baseUrl\": \"http://127.0.0.1:7000/v1\","
            " \"defaultModel\": \"mine-1\","
            " \"models\": [{\"id\": \"mine-1\", \"name\": \"Mine\"}]},"
            "{\"id\": \"work\", \"name\": \"Work gateway\","
            " \"baseUrl\": \"https://llm.example.test/v1\", \"apiKey\": \"k-123\"}"
            "]}";
        const ProviderCatalog catalog = make({}, user);
        const ProviderEntry *openai = catalog.find(QStringLiteral("openai"));
        QCOMPARE(openai->baseUrl.toString(), QStringLiteral("http://127.0.0.1:7000/v1"));
        QCOMPARE(openai->baseUrlSource, ProviderEntry::BaseUrlSource::Config);
        QCOMPARE(openai->defaultModel, QStringLiteral("mine-1"));
        QCOMPARE(openai->models.size(), 1);
        QCOMPARE(openai->keyEnv, QStringLiteral("OPENAI_API_KEY")); // untouched fields stay
        const ProviderEntry *work = catalog.find(QStringLiteral("work"));
        QVERIFY(work);
        QCOMPARE(work->name, QStringLiteral("Work gateway"));
        QVERIFY(work->hasApiKey());
        QCOMPARE(catalog.autoSelect(), QStringLiteral("work"));
    }

    void environmentBeatsUserConfig()
    {
        const QByteArray user = "[{\"id\": \"ollama\", \"baseUrl\": \"http://10.0.0.5:11434/v1\"}]";
        const ProviderCatalog catalog =
            make(env({ { "ATTACHE_OLLAMA_BASE_URL", "http://127.0.0.1:1/v1" } }), user);
        QCOMPARE(catalog.find(QStringLiteral("ollama"))->baseUrl.toString(),
                 QStringLiteral("http://127.0.0.1:1/v1"));
    }

    void brokenUserConfigKeepsTheCatalog()
    {
        QString warning;
        const ProviderCatalog catalog = make({}, "{ this is not json", &warning);
        QVERIFY(catalog.find(QStringLiteral("openai")));
        QVERIFY2(warning.contains(QLatin1String("not valid JSON")), qPrintable(warning));
    }

    void runtimeKeyAndFallbackToEnvironment()
    {
        ProviderCatalog catalog = make(env({ { "GROQ_API_KEY", "from-env" } }));
        catalog.setApiKey(QStringLiteral("openai"), QStringLiteral("typed-in"));
        QCOMPARE(catalog.find(QStringLiteral("openai"))->apiKey, QStringLiteral("typed-in"));
        catalog.setApiKey(QStringLiteral("groq"), QStringLiteral("typed"));
        catalog.setApiKey(QStringLiteral("groq"), QString());
        QCOMPARE(catalog.find(QStringLiteral("groq"))->apiKey, QStringLiteral("from-env"));
    }

    void keySourcesInOrder()
    {
        const QByteArray user = "[{\"id\": \"mistral\", \"apiKey\": \"from-file\"}]";
        ProviderCatalog catalog = make(env({ { "GROQ_API_KEY", "from-env" } }), user);
        const ProviderEntry *mistral = catalog.find(QStringLiteral("mistral"));
        const ProviderEntry *groq = catalog.find(QStringLiteral("groq"));
        QCOMPARE(groq->keySource, KeySource::Environment);
        QCOMPARE(mistral->keySource, KeySource::ProvidersFile);
        QCOMPARE(mistral->apiKey, QStringLiteral("from-file"));
        catalog.setApiKey(QStringLiteral("mistral"), QStringLiteral("from-store"),
                          KeySource::SecretStore);
        QCOMPARE(mistral->apiKey, QStringLiteral("from-store"));
        QCOMPARE(mistral->keySource, KeySource::SecretStore);
        catalog.setApiKey(QStringLiteral("groq"), QStringLiteral("from-store"),
                          KeySource::SecretStore);
        QCOMPARE(groq->apiKey, QStringLiteral("from-env"));
        QCOMPARE(groq->keySource, KeySource::Environment);
        catalog.setApiKey(QStringLiteral("mistral"), {});
        QCOMPARE(mistral->keySource, KeySource::ProvidersFile);
        QCOMPARE(catalog.find(QStringLiteral("openai"))->keySource, KeySource::None);
    }

    void settingsBaseUrlBetweenConfigAndEnvironment()
    {
        const QByteArray user = "[{\"id\": \"ollama\", \"baseUrl\": \"http://10.0.0.5:11434/v1\"}]";
        ProviderCatalog catalog =
            make(env({ { "ATTACHE_OPENAI_BASE_URL", "http://127.0.0.1:1/v1" } }), user);
        const ProviderEntry *ollama = catalog.find(QStringLiteral("ollama"));
        QVERIFY(catalog.setSettingsBaseUrl(QStringLiteral("ollama"),
                                           QStringLiteral("http://127.0.0.1:2/v1/")));
        QCOMPARE(ollama->baseUrl.toString(), QStringLiteral("http://127.0.0.1:2/v1"));
        QCOMPARE(ollama->baseUrlSource, ProviderEntry::BaseUrlSource::Settings);
        QVERIFY(catalog.setSettingsBaseUrl(QStringLiteral("ollama"), QString()));
        QCOMPARE(ollama->baseUrl.toString(), QStringLiteral("http://10.0.0.5:11434/v1"));
        QCOMPARE(ollama->baseUrlSource, ProviderEntry::BaseUrlSource::Config);

        const ProviderEntry *openai = catalog.find(QStringLiteral("openai"));
        QVERIFY(catalog.setSettingsBaseUrl(QStringLiteral("openai"),
                                           QStringLiteral("http://127.0.0.1:2/v1")));
        QCOMPARE(openai->baseUrl.toString(), QStringLiteral("http://127.0.0.1:1/v1"));
        QCOMPARE(openai->baseUrlSource, ProviderEntry::BaseUrlSource::Environment);

        const ProviderEntry *groq = catalog.find(QStringLiteral("groq"));
        QVERIFY(!catalog.setSettingsBaseUrl(QStringLiteral("groq"),
                                            QStringLiteral("ftp://example.test")));
        QCOMPARE(groq->baseUrlSource, ProviderEntry::BaseUrlSource::Catalog);
        QVERIFY(catalog.setSettingsBaseUrl(QStringLiteral("groq"),
                                           QStringLiteral("http://127.0.0.1:3/v1")));
        QVERIFY(catalog.readiness(*groq).ok()); // a server of the user's own may need no key
    }
};

QTEST_GUILESS_MAIN(TestProviderCatalog)
#include "tst_providercatalog.moc"
