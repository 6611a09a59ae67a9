// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachewarnings.h"
#include "fakeprovider.h"
#include "testengine.h"
#include "wire/runeventjson.h"
#include "wire/toolsjson.h"

#include <QDir>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

namespace {

FakeReply callTool(const QString &name, const QString &arguments,
                   const QString &id = QStringLiteral("call_1"))
{
    FakeReply r;
    r.tokens = { QStringLiteral("Let me look. ") };
    r.toolCalls = { FakeToolCall { id, name, arguments, 3 } };
    return r;
}

FakeReply answer(const QString &text)
{
    FakeReply r;
    r.tokens = { text };
    return r;
}

QStringList types(const Run *run)
{
    QStringList list;
    for (const RunEvent &e : run->events())
        list.append(QString::fromLatin1(eventTypeName(e.type)));
    return list;
}

/** A change as POST /tools/config would make it. */
ToolBox::ConfigChange changeOf(const QJsonObject &json)
{
    return ToolsJson::configChange(json).value();
}

QJsonObject lastEvent(const Run *run, EventType type)
{
    QJsonObject found;
    for (const RunEvent &e : run->events()) {
        if (e.type == type)
            found = eventJson(e.wire);
    }
    return found;
}

} // namespace

class TestToolLoop : public QObject
{
    Q_OBJECT

private:
    static constexpr int NeverMs = 3600000; // the longest the tool box accepts
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<TestEngine> m_test;
    std::unique_ptr<QTemporaryDir> m_workspace;
    Engine &engine() { return *m_test->engine; }
    QString file(const QString &name) const { return m_workspace->filePath(name); }

