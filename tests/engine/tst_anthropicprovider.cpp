// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "anthropicfixture.h"
#include "wire/toolsjson.h"

#include <QJsonArray>
#include <QSignalSpy>

using namespace anthropictest;

/** Chats through the Anthropic provider against the fake Messages API, as the engine runs them. */
class TestAnthropicProvider : public QObject
{
    Q_OBJECT

private:
    FakeAnthropic *m_fake = nullptr;
    std::unique_ptr<AnthropicEngine> m_test;
    Engine &engine() { return *m_test->engine; }
    Run *chat(const QString &message) { return m_test->chat(message); }
    QJsonObject request(int i) const { return m_fake->requests().at(i).body; }

private Q_SLOTS:
    void init()
    {
        m_fake = new FakeAnthropic(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<AnthropicEngine>(m_fake->baseUrl());
        QVERIFY(m_test->opened.ok());
    }
    void cleanup()
    {
        m_test.reset();
        delete m_fake;
    }

    void streamsTextWithTheApisHeadersAndShape()
    {
        Run *run = chat(QStringLiteral("Hi there"));
        QVERIFY(finished(run));
        QCOMPARE(run->state(), Run::State::Done);
        QCOMPARE(run->reply(), QStringLiteral("Hello from the fake Claude."));
        QStringList expected { QStringLiteral("stream_start") };
        for (int i = 0; i < 6; ++i)
            expected.append(QStringLiteral("stream_chunk"));
        expected += { QStringLiteral("usage"), QStringLiteral("stream_end") };
        QCOMPARE(types(run), expected);

        const FakeAnthropicRequest sent = m_fake->requests().at(0);
        QCOMPARE(sent.path, QStringLiteral("/v1/messages"));
        QCOMPARE(sent.apiKey, AnthropicEngine::Key.toUtf8()); // x-api-key ...
        QVERIFY(sent.authorization.isEmpty()); // ... never a Bearer
        QCOMPARE(sent.version, QByteArrayLiteral("2023-06-01"));
        QCOMPARE(sent.body[QLatin1String("model")].toString(), QStringLiteral("claude-sonnet-4-6"));
        QCOMPARE(sent.body[QLatin1String("max_tokens")].toInt(), 16384); // the model's default
        QCOMPARE(sent.body[QLatin1String("stream")].toBool(), true);
        const QJsonArray messages = sent.body[QLatin1String("messages")].toArray();
        QCOMPARE(messages.size(), 1);
        QCOMPARE(messages[0][QLatin1String("role")].toString(), QStringLiteral("user"));
        const QJsonObject block = messages[0][QLatin1String("content")][0].toObject();
        QCOMPARE(block[QLatin1String("text")].toString(), QStringLiteral("Hi there"));
        // Prompt caching is on by default: the last turn is where the cached prefix ends.
        QCOMPARE(block[QLatin1String("cache_control")][QLatin1String("type")].toString(),
                 QStringLiteral("ephemeral"));
    }

    void secondTurnCarriesTheFirst()
    {
        Run *first = chat(QStringLiteral("One"));
        QVERIFY(finished(first));
        Run *second = chat(QStringLiteral("Two"));
        QVERIFY(finished(second));
        const QJsonArray messages = request(1)[QLatin1String("messages")].toArray();
        QCOMPARE(messages.size(), 3);
        QCOMPARE(messages[1][QLatin1String("role")].toString(), QStringLiteral("assistant"));
        QCOMPARE(messages[1][QLatin1String("content")][0][QLatin1String("text")].toString(),
                 QStringLiteral("Hello from the fake Claude."));
        // Only the last turn carries the cache mark.
        QVERIFY(!messages[0][QLatin1String("content")][0].toObject().contains(
            QLatin1String("cache_control")));
        QVERIFY(messages[2][QLatin1String("content")][0].toObject().contains(
            QLatin1String("cache_control")));
    }

    void toolUseGoesThroughTheToolLoop()
    {
        QTemporaryDir workspace;
        QFile notes(workspace.filePath(QStringLiteral("notes.txt")));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("the meeting is on Tuesday\n");
        notes.close();
        QVERIFY(engine().tools().setWorkingDirectory(workspace.path()).ok());

        FakeMessage call = text({ QStringLiteral("Let me look. ") });
        call.toolUses = { { QStringLiteral("toolu_01"), QStringLiteral("read_file"),
                            QStringLiteral("{\"path\": \"notes.txt\"}"), 4 } };
        m_fake->enqueue(call);
        m_fake->enqueue(text({ QStringLiteral("On Tuesday.") }));
        Run *run = chat(QStringLiteral("When is the meeting?"));
        QVERIFY(finished(run));
        QCOMPARE(run->state(), Run::State::Done);
        QCOMPARE(types(run),
                 QStringList({ QStringLiteral("stream_start"), QStringLiteral("stream_chunk"),
                               QStringLiteral("tool_call"), QStringLiteral("tool_result"),
                               QStringLiteral("stream_chunk"), QStringLiteral("usage"),
                               QStringLiteral("stream_end") }));
        // The input, assembled from four pieces, parsed once its block stopped.
        const QJsonObject toolCall = eventsOf(run, EventType::ToolCall).at(0);
        QCOMPARE(toolCall[QLatin1String("data")][QLatin1String("arguments")][QLatin1String("path")]
                     .toString(),
                 QStringLiteral("notes.txt"));
        QCOMPARE(eventsOf(run, EventType::StreamEnd)
                     .at(0)[QLatin1String("metadata")][QLatin1String("finish_reason")]
                     .toString(),
                 QStringLiteral("stop"));

        // The tools were offered (the last one marked for the cache); the second request carried
        // the call as tool_use and its result as tool_result.
        const QJsonArray tools = request(0)[QLatin1String("tools")].toArray();
        QVERIFY(!tools.isEmpty());
        QVERIFY(tools.last().toObject().contains(QLatin1String("cache_control")));
        QVERIFY(tools.first()[QLatin1String("input_schema")].isObject());
        const QJsonArray messages = request(1)[QLatin1String("messages")].toArray();
        QCOMPARE(messages.size(), 3);
        const QJsonArray assistant = messages[1][QLatin1String("content")].toArray();
        QCOMPARE(assistant.size(), 2);
        QCOMPARE(assistant[0][QLatin1String("text")].toString(), QStringLiteral("Let me look. "));
        QCOMPARE(assistant[1][QLatin1String("type")].toString(), QStringLiteral("tool_use"));
        QCOMPARE(assistant[1][QLatin1String("id")].toString(), QStringLiteral("toolu_01"));
        QCOMPARE(assistant[1][QLatin1String("input")][QLatin1String("path")].toString(),
                 QStringLiteral("notes.txt"));
        QCOMPARE(messages[2][QLatin1String("role")].toString(), QStringLiteral("user"));
        const QJsonObject result = messages[2][QLatin1String("content")][0].toObject();
        QCOMPARE(result[QLatin1String("type")].toString(), QStringLiteral("tool_result"));
        QCOMPARE(result[QLatin1String("tool_use_id")].toString(), QStringLiteral("toolu_01"));
        QVERIFY(result[QLatin1String("content")].toString().contains(QLatin1String("Tuesday")));
        QVERIFY(!result.contains(QLatin1String("is_error")));
    }

    void thinkingIsAnEventOfItsOwnAndGoesBackSealed()
    {
        m_test.reset();
        m_test = std::make_unique<AnthropicEngine>(
            m_fake->baseUrl(),
            QByteArrayLiteral(R"([{"id": "anthropic", "thinkingBudget": 2048}])"));
        QTemporaryDir workspace;
        QVERIFY(engine().tools().setWorkingDirectory(workspace.path()).ok());
        FakeMessage thought = text({ QStringLiteral("Looking.") });
        thought.thinking = { QStringLiteral("The user wants "), QStringLiteral("a listing.") };
        thought.signature = QStringLiteral("sig-123");
        thought.toolUses = { { QStringLiteral("toolu_02"), QStringLiteral("list_directory"),
                               QStringLiteral("{\"path\": \".\"}"), 1 } };
        m_fake->enqueue(thought);
        m_fake->enqueue(text({ QStringLiteral("It is empty.") }));
        Run *run = chat(QStringLiteral("What is here?"));
        QVERIFY(finished(run));
        QCOMPARE(run->state(), Run::State::Done);

        const QList<QJsonObject> thinking = eventsOf(run, EventType::Thinking);
        QCOMPARE(thinking.size(), 2);
        QCOMPARE(thinking[0][QLatin1String("data")].toString(), QStringLiteral("The user wants "));
        QCOMPARE(run->reply(), QStringLiteral("Looking.It is empty.")); // no thinking in it

        const QJsonObject first = request(0);
        QCOMPARE(first[QLatin1String("thinking")][QLatin1String("type")].toString(),
                 QStringLiteral("enabled"));
        QCOMPARE(first[QLatin1String("thinking")][QLatin1String("budget_tokens")].toInt(), 2048);
        QVERIFY(first[QLatin1String("max_tokens")].toInt() > 2048);
        // With thinking on, the turn that called a tool hands its sealed thinking back first.
        const QJsonArray assistant =
            request(1)[QLatin1String("messages")][1][QLatin1String("content")].toArray();
        QCOMPARE(assistant[0][QLatin1String("type")].toString(), QStringLiteral("thinking"));
        QCOMPARE(assistant[0][QLatin1String("signature")].toString(), QStringLiteral("sig-123"));
        QCOMPARE(assistant[0][QLatin1String("thinking")].toString(),
                 QStringLiteral("The user wants a listing."));

        // The stored conversation keeps the thinking apart from the reply.
        const QList<ChatMessage> history = engine().history().value();
        QCOMPARE(history[1].thinking, QStringLiteral("The user wants a listing."));
        QCOMPARE(history[1].content, QStringLiteral("Looking."));
    }

    void stopReasons_data()
    {
        QTest::addColumn<QString>("stopReason");
        QTest::addColumn<QString>("finishReason");
        QTest::newRow("end_turn") << QStringLiteral("end_turn") << QStringLiteral("stop");
        QTest::newRow("stop_sequence") << QStringLiteral("stop_sequence") << QStringLiteral("stop");
        QTest::newRow("max_tokens, cut short")
            << QStringLiteral("max_tokens") << QStringLiteral("length");
        QTest::newRow("context window")
            << QStringLiteral("model_context_window_exceeded") << QStringLiteral("length");
        QTest::newRow("refusal") << QStringLiteral("refusal") << QStringLiteral("refusal");
        QTest::newRow("pause_turn") << QStringLiteral("pause_turn") << QStringLiteral("stop");
        QTest::newRow("one nobody knows yet")
            << QStringLiteral("brand_new") << QStringLiteral("stop");
    }
    void stopReasons()
    {
        QFETCH(QString, stopReason);
        QFETCH(QString, finishReason);
        FakeMessage message;
        message.stopReason = stopReason;
        m_fake->enqueue(message);
        Run *run = chat(QStringLiteral("Go"));
        QVERIFY(finished(run));
        QCOMPARE(run->state(), Run::State::Done);
        QCOMPARE(eventsOf(run, EventType::StreamEnd)
                     .at(0)[QLatin1String("metadata")][QLatin1String("finish_reason")]
                     .toString(),
                 finishReason);
    }

    void anEventTypeNobodyKnowsIsIgnored()
    {
        FakeMessage message;
        message.unknownEvent = true;
        m_fake->enqueue(message);
        Run *run = chat(QStringLiteral("Hi"));
        QVERIFY(finished(run));
        QCOMPARE(run->state(), Run::State::Done);
        QCOMPARE(run->reply(), QStringLiteral("Hello from the fake Claude."));
    }

    void usageWithCacheTokensGoesIntoTheLedger()
    {
        FakeMessage message;
        message.inputTokens = 20;
        message.cacheReadTokens = 3000;
        message.cacheWriteTokens = 1000;
        m_fake->enqueue(message);
        Run *run = chat(QStringLiteral("Hi"));
        QVERIFY(finished(run));
        const QJsonObject usage =
            eventsOf(run, EventType::Usage).at(0)[QLatin1String("data")].toObject();
        QCOMPARE(usage[QLatin1String("prompt_tokens")].toInt(), 4020); // cached ones included
        QCOMPARE(usage[QLatin1String("completion_tokens")].toInt(), 6);
        QCOMPARE(usage[QLatin1String("cache_read_tokens")].toInt(), 3000);
        QCOMPARE(usage[QLatin1String("cache_write_tokens")].toInt(), 1000);

        // Sonnet 4.6: $3 input, $0.30 cache reads, $3.75 cache writes, $15 output a million.
        const double cost = (20 * 3.0 + 3000 * 0.3 + 1000 * 3.75 + 6 * 15.0) / 1e6;
        QTRY_COMPARE(engine().usage({}).value().totals.requests, qint64(1));
        const UsageTotals totals = engine().usage({}).value().totals;
        QCOMPARE(totals.cacheReadTokens, qint64(3000));
        QCOMPARE(totals.cacheWriteTokens, qint64(1000));
        QCOMPARE(totals.promptTokens, qint64(4020));
        QVERIFY(qAbs(totals.cost - cost) < 1e-12);
        // Without the cache prices it would have cost more.
        QVERIFY(cost < (4020 * 3.0 + 6 * 15.0) / 1e6);
    }

    void modelsFromTheApiElseTheCatalog()
    {
        m_fake->setModels(
            { QStringLiteral("claude-sonnet-4-6-20260101"), QStringLiteral("claude-new-1") });
        QList<ModelInfo> models;
        bool fromProvider = false;
        engine().fetchModels(this, [&](const ModelList &list) {
            models = list.models;
            fromProvider = list.fromProvider;
        });
        QTRY_COMPARE(models.size(), 2);
        QVERIFY(fromProvider);
        QCOMPARE(models[1].name, QStringLiteral("Fake claude-new-1")); // its display_name
        // A dated snapshot of an alias the catalog knows has the alias's prices.
        QCOMPARE(models[0].inputPrice, 3.0);
        QCOMPARE(models[0].cacheReadPrice, 0.3);

        m_fake->setModelsStatus(500);
        models.clear();
        engine().fetchModels(this, [&](const ModelList &list) {
            models = list.models;
            fromProvider = list.fromProvider;
        });
        QTRY_VERIFY(!models.isEmpty());
        QVERIFY(!fromProvider);
        QCOMPARE(models[0].id, QStringLiteral("claude-sonnet-4-6")); // the catalog's list
    }

    void countsTokensThroughTheApi()
    {
        const std::unique_ptr<Provider> provider =
            engine().makeProvider(*engine().catalog().find(QStringLiteral("anthropic")));
        ChatParams params;
        params.model = QStringLiteral("claude-haiku-4-5");
        params.messages = { { QStringLiteral("user"), QStringLiteral("Count me, please.") } };
        std::optional<Result<qint64>> counted;
        provider->countTokens(params, this,
                              [&](const Result<qint64> &result) { counted = result; });
        QTRY_VERIFY(counted.has_value());
        QVERIFY(counted->ok());
        QVERIFY(counted->value() > 0);
        const FakeAnthropicRequest sent = m_fake->countRequests().at(0);
        QCOMPARE(sent.path, QStringLiteral("/v1/messages/count_tokens"));
        QCOMPARE(sent.apiKey, AnthropicEngine::Key.toUtf8());
        QVERIFY(!sent.body.contains(QLatin1String("max_tokens")));
        QVERIFY(!sent.body.contains(QLatin1String("stream")));
    }

    void aBaseUrlEndingInV1IsForgiven()
    {
        m_test.reset();
        m_test = std::make_unique<AnthropicEngine>(
            QUrl(m_fake->baseUrl().toString() + QStringLiteral("/v1")));
        Run *run = chat(QStringLiteral("Hi"));
        QVERIFY(finished(run));
        QCOMPARE(run->state(), Run::State::Done);
        QCOMPARE(m_fake->requests().at(0).path, QStringLiteral("/v1/messages"));
    }

    void cancelClosesTheUpstreamAtOnce()
    {
        FakeMessage slow;
        slow.chunks = 1000;
        slow.delayMs = 20;
        m_fake->enqueue(slow);
        QSignalSpy gone(m_fake, &FakeAnthropic::clientDisconnected);
        Run *run = chat(QStringLiteral("Talk"));
        QTRY_VERIFY(run->reply().size() > 10);
        QVERIFY(engine().cancelRun(run->id()));
        QTRY_COMPARE_WITH_TIMEOUT(gone.size(), 1, 5000);
        QCOMPARE(run->state(), Run::State::Cancelled);
        QVERIFY(m_fake->finishedStreamCount() == 0);
    }
};

QTEST_MAIN(TestAnthropicProvider)
#include "tst_anthropicprovider.moc"
