// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "enginefixture.h"

/** A chat turn: the events it streams, the history it builds, regenerating the last reply. */
class TestEngineChat : public EngineFixture
{
    Q_OBJECT

private Q_SLOTS:
    void streamsOneChunkPerDeltaInOrder()
    {
        EventLog log(engine());
        m_fake->setDefaultReply(reply(
            { QStringLiteral("Hel"), QStringLiteral("lo, "), QStringLiteral("wörld \"ok\"\n") }));
        Run *run = chat(QStringLiteral("hi"));
        QVERIFY(run);
        QSignalSpy finished(run, &Run::finished);
        QVERIFY(finished.wait(5000));

        QCOMPARE(run->state(), Run::State::Done);
        QCOMPARE(log.types(run->id()),
                 QStringList({ QStringLiteral("stream_start"), QStringLiteral("stream_chunk"),
                               QStringLiteral("stream_chunk"), QStringLiteral("stream_chunk"),
                               QStringLiteral("usage"), QStringLiteral("stream_end") }));
        const QList<QJsonObject> events = log.events.value(run->id());
        for (int i = 0; i < events.size(); ++i) {
            QCOMPARE(events[i][QLatin1String("seq")].toInt(), i + 1);
            QCOMPARE(events[i][QLatin1String("run")].toString(), run->id());
            QCOMPARE(events[i][QLatin1String("session")].toString(), engine().currentSessionId());
        }
        QCOMPARE(events[1][QLatin1String("data")].toString(), QStringLiteral("Hel"));
        QCOMPARE(events[3][QLatin1String("data")].toString(), QStringLiteral("wörld \"ok\"\n"));
        QCOMPARE(events[4][QLatin1String("data")][QLatin1String("completion_tokens")].toInt(), 3);
        QCOMPARE(events[4][QLatin1String("data")][QLatin1String("prompt_tokens")].toInt(), 7);
        QCOMPARE(events[5][QLatin1String("data")].toString(),
                 QStringLiteral("Hello, wörld \"ok\"\n"));
        QCOMPARE(events[5][QLatin1String("metadata")][QLatin1String("finish_reason")].toString(),
                 QStringLiteral("stop"));

        const QJsonObject sent = m_fake->chatRequests().constFirst();
        QCOMPARE(sent[QLatin1String("model")].toString(), QStringLiteral("gpt-4o-mini"));
        QCOMPARE(sent[QLatin1String("stream")].toBool(), true);
        QCOMPARE(sent[QLatin1String("stream_options")][QLatin1String("include_usage")].toBool(),
                 true);
        QCOMPARE(
            roles(sent),
            (QList<QPair<QString, QString>> { { QStringLiteral("user"), QStringLiteral("hi") } }));
    }

    void estimatesUsageWhenTheProviderSendsNone()
    {
        FakeReply r = reply({ QStringLiteral("abcdefgh") });
        r.usage = false;
        m_fake->setDefaultReply(r);
        Run *run = chat(QStringLiteral("hi"));
        QSignalSpy finished(run, &Run::finished);
        QVERIFY(finished.wait(5000));
        QVERIFY(run->usage());
        QVERIFY(run->usage()->estimated);
        QCOMPARE(run->usage()->completionTokens, 2);
    }

    void historyGoesToTheNextTurn()
    {
        m_fake->enqueueReply(reply({ QStringLiteral("Paris.") }));
        m_fake->enqueueReply(reply({ QStringLiteral("About 2 million.") }));
        Run *first = chat(QStringLiteral("Capital of France?"));
        QSignalSpy firstDone(first, &Run::finished);
        QVERIFY(firstDone.wait(5000));
        Run *second = chat(QStringLiteral("Population?"));
        QSignalSpy secondDone(second, &Run::finished);
        QVERIFY(secondDone.wait(5000));

        QCOMPARE(roles(m_fake->chatRequests().at(1)),
                 (QList<QPair<QString, QString>> {
                     { QStringLiteral("user"), QStringLiteral("Capital of France?") },
                     { QStringLiteral("assistant"), QStringLiteral("Paris.") },
                     { QStringLiteral("user"), QStringLiteral("Population?") } }));
        QCOMPARE(engine().history().value().size(), 4);
        QVERIFY(engine().clearHistory().ok());
        QCOMPARE(engine().history().value().size(), 0);
    }

