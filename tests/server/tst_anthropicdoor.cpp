// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "anthropicdoorfixture.h"

/** Who may use the /v1/messages door, and how it says no: Anthropic's error shape and statuses. */
class TestAnthropicDoor : public AnthropicDoorFixture
{
    Q_OBJECT

private Q_SLOTS:
    void theTokenAsApiKeyOnTheseRoutesOnly()
    {
        const QByteArray body =
            QJsonDocument(ask(QStringLiteral("fake-model"), QStringLiteral("Hi"))).toJson();
        QCOMPARE(send("POST", request(QStringLiteral("/v1/messages")), body).status, 200);
        QCOMPARE(send("POST", request(QStringLiteral("/v1/messages/count_tokens")), body).status,
                 200);
        // As a Bearer too (Claude Code's ANTHROPIC_AUTH_TOKEN).
        QNetworkRequest bearer = request(QStringLiteral("/v1/messages"), {});
        bearer.setRawHeader("Authorization", "Bearer " + Token);
        QCOMPARE(send("POST", bearer, body).status, 200);

        // A wrong key, in Anthropic's shape.
        const Answer wrong =
            send("POST", request(QStringLiteral("/v1/messages"), QByteArray(64, 'b')), body);
        QCOMPARE(wrong.status, 401);
        QCOMPARE(wrong.json[QLatin1String("type")].toString(), QStringLiteral("error"));
        QCOMPARE(wrong.errorType(), QStringLiteral("authentication_error"));
        QVERIFY(wrong.errorMessage().contains(QLatin1String("x-api-key")));

        // Everywhere else x-api-key is no token at all, and errors keep Attache's shape.
        const Answer elsewhere = send("GET", request(QStringLiteral("/status")));
        QCOMPARE(elsewhere.status, 401);
        QCOMPARE(elsewhere.json[QLatin1String("error")][QLatin1String("code")].toString(),
                 QStringLiteral("unauthorized"));
        QCOMPARE(send("POST", request(QStringLiteral("/chat")),
                      QByteArrayLiteral(R"({"message": "hi"})"))
                     .status,
                 401);
        QCOMPARE(m_openai->chatRequests().size(), 2); // only the two let through asked
    }

