// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "anthropicdoorfixture.h"

/** POST /v1/messages in Anthropic's shapes, answered by an OpenAI-compatible provider or Claude. */
class TestAnthropicGateway : public AnthropicDoorFixture
{
    Q_OBJECT

private Q_SLOTS:
    void streamsAnOpenAiProviderInAnthropicsEvents()
    {
        EventReader *reader =
            stream(ask(QStringLiteral("openai/fake-model"), QStringLiteral("Hi")));
        QVERIFY(reader->waitFinished());
        QCOMPARE(reader->status(), 200);
        QCOMPARE(reader->reply->header(QNetworkRequest::ContentTypeHeader).toString(),
                 QStringLiteral("text/event-stream"));
        QList<QByteArray> expected { "message_start", "content_block_start" };
        for (int i = 0; i < 6; ++i)
            expected.append("content_block_delta");
        expected += { "content_block_stop", "message_delta", "message_stop" };
        QCOMPARE(reader->names(), expected);
        for (const EventReader::Event &event : reader->events) // the name is the data's type
            QCOMPARE(event.data[QLatin1String("type")].toString().toUtf8(), event.name);
        QCOMPARE(reader->text(), QStringLiteral("Hello from the fake provider."));
        const QJsonObject start =
            reader->first("message_start").data[QLatin1String("message")].toObject();
        QCOMPARE(start[QLatin1String("model")].toString(), QStringLiteral("openai/fake-model"));
        QVERIFY(start[QLatin1String("id")].toString().startsWith(QLatin1String("msg_")));
        // Before the reply the input can only be estimated ("Hi": one token); the provider's
        // count comes with message_delta.
        QCOMPARE(start[QLatin1String("usage")][QLatin1String("input_tokens")].toInt(), 1);
        QCOMPARE(start[QLatin1String("usage")][QLatin1String("output_tokens")].toInt(), 0);
        const QJsonObject end = reader->first("message_delta").data;
        QCOMPARE(end[QLatin1String("delta")][QLatin1String("stop_reason")].toString(),
                 QStringLiteral("end_turn"));
        QCOMPARE(end[QLatin1String("usage")][QLatin1String("input_tokens")].toInt(), 7);
        QCOMPARE(end[QLatin1String("usage")][QLatin1String("output_tokens")].toInt(), 6);

        // What the provider got: the client's conversation as it sent it, in OpenAI's shape.
        const QJsonObject sent = m_openai->chatRequests().at(0);
        QCOMPARE(sent[QLatin1String("model")].toString(), QStringLiteral("fake-model"));
        QCOMPARE(sent[QLatin1String("max_tokens")].toInt(), 100);
        const QJsonArray messages = sent[QLatin1String("messages")].toArray();
        QCOMPARE(messages.size(), 1); // no system prompt or history of Attache's
        QCOMPARE(messages[0][QLatin1String("content")].toString(), QStringLiteral("Hi"));
    }

