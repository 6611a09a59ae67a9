// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A client's turn (the gateways' way in) against a provider scripted piece by piece: tool calls
// reach the client normalised whatever order and shape the provider streams them in, the
// conversation goes out as sent, and stop() aborts the upstream request. Also what a session's
// history and a client's whole conversation have to do with each other.
#include "providers/providercatalog.h"
#include "runs/clientturn.h"
#include "runs/conversation.h"

#include <QSignalSpy>
#include <QTest>

Q_DECLARE_METATYPE(ToolCallDelta)
Q_DECLARE_METATYPE(CompletionResult)

namespace {

class ScriptedStream : public ChatStream
{
    Q_OBJECT
public:
    using ChatStream::ChatStream;
    void abort() override { ++aborted; }
    int aborted = 0;
};

class ScriptedProvider : public Provider
{
public:
    const ProviderEntry &entry() const override { return m_entry; }
    ChatStream *startChat(const ChatParams &params, QObject *parent) override
    {
        sent = params;
        stream = new ScriptedStream(parent);
        return stream;
    }
    void fetchModels(QObject *, ModelsCallback callback) override { callback(QList<ModelInfo>()); }

    ProviderEntry m_entry { QStringLiteral("scripted"), QStringLiteral("Scripted") };
    ChatParams sent;
    QPointer<ScriptedStream> stream;
};

ChatMessage message(const QString &role, const QString &content)
{
    ChatMessage m;
    m.role = role;
    m.content = content;
    return m;
}

struct Turn
{
    ScriptedProvider *provider = nullptr;
    std::unique_ptr<ClientTurn> turn;
    std::unique_ptr<QSignalSpy> calls;
    std::unique_ptr<QSignalSpy> finished;

    explicit Turn(const QList<ChatMessage> &messages = {
                      message(QStringLiteral("user"), QStringLiteral("hi")) })
    {
        auto owned = std::make_unique<ScriptedProvider>();
        provider = owned.get();
        ChatParams params;
        params.model = QStringLiteral("m");
        params.messages = messages;
        turn = std::make_unique<ClientTurn>(std::move(owned), params, nullptr, nullptr);
        calls = std::make_unique<QSignalSpy>(turn.get(), &ClientTurn::toolCallReceived);
        finished = std::make_unique<QSignalSpy>(turn.get(), &ClientTurn::finished);
        turn->start();
    }
    void piece(int index, const QString &id, const QString &name, const QString &arguments)
    {
        provider->stream->toolCallDelta({ index, id, name, arguments });
    }
    ToolCallDelta call(int i) const { return calls->at(i).at(0).value<ToolCallDelta>(); }
};

} // namespace