    Run *chat(const QString &message)
    {
        ChatRequest request;
        request.message = message;
        return engine().chat(request).value();
    }
    static bool finished(Run *run, int timeoutMs = 30000)
    {
        return QTest::qWaitFor([run] { return run->isFinished(); }, timeoutMs);
    }
    QString readBack(const QString &name) const
    {
        QFile f(file(name));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

private Q_SLOTS:
    void init()
    {
        failOnAttacheWarnings();
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<TestEngine>(TestEngine::pointingAt(m_fake->baseUrl()));
        // The events as clients see them: through the server's encoder.
        m_test->engine->setEncoderFactory(
            [](const Run &run) { return std::make_unique<RunEventJson>(run); });
        m_workspace = std::make_unique<QTemporaryDir>();
        QFile main(file(QStringLiteral("main.cpp")));
        QVERIFY(main.open(QIODevice::WriteOnly));
        main.write("int main() { puts(\"hello\"); }\n");
        main.close();
        QVERIFY(engine().tools().setWorkingDirectory(m_workspace->path()).ok());
        // Longer than any test here runs: a question is answered by the test, not the clock.
        QVERIFY(engine()
                    .tools()
                    .applyConfig(changeOf({ { QStringLiteral("permission_timeout_ms"), NeverMs } }))
                    .ok());
    }
    void cleanup()
    {
        m_test.reset();
        delete m_fake;
        m_workspace.reset();
    }

    void readToolRunsAndTheModelAnswers()
    {
        m_fake->enqueueReply(
            callTool(QStringLiteral("read_file"), QStringLiteral("{\"path\": \"main.cpp\"}")));
        m_fake->enqueueReply(answer(QStringLiteral("It prints hello.")));
        Run *run = chat(QStringLiteral("What does main.cpp do?"));
        QVERIFY(finished(run));
        QCOMPARE(run->state(), Run::State::Done);
        QCOMPARE(types(run),
                 QStringList({ QStringLiteral("stream_start"), QStringLiteral("stream_chunk"),
                               QStringLiteral("tool_call"), QStringLiteral("tool_result"),
                               QStringLiteral("stream_chunk"), QStringLiteral("usage"),
                               QStringLiteral("stream_end") }));
        const QJsonObject call =
            lastEvent(run, EventType::ToolCall)[QLatin1String("data")].toObject();
        QCOMPARE(call[QLatin1String("name")].toString(), QStringLiteral("read_file"));
        QCOMPARE(call[QLatin1String("arguments")][QLatin1String("path")].toString(),
                 QStringLiteral("main.cpp"));
        const QJsonObject result =
            lastEvent(run, EventType::ToolResult)[QLatin1String("data")].toObject();
        QVERIFY(
            result[QLatin1String("content")].toString().contains(QLatin1String("puts(\"hello\")")));
        QCOMPARE(result[QLatin1String("error")].toBool(), false);

        // The first request offered the tools; the second carried the call and its result.
        QVERIFY(!m_fake->chatRequests().at(0)[QLatin1String("tools")].toArray().isEmpty());
        const QJsonArray messages =
            m_fake->chatRequests().at(1)[QLatin1String("messages")].toArray();
        QCOMPARE(messages.size(), 3);
        QCOMPARE(messages[1][QLatin1String("tool_calls")][0][QLatin1String("function")]
                         [QLatin1String("arguments")]
                             .toString(),
                 QStringLiteral("{\"path\": \"main.cpp\"}")); // reassembled from three pieces
        QCOMPARE(messages[2][QLatin1String("role")].toString(), QStringLiteral("tool"));
        QCOMPARE(messages[2][QLatin1String("tool_call_id")].toString(), QStringLiteral("call_1"));
        QCOMPARE(run->usage()->promptTokens, 14); // both rounds counted

        // The history keeps the whole turn for the next one.
        const QList<ChatMessage> history = engine().history().value();
        QCOMPARE(history.size(), 4);
        QCOMPARE(history[1].toolCalls.size(), 1);
        QCOMPARE(history[2].toolCallId, QStringLiteral("call_1"));
        QCOMPARE(history[3].content, QStringLiteral("It prints hello."));
    }

    void writeAsksAndRunsOnlyAfterApproval()
    {
        QSignalSpy requested(&engine().tools().permissions(), &PermissionBroker::requested);
        m_fake->enqueueReply(
            callTool(QStringLiteral("write_file"),
                     QStringLiteral("{\"path\": \"notes.txt\", \"content\": \"hi\\n\"}")));
        m_fake->enqueueReply(answer(QStringLiteral("Done.")));
        Run *run = chat(QStringLiteral("Write notes"));
        QVERIFY(requested.wait(5000));
        QCOMPARE(run->state(), Run::State::WaitingForPermission);
        QVERIFY(!QFile::exists(file(QStringLiteral("notes.txt"))));
        const PermissionRequest request = requested.at(0).at(0).value<PermissionRequest>();
        QCOMPARE(request.tool, QStringLiteral("write_file"));
        QCOMPARE(request.arguments[QLatin1String("content")].toString(), QStringLiteral("hi\n"));
        QVERIFY2(request.preview.diff.contains(QLatin1String("+hi")),
                 qPrintable(request.preview.diff));
        const QJsonObject event =
            lastEvent(run, EventType::PermissionRequest)[QLatin1String("data")].toObject();
        QCOMPARE(event[QLatin1String("id")].toString(), request.id);
        QVERIFY(event[QLatin1String("diff")].toString().contains(QLatin1String("+hi")));

        QVERIFY(engine()
                    .tools()
                    .permissions()
                    .respond(request.id, true, PermissionBroker::Scope::Once, QStringLiteral("c_1"))
                    .ok());
        QVERIFY(
            !engine()
                 .tools()
                 .permissions()
                 .respond(request.id, false, PermissionBroker::Scope::Once, QStringLiteral("c_2"))
                 .ok());
        QVERIFY(finished(run));
        QCOMPARE(readBack(QStringLiteral("notes.txt")), QStringLiteral("hi\n"));
        QCOMPARE(lastEvent(
                     run, EventType::PermissionResolved)[QLatin1String("data")][QLatin1String("by")]
                     .toString(),
                 QStringLiteral("c_1"));
        QCOMPARE(run->reply(), QStringLiteral("Let me look. Done."));
    }

    void deniedOrUnansweredNeverRuns_data()
    {
        QTest::addColumn<bool>("answer");
        QTest::newRow("denied") << true;
        QTest::newRow("nobody answers") << false;
    }
    void deniedOrUnansweredNeverRuns()
    {
        QFETCH(bool, answer);
        if (!answer) // nobody answers: the time-out decides, and this test need not wait long
            QVERIFY(engine()
                        .tools()
                        .applyConfig(changeOf({ { QStringLiteral("permission_timeout_ms"), 300 } }))
                        .ok());
        QSignalSpy requested(&engine().tools().permissions(), &PermissionBroker::requested);
        m_fake->enqueueReply(callTool(QStringLiteral("run_command"),
                                      QStringLiteral("{\"argv\": [\"touch\", \"ran\"]}")));
        m_fake->enqueueReply(::answer(QStringLiteral("Okay, I will not.")));
        Run *run = chat(QStringLiteral("Touch a file"));
        QVERIFY(requested.wait(5000));
        if (answer) {
            const QString id = requested.at(0).at(0).value<PermissionRequest>().id;
            QVERIFY(engine()
                        .tools()
                        .permissions()
                        .respond(id, false, PermissionBroker::Scope::Once, QStringLiteral("c_1"))
                        .ok());
        }
        QVERIFY(finished(run));
        QVERIFY(!QFile::exists(file(QStringLiteral("ran"))));
        const QJsonObject result =
            lastEvent(run, EventType::ToolResult)[QLatin1String("data")].toObject();
        QCOMPARE(result[QLatin1String("error")].toBool(), true);
        const QString told = m_fake->chatRequests()
                                 .at(1)[QLatin1String("messages")]
                                 .toArray()
                                 .last()[QLatin1String("content")]
                                 .toString();
        QVERIFY2(told.contains(answer ? QLatin1String("denied") : QLatin1String("Nobody answered")),
                 qPrintable(told));
        QCOMPARE(
            lastEvent(
                run, EventType::PermissionResolved)[QLatin1String("data")][QLatin1String("allowed")]
                .toBool(),
            false);
    }

    void sessionAndAlwaysScopes()
    {
        QSignalSpy requested(&engine().tools().permissions(), &PermissionBroker::requested);
        for (int i = 0; i < 2; ++i) {
            m_fake->enqueueReply(
                callTool(QStringLiteral("write_file"),
                         QStringLiteral("{\"path\": \"f%1.txt\", \"content\": \"x\"}").arg(i)));
            m_fake->enqueueReply(answer(QStringLiteral("ok")));
        }
        Run *first = chat(QStringLiteral("one"));
        QVERIFY(requested.wait(5000));
        QVERIFY(engine()
                    .tools()
                    .permissions()
                    .respond(requested.at(0).at(0).value<PermissionRequest>().id, true,
                             PermissionBroker::Scope::Session, QStringLiteral("c_1"))
                    .ok());
        QVERIFY(finished(first));
        Run *second = chat(QStringLiteral("two")); // same session: not asked again
        QVERIFY(finished(second));
        QCOMPARE(requested.size(), 1);
        QVERIFY(QFile::exists(file(QStringLiteral("f1.txt"))));
        QCOMPARE(engine().tools().policy(QStringLiteral("write_file")), ToolBox::Policy::Ask);

        m_fake->enqueueReply(callTool(QStringLiteral("write_file"),
                                      QStringLiteral("{\"path\": \"g.txt\", \"content\": \"x\"}")));
        m_fake->enqueueReply(answer(QStringLiteral("ok")));
        ChatRequest elsewhere;
        elsewhere.message = QStringLiteral("three");
        elsewhere.session = QStringLiteral("other");
        Run *third = engine().chat(elsewhere).value();
        QVERIFY(requested.wait(5000)); // another session asks again
        QVERIFY(engine()
                    .tools()
                    .permissions()
                    .respond(requested.at(1).at(0).value<PermissionRequest>().id, true,
                             PermissionBroker::Scope::Always, QStringLiteral("c_1"))
                    .ok());
        QVERIFY(finished(third));
        QCOMPARE(engine().tools().policy(QStringLiteral("write_file")), ToolBox::Policy::Allow);
    }

    void denyPolicyIsNotOfferedAndRefused()
    {
        QVERIFY(engine()
                    .tools()
                    .applyConfig(changeOf({ { QStringLiteral("policies"),
                                              QJsonObject { { QStringLiteral("run_command"),
                                                              QStringLiteral("deny") } } } }))
                    .ok());
        m_fake->enqueueReply(callTool(QStringLiteral("run_command"),
                                      QStringLiteral("{\"argv\": [\"touch\", \"ran\"]}")));
        m_fake->enqueueReply(answer(QStringLiteral("fine")));
        Run *run = chat(QStringLiteral("go"));
        QVERIFY(finished(run));
        for (const QJsonValue &tool :
             m_fake->chatRequests().at(0)[QLatin1String("tools")].toArray())
            QVERIFY(tool[QLatin1String("function")][QLatin1String("name")]
                    != QLatin1String("run_command"));
        QVERIFY(!QFile::exists(file(QStringLiteral("ran"))));
        QVERIFY(
            lastEvent(run, EventType::ToolResult)[QLatin1String("data")][QLatin1String("content")]
                .toString()
                .contains(QLatin1String("denies")));
        QVERIFY(
            !engine().tools().applyConfig(changeOf({ { QStringLiteral("max_rounds"), 0 } })).ok());
        QVERIFY(!engine()
                     .tools()
                     .applyConfig(changeOf({ { QStringLiteral("policies"),
                                               QJsonObject { { QStringLiteral("nope"),
                                                               QStringLiteral("allow") } } } }))
                     .ok());
    }

    void roundLimitForcesAnAnswer()
    {
        QVERIFY(
            engine().tools().applyConfig(changeOf({ { QStringLiteral("max_rounds"), 2 } })).ok());
        for (int i = 0; i < 2; ++i)
            m_fake->enqueueReply(callTool(QStringLiteral("list_directory"), QStringLiteral("{}"),
                                          QStringLiteral("call_%1").arg(i)));
        m_fake->enqueueReply(answer(QStringLiteral("Here is what I found.")));
        Run *run = chat(QStringLiteral("explore"));
        QVERIFY(finished(run));
        QCOMPARE(run->state(), Run::State::Done);
        QCOMPARE(m_fake->chatRequests().size(), 3);
        QVERIFY(!m_fake->chatRequests().at(1)[QLatin1String("tools")].toArray().isEmpty());
        QVERIFY(m_fake->chatRequests().at(2)[QLatin1String("tools")].toArray().isEmpty());
    }

    void cancelWhileAskingWithdrawsTheQuestion()
    {
        QSignalSpy requested(&engine().tools().permissions(), &PermissionBroker::requested);
        QSignalSpy resolved(&engine().tools().permissions(), &PermissionBroker::resolved);
        m_fake->enqueueReply(callTool(QStringLiteral("write_file"),
                                      QStringLiteral("{\"path\": \"n.txt\", \"content\": \"x\"}")));
        Run *run = chat(QStringLiteral("write"));
        QVERIFY(requested.wait(5000));
        QVERIFY(run->cancel());
        QCOMPARE(engine().tools().permissions().pending().size(), 0);
        QCOMPARE(resolved.size(), 1);
        // Nothing runs and nothing more goes upstream: the session's next turn, which starts once
        // the cancelled one is over, runs to its end first.
        m_fake->enqueueReply(answer(QStringLiteral("Next.")));
        Run *next = chat(QStringLiteral("next"));
        QVERIFY(finished(next));
        QCOMPARE(next->reply(), QStringLiteral("Next."));
        QVERIFY(!QFile::exists(file(QStringLiteral("n.txt"))));
        QCOMPARE(m_fake->chatRequests().size(), 2);
        QCOMPARE(resolved.size(), 1);
    }

    void atReferencesAttachFiles()
    {
        QFile binary(file(QStringLiteral("blob.bin")));
        QVERIFY(binary.open(QIODevice::WriteOnly));
        binary.write(QByteArray("\x7f"
                                "ELF\0\0\1",
                                7));
        binary.close();
        QFile big(file(QStringLiteral("big.txt")));
        QVERIFY(big.open(QIODevice::WriteOnly));
        big.write(QByteArray(100 * 1024, 'a'));
        big.close();
        Run *run =
            chat(QStringLiteral("Compare @main.cpp, @blob.bin and @big.txt with @../etc/passwd."));
        QVERIFY(finished(run));
        const QString sent = m_fake->chatRequests()
                                 .constFirst()[QLatin1String("messages")]
                                 .toArray()
                                 .last()[QLatin1String("content")]
                                 .toString();
        QVERIFY(sent.startsWith(QLatin1String("Compare @main.cpp")));
        QVERIFY2(sent.contains(QLatin1String("--- main.cpp (30 bytes) ---")),
                 qPrintable(sent.left(300)));
        QVERIFY(sent.contains(QLatin1String("puts(\"hello\")")));
        QVERIFY(!sent.contains(QLatin1String("ELF")));
        QVERIFY(sent.contains(QLatin1String("first 65536 shown")));
        QVERIFY(sent.size() < 70 * 1024);
        const QJsonObject event =
            lastEvent(run, EventType::ContextInjected)[QLatin1String("data")].toObject();
        const QJsonArray files = event[QLatin1String("files")].toArray();
        QCOMPARE(files.size(), 2);
        QCOMPARE(files[0][QLatin1String("path")].toString(), QStringLiteral("main.cpp"));
        QCOMPARE(files[0][QLatin1String("bytes")].toInt(), 30);
        QCOMPARE(files[1][QLatin1String("truncated")].toBool(), true);
        const QJsonArray refused = event[QLatin1String("refused")].toArray();
        QCOMPARE(refused.size(), 2);
        QVERIFY(refused[0][QLatin1String("reason")].toString().contains(QLatin1String("binary")));
        QCOMPARE(refused[1][QLatin1String("path")].toString(), QStringLiteral("../etc/passwd"));
        QCOMPARE(types(run).at(1), QStringLiteral("context_injected"));
    }

    void autoInjectFollowsTheSetting()
    {
        Run *off = chat(QStringLiteral("What does main.cpp do?"));
        QVERIFY(finished(off));
        QVERIFY(!m_fake->chatRequests()
                     .constLast()[QLatin1String("messages")]
                     .toArray()
                     .last()[QLatin1String("content")]
                     .toString()
                     .contains(QLatin1String("puts")));
        QVERIFY(lastEvent(off, EventType::ContextInjected).isEmpty());
        engine().setAutoInject(true);
        Run *on = chat(QStringLiteral("What does main.cpp do? And missing.cpp?"));
        QVERIFY(finished(on));
        QVERIFY(m_fake->chatRequests()
                    .constLast()[QLatin1String("messages")]
                    .toArray()
                    .last()[QLatin1String("content")]
                    .toString()
                    .contains(QLatin1String("puts")));
        const QJsonObject event =
            lastEvent(on, EventType::ContextInjected)[QLatin1String("data")].toObject();
        QCOMPARE(event[QLatin1String("files")].toArray().size(), 1);
        QCOMPARE(event[QLatin1String("refused")].toArray().size(),
                 0); // a guess that misses says nothing
    }

    void codingTasks_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("expected");
        QTest::newRow("explain") << QStringLiteral(
            "explain") << QStringLiteral("Explain what the following cpp code (from a.cpp) does");
        QTest::newRow("test")
            << QStringLiteral("test")
            << QStringLiteral("Write thorough unit tests for the following cpp code (from a.cpp)");
        QTest::newRow("docs")
            << QStringLiteral("docs")
            << QStringLiteral("Write clear documentation for the following cpp code (from a.cpp)");
        QTest::newRow("debug") << QStringLiteral(
            "debug") << QStringLiteral("Find the bugs in the following cpp code (from a.cpp)");
        QTest::newRow("implement")
            << QStringLiteral("implement")
            << QStringLiteral("Implement the following as cpp code (from a.cpp)");
        QTest::newRow("review") << QStringLiteral("review")
                                << QStringLiteral("Review the following cpp code (from a.cpp)");
    }
    void codingTasks()
    {
        QFETCH(QString, type);
        QFETCH(QString, expected);
        CodingTask task { type,
                          QStringLiteral("int add(int a, int b) { return a - b; }"),
                          QStringLiteral("cpp"),
                          QStringLiteral("a.cpp"),
                          {},
                          {} };
        Result<Run *> run = engine().codingTask(task);
        QVERIFY(run.ok());
        QVERIFY(finished(run.value()));
        const QString sent = m_fake->chatRequests()
                                 .constLast()[QLatin1String("messages")]
                                 .toArray()
                                 .last()[QLatin1String("content")]
                                 .toString();
        QVERIFY2(sent.startsWith(expected), qPrintable(sent));
        QVERIFY(sent.contains(QLatin1String("return a - b;")));
        QVERIFY(!sent.contains(QLatin1Char('{') + QStringLiteral("language}")));
    }