    void toolUseAndResultsTranslateBothWays()
    {
        FakeReply call;
        call.tokens = { QStringLiteral("Checking.") };
        call.toolCalls = { { QStringLiteral("call_9"), QStringLiteral("get_weather"),
                             QStringLiteral("{\"city\":\"Paris\"}"), 3 } };
        m_openai->enqueueReply(call);
        QJsonObject body = ask(QStringLiteral("fake-model"), QString());
        body.insert(
            QStringLiteral("system"),
            QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("text") },
                                       { QStringLiteral("text"), QStringLiteral("Be brief.") } } });
        body.insert(QStringLiteral("messages"),
                    QJsonDocument::fromJson(R"([
            {"role": "user", "content": "Weather in Rome?"},
            {"role": "assistant", "content": [
                {"type": "text", "text": "Looking."},
                {"type": "tool_use", "id": "toolu_1", "name": "get_weather",
                 "input": {"city": "Rome"}}]},
            {"role": "user", "content": [
                {"type": "tool_result", "tool_use_id": "toolu_1",
                 "content": [{"type": "text", "text": "Sunny"}]},
                {"type": "text", "text": "And Paris?"}]}])")
                        .array());
        body.insert(QStringLiteral("tools"),
                    QJsonDocument::fromJson(R"([
            {"name": "get_weather", "description": "The weather",
             "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}}},
            {"type": "web_search_20250305", "name": "web_search", "max_uses": 3}])")
                        .array());
        body.insert(QStringLiteral("tool_choice"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("any") } });
        EventReader *reader = stream(body);
        QVERIFY(reader->waitFinished());

        // The provider got tools and tool messages in its own shape.
        const QJsonObject sent = m_openai->chatRequests().at(0);
        const QJsonArray tools = sent[QLatin1String("tools")].toArray();
        QCOMPARE(tools.size(), 1); // Anthropic's server tools run at Anthropic only
        QCOMPARE(tools[0][QLatin1String("function")][QLatin1String("name")].toString(),
                 QStringLiteral("get_weather"));
        QCOMPARE(sent[QLatin1String("tool_choice")].toString(), QStringLiteral("required"));
        const QJsonArray messages = sent[QLatin1String("messages")].toArray();
        QCOMPARE(messages.size(), 5);
        QCOMPARE(messages[0][QLatin1String("role")].toString(), QStringLiteral("system"));
        const QJsonObject assistant = messages[2].toObject();
        QCOMPARE(assistant[QLatin1String("tool_calls")][0][QLatin1String("id")].toString(),
                 QStringLiteral("toolu_1"));
        QCOMPARE(QJsonDocument::fromJson(assistant[QLatin1String("tool_calls")][0][QLatin1String(
                                             "function")][QLatin1String("arguments")]
                                             .toString()
                                             .toUtf8())
                     .object()[QLatin1String("city")]
                     .toString(),
                 QStringLiteral("Rome"));
        QCOMPARE(messages[3][QLatin1String("role")].toString(), QStringLiteral("tool"));
        QCOMPARE(messages[3][QLatin1String("tool_call_id")].toString(), QStringLiteral("toolu_1"));
        QCOMPARE(messages[3][QLatin1String("content")].toString(), QStringLiteral("Sunny"));
        QCOMPARE(messages[4][QLatin1String("content")].toString(), QStringLiteral("And Paris?"));

        // The call streamed back as a tool_use block, its input in pieces.
        QCOMPARE(reader->text(), QStringLiteral("Checking."));
        const EventReader::Event toolStart =
            reader->events.at(reader->names().lastIndexOf("content_block_start"));
        const QJsonObject block = toolStart.data[QLatin1String("content_block")].toObject();
        QCOMPARE(block[QLatin1String("type")].toString(), QStringLiteral("tool_use"));
        QCOMPARE(block[QLatin1String("id")].toString(), QStringLiteral("call_9"));
        QCOMPARE(block[QLatin1String("name")].toString(), QStringLiteral("get_weather"));
        QCOMPARE(toolStart.data[QLatin1String("index")].toInt(), 1);
        QCOMPARE(reader->text(QStringLiteral("input_json_delta"), QStringLiteral("partial_json")),
                 QStringLiteral("{\"city\":\"Paris\"}"));
        int pieces = 0;
        for (const EventReader::Event &event : reader->events)
            pieces += event.data[QLatin1String("delta")][QLatin1String("type")]
                == QLatin1String("input_json_delta");
        QCOMPARE(pieces, 3);
        QCOMPARE(reader->first("message_delta")
                     .data[QLatin1String("delta")][QLatin1String("stop_reason")]
                     .toString(),
                 QStringLiteral("tool_use"));
    }

    void notStreamedIsOneMessage()
    {
        const Answer answer = messages(ask(QStringLiteral("fake-model"), QStringLiteral("Hi")));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json[QLatin1String("type")].toString(), QStringLiteral("message"));
        QCOMPARE(answer.json[QLatin1String("role")].toString(), QStringLiteral("assistant"));
        QCOMPARE(answer.json[QLatin1String("model")].toString(), QStringLiteral("fake-model"));
        QCOMPARE(answer.json[QLatin1String("content")][0][QLatin1String("text")].toString(),
                 QStringLiteral("Hello from the fake provider."));
        QCOMPARE(answer.json[QLatin1String("stop_reason")].toString(), QStringLiteral("end_turn"));
        QCOMPARE(answer.json[QLatin1String("usage")][QLatin1String("output_tokens")].toInt(), 6);
    }

    void claudeModelsGoToAnthropicWithThinkingAndCache()
    {
        FakeMessage thought;
        thought.thinking = { QStringLiteral("Hmm, "), QStringLiteral("a greeting.") };
        thought.signature = QStringLiteral("sig-9");
        thought.cacheReadTokens = 100;
        thought.cacheWriteTokens = 40;
        m_anthropic->enqueue(thought);
        QJsonObject body = ask(QStringLiteral("claude-haiku-4-5"), QStringLiteral("Hi"), 4000);
        body.insert(QStringLiteral("thinking"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("enabled") },
                                  { QStringLiteral("budget_tokens"), 1500 } });
        EventReader *reader = stream(body);
        QVERIFY(reader->waitFinished());
        QCOMPARE(reader->status(), 200);

        const FakeAnthropicRequest sent = m_anthropic->requests().at(0);
        QCOMPARE(sent.body[QLatin1String("model")].toString(), QStringLiteral("claude-haiku-4-5"));
        QCOMPARE(sent.apiKey, QByteArrayLiteral("sk-ant-upstream")); // Attache's key, not the token
        QCOMPARE(sent.body[QLatin1String("thinking")][QLatin1String("budget_tokens")].toInt(),
                 1500);
        QCOMPARE(sent.body[QLatin1String("max_tokens")].toInt(), 4000);

        QCOMPARE(reader->text(QStringLiteral("thinking_delta"), QStringLiteral("thinking")),
                 QStringLiteral("Hmm, a greeting."));
        QCOMPARE(reader->text(QStringLiteral("signature_delta"), QStringLiteral("signature")),
                 QStringLiteral("sig-9"));
        QCOMPARE(reader->text(), QStringLiteral("Hello from the fake Claude."));
        const QJsonObject usage =
            reader->first("message_delta").data[QLatin1String("usage")].toObject();
        QCOMPARE(usage[QLatin1String("input_tokens")].toInt(), 12);
        QCOMPARE(usage[QLatin1String("cache_read_input_tokens")].toInt(), 100);
        QCOMPARE(usage[QLatin1String("cache_creation_input_tokens")].toInt(), 40);
    }

    void anErrorMidStreamIsAnErrorEvent()
    {
        FakeMessage broken;
        broken.fault = FakeMessage::Fault::OverloadedMidStream;
        broken.faultAfter = 2;
        m_anthropic->enqueue(broken);
        EventReader *reader = stream(ask(QStringLiteral("claude-haiku-4-5"), QStringLiteral("Hi")));
        QVERIFY(reader->waitFinished());
        QCOMPARE(reader->status(), 200);
        QCOMPARE(reader->names().constLast(), QByteArrayLiteral("error"));
        QCOMPARE(reader->text(), QStringLiteral("Hello from"));
        const QJsonObject error = reader->events.constLast().data;
        QCOMPARE(error[QLatin1String("type")].toString(), QStringLiteral("error"));
        QCOMPARE(error[QLatin1String("error")][QLatin1String("type")].toString(),
                 QStringLiteral("overloaded_error"));
    }

    void aClientThatLeavesStopsTheUpstream()
    {
        FakeReply slow;
        slow.chunks = 2000;
        slow.delayMs = 10;
        m_openai->enqueueReply(slow);
        QSignalSpy gone(m_openai, &FakeProvider::clientDisconnected);
        EventReader *reader = stream(ask(QStringLiteral("fake-model"), QStringLiteral("Talk")));
        QTRY_VERIFY(reader->text().size() > 10);
        reader->reply->abort();
        QTRY_COMPARE_WITH_TIMEOUT(gone.size(), 1, 5000);
        QCOMPARE(m_openai->finishedStreamCount(), 0);
        // What was used is still booked, marked as an estimate.
        QTRY_COMPARE(m_engine->usage({}).value().totals.requests, qint64(1));
    }

    void countsTokens()
    {
        QJsonObject body =
            ask(QStringLiteral("claude-haiku-4-5"), QStringLiteral("Count these words"));
        body.remove(QStringLiteral("max_tokens"));
        Answer answer = send("POST", request(QStringLiteral("/v1/messages/count_tokens")),
                             QJsonDocument(body).toJson());
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.json[QLatin1String("input_tokens")].toInt() > 0);
        QCOMPARE(m_anthropic->countRequests().size(), 1); // Anthropic counted
        QCOMPARE(m_anthropic->countRequests().at(0).body[QLatin1String("model")].toString(),
                 QStringLiteral("claude-haiku-4-5"));

        body.insert(QStringLiteral("model"), QStringLiteral("fake-model"));
        answer = send("POST", request(QStringLiteral("/v1/messages/count_tokens")),
                      QJsonDocument(body).toJson());
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.json[QLatin1String("input_tokens")].toInt() > 0); // an estimate
        QCOMPARE(m_anthropic->countRequests().size(), 1);
    }

    void usageIsTheClientsAndASessionOnlyWhenNamed()
    {
        const int sessionsBefore = int(m_engine->sessions().size());
        QNetworkRequest req = request(QStringLiteral("/v1/messages"));
        req.setRawHeader("User-Agent", "claude-cli/2.0.14 (external, cli)");
        QCOMPARE(messages(ask(QStringLiteral("fake-model"), QStringLiteral("One")), req).status,
                 200);
        QTRY_COMPARE(m_engine->usage({}).value().totals.requests, qint64(1));
        const QList<UsageTotals> clients = m_engine->usage({}).value().byClient;
        QCOMPARE(clients.size(), 1);
        QCOMPARE(clients[0].group.value(0), QStringLiteral("claude-cli"));
        QCOMPARE(int(m_engine->sessions().size()), sessionsBefore);

        req.setRawHeader("X-Attache-Session", "Claude work");
        QCOMPARE(messages(ask(QStringLiteral("fake-model"), QStringLiteral("Two")), req).status,
                 200);
        const Session *session = m_engine->session(QStringLiteral("Claude work"));
        QVERIFY(session);
        QCOMPARE(session->messages.size(), 2);
        QCOMPARE(session->messages[0].content, QStringLiteral("Two"));
        QCOMPARE(session->messages[1].content, QStringLiteral("Hello from the fake provider."));
        QTRY_COMPARE(m_engine->usage({}).value().totals.requests, qint64(2));
    }
};

QTEST_MAIN(TestAnthropicGateway)
#include "tst_anthropicgateway.moc"
