// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/anthropicrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

namespace {

ChatMessage message(const QString &role, const QString &content)
{
    ChatMessage m;
    m.role = role;
    m.content = content;
    return m;
}

ChatMessage toolResult(const QString &id, const QString &content, bool isError = false)
{
    ChatMessage m = message(QStringLiteral("tool"), content);
    m.toolCallId = id;
    m.isError = isError;
    return m;
}

ProviderEntry anthropic()
{
    ProviderEntry entry;
    entry.id = QStringLiteral("anthropic");
    entry.api = ProviderEntry::Api::Anthropic;
    entry.models = { ModelInfo { QStringLiteral("claude-x"), {}, {}, 1, 5, 0.1, 1.25, 2000 } };
    return entry;
}

QJsonObject bodyOf(const ChatParams &params, const ProviderEntry &entry = anthropic())
{
    return QJsonDocument::fromJson(AnthropicRequest::body(params, entry)).object();
}

bool cached(const QJsonValue &block)
{
    return block[QLatin1String("cache_control")][QLatin1String("type")].toString()
        == QLatin1String("ephemeral");
}

} // namespace

/** The neutral conversation in the Messages API's request shape. */
class TestAnthropicRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void systemIsTopLevelAndRolesAlternate()
    {
        ChatParams params;
        params.model = QStringLiteral("claude-x");
        params.messages = { message(QStringLiteral("system"), QStringLiteral("Be brief.")),
                            message(QStringLiteral("user"), QStringLiteral("One")),
                            message(QStringLiteral("user"), QStringLiteral("Two")),
                            message(QStringLiteral("assistant"), QString()), // empty: dropped
                            message(QStringLiteral("assistant"), QStringLiteral("Three")),
                            message(QStringLiteral("user"), QStringLiteral("   ")), // blank
                            message(QStringLiteral("user"), QStringLiteral("Four")) };
        const QJsonObject body = bodyOf(params);
        const QJsonArray system = body[QLatin1String("system")].toArray();
        QCOMPARE(system.size(), 1);
        QCOMPARE(system[0][QLatin1String("text")].toString(), QStringLiteral("Be brief."));
        QVERIFY(cached(system[0]));

        const QJsonArray messages = body[QLatin1String("messages")].toArray();
        QCOMPARE(messages.size(), 3);
        QCOMPARE(messages[0][QLatin1String("role")].toString(), QStringLiteral("user"));
        const QJsonArray merged = messages[0][QLatin1String("content")].toArray();
        QCOMPARE(merged.size(), 2); // consecutive user turns in one
        QCOMPARE(merged[1][QLatin1String("text")].toString(), QStringLiteral("Two"));
        QCOMPARE(messages[1][QLatin1String("role")].toString(), QStringLiteral("assistant"));
        QCOMPARE(messages[1][QLatin1String("content")].toArray().size(), 1);
        QCOMPARE(messages[2][QLatin1String("content")].toArray().size(), 1); // the blank is gone
        QVERIFY(!cached(merged[1]));
        QVERIFY(cached(messages[2][QLatin1String("content")][0]));
        QCOMPARE(body[QLatin1String("max_tokens")].toInt(), 2000); // the model's default
        QCOMPARE(body[QLatin1String("stream")].toBool(), true);
    }

    void toolCallsAndResultsAreBlocks()
    {
        ChatParams params;
        params.model = QStringLiteral("claude-x");
        ChatMessage calls = message(QStringLiteral("assistant"), QStringLiteral("Checking."));
        calls.toolCalls = { { QStringLiteral("toolu_a"), QStringLiteral("read_file"),
                              QStringLiteral("{\"path\":\"a\"}") },
                            { QStringLiteral("toolu_b"), QStringLiteral("run_command"),
                              QStringLiteral("not json") } };
        params.messages = { message(QStringLiteral("user"), QStringLiteral("Go")), calls,
                            toolResult(QStringLiteral("toolu_a"), QStringLiteral("text of a")),
                            toolResult(QStringLiteral("toolu_b"), QStringLiteral("denied"), true),
                            message(QStringLiteral("user"), QStringLiteral("And now?")) };
        params.tools = { { QStringLiteral("read_file"), QStringLiteral("Reads"),
                           QJsonObject { { QStringLiteral("properties"), QJsonObject() } } },
                         { QStringLiteral("run_command"), QStringLiteral("Runs"),
                           QJsonObject { { QStringLiteral("type"), QStringLiteral("object") } } } };
        const QJsonObject body = bodyOf(params);
        const QJsonArray messages = body[QLatin1String("messages")].toArray();
        QCOMPARE(messages.size(), 3);
        const QJsonArray assistant = messages[1][QLatin1String("content")].toArray();
        QCOMPARE(assistant.size(), 3);
        QCOMPARE(assistant[1][QLatin1String("type")].toString(), QStringLiteral("tool_use"));
        QCOMPARE(assistant[1][QLatin1String("input")][QLatin1String("path")].toString(),
                 QStringLiteral("a"));
        QVERIFY(assistant[2][QLatin1String("input")].isObject()); // unreadable input: {}
        // The results, and the user's words after them, in one user turn, results first.
        const QJsonArray user = messages[2][QLatin1String("content")].toArray();
        QCOMPARE(user.size(), 3);
        QCOMPARE(user[0][QLatin1String("type")].toString(), QStringLiteral("tool_result"));
        QCOMPARE(user[0][QLatin1String("tool_use_id")].toString(), QStringLiteral("toolu_a"));
        QCOMPARE(user[0][QLatin1String("content")].toString(), QStringLiteral("text of a"));
        QVERIFY(!user[0].toObject().contains(QLatin1String("is_error")));
        QCOMPARE(user[1][QLatin1String("is_error")].toBool(), true);
        QCOMPARE(user[2][QLatin1String("type")].toString(), QStringLiteral("text"));

        const QJsonArray tools = body[QLatin1String("tools")].toArray();
        QCOMPARE(tools.size(), 2);
        QCOMPARE(tools[0][QLatin1String("input_schema")][QLatin1String("type")].toString(),
                 QStringLiteral("object")); // the API insists on it
        QVERIFY(!cached(tools[0]));
        QVERIFY(cached(tools[1]));
        QVERIFY(!body.contains(QLatin1String("tool_choice"))); // auto is the API's default
    }

    void toolChoice_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<bool>("parallel");
        QTest::addColumn<QString>("expected");
        QTest::newRow("none") << int(ToolChoice::Mode::None) << true
                              << QStringLiteral(R"({"type":"none"})");
        QTest::newRow("required") << int(ToolChoice::Mode::Required) << true
                                  << QStringLiteral(R"({"type":"any"})");
        QTest::newRow("named") << int(ToolChoice::Mode::Named) << true
                               << QStringLiteral(R"({"name":"read_file","type":"tool"})");
        QTest::newRow("auto, one at a time")
            << int(ToolChoice::Mode::Auto) << false
            << QStringLiteral(R"({"disable_parallel_tool_use":true,"type":"auto"})");
    }
    void toolChoice()
    {
        QFETCH(int, mode);
        QFETCH(bool, parallel);
        QFETCH(QString, expected);
        ChatParams params;
        params.model = QStringLiteral("claude-x");
        params.messages = { message(QStringLiteral("user"), QStringLiteral("Go")) };
        params.tools = { { QStringLiteral("read_file"), {}, {} } };
        params.options.toolChoice.mode = ToolChoice::Mode(mode);
        params.options.toolChoice.name = QStringLiteral("read_file");
        params.options.parallelToolCalls = parallel;
        const QJsonObject choice = bodyOf(params)[QLatin1String("tool_choice")].toObject();
        QCOMPARE(QString::fromUtf8(QJsonDocument(choice).toJson(QJsonDocument::Compact)), expected);
    }

    void optionsAndThinking()
    {
        ChatParams params;
        params.model = QStringLiteral("claude-x");
        params.messages = { message(QStringLiteral("user"), QStringLiteral("Go")),
                            message(QStringLiteral("assistant"), QStringLiteral("Sure, \n")) };
        params.options.temperature = 0.5;
        params.options.topK = 40;
        params.options.maxTokens = 300;
        params.options.stop = { QStringLiteral("END") };
        QJsonObject body = bodyOf(params);
        QCOMPARE(body[QLatin1String("temperature")].toDouble(), 0.5);
        QCOMPARE(body[QLatin1String("top_k")].toInt(), 40);
        QCOMPARE(body[QLatin1String("max_tokens")].toInt(), 300);
        QCOMPARE(body[QLatin1String("stop_sequences")][0].toString(), QStringLiteral("END"));
        QVERIFY(!body.contains(QLatin1String("thinking")));
        // A chat's temperature of up to 2 (OpenAI's range) is brought into Anthropic's 0 to 1.
        ChatParams hot = params;
        hot.options.temperature = 1.6;
        QCOMPARE(bodyOf(hot)[QLatin1String("temperature")].toDouble(), 1.0);
        // A reply to continue may not end in white space.
        QCOMPARE(
            body[QLatin1String("messages")][1][QLatin1String("content")][0][QLatin1String("text")]
                .toString(),
            QStringLiteral("Sure,"));

        params.options.thinkingBudget = 2000;
        body = bodyOf(params);
        QCOMPARE(body[QLatin1String("thinking")][QLatin1String("budget_tokens")].toInt(), 2000);
        QVERIFY(body[QLatin1String("max_tokens")].toInt() > 2000); // room left for the answer
        QVERIFY(!body.contains(QLatin1String("temperature"))); // not taken while thinking
        QVERIFY(!body.contains(QLatin1String("top_k")));

        params.options.thinkingBudget = 0; // off, whatever the provider's setting
        ProviderEntry thinks = anthropic();
        thinks.thinkingBudget = 5000;
        QVERIFY(!bodyOf(params, thinks).contains(QLatin1String("thinking")));
        params.options.thinkingBudget.reset(); // the provider's setting
        QCOMPARE(bodyOf(params, thinks)[QLatin1String("thinking")][QLatin1String("budget_tokens")]
                     .toInt(),
                 5000);
    }

    void cachingCanBeTurnedOffAndCountingHasNoReplySettings()
    {
        ChatParams params;
        params.model = QStringLiteral("claude-x");
        params.messages = { message(QStringLiteral("system"), QStringLiteral("S")),
                            message(QStringLiteral("user"), QStringLiteral("Go")) };
        ProviderEntry entry = anthropic();
        entry.promptCaching = false;
        const QByteArray plain = AnthropicRequest::body(params, entry);
        QVERIFY(!plain.contains("cache_control"));
        const QJsonObject count =
            QJsonDocument::fromJson(
                AnthropicRequest::body(params, anthropic(), AnthropicRequest::Purpose::CountTokens))
                .object();
        QVERIFY(!count.contains(QLatin1String("max_tokens")));
        QVERIFY(!count.contains(QLatin1String("stream")));
        QCOMPARE(count[QLatin1String("messages")].toArray().size(), 1);
        QCOMPARE(count[QLatin1String("system")][0][QLatin1String("text")].toString(),
                 QStringLiteral("S"));
    }

    void theUserSpeaksFirst()
    {
        ChatParams params;
        params.model = QStringLiteral("claude-x");
        params.messages = { message(QStringLiteral("assistant"), QStringLiteral("Hello!")),
                            message(QStringLiteral("user"), QStringLiteral("Hi")) };
        const QJsonArray messages = bodyOf(params)[QLatin1String("messages")].toArray();
        QCOMPARE(messages.size(), 3);
        QCOMPARE(messages[0][QLatin1String("role")].toString(), QStringLiteral("user"));
    }
};

QTEST_APPLESS_MAIN(TestAnthropicRequest)
#include "tst_anthropicrequest.moc"