    void codingTaskErrors()
    {
        QCOMPARE(engine()
                     .codingTask({ QStringLiteral("poem"), QStringLiteral("x"), {}, {}, {}, {} })
                     .error()
                     .code(),
                 QStringLiteral("invalid_request"));
        QCOMPARE(
            engine()
                .codingTask({ QStringLiteral("explain"), QStringLiteral("  "), {}, {}, {}, {} })
                .error()
                .code(),
            QStringLiteral("invalid_request"));
        Result<Run *> run = engine().codingTask(
            { QStringLiteral("explain"), QStringLiteral("x = 1"), {}, {}, {}, {} });
        QVERIFY(finished(run.value()));
        const QString sent = m_fake->chatRequests()
                                 .constLast()[QLatin1String("messages")]
                                 .toArray()
                                 .last()[QLatin1String("content")]
                                 .toString();
        QVERIFY2(sent.startsWith(QLatin1String("Explain what the following code does")),
                 qPrintable(sent));
    }

    void noWorkingDirectoryMeansNoTools()
    {
        TestEngine bare(TestEngine::pointingAt(m_fake->baseUrl()));
        QVERIFY(bare.engine->tools().definitions().isEmpty());
        QVERIFY(!bare.engine->tools()
                     .setWorkingDirectory(m_workspace->filePath(QStringLiteral("missing")))
                     .ok());
        ChatRequest request;
        request.message = QStringLiteral("hi");
        Run *run = bare.engine->chat(request).value();
        QVERIFY(finished(run));
        QVERIFY(!m_fake->chatRequests().constLast().contains(QLatin1String("tools")));
    }
};

QTEST_GUILESS_MAIN(TestToolLoop)
#include "tst_toolloop.moc"
