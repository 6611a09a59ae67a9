// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakeprovider.h"
#include "mcpfixture.h"
#include "testengine.h"
#include "wire/runeventjson.h"

#include <QSignalSpy>

using namespace McpFixture;

namespace {

FakeReply callTool(const QString &name, const QString &arguments)
{
    FakeReply r;
    r.tokens = { QStringLiteral("On it. ") };
    r.toolCalls = { FakeToolCall { QStringLiteral("call_1"), name, arguments, 2 } };
    return r;
}

FakeReply answer(const QString &text)
{
    FakeReply r;
    r.tokens = { text };
    return r;
}

QJsonObject lastEvent(const Run *run, EventType type)
{
    QJsonObject found;
    for (const RunEvent &e : run->events()) {
        if (e.type == type)
            found = eventJson(e.wire)[QLatin1String("data")].toObject();
    }
    return found;
}

} // namespace

/**
 * An MCP server's tools in a chat: offered to the model as <server>__<tool>, asked for through
 * the same broker as the built-in tools (annotations shown, never a reason to skip asking), a
 * denied call never reaches the server, and stopping the run cancels a call in flight.
 */
class TestMcpToolLoop : public QObject
{
    Q_OBJECT

    FakeProvider *m_fake = nullptr;
    std::unique_ptr<TestEngine> m_test;
    std::unique_ptr<QTemporaryDir> m_files;
    Engine &engine() { return *m_test->engine; }
    QString logPath() const { return m_test->dir.filePath(QStringLiteral("server.log")); }