    void theHostAndOriginRulesHold()
    {
        QNetworkRequest foreign = request(QStringLiteral("/v1/messages"));
        foreign.setRawHeader("Origin", "https://evil.example");
        const Answer refused =
            send("POST", foreign, QJsonDocument(ask(QStringLiteral("fake-model"), {})).toJson());
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.errorType(), QStringLiteral("permission_error"));
        QVERIFY(m_openai->chatRequests().isEmpty());
    }

    void requestErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("says");
        QTest::newRow("no messages") << QByteArrayLiteral(R"({"model": "m", "max_tokens": 10})")
                                     << 400 << QStringLiteral("messages: Field required");
        QTest::newRow("no max_tokens") << QByteArrayLiteral(R"({"model": "m", "messages": []})")
                                       << 400 << QStringLiteral("max_tokens");
        QTest::newRow("no model") << QByteArrayLiteral(R"({"max_tokens": 10, "messages": []})")
                                  << 400 << QStringLiteral("model: Field required");
        QTest::newRow("a wrong role") << QByteArrayLiteral(
            R"({"model": "m", "max_tokens": 10, "messages": [{"role": "robot", "content": "x"}]})")
                                      << 400 << QStringLiteral("messages.0.role");
        QTest::newRow("not JSON") << QByteArrayLiteral("{nope") << 400 << QStringLiteral("JSON");
    }
    void requestErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, says);
        const Answer answer = send("POST", request(QStringLiteral("/v1/messages")), body);
        QCOMPARE(answer.status, status);
        QCOMPARE(answer.json[QLatin1String("type")].toString(), QStringLiteral("error"));
        QCOMPARE(answer.errorType(), QStringLiteral("invalid_request_error"));
        QVERIFY2(answer.errorMessage().contains(says), qPrintable(answer.errorMessage()));
    }

    void unknownFieldsAreAccepted()
    {
        QJsonObject body = ask(QStringLiteral("fake-model"), QStringLiteral("Hi"));
        body.insert(QStringLiteral("service_tier"), QStringLiteral("auto"));
        body.insert(QStringLiteral("metadata"),
                    QJsonObject { { QStringLiteral("user_id"), QStringLiteral("u1") } });
        body.insert(QStringLiteral("something_new"), QJsonObject());
        QCOMPARE(messages(body).status, 200);
    }

    void wrongMethodAndMediaTypeInAnthropicsShape()
    {
        const Answer get = send("GET", request(QStringLiteral("/v1/messages")));
        QCOMPARE(get.status, 405);
        QCOMPARE(get.errorType(), QStringLiteral("invalid_request_error"));
        QNetworkRequest text = request(QStringLiteral("/v1/messages"));
        text.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/plain"));
        const Answer media = send("POST", text, "hello");
        QCOMPARE(media.status, 415);
        QCOMPARE(media.json[QLatin1String("type")].toString(), QStringLiteral("error"));
    }

    void upstreamFailuresKeepTheirMeaning_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("fault");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("type");
        QTest::newRow("an OpenAI-compatible provider's 429")
            << QStringLiteral("fake-model") << int(FakeReply::Fault::RateLimited) << 429
            << QStringLiteral("rate_limit_error");
        QTest::newRow("Anthropic overloaded, three times")
            << QStringLiteral("claude-haiku-4-5") << int(FakeMessage::Fault::Overloaded) << 529
            << QStringLiteral("overloaded_error");
        QTest::newRow("Anthropic refusing Attache's key is not the client's fault")
            << QStringLiteral("claude-haiku-4-5") << int(FakeMessage::Fault::Unauthorized) << 502
            << QStringLiteral("api_error");
        QTest::newRow("Anthropic's 400, its message through")
            << QStringLiteral("claude-haiku-4-5") << int(FakeMessage::Fault::BadRequest) << 400
            << QStringLiteral("invalid_request_error");
    }
    void upstreamFailuresKeepTheirMeaning()
    {
        QFETCH(QString, model);
        QFETCH(int, fault);
        QFETCH(int, status);
        QFETCH(QString, type);
        if (model.startsWith(QLatin1String("claude"))) {
            FakeMessage refusal;
            refusal.fault = FakeMessage::Fault(fault);
            for (int i = 0; i < 3; ++i)
                m_anthropic->enqueue(refusal);
        } else {
            FakeReply refusal;
            refusal.fault = FakeReply::Fault(fault);
            m_openai->enqueueReply(refusal);
        }
        // Streamed: nothing was sent before the failure, so it is a plain error with its status.
        EventReader *reader = stream(ask(model, QStringLiteral("Hi")));
        QVERIFY(reader->waitFinished());
        QCOMPARE(reader->status(), status);
        const QJsonObject error = QJsonDocument::fromJson(reader->body).object();
        QCOMPARE(error[QLatin1String("type")].toString(), QStringLiteral("error"));
        QCOMPARE(error[QLatin1String("error")][QLatin1String("type")].toString(), type);
        if (status == 429)
            QCOMPARE(reader->reply->rawHeader("Retry-After"), QByteArrayLiteral("3"));
        if (status == 502)
            QVERIFY(error[QLatin1String("error")][QLatin1String("message")].toString().contains(
                QLatin1String("ANTHROPIC_API_KEY")));
        if (status == 400)
            QVERIFY(error[QLatin1String("error")][QLatin1String("message")].toString().contains(
                QLatin1String("messages: field required")));
    }

    void noProviderKeyIsAClearError()
    {
        // The anthropic entry without a key: a claude model cannot be served.
        m_server.reset();
        m_engine.reset();
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("ATTACHE_OPENAI_BASE_URL"),
                           m_openai->baseUrl().toString());
        m_catalog = ProviderCatalog::load({}, environment);
        m_engine = std::make_unique<Engine>(m_catalog, *m_settings, m_store.get());
        ServerOptions options;
        options.port = 0;
        options.token = Token;
        m_server = std::make_unique<ApiServer>(*m_engine, options);
        QVERIFY(m_server->start(nullptr));
        const Answer answer =
            messages(ask(QStringLiteral("claude-haiku-4-5"), QStringLiteral("Hi")));
        // As the model directory answers for every door: this model cannot be used, and why;
        // nothing the client sent is wrong (503, as for any provider Attache lacks a key for).
        QCOMPARE(answer.status, 503);
        QVERIFY2(answer.errorMessage().contains(QLatin1String("ANTHROPIC_API_KEY")),
                 qPrintable(answer.errorMessage()));
        // Another provider's model still works.
        QCOMPARE(messages(ask(QStringLiteral("openai/fake-model"), QStringLiteral("Hi"))).status,
                 200);
    }

    void preflightsAllowAnthropicsHeaders()
    {
        QNetworkRequest preflight(
            QUrl(QStringLiteral("http://127.0.0.1:%1/v1/messages").arg(m_server->port())));
        preflight.setRawHeader("Origin", "vscode-webview://abc");
        preflight.setRawHeader("Access-Control-Request-Method", "POST");
        preflight.setRawHeader("Access-Control-Request-Headers", "x-api-key, anthropic-version");
        const Answer allowed = send("OPTIONS", preflight);
        QCOMPARE(allowed.status, 204);
        const QByteArray headers = allowed.header("Access-Control-Allow-Headers");
        QVERIFY2(headers.contains("X-Api-Key") && headers.contains("Anthropic-Version"),
                 headers.constData());
        QCOMPARE(allowed.header("Access-Control-Allow-Methods"), QByteArrayLiteral("POST"));

        preflight.setUrl(QUrl(QStringLiteral("http://127.0.0.1:%1/chat").arg(m_server->port())));
        const Answer chat = send("OPTIONS", preflight);
        QCOMPARE(chat.status, 204);
        QVERIFY(!chat.header("Access-Control-Allow-Headers").contains("X-Api-Key"));
    }

    void capabilitiesListTheDoor()
    {
        QNetworkRequest status(
            QUrl(QStringLiteral("http://127.0.0.1:%1/capabilities").arg(m_server->port())));
        status.setRawHeader("Authorization", "Bearer " + Token);
        const Answer answer = send("GET", status);
        QCOMPARE(answer.status, 200);
        QVERIFY(answer.body.contains("POST /v1/messages"));
        QVERIFY(answer.body.contains("POST /v1/messages/count_tokens"));
    }
};

QTEST_MAIN(TestAnthropicDoor)
#include "tst_anthropicdoor.moc"