class TestClientTurn : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ToolCallDelta>();
        qRegisterMetaType<CompletionResult>();
    }

    void conversationGoesOutAsSent()
    {
        const QList<ChatMessage> messages { message(QStringLiteral("system"), QStringLiteral("s")),
                                            message(QStringLiteral("user"), QStringLiteral("u")) };
        Turn t(messages);
        QCOMPARE(t.provider->sent.messages.size(), 2);
        QCOMPARE(t.provider->sent.messages.at(0).content, QStringLiteral("s"));
        QCOMPARE(t.provider->sent.messages.at(1).content, QStringLiteral("u"));
    }

    void repeatedIdsAndNamesAreToldOnce()
    {
        // Some providers repeat the id and the name in every piece of a call.
        Turn t;
        t.piece(0, QStringLiteral("call_a"), QStringLiteral("f"), QStringLiteral("{\"x\""));
        t.piece(0, QStringLiteral("call_a"), QStringLiteral("f"), QStringLiteral(":1}"));
        QCOMPARE(t.calls->size(), 2);
        QCOMPARE(t.call(0).id, QStringLiteral("call_a"));
        QCOMPARE(t.call(0).name, QStringLiteral("f"));
        QCOMPARE(t.call(1).id, QString());
        QCOMPARE(t.call(1).name, QString());
        QCOMPARE(t.call(1).arguments, QStringLiteral(":1}"));
    }

    void indexesCountFromZeroInTheOrderCallsBegin()
    {
        // A provider that numbers its calls 3 and 7, interleaved, and names one late.
        Turn t;
        t.piece(3, QStringLiteral("call_1"), QStringLiteral("one"), QStringLiteral("{"));
        t.piece(7, {}, {}, QStringLiteral("{\"late\""));
        t.piece(3, {}, {}, QStringLiteral("}"));
        t.piece(7, QStringLiteral("call_2"), QStringLiteral("two"), QStringLiteral(":true}"));
        QCOMPARE(t.calls->size(), 3);
        QCOMPARE(t.call(0).index, 0);
        QCOMPARE(t.call(1).index, 0);
        QCOMPARE(t.call(1).arguments, QStringLiteral("}"));
        // The unnamed pieces were held until the call had a name, then told with it.
        QCOMPARE(t.call(2).index, 1);
        QCOMPARE(t.call(2).id, QStringLiteral("call_2"));
        QCOMPARE(t.call(2).name, QStringLiteral("two"));
        QCOMPARE(t.call(2).arguments, QStringLiteral("{\"late\":true}"));

        t.provider->stream->finished(FinishReason::Stop, {});
        QCOMPARE(t.finished->size(), 1);
        const auto result = t.finished->at(0).at(0).value<CompletionResult>();
        QCOMPARE(result.finishReason, FinishReason::ToolCalls);
        QCOMPARE(result.toolCalls.size(), 2);
        QCOMPARE(result.toolCalls.at(0).arguments, QStringLiteral("{}"));
        QCOMPARE(result.toolCalls.at(1).arguments, QStringLiteral("{\"late\":true}"));
    }

    void callsWithoutAnIdGetOne()
    {
        Turn t;
        t.piece(0, {}, QStringLiteral("f"), QStringLiteral("{}"));
        QCOMPARE(t.calls->size(), 1);
        QVERIFY(t.call(0).id.startsWith(QStringLiteral("call_")));
    }

    void callsReportedOnlyAtTheEndAreToldThen()
    {
        Turn t;
        t.provider->stream->finished(
            FinishReason::ToolCalls,
            { { QStringLiteral("c1"), QStringLiteral("f"), QStringLiteral("{\"a\":1}") } });
        QCOMPARE(t.calls->size(), 1);
        QCOMPARE(t.call(0).id, QStringLiteral("c1"));
        QCOMPARE(t.call(0).arguments, QStringLiteral("{\"a\":1}"));
        QCOMPARE(t.finished->size(), 1);
    }

    void usageIsEstimatedWhenTheProviderSendsNone()
    {
        Turn t;
        const QByteArray text("twelve chars");
        t.provider->stream->deltaReceived({ text });
        t.provider->stream->finished(FinishReason::Stop, {});
        const auto result = t.finished->at(0).at(0).value<CompletionResult>();
        QCOMPARE(result.text, text);
        QVERIFY(result.usage.estimated);
        QCOMPARE(result.usage.completionTokens, 3);
        QCOMPARE(result.usage.promptTokens, 1);
    }

    void stopAbortsTheUpstreamRequestAndNothingFollows()
    {
        Turn t;
        const QPointer<ScriptedStream> stream = t.provider->stream;
        t.turn->stop();
        QCOMPARE(stream->aborted, 1);
        QSignalSpy failed(t.turn.get(), &ClientTurn::failed);
        if (stream)
            stream->finished(FinishReason::Stop, {});
        QCOMPARE(t.finished->size(), 0);
        QCOMPARE(failed.size(), 0);
    }

    void newMessagesAfterTheSessionsHistory()
    {
        const ChatMessage u1 = message(QStringLiteral("user"), QStringLiteral("one"));
        const ChatMessage a1 = message(QStringLiteral("assistant"), QStringLiteral("reply"));
        const ChatMessage u2 = message(QStringLiteral("user"), QStringLiteral("two"));
        // The client resends the whole conversation, which begins with the session's.
        QCOMPARE(Conversation::newMessages({ u1, a1 }, { u1, a1, u2 }).size(), 1);
        QCOMPARE(Conversation::newMessages({ u1, a1 }, { u1, a1, u2 }).at(0).content,
                 QStringLiteral("two"));
        // Another conversation: what follows its last reply; its system prompt is not said.
        const ChatMessage other = message(QStringLiteral("user"), QStringLiteral("elsewhere"));
        const QList<ChatMessage> fresh = Conversation::newMessages(
            { u1, a1 }, { message(QStringLiteral("system"), QStringLiteral("s")), other });
        QCOMPARE(fresh.size(), 1);
        QCOMPARE(fresh.at(0).content, QStringLiteral("elsewhere"));
    }

    void unansweredCallsGetAResult()
    {
        ChatMessage asked = message(QStringLiteral("assistant"), {});
        asked.toolCalls = { { QStringLiteral("c1"), QStringLiteral("f"), QStringLiteral("{}") },
                            { QStringLiteral("c2"), QStringLiteral("g"), QStringLiteral("{}") } };
        ChatMessage answered = message(QStringLiteral("tool"), QStringLiteral("done"));
        answered.toolCallId = QStringLiteral("c1");
        const QList<ChatMessage> out = Conversation::withAnswers(
            { asked, answered, message(QStringLiteral("user"), QStringLiteral("next")) });
        QCOMPARE(out.size(), 4);
        QCOMPARE(out.at(1).toolCallId, QStringLiteral("c1"));
        QCOMPARE(out.at(2).toolCallId, QStringLiteral("c2"));
        QVERIFY(out.at(2).isError);
        QCOMPARE(out.at(3).content, QStringLiteral("next"));
    }
};

QTEST_GUILESS_MAIN(TestClientTurn)
#include "tst_clientturn.moc"