    Run *chat(const QString &message)
    {
        ChatRequest request;
        request.message = message;
        return engine().chat(request).value();
    }
    void configure(const QJsonObject &servers)
    {
        const QString path = m_test->dir.filePath(QStringLiteral("mcp.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QJsonDocument(QJsonObject { { QStringLiteral("mcpServers"), servers } }).toJson());
        file.close();
        engine().mcp().setConfigPath(path);
    }
    bool ready(const QString &name)
    {
        return QTest::qWaitFor(
            [&] {
                const auto s = engine().mcp().server(name);
                return s && s->state == McpServerStatus::State::Ready;
            },
            60000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = missing();
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
    }
    void init()
    {
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<TestEngine>(TestEngine::pointingAt(m_fake->baseUrl()));
        m_test->engine->setEncoderFactory(
            [](const Run &run) { return std::make_unique<RunEventJson>(run); });
        m_files = std::make_unique<QTemporaryDir>();
        configure({ { QStringLiteral("fs"), stdioEntry({ filesystem(), m_files->path() }) },
                    { QStringLiteral("test"),
                      stdioEntry({ testServer(), QStringLiteral("--log"), logPath() }) } });
        QVERIFY(ready(QStringLiteral("fs")));
        QVERIFY(ready(QStringLiteral("test")));
    }
    void cleanup()
    {
        m_test.reset();
        delete m_fake;
        m_fake = nullptr;
        m_files.reset();
    }

    void aDeniedCallDoesNothing()
    {
        const QString target = m_files->filePath(QStringLiteral("written.txt"));
        QSignalSpy requested(&engine().tools().permissions(), &PermissionBroker::requested);
        m_fake->enqueueReply(callTool(
            QStringLiteral("fs__write_file"),
            QStringLiteral("{\"path\": \"%1\", \"content\": \"should not be\"}").arg(target)));
        m_fake->enqueueReply(answer(QStringLiteral("All right.")));
        Run *run = chat(QStringLiteral("Write a file"));
        QVERIFY(requested.wait(30000));
        const PermissionRequest request = requested.at(0).at(0).value<PermissionRequest>();
        QCOMPARE(request.tool, QStringLiteral("fs__write_file"));
        QCOMPARE(request.source, QStringLiteral("fs"));
        QCOMPARE(request.arguments[QLatin1String("content")].toString(),
                 QStringLiteral("should not be"));
        QCOMPARE(request.annotations[QLatin1String("destructiveHint")].toBool(), true);
        // Clients see where it comes from and what the server says of it.
        const QJsonObject asked = lastEvent(run, EventType::PermissionRequest);
        QCOMPARE(asked[QLatin1String("server")].toString(), QStringLiteral("fs"));
        QCOMPARE(asked[QLatin1String("annotations")][QLatin1String("destructiveHint")].toBool(),
                 true);

        QVERIFY(
            engine()
                .tools()
                .permissions()
                .respond(request.id, false, PermissionBroker::Scope::Once, QStringLiteral("c_1"))
                .ok());
        QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), 30000);
        QCOMPARE(run->state(), Run::State::Done);
        const QJsonObject result = lastEvent(run, EventType::ToolResult);
        QCOMPARE(result[QLatin1String("error")].toBool(), true);
        QVERIFY(result[QLatin1String("content")].toString().contains(QLatin1String("denied")));
        // The model was offered the server's tools beside the built-in ones, by their full name.
        bool offered = false;
        for (const QJsonValue &tool :
             m_fake->chatRequests().at(0)[QLatin1String("tools")].toArray())
            offered |= tool[QLatin1String("function")][QLatin1String("name")].toString()
                == QLatin1String("fs__write_file");
        QVERIFY(offered);
        // The server is still there and answers; the file it was asked to write is not.
        const auto listing = call(engine().tools(), QStringLiteral("fs__list_directory"),
                                  { { QStringLiteral("path"), m_files->path() } });
        QVERIFY(listing);
        QVERIFY(!QFile::exists(target));
    }

    void readOnlyHintStillAsksThenRuns()
    {
        QSignalSpy requested(&engine().tools().permissions(), &PermissionBroker::requested);
        m_fake->enqueueReply(
            callTool(QStringLiteral("test__add"), QStringLiteral("{\"a\": 2, \"b\": 40}")));
        m_fake->enqueueReply(answer(QStringLiteral("It is 42.")));
        Run *run = chat(QStringLiteral("Add"));
        QVERIFY(requested.wait(30000));
        const PermissionRequest request = requested.at(0).at(0).value<PermissionRequest>();
        QCOMPARE(request.annotations[QLatin1String("readOnlyHint")].toBool(), true);
        QCOMPARE(countLines(logPath(), QStringLiteral("request")) > 0, true);
        for (const QJsonObject &line : logLines(logPath()))
            QVERIFY(line[QLatin1String("method")].toString() != QLatin1String("tools/call"));
        QVERIFY(engine()
                    .tools()
                    .permissions()
                    .respond(request.id, true, PermissionBroker::Scope::Once, QStringLiteral("c_1"))
                    .ok());
        QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), 30000);
        const QJsonObject result = lastEvent(run, EventType::ToolResult);
        QCOMPARE(result[QLatin1String("error")].toBool(), false);
        QVERIFY(result[QLatin1String("content")].toString().contains(QLatin1String("2 + 40 = 42")));
        QCOMPARE(run->reply(), QStringLiteral("On it. It is 42."));
    }

    void cancellingTheRunCancelsTheCall()
    {
        QVERIFY(engine()
                    .tools()
                    .applyConfig(ToolBox::ConfigChange {
                        {},
                        {},
                        {},
                        {},
                        {},
                        {},
                        { { QStringLiteral("test__slow"), ToolBox::Policy::Allow } } })
                    .ok());
        m_fake->enqueueReply(
            callTool(QStringLiteral("test__slow"), QStringLiteral("{\"ms\": 600000}")));
        Run *run = chat(QStringLiteral("Be slow"));
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const QJsonObject &line : logLines(logPath())) {
                    if (line[QLatin1String("method")].toString() == QLatin1String("tools/call"))
                        return true;
                }
                return false;
            }(),
            15000);
        QVERIFY(engine().cancelRun(run->id()));
        QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), 30000);
        QCOMPARE(run->state(), Run::State::Cancelled);
        QTRY_COMPARE_WITH_TIMEOUT(countLines(logPath(), QStringLiteral("cancelled")), 1, 30000);
        const QJsonObject cancelled = [&] {
            for (const QJsonObject &line : logLines(logPath())) {
                if (line[QLatin1String("event")].toString() == QLatin1String("cancelled"))
                    return line;
            }
            return QJsonObject();
        }();
        QVERIFY(!cancelled[QLatin1String("reason")].toString().isEmpty());
    }

    void aServerThatGoesAwayTakesItsToolsWithIt()
    {
        QVERIFY(engine().tools().find(QStringLiteral("test__add")));
        QVERIFY(engine().mcp().setEnabled(QStringLiteral("test"), false).ok());
        QVERIFY(!engine().tools().find(QStringLiteral("test__add")));
        for (const ToolSpec &spec : engine().tools().definitions())
            QVERIFY(!spec.name.startsWith(QLatin1String("test__")));
        // A model that calls it anyway is told, and the run goes on.
        m_fake->enqueueReply(
            callTool(QStringLiteral("test__add"), QStringLiteral("{\"a\": 1, \"b\": 1}")));
        m_fake->enqueueReply(answer(QStringLiteral("Fine.")));
        Run *run = chat(QStringLiteral("Add"));
        QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), 30000);
        QCOMPARE(run->state(), Run::State::Done);
        QVERIFY(lastEvent(run, EventType::ToolResult)[QLatin1String("content")].toString().contains(
            QLatin1String("no enabled tool")));
    }

    void toolsWhoseNamesClashStayApart()
    {
        // "echo.text" and "echo_text" are one name once the dot, which a model may not see, is
        // replaced: the second is kept apart by a hash of its own name, and each runs itself.
        configure({ { QStringLiteral("clash"),
                      stdioEntry({ testServer(), QStringLiteral("--clashing") }) } });
        QVERIFY(ready(QStringLiteral("clash")));
        QStringList names;
        for (const ToolBox::Info &info : engine().tools().describe()) {
            if (info.name.startsWith(QLatin1String("clash__echo_text")))
                names.append(info.name);
        }
        QCOMPARE(names.size(), 2);
        QStringList said;
        for (const QString &name : std::as_const(names)) {
            const auto result = call(engine().tools(), name, {});
            QVERIFY(result);
            said.append(result->content);
        }
        said.sort();
        QCOMPARE(said, QStringList({ QStringLiteral("echo.text"), QStringLiteral("echo_text") }));
    }
};

QTEST_GUILESS_MAIN(TestMcpToolLoop)
#include "tst_mcptoolloop.moc"
