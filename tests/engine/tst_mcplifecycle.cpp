// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "mcpfixture.h"

#include <QSignalSpy>

using namespace McpFixture;

/**
 * A connection's life as the specification orders it, with the small server in tests/mcp
 * (which refuses anything but ping before notifications/initialized): the handshake, a tool
 * list that changes while it is read, batches from older servers, results checked against
 * their output schema, and the end — a session that failed is ended, and servers are asked to
 * stop before they are made to.
 */
class TestMcpLifecycle : public ManagerTest
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

    void nothingGoesBeforeTheServerTookInitialized()
    {
        // Over HTTP each message is a POST of its own: the server takes initialized late, and
        // tools/list must not overtake it.
        HttpServer server;
        QVERIFY(handshakeServerOverHttp(
            server, { QStringLiteral("--slow-initialized"), QStringLiteral("300") }));
        QVERIFY(m_tools->find(QStringLiteral("test__add")));
        // So too in the session made again after the server forgot the first.
        QVERIFY(call(*m_tools, QStringLiteral("test__forget"), {}));
        const auto result = call(*m_tools, QStringLiteral("test__add"),
                                 { { QStringLiteral("a"), 2 }, { QStringLiteral("b"), 3 } });
        QVERIFY(result);
        QVERIFY2(result->content.contains(QLatin1String("2 + 3 = 5")), qPrintable(result->content));
        QCOMPARE(countLines(logPath(), QStringLiteral("early")), 0);
    }

    void aChangeDuringTheFirstListingIsNotLost()
    {
        configure({ { QStringLiteral("test"),
                      stdioEntry(testArgs({ QStringLiteral("--legacy"),
                                            QStringLiteral("--change-while-listing") })) } });
        QVERIFY(ready(QStringLiteral("test")));
        QTRY_VERIFY_WITH_TIMEOUT(m_tools->find(QStringLiteral("test__extra")), 30000);
        QVERIFY(m_tools->find(QStringLiteral("test__add")));
    }

    void batchesFromAnOlderServer()
    {
        // Every line the server writes is a JSON-RPC batch; a tool call's answer and the
        // list_changed it causes come in one.
        configure({ { QStringLiteral("test"),
                      stdioEntry(
                          testArgs({ QStringLiteral("--legacy"), QStringLiteral("--batch") })) } });
        QVERIFY(ready(QStringLiteral("test")));
        const auto result = call(*m_tools, QStringLiteral("test__add"),
                                 { { QStringLiteral("a"), 20 }, { QStringLiteral("b"), 22 } });
        QVERIFY(result);
        QVERIFY2(result->content.contains(QLatin1String("20 + 22 = 42")),
                 qPrintable(result->content));
        QVERIFY(call(*m_tools, QStringLiteral("test__grow"), {}));
        QTRY_VERIFY_WITH_TIMEOUT(m_tools->find(QStringLiteral("test__extra")), 30000);
    }

    void resultsAreCheckedAgainstTheirOutputSchema()
    {
        configure({ { QStringLiteral("test"), stdioEntry(testArgs()) } });
        QVERIFY(ready(QStringLiteral("test")));
        auto result = call(*m_tools, QStringLiteral("test__add"),
                           { { QStringLiteral("a"), 1 }, { QStringLiteral("b"), 2 } });
        QVERIFY(result);
        QVERIFY2(!result->isError, qPrintable(result->content));
        // The model is told the result broke its promise, and where.
        result = call(*m_tools, QStringLiteral("test__misshapen"), {});
        QVERIFY(result);
        QVERIFY(result->isError);
        QVERIFY2(result->content.contains(QLatin1String("$.sum: a string where the schema wants "
                                                        "integer")),
                 qPrintable(result->content));
        QVERIFY2(result->content.contains(QLatin1String("five")), qPrintable(result->content));
    }

    void aFailedSessionIsEnded()
    {
        QSignalSpy scheduled(m_mcp.get(), &McpManager::restartScheduled);
        HttpServer server;
        QVERIFY(handshakeServerOverHttp(server, {}, { { QStringLiteral("timeout"), 2000 } }));
        // The server stops answering: the call times out, then the ping, and the connection
        // is given up — and its session ended, so the server can free what it holds.
        const auto result = call(*m_tools, QStringLiteral("test__freeze"), {});
        QVERIFY(result);
        QVERIFY(result->isError);
        QTRY_VERIFY_WITH_TIMEOUT(scheduled.size() >= 1, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(countLines(logPath(), QStringLiteral("delete")), 1, 30000);
    }

    void aSessionThatFailsMidStreamIsEndedLater()
    {
        // tools/list fails, its error on an event stream: the connection is given up from
        // inside that stream's own delivery, and the session is ended after it, not during.
        HttpServer server;
        QVERIFY(server.startTestServer({ QStringLiteral("--legacy"), QStringLiteral("--log"),
                                         logPath(), QStringLiteral("--failing-list") }));
        QSignalSpy scheduled(m_mcp.get(), &McpManager::restartScheduled);
        configure(
            { { QStringLiteral("test"),
                QJsonObject { { QStringLiteral("url"), server.url(QStringLiteral("/mcp")) } } } });
        QTRY_VERIFY_WITH_TIMEOUT(scheduled.size() >= 1, 60000);
        QVERIFY2(lastError(QStringLiteral("test")).contains(QLatin1String("tool list is broken")),
                 qPrintable(lastError(QStringLiteral("test"))));
        QTRY_VERIFY_WITH_TIMEOUT(countLines(logPath(), QStringLiteral("delete")) >= 1, 30000);
    }

    void quittingAsksStdioServersToExitFirst_data()
    {
        QTest::addColumn<QStringList>("flags");
        QTest::addColumn<QString>("how");
        QTest::newRow("exits when its stdin closes")
            << QStringList() << QStringLiteral("stdin closed");
        QTest::newRow("stays until SIGTERM")
            << QStringList { QStringLiteral("--linger") } << QStringLiteral("sigterm");
    }
    void quittingAsksStdioServersToExitFirst()
    {
        QFETCH(QStringList, flags);
        QFETCH(QString, how);
        // Time enough, on a loaded machine too, to take SIGTERM before SIGKILL would follow.
        m_mcp->setQuitGraceMs(2000);
        configure({ { QStringLiteral("test"), stdioEntry(testArgs(flags)) } });
        QVERIFY(ready(QStringLiteral("test")));
        m_mcp.reset(); // as when Attache quits
        // The server had its chance to end cleanly (it logs how), not SIGKILL out of the blue.
        QCOMPARE(countLines(logPath(), how), 1);
    }
};

QTEST_GUILESS_MAIN(TestMcpLifecycle)
#include "tst_mcplifecycle.moc"
