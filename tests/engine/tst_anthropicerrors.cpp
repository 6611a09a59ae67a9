// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "anthropicfixture.h"

using namespace anthropictest;
using Fault = FakeMessage::Fault;

/** What the Anthropic provider does when the API refuses, is overloaded or breaks off. */
class TestAnthropicErrors : public QObject
{
    Q_OBJECT

private:
    FakeAnthropic *m_fake = nullptr;
    std::unique_ptr<AnthropicEngine> m_test;
    Run *chat(const QString &message) { return m_test->chat(message); }
    static QString message(const Run *run)
    {
        return run->error() ? run->error()->message : QString();
    }

private Q_SLOTS:
    void init()
    {
        m_fake = new FakeAnthropic(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<AnthropicEngine>(m_fake->baseUrl());
    }
    void cleanup()
    {
        m_test.reset();
        delete m_fake;
    }

    void overloadedAndRateLimitedAreTriedAgain()
    {
        FakeMessage limited = fault(Fault::RateLimited);
        limited.retryAfterSeconds = 0; // "now": the wait the API asks for is the one taken
        m_fake->enqueue(fault(Fault::Overloaded));
        m_fake->enqueue(limited);
        Run *run = chat(QStringLiteral("Hi"));
        QVERIFY(finished(run));
        QCOMPARE(run->state(), Run::State::Done);
        QCOMPARE(run->reply(), QStringLiteral("Hello from the fake Claude."));
        QCOMPARE(m_fake->requests().size(), 3);

        // The client was told each time, before any piece of the reply.
        const QList<QJsonObject> retries = eventsOf(run, EventType::Retrying);
        QCOMPARE(retries.size(), 2);
        const QJsonObject first = retries[0][QLatin1String("data")].toObject();
        QCOMPARE(first[QLatin1String("attempt")].toInt(), 2);
        QCOMPARE(first[QLatin1String("upstream_status")].toInt(), 529);
        QVERIFY(first[QLatin1String("message")].toString().contains(QLatin1String("overloaded")));
        const QJsonObject second = retries[1][QLatin1String("data")].toObject();
        QCOMPARE(second[QLatin1String("attempt")].toInt(), 3);
        QCOMPARE(second[QLatin1String("code")].toString(), QStringLiteral("rate_limited"));
        QCOMPARE(second[QLatin1String("delay_ms")].toInt(), 0);
        const QStringList seen = types(run);
        QVERIFY(seen.lastIndexOf(QStringLiteral("retrying"))
                < seen.indexOf(QStringLiteral("stream_chunk")));
    }

    void anOverloadErrorEventBeforeTheReplyIsTriedAgain()
    {
        m_fake->enqueue(fault(Fault::OverloadedMidStream, 0));
        Run *run = chat(QStringLiteral("Hi"));
        QVERIFY(finished(run));
        QCOMPARE(run->state(), Run::State::Done);
        QCOMPARE(eventsOf(run, EventType::Retrying).size(), 1);
        // Nothing twice: the reply is the second answer's alone.
        QCOMPARE(run->reply(), QStringLiteral("Hello from the fake Claude."));
    }

    void anErrorEventInTheMiddleFailsAndKeepsWhatArrived()
    {
        m_fake->enqueue(fault(Fault::OverloadedMidStream, 2));
        Run *run = chat(QStringLiteral("Hi"));
        QVERIFY(finished(run));
        QCOMPARE(run->state(), Run::State::Failed);
        QCOMPARE(run->reply(), QStringLiteral("Hello from"));
        QVERIFY(eventsOf(run, EventType::Retrying).isEmpty());
        QCOMPARE(m_fake->requests().size(), 1);
        QVERIFY2(message(run).contains(QLatin1String("overloaded")), qPrintable(message(run)));
        QVERIFY(message(run).contains(QLatin1String("What arrived is kept")));
        QCOMPARE(run->error()->upstreamStatus, 529);
    }

    void givesUpAfterThreeTries()
    {
        for (int i = 0; i < 3; ++i)
            m_fake->enqueue(fault(Fault::Overloaded));
        m_fake->enqueue(FakeMessage()); // would answer a fourth try
        Run *run = chat(QStringLiteral("Hi"));
        QVERIFY(finished(run));
        QCOMPARE(run->state(), Run::State::Failed);
        QCOMPARE(m_fake->requests().size(), 3);
        QCOMPARE(eventsOf(run, EventType::Retrying).size(), 2);
        QVERIFY2(message(run).contains(QLatin1String("tried 3 times")), qPrintable(message(run)));
        QVERIFY(message(run).contains(QLatin1String("request req_fake_error"))); // for support
        QCOMPARE(run->error()->upstreamStatus, 529);
    }

    void aWaitLongerThanTheRetryWindowFailsAtOnce()
    {
        FakeMessage limited = fault(Fault::RateLimited);
        limited.retryAfterSeconds = 60;
        m_fake->enqueue(limited);
        Run *run = chat(QStringLiteral("Hi"));
        QVERIFY(finished(run));
        QCOMPARE(run->state(), Run::State::Failed);
        QCOMPARE(errorCode(run), QStringLiteral("rate_limited"));
        QCOMPARE(run->error()->retryAfterSeconds, 60);
        QCOMPARE(m_fake->requests().size(), 1);
        QVERIFY(eventsOf(run, EventType::Retrying).isEmpty());
    }

    void refusalsSayWhatToDo_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<QString>("code");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("says");
        QTest::newRow("401 names the key")
            << int(Fault::Unauthorized) << QStringLiteral("auth_failed") << 401
            << QStringLiteral("ANTHROPIC_API_KEY");
        QTest::newRow("403 names the key") << int(Fault::Forbidden) << QStringLiteral("auth_failed")
                                           << 403 << QStringLiteral("ANTHROPIC_API_KEY");
        QTest::newRow("400 carries the API's message")
            << int(Fault::BadRequest) << QStringLiteral("upstream_error") << 400
            << QStringLiteral("messages: field required");
        QTest::newRow("404 says to check the model")
            << int(Fault::NotFound) << QStringLiteral("upstream_error") << 404
            << QStringLiteral("model name");
        QTest::newRow("500 is not tried again")
            << int(Fault::ServerError) << QStringLiteral("upstream_error") << 500
            << QStringLiteral("Internal server error");
    }
    void refusalsSayWhatToDo()
    {
        QFETCH(int, fault);
        QFETCH(QString, code);
        QFETCH(int, status);
        QFETCH(QString, says);
        m_fake->enqueue(anthropictest::fault(Fault(fault)));
        Run *run = chat(QStringLiteral("Hi"));
        QVERIFY(finished(run));
        QCOMPARE(run->state(), Run::State::Failed);
        QCOMPARE(errorCode(run), code);
        QCOMPARE(run->error()->upstreamStatus, status);
        QVERIFY2(message(run).contains(says), qPrintable(message(run)));
        QCOMPARE(m_fake->requests().size(), 1);
    }