    void regenerateReplacesTheLastReply()
    {
        m_fake->enqueueReply(reply({ QStringLiteral("Paris.") }));
        m_fake->enqueueReply(reply({ QStringLiteral("Lyon?") }));
        m_fake->enqueueReply(
            reply({ QStringLiteral("Marseille, "), QStringLiteral("by the sea.") }));
        QSignalSpy firstDone(chat(QStringLiteral("Capital of France?")), &Run::finished);
        QVERIFY(firstDone.wait(5000));
        QSignalSpy secondDone(chat(QStringLiteral("Largest port?")), &Run::finished);
        QVERIFY(secondDone.wait(5000));
        QSignalSpy history(&engine(), &Engine::historyChanged);

        const Result<Run *> again = engine().regenerate({}, QStringLiteral("c_test"));
        QVERIFY2(again.ok(), again.ok() ? "" : qPrintable(again.error().message));
        Run *run = again.value();
        QCOMPARE(run->spec().clientId, QStringLiteral("c_test"));
        QCOMPARE(run->spec().userMessage, QStringLiteral("Largest port?"));
        QVERIFY(history.size() >= 1);
        QSignalSpy done(run, &Run::finished);
        QVERIFY(done.wait(5000));
        QCOMPARE(run->reply(), QStringLiteral("Marseille, by the sea."));

        // The model saw the conversation without the reply it is replacing.
        QCOMPARE(roles(m_fake->chatRequests().at(2)),
                 (QList<QPair<QString, QString>> {
                     { QStringLiteral("user"), QStringLiteral("Capital of France?") },
                     { QStringLiteral("assistant"), QStringLiteral("Paris.") },
                     { QStringLiteral("user"), QStringLiteral("Largest port?") } }));
        const QList<ChatMessage> messages = engine().history().value();
        QCOMPARE(messages.size(), 4);
        QCOMPARE(messages.at(1).content, QStringLiteral("Paris."));
        QCOMPARE(messages.at(2).content, QStringLiteral("Largest port?"));
        QCOMPARE(messages.at(3).content, QStringLiteral("Marseille, by the sea."));
    }

    void regenerateRetriesAFailedTurn()
    {
        FakeReply broken = reply({});
        broken.fault = FakeReply::Fault::ServerError;
        m_fake->enqueueReply(broken);
        m_fake->enqueueReply(reply({ QStringLiteral("Here it is.") }));
        Run *failed = chat(QStringLiteral("Try this"));
        QSignalSpy failedDone(failed, &Run::finished);
        QVERIFY(failedDone.wait(5000));
        QCOMPARE(failed->state(), Run::State::Failed);

        Run *run = engine().regenerate({}, QStringLiteral("c_test")).value();
        QSignalSpy done(run, &Run::finished);
        QVERIFY(done.wait(5000));
        const QList<ChatMessage> messages = engine().history().value();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).content, QStringLiteral("Try this"));
        QCOMPARE(messages.at(1).content, QStringLiteral("Here it is."));
    }

    void regenerateIsRefusedWhileAReplyStreams()
    {
        m_fake->setDefaultReply(reply({ QStringLiteral("slow "), QStringLiteral("reply") }, 100));
        Run *run = chat(QStringLiteral("Take your time"));
        QVERIFY(run);
        const Result<Run *> refused = engine().regenerate({}, QStringLiteral("c_test"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, ErrorKind::Conflict);
        QVERIFY2(refused.error().message.contains(QLatin1String("stop it")),
                 qPrintable(refused.error().message));
        QSignalSpy done(run, &Run::finished);
        QVERIFY(done.wait(5000));
        // The refusal changed nothing.
        QCOMPARE(m_fake->chatRequests().size(), 1);
        QCOMPARE(engine().history().value().size(), 2);
        QCOMPARE(engine().history().value().constLast().content, QStringLiteral("slow reply"));
    }

    void regenerateNeedsSomethingToRegenerate()
    {
        const Result<Run *> empty = engine().regenerate({}, QStringLiteral("c_test"));
        QVERIFY(!empty.ok());
        QCOMPARE(empty.error().code(), QStringLiteral("invalid_request"));
        QVERIFY2(empty.error().message.contains(QLatin1String("nothing to regenerate"),
                                                Qt::CaseInsensitive)
                     || empty.error().message.contains(QLatin1String("no reply to regenerate")),
                 qPrintable(empty.error().message));
        QCOMPARE(engine().regenerate(QStringLiteral("no such session"), {}).error().code(),
                 QStringLiteral("not_found"));
        QCOMPARE(m_fake->chatRequests().size(), 0);
    }

    void emptyMessageIsRefused()
    {
        ChatRequest request;
        request.message = QStringLiteral("   ");
        QCOMPARE(engine().chat(request).error().code(), QStringLiteral("invalid_request"));
        QCOMPARE(m_fake->chatRequests().size(), 0);
    }

    void attachedCodeIsSentWithTheMessage()
    {
        ChatRequest request;
        request.message = QStringLiteral("Explain");
        request.code = QStringLiteral("int x = 1;");
        request.language = QStringLiteral("cpp");
        Run *run = engine().chat(request).value();
        QSignalSpy finished(run, &Run::finished);
        QVERIFY(finished.wait(5000));
        QCOMPARE(roles(m_fake->chatRequests().constFirst()).constFirst().second,
                 QStringLiteral("Explain\n\n```cpp\nint x = 1;\n```"));
    }
};

QTEST_GUILESS_MAIN(TestEngineChat)
#include "tst_enginechat.moc"
