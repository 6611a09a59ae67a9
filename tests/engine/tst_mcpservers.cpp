// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "mcpfixture.h"

#include <QSignalSpy>

using namespace McpFixture;

/**
 * MCP servers as they are shipped: npm's server-everything over stdio, Streamable HTTP and the
 * older HTTP+SSE; server-filesystem over stdio; and the small server in tests/mcp for the
 * stateless revision, sessions that expire, streams that drop, crashes and hangs.
 */
class TestMcpServers : public ManagerTest
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = missing();
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
    }
    void init() { setUp(); }
    void cleanup() { tearDown(); }

    void everythingOverStdio()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TEST_GREETING"), QStringLiteral("hello"));
        env.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-never-passed-on"));
        env.insert(QStringLiteral("ATTACHE_TOKEN_CANARY"), QStringLiteral("never-passed-on"));
        m_mcp->setEnvironment(env);
        qputenv("OPENAI_API_KEY", "sk-never-passed-on");
        qputenv("ATTACHE_TOKEN_CANARY", "never-passed-on");
        QJsonObject entry = stdioEntry({ everything(), QStringLiteral("stdio") });
        entry.insert(
            QStringLiteral("env"),
            QJsonObject { { QStringLiteral("GREETING"), QStringLiteral("${TEST_GREETING}") } });
        configure({ { QStringLiteral("everything"), entry } });
        QCOMPARE(state(QStringLiteral("everything")), State::Starting);
        QVERIFY(ready(QStringLiteral("everything")));
        const McpServerStatus status = *m_mcp->server(QStringLiteral("everything"));
        QCOMPARE(status.transport, QStringLiteral("stdio"));
        QCOMPARE(status.protocolVersion, QStringLiteral("2025-11-25")); // it has no stateless
        QVERIFY(!status.serverName.isEmpty());

        // Its tools sit beside the built-in ones and ask first, whatever they say of themselves.
        Tool *echo = m_tools->find(QStringLiteral("everything__echo"));
        QVERIFY(echo);
        QCOMPARE(echo->source(), QStringLiteral("everything"));
        QCOMPARE(m_tools->policy(QStringLiteral("everything__echo")), ToolBox::Policy::Ask);
        QVERIFY(m_tools->find(QStringLiteral("read_file")));
        // One that runs only as a task (execution.taskSupport "required") would fail every call.
        QVERIFY(!m_tools->find(QStringLiteral("everything__simulate-research-query")));
        QVERIFY(m_tools->find(QStringLiteral("everything__get-sum")));
        QVERIFY(echo->parameters()[QLatin1String("properties")].toObject().contains(
            QLatin1String("message")));
        // Offered to the model even without a working directory (the built-in ones are not).
        bool offered = false;
        for (const ToolSpec &spec : m_tools->definitions())
            offered |= spec.name == QLatin1String("everything__echo");
        QVERIFY(offered);

        auto result = call(*m_tools, QStringLiteral("everything__echo"),
                           { { QStringLiteral("message"), QStringLiteral("hi there") } });
        QVERIFY(result);
        QCOMPARE(result->content, QStringLiteral("Echo: hi there"));
        QVERIFY(!result->isError);

        result = call(*m_tools, QStringLiteral("everything__get-tiny-image"), {});
        QVERIFY(result);
        QVERIFY2(result->content.contains(QLatin1String("[image: image/png")),
                 qPrintable(result->content));

        result = call(*m_tools, QStringLiteral("everything__get-structured-content"),
                      { { QStringLiteral("location"), QStringLiteral("Chicago") } });
        QVERIFY(result);
        QVERIFY2(result->content.contains(QLatin1String("drizzle")), qPrintable(result->content));

        // A clean environment: what the entry names, PATH, HOME and LANG; no token, no keys.
        result = call(*m_tools, QStringLiteral("everything__get-env"), {});
        QVERIFY(result);
        const QJsonObject childEnv = QJsonDocument::fromJson(result->content.toUtf8()).object();
        QCOMPARE(childEnv[QLatin1String("GREETING")].toString(), QStringLiteral("hello"));
        QVERIFY(!childEnv.contains(QLatin1String("OPENAI_API_KEY")));
        QVERIFY(!childEnv.contains(QLatin1String("ATTACHE_TOKEN_CANARY")));
        for (const QString &key : childEnv.keys())
            QVERIFY2(QStringList({ QStringLiteral("PATH"), QStringLiteral("HOME"),
                                   QStringLiteral("LANG"), QStringLiteral("GREETING") })
                         .contains(key),
                     qPrintable(key));
        qunsetenv("OPENAI_API_KEY");
        qunsetenv("ATTACHE_TOKEN_CANARY");
    }

    void everythingOverStreamableHttp()
    {
        HttpServer server;
        QVERIFY2(server.startEverything(QStringLiteral("streamableHttp")),
                 server.output.constData());
        configure(
            { { QStringLiteral("web"),
                QJsonObject { { QStringLiteral("url"), server.url(QStringLiteral("/mcp")) } } } });
        QVERIFY(ready(QStringLiteral("web")));
        QCOMPARE(m_mcp->server(QStringLiteral("web"))->transport, QStringLiteral("http"));
        QCOMPARE(m_mcp->server(QStringLiteral("web"))->protocolVersion,
                 QStringLiteral("2025-11-25"));
        const auto result = call(*m_tools, QStringLiteral("web__echo"),
                                 { { QStringLiteral("message"), QStringLiteral("over http") } });
        QVERIFY(result);
        QCOMPARE(result->content, QStringLiteral("Echo: over http"));
        QVERIFY(server.output.contains("Session initialized with ID"));

        // Disabling ends the session: the server hears a DELETE for it.
        QVERIFY(!server.output.contains("session termination"));
        QVERIFY(m_mcp->setEnabled(QStringLiteral("web"), false).ok());
        QCOMPARE(state(QStringLiteral("web")), State::Disabled);
        QVERIFY(!m_tools->find(QStringLiteral("web__echo")));
        QTRY_VERIFY_WITH_TIMEOUT(server.output.contains("Received session termination request"),
                                 15000);
    }

    void everythingOverTheOlderHttpSse()
    {
        HttpServer server;
        QVERIFY2(server.startEverything(QStringLiteral("sse")), server.output.constData());
        // The URL of the event stream: a POST there fails, so Attache falls back to HTTP+SSE.
        configure(
            { { QStringLiteral("old"),
                QJsonObject { { QStringLiteral("url"), server.url(QStringLiteral("/sse")) } } } });
        QVERIFY(ready(QStringLiteral("old")));
        QCOMPARE(m_mcp->server(QStringLiteral("old"))->transport, QStringLiteral("sse"));
        const auto result = call(*m_tools, QStringLiteral("old__echo"),
                                 { { QStringLiteral("message"), QStringLiteral("over sse") } });
        QVERIFY(result);
        QCOMPARE(result->content, QStringLiteral("Echo: over sse"));
    }

    void filesystemOverStdio()
    {
        QTemporaryDir files;
        QFile note(files.filePath(QStringLiteral("note.txt")));
        QVERIFY(note.open(QIODevice::WriteOnly));
        note.write("the note\n");
        note.close();
        configure({ { QStringLiteral("fs"), stdioEntry({ filesystem(), files.path() }) } });
        QVERIFY(ready(QStringLiteral("fs")));
        Tool *write = m_tools->find(QStringLiteral("fs__write_file"));
        QVERIFY(write);
        // Its annotations are kept for the approval prompt; they change no policy.
        QCOMPARE(write->annotations()[QLatin1String("destructiveHint")].toBool(), true);
        QCOMPARE(m_tools->policy(QStringLiteral("fs__read_text_file")), ToolBox::Policy::Ask);
        const auto result = call(*m_tools, QStringLiteral("fs__read_text_file"),
                                 { { QStringLiteral("path"), note.fileName() } });
        QVERIFY(result);
        QCOMPARE(result->content.trimmed(), QStringLiteral("the note"));
        const auto outside = call(*m_tools, QStringLiteral("fs__read_text_file"),
                                  { { QStringLiteral("path"), QStringLiteral("/etc/hostname") } });
        QVERIFY(outside);
        QVERIFY(outside->isError); // the server's own refusal, as a tool result
    }

    void statelessRevision_data()
    {
        QTest::addColumn<bool>("overHttp");
        QTest::newRow("stdio") << false;
        QTest::newRow("http") << true;
    }
    void statelessRevision()
    {
        QFETCH(bool, overHttp);
        HttpServer server;
        if (overHttp) {
            QVERIFY(server.startTestServer({ QStringLiteral("--log"), logPath() }));
            configure({ { QStringLiteral("test"),
                          QJsonObject {
                              { QStringLiteral("url"), server.url(QStringLiteral("/mcp")) } } } });
        } else {
            configure({ { QStringLiteral("test"), stdioEntry(testArgs()) } });
        }
        QVERIFY(ready(QStringLiteral("test")));
        const McpServerStatus status = *m_mcp->server(QStringLiteral("test"));
        QCOMPARE(status.protocolVersion, QStringLiteral("2026-07-28"));
        QCOMPARE(status.serverName, QStringLiteral("attache-test-server"));
        // tools/list comes two to a page: every page was fetched.
        QCOMPARE(status.tools.size(), 10);
        QVERIFY(m_tools->find(QStringLiteral("test__failing")));

        auto result = call(*m_tools, QStringLiteral("test__add"),
                           { { QStringLiteral("a"), 2 }, { QStringLiteral("b"), 3 } });
        QVERIFY(result);
        QVERIFY2(result->content.contains(QLatin1String("2 + 3 = 5")), qPrintable(result->content));
        QVERIFY(result->content.contains(QLatin1String("Structured content: {\"sum\":5}")));
        result = call(*m_tools, QStringLiteral("test__failing"), {});
        QVERIFY(result);
        QVERIFY(result->isError);
        QCOMPARE(result->content, QStringLiteral("it went wrong"));

        // Every request carried _meta; never an initialize, never a session.
        const QList<QJsonObject> lines = logLines(logPath());
        QVERIFY(lines.size() >= 6);
        for (const QJsonObject &line : lines) {
            if (line[QLatin1String("event")].toString() != QLatin1String("request"))
                continue;
            QCOMPARE(line[QLatin1String("version")].toString(), QStringLiteral("2026-07-28"));
            QVERIFY(line[QLatin1String("meta")].toArray().contains(
                QStringLiteral("io.modelcontextprotocol/clientCapabilities")));
            QVERIFY(line[QLatin1String("method")].toString() != QLatin1String("initialize"));
            if (overHttp) {
                const QJsonObject headers = line[QLatin1String("headers")].toObject();
                QCOMPARE(headers[QLatin1String("mcp-protocol-version")].toString(),
                         QStringLiteral("2026-07-28"));
                QCOMPARE(headers[QLatin1String("mcp-method")].toString(),
                         line[QLatin1String("method")].toString());
                QVERIFY(!headers.contains(QLatin1String("mcp-session-id")));
            }
        }
        if (overHttp) {
            // A parameter the schema marks with x-mcp-header travels as a header too.
            result = call(*m_tools, QStringLiteral("test__region"),
                          { { QStringLiteral("region"), QStringLiteral("us-west1") } });
            QVERIFY(result);
            QCOMPARE(result->content, QStringLiteral("region us-west1, header us-west1"));
        }
    }

    void timeoutCancelsTheCall_data()
    {
        QTest::addColumn<QStringList>("flags");
        QTest::newRow("stateless") << QStringList();
        QTest::newRow("handshake") << QStringList { QStringLiteral("--legacy") };
    }
    void timeoutCancelsTheCall()
    {
        QFETCH(QStringList, flags);
        QJsonObject entry = stdioEntry(testArgs(flags));
        entry.insert(QStringLiteral("timeout"), 3000);
        configure({ { QStringLiteral("test"), entry } });
        QVERIFY(ready(QStringLiteral("test")));
        const auto result =
            call(*m_tools, QStringLiteral("test__slow"), { { QStringLiteral("ms"), 600000 } });
        QVERIFY(result);
        QVERIFY(result->isError);
        QVERIFY2(result->content.contains(QLatin1String("did not answer within 3 s")),
                 qPrintable(result->content));
        // The server heard it: notifications/cancelled for that request.
        QTRY_COMPARE_WITH_TIMEOUT(countLines(logPath(), QStringLiteral("cancelled")), 1, 30000);
        // A slow tool is not a dead server: it still answers.
        QCOMPARE(state(QStringLiteral("test")), State::Ready);
        QVERIFY(call(*m_tools, QStringLiteral("test__add"),
                     { { QStringLiteral("a"), 1 }, { QStringLiteral("b"), 1 } }));
        QCOMPARE(state(QStringLiteral("test")), State::Ready);
    }

    void stoppingTheCallCancelsIt_data()
    {
        QTest::addColumn<bool>("overHttp");
        QTest::newRow("stdio: notifications/cancelled") << false;
        QTest::newRow("stateless http: the stream closed") << true;
    }
    void stoppingTheCallCancelsIt()
    {
        QFETCH(bool, overHttp);
        HttpServer server;
        if (overHttp) {
            QVERIFY(server.startTestServer({ QStringLiteral("--log"), logPath() }));
            configure({ { QStringLiteral("test"),
                          QJsonObject {
                              { QStringLiteral("url"), server.url(QStringLiteral("/mcp")) } } } });
        } else {
            configure({ { QStringLiteral("test"), stdioEntry(testArgs()) } });
        }
        QVERIFY(ready(QStringLiteral("test")));
        auto context = std::make_unique<QObject>();
        bool answered = false;
        m_tools->find(QStringLiteral("test__slow"))
            ->run({ { QStringLiteral("ms"), 600000 } }, m_tools->workspace(), m_tools->limits(),
                  context.get(), [&answered](const ToolResult &) { answered = true; });
        // The call reached the server before the run is stopped.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const QJsonObject &line : logLines(logPath())) {
                    if (line[QLatin1String("method")].toString() == QLatin1String("tools/call"))
                        return true;
                }
                return false;
            }(),
            15000);
        context.reset(); // what a cancelled run does
        QTRY_COMPARE_WITH_TIMEOUT(countLines(logPath(), QStringLiteral("cancelled")), 1, 30000);
        QVERIFY(!answered);
    }

    void stoppedCallsDoNotHoldTheConnections()
    {
        // A server of the handshake revisions does not answer a cancelled call; the stream of
        // each would stay open, and Qt opens only six connections to a server: after a few
        // stopped calls, nothing else would get through.
        HttpServer server;
        QVERIFY(handshakeServerOverHttp(server));
        const auto calls = [this] {
            int n = 0;
            for (const QJsonObject &line : logLines(logPath())) {
                if (line[QLatin1String("method")].toString() == QLatin1String("tools/call"))
                    ++n;
            }
            return n;
        };
        for (int i = 1; i <= 8; ++i) {
            auto context = std::make_unique<QObject>();
            m_tools->find(QStringLiteral("test__slow"))
                ->run({ { QStringLiteral("ms"), 600000 } }, m_tools->workspace(), m_tools->limits(),
                      context.get(), [](const ToolResult &) {});
            QTRY_COMPARE_WITH_TIMEOUT(calls(), i, 15000);
            context.reset(); // the run is stopped
            QTRY_COMPARE_WITH_TIMEOUT(countLines(logPath(), QStringLiteral("cancelled")), i, 15000);
        }
        const auto result = call(*m_tools, QStringLiteral("test__add"),
                                 { { QStringLiteral("a"), 2 }, { QStringLiteral("b"), 3 } });
        QVERIFY(result);
        QVERIFY2(result->content.contains(QLatin1String("2 + 3 = 5")), qPrintable(result->content));
        QCOMPARE(state(QStringLiteral("test")), State::Ready);
    }

    void aCrashedServerComesBack()
    {
        QSignalSpy scheduled(m_mcp.get(), &McpManager::restartScheduled);
        configure({ { QStringLiteral("test"), stdioEntry(testArgs()) } });
        QVERIFY(ready(QStringLiteral("test")));
        const auto result = call(*m_tools, QStringLiteral("test__crash"), {});
        QVERIFY(result);
        QVERIFY(result->isError); // the run gets a result, never a crash
        // Reported at once (the restart waits for its backoff).
        QCOMPARE(state(QStringLiteral("test")), State::Failed);
        const McpServerStatus failed = *m_mcp->server(QStringLiteral("test"));
        QCOMPARE(failed.exitCode, 7);
        QVERIFY2(failed.lastError.contains(QLatin1String("exited with code 7")),
                 qPrintable(failed.lastError));
        QVERIFY2(failed.lastError.contains(QLatin1String("crashing on purpose")),
                 qPrintable(failed.lastError));
        QCOMPARE(failed.stderrTail, QStringLiteral("crashing on purpose"));
        QCOMPARE(failed.retryInMs, 200);
        QVERIFY(!m_tools->find(QStringLiteral("test__add"))); // withdrawn while it is down
        QCOMPARE(scheduled.size(), 1);

        QVERIFY(ready(QStringLiteral("test")));
        QCOMPARE(m_mcp->server(QStringLiteral("test"))->restarts, 1);
        QVERIFY(call(*m_tools, QStringLiteral("test__add"),
                     { { QStringLiteral("a"), 1 }, { QStringLiteral("b"), 2 } }));
    }

    void aServerThatWentAwayOverHttpIsMarkedFailed()
    {
        QSignalSpy scheduled(m_mcp.get(), &McpManager::restartScheduled);
        HttpServer server;
        QVERIFY(handshakeServerOverHttp(server));
        server.process->kill();
        QVERIFY(server.process->waitForFinished(5000));
        // The call fails at once (the connection is refused), and the server is not left
        // offering tools it cannot run: it is marked failed and tried again later.
        const auto result = call(*m_tools, QStringLiteral("test__add"),
                                 { { QStringLiteral("a"), 1 }, { QStringLiteral("b"), 1 } });
        QVERIFY(result);
        QVERIFY(result->isError);
        QTRY_COMPARE_WITH_TIMEOUT(scheduled.size(), 1, 15000);
        QVERIFY(state(QStringLiteral("test")) != State::Ready);
        QVERIFY2(m_mcp->server(QStringLiteral("test"))
                     ->lastError.contains(QLatin1String("cannot be reached")),
                 qPrintable(m_mcp->server(QStringLiteral("test"))->lastError));
        QVERIFY(!m_tools->find(QStringLiteral("test__add")));
    }

    void restartsBackOffAndCap()
    {
        QSignalSpy scheduled(m_mcp.get(), &McpManager::restartScheduled);
        configure({ { QStringLiteral("broken"),
                      stdioEntry({ QStringLiteral("-e"), QStringLiteral("process.exit(3)") }) } });
        QTRY_VERIFY_WITH_TIMEOUT(scheduled.size() >= 6, 60000);
        QList<int> delays;
        for (const auto &args : std::as_const(scheduled))
            delays.append(args.at(1).toInt());
        QCOMPARE(delays.mid(0, 6), QList<int>({ 200, 400, 800, 1600, 1600, 1600 }));
        QVERIFY(lastError(QStringLiteral("broken")).contains(QLatin1String("code 3")));
        QVERIFY(m_mcp->server(QStringLiteral("broken"))->restarts >= 5);
        // Restarting by hand starts afresh.
        QVERIFY(m_mcp->restart(QStringLiteral("broken")).ok());
        QCOMPARE(m_mcp->server(QStringLiteral("broken"))->restarts, 0);
        const qsizetype before = scheduled.size();
        QTRY_VERIFY_WITH_TIMEOUT(scheduled.size() > before, 30000);
        QCOMPARE(scheduled.last().at(1).toInt(), 200);
    }

    void aServerThatHangsIsRestarted()
    {
        QSignalSpy scheduled(m_mcp.get(), &McpManager::restartScheduled);
        QJsonObject entry = stdioEntry(testArgs());
        // Long enough for a loaded machine to answer the calls that should be answered.
        entry.insert(QStringLiteral("timeout"), 3000);
        configure({ { QStringLiteral("test"), entry } });
        QVERIFY(ready(QStringLiteral("test")));
        // The call times out; so does the ping that follows: the server is hung, not slow.
        const auto result = call(*m_tools, QStringLiteral("test__freeze"), {});
        QVERIFY(result);
        QVERIFY(result->isError);
        QTRY_VERIFY_WITH_TIMEOUT(scheduled.size() >= 1, 60000);
        QVERIFY2(lastError(QStringLiteral("test")).contains(QLatin1String("stopped answering")),
                 qPrintable(lastError(QStringLiteral("test"))));
        QVERIFY(!m_tools->find(QStringLiteral("test__add")));
        // A new process, not frozen: it answers again.
        QVERIFY(ready(QStringLiteral("test")));
        QVERIFY(call(*m_tools, QStringLiteral("test__add"),
                     { { QStringLiteral("a"), 1 }, { QStringLiteral("b"), 2 } }));
    }

    void anExpiredSessionIsStartedAgain()
    {
        HttpServer server;
        QVERIFY(handshakeServerOverHttp(server));
        QCOMPARE(m_mcp->server(QStringLiteral("test"))->protocolVersion,
                 QStringLiteral("2025-11-25"));
        QVERIFY(call(*m_tools, QStringLiteral("test__forget"), {}));
        // The next call meets a 404: Attache initialises again and sends it once more.
        const auto result = call(*m_tools, QStringLiteral("test__add"),
                                 { { QStringLiteral("a"), 4 }, { QStringLiteral("b"), 5 } });
        QVERIFY(result);
        QVERIFY2(result->content.contains(QLatin1String("4 + 5 = 9")), qPrintable(result->content));
        int initializes = 0;
        QStringList sessions;
        for (const QJsonObject &line : logLines(logPath())) {
            if (line[QLatin1String("method")].toString() == QLatin1String("initialize"))
                ++initializes;
            const QString session = line[QLatin1String("session")].toString();
            if (!session.isEmpty() && !sessions.contains(session))
                sessions.append(session);
            // Every request after the handshake says which revision it speaks.
            if (line[QLatin1String("event")].toString() == QLatin1String("request")
                && line[QLatin1String("method")].toString() != QLatin1String("initialize")
                && !session.isEmpty())
                QCOMPARE(line[QLatin1String("headers")][QLatin1String("mcp-protocol-version")]
                             .toString(),
                         QStringLiteral("2025-11-25"));
        }
        QCOMPARE(initializes, 2);
        QCOMPARE(sessions.size(), 2);
        QCOMPARE(state(QStringLiteral("test")), State::Ready);
    }

    void aDroppedStreamIsResumed()
    {
        HttpServer server;
        QVERIFY(handshakeServerOverHttp(server));
        const auto result = call(*m_tools, QStringLiteral("test__dropped"), {});
        QVERIFY(result);
        QCOMPARE(result->content, QStringLiteral("resumed answer"));
        QCOMPARE(countLines(logPath(), QStringLiteral("resume")), 1);
    }

    void toolListChanges_data()
    {
        QTest::addColumn<QStringList>("flags");
        QTest::newRow("handshake: list_changed") << QStringList { QStringLiteral("--legacy") };
        QTest::newRow("stateless: ttlMs")
            << QStringList { QStringLiteral("--ttl"), QStringLiteral("1000") };
    }
    void toolListChanges()
    {
        QFETCH(QStringList, flags);
        QSignalSpy toolsChanged(m_tools.get(), &ToolBox::changed);
        configure({ { QStringLiteral("test"), stdioEntry(testArgs(flags)) } });
        QVERIFY(ready(QStringLiteral("test")));
        QVERIFY(!m_tools->find(QStringLiteral("test__extra")));
        QVERIFY(call(*m_tools, QStringLiteral("test__grow"), {}));
        QTRY_VERIFY_WITH_TIMEOUT(m_tools->find(QStringLiteral("test__extra")), 30000);
    }

    void theFileIsFollowed()
    {
        QJsonObject disabled = stdioEntry(testArgs());
        disabled.insert(QStringLiteral("disabled"), true);
        configure({ { QStringLiteral("test"), disabled } });
        QCOMPARE(state(QStringLiteral("test")), State::Disabled);
        QVERIFY(!m_tools->find(QStringLiteral("test__add")));

        // Enabled from the window or the API: saved, and started.
        QVERIFY(m_mcp->setEnabled(QStringLiteral("test"), true).ok());
        QVERIFY(!McpConfigFile::read(path(QStringLiteral("mcp.json"))).value().servers[0].disabled);
        QVERIFY(ready(QStringLiteral("test")));

        // Edited by hand: a new server appears, without a restart of Attache.
        QSignalSpy changed(m_mcp.get(), &McpManager::changed);
        QJsonObject second = stdioEntry(testArgs({ QStringLiteral("--legacy") }));
        QFile file(path(QStringLiteral("mcp.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QJsonDocument(
                QJsonObject { { QStringLiteral("mcpServers"),
                                QJsonObject { { QStringLiteral("test"), stdioEntry(testArgs()) },
                                              { QStringLiteral("second"), second } } } })
                .toJson());
        file.close();
        QTRY_VERIFY_WITH_TIMEOUT(m_mcp->server(QStringLiteral("second")).has_value(), 30000);
        QVERIFY(ready(QStringLiteral("second")));
        QCOMPARE(m_mcp->servers().size(), 2);

        // Removed: stopped, and its tools gone.
        QVERIFY(m_mcp->removeServer(QStringLiteral("second")).ok());
        QVERIFY(!m_tools->find(QStringLiteral("second__add")));
        QCOMPARE(McpConfigFile::read(path(QStringLiteral("mcp.json"))).value().servers.size(), 1);
    }

    void aMissingVariableIsReportedNotRetried()
    {
        QSignalSpy scheduled(m_mcp.get(), &McpManager::restartScheduled);
        m_mcp->setEnvironment({});
        QJsonObject entry = stdioEntry(testArgs());
        entry.insert(
            QStringLiteral("env"),
            QJsonObject { { QStringLiteral("KEY"), QStringLiteral("${MCP_TEST_UNSET_KEY}") } });
        configure({ { QStringLiteral("test"), entry } });
        QCOMPARE(state(QStringLiteral("test")), State::Failed);
        QVERIFY(lastError(QStringLiteral("test")).contains(QLatin1String("MCP_TEST_UNSET_KEY")));
        QCOMPARE(scheduled.size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestMcpServers)
#include "tst_mcpservers.moc"