    void aStreamThatEndsBeforeMessageStopFails()
    {
        m_fake->enqueue(fault(Fault::DropMidStream, 3));
        Run *run = chat(QStringLiteral("Hi"));
        QVERIFY(finished(run));
        QCOMPARE(run->state(), Run::State::Failed);
        QCOMPARE(run->reply(), QStringLiteral("Hello from the"));
        QVERIFY(message(run).contains(QLatin1String("What arrived is kept")));
    }

    void aStalledStreamTimesOut()
    {
        m_test->settings.setValue(Settings::StallTimeoutMs, 300);
        m_fake->enqueue(fault(Fault::Stall, 1));
        Run *run = chat(QStringLiteral("Hi"));
        QVERIFY(finished(run));
        QCOMPARE(errorCode(run), QStringLiteral("timeout"));
        QCOMPARE(run->reply(), QStringLiteral("Hello"));
    }

    void noKeyMeansAClearError()
    {
        m_test.reset();
        QFile builtIn(QStringLiteral(":/attache/providers.json"));
        QVERIFY(builtIn.open(QIODevice::ReadOnly));
        const ProviderCatalog catalog =
            ProviderCatalog::fromJson(builtIn.readAll(), {}, QProcessEnvironment()).value();
        const Status ready = catalog.readiness(*catalog.find(QStringLiteral("anthropic")));
        QVERIFY(!ready.ok());
        QCOMPARE(ready.error().code(), QStringLiteral("missing_api_key"));
        QVERIFY(ready.error().message.contains(QLatin1String("ANTHROPIC_API_KEY")));
    }
};

QTEST_MAIN(TestAnthropicErrors)
#include "tst_anthropicerrors.moc"
