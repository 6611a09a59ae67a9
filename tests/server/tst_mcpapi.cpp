// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "../engine/mcpfixture.h"
#include "apiserverfixture.h"

using namespace McpFixture;

/**
 * GET /mcp/servers and its actions over the real server, with the small MCP server of
 * tests/mcp behind it; every change bumps the topic "mcp" and is saved in mcp.json.
 */
class TestMcpApi : public ApiServerFixture
{
    Q_OBJECT

    QString mcpJson() const { return m_test->dir.filePath(QStringLiteral("mcp.json")); }
    QJsonObject server(const QString &name)
    {
        for (const QJsonValue &s :
             get(QStringLiteral("/mcp/servers")).json[QLatin1String("servers")].toArray()) {
            if (s[QLatin1String("name")].toString() == name)
                return s.toObject();
        }
        return {};
    }
    bool inState(const QString &name, const QString &state)
    {
        return QTest::qWaitFor(
            [&] { return server(name)[QLatin1String("state")].toString() == state; }, 60000);
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
        ApiServerFixture::init();
        QFile file(mcpJson());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QJsonDocument(QJsonObject { { QStringLiteral("mcpServers"),
                                          QJsonObject { { QStringLiteral("test"),
                                                          stdioEntry({ testServer() }) } } } })
                .toJson());
        file.close();
        m_test->engine->mcp().setConfigPath(mcpJson());
    }
    void cleanup() { ApiServerFixture::cleanup(); }

    void listsServersAndTheirTools()
    {
        QVERIFY(inState(QStringLiteral("test"), QStringLiteral("ready")));
        const Answer list = get(QStringLiteral("/mcp/servers"));
        QCOMPARE(list.status, 200);
        QCOMPARE(list.json[QLatin1String("config_path")].toString(), mcpJson());
        const QJsonObject test = server(QStringLiteral("test"));
        QCOMPARE(test[QLatin1String("transport")].toString(), QStringLiteral("stdio"));
        QCOMPARE(test[QLatin1String("enabled")].toBool(), true);
        QCOMPARE(test[QLatin1String("protocol_version")].toString(), QStringLiteral("2026-07-28"));
        QCOMPARE(test[QLatin1String("server_info")][QLatin1String("name")].toString(),
                 QStringLiteral("attache-test-server"));
        QCOMPARE(test[QLatin1String("tools")].toArray().size(), 10);
        QCOMPARE(test[QLatin1String("tools")][0][QLatin1String("name")].toString(),
                 QStringLiteral("test__add"));
        QCOMPARE(test[QLatin1String("tools")][0][QLatin1String("annotations")]
                     [QLatin1String("readOnlyHint")]
                         .toBool(),
                 true);
        QCOMPARE(get(QStringLiteral("/mcp/servers/test")).json[QLatin1String("name")].toString(),
                 QStringLiteral("test"));

        // Beside the built-in tools in GET /tools, asking first.
        bool found = false;
        for (const QJsonValue &tool :
             get(QStringLiteral("/tools")).json[QLatin1String("tools")].toArray()) {
            if (tool[QLatin1String("name")].toString() != QLatin1String("test__add"))
                continue;
            found = true;
            QCOMPARE(tool[QLatin1String("source")].toString(), QStringLiteral("mcp"));
            QCOMPARE(tool[QLatin1String("server")].toString(), QStringLiteral("test"));
            QCOMPARE(tool[QLatin1String("policy")].toString(), QStringLiteral("ask"));
        }
        QVERIFY(found);
        // No working directory here: the MCP server's tools alone are tools to offer.
        QCOMPARE(get(QStringLiteral("/tools/status")).json[QLatin1String("available")].toBool(),
                 true);
        QCOMPARE(get(QStringLiteral("/mcp/servers/nope")).status, 404);
        QCOMPARE(get(QStringLiteral("/mcp/servers"), false).status, 401);
    }

    void disableEnableRestart()
    {
        QVERIFY(inState(QStringLiteral("test"), QStringLiteral("ready")));
        const quint64 before = m_test->engine->topics().version(QStringLiteral("mcp"));
        const quint64 toolsBefore = m_test->engine->topics().version(QStringLiteral("tools"));
        Answer disabled = post(QStringLiteral("/mcp/servers/test/disable"));
        QCOMPARE(disabled.status, 200);
        QCOMPARE(disabled.json[QLatin1String("state")].toString(), QStringLiteral("disabled"));
        QCOMPARE(disabled.json[QLatin1String("enabled")].toBool(), false);
        QVERIFY(m_test->engine->topics().version(QStringLiteral("mcp")) > before);
        QVERIFY(m_test->engine->topics().version(QStringLiteral("tools")) > toolsBefore);
        QVERIFY(McpConfigFile::read(mcpJson()).value().servers[0].disabled);
        QVERIFY(!m_test->engine->tools().find(QStringLiteral("test__add")));
        QCOMPARE(post(QStringLiteral("/mcp/servers/test/restart")).status, 400); // enable first

        QCOMPARE(post(QStringLiteral("/mcp/servers/test/enable")).status, 200);
        QVERIFY(!McpConfigFile::read(mcpJson()).value().servers[0].disabled);
        QVERIFY(inState(QStringLiteral("test"), QStringLiteral("ready")));
        const Answer restarted = post(QStringLiteral("/mcp/servers/test/restart"));
        QCOMPARE(restarted.status, 200);
        QCOMPARE(restarted.json[QLatin1String("state")].toString(), QStringLiteral("starting"));
        QVERIFY(inState(QStringLiteral("test"), QStringLiteral("ready")));
        QCOMPARE(post(QStringLiteral("/mcp/servers/nope/enable")).status, 404);
    }

    void addAndRemove()
    {
        const QJsonObject body { { QStringLiteral("name"), QStringLiteral("second") },
                                 { QStringLiteral("command"), node() },
                                 { QStringLiteral("args"),
                                   QJsonArray { testServer(), QStringLiteral("--legacy") } } };
        const Answer added = post(QStringLiteral("/mcp/servers"), QJsonDocument(body).toJson());
        QCOMPARE(added.status, 201);
        QCOMPARE(added.json[QLatin1String("name")].toString(), QStringLiteral("second"));
        QCOMPARE(post(QStringLiteral("/mcp/servers"), QJsonDocument(body).toJson()).status, 409);
        QCOMPARE(post(QStringLiteral("/mcp/servers"),
                      R"({"name": "x", "url": "http:\/\/a", "command": "b"})")
                     .status,
                 400);
        QVERIFY(inState(QStringLiteral("second"), QStringLiteral("ready")));
        QCOMPARE(server(QStringLiteral("second"))[QLatin1String("protocol_version")].toString(),
                 QStringLiteral("2025-11-25"));
        QCOMPARE(McpConfigFile::read(mcpJson()).value().servers.size(), 2);

        QCOMPARE(send("DELETE", request(QStringLiteral("/mcp/servers/second"))).status, 200);
        QVERIFY(server(QStringLiteral("second")).isEmpty());
        QVERIFY(!m_test->engine->tools().find(QStringLiteral("second__add")));
        QCOMPARE(McpConfigFile::read(mcpJson()).value().servers.size(), 1);
        QCOMPARE(send("DELETE", request(QStringLiteral("/mcp/servers/second"))).status, 404);
    }

    void aFailedServerSaysWhy()
    {
        const QJsonObject body {
            { QStringLiteral("name"), QStringLiteral("broken") },
            { QStringLiteral("command"), node() },
            { QStringLiteral("args"),
              QJsonArray { QStringLiteral("-e"),
                           QStringLiteral("console.error('no config'); process.exit(2)") } }
        };
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral(
                                 "^attache\\.engine: mcp broken failed: .*no config")));
        QCOMPARE(post(QStringLiteral("/mcp/servers"), QJsonDocument(body).toJson()).status, 201);
        QVERIFY(inState(QStringLiteral("broken"), QStringLiteral("failed")));
        const QJsonObject broken = server(QStringLiteral("broken"));
        QCOMPARE(broken[QLatin1String("exit_code")].toInt(), 2);
        QVERIFY(
            broken[QLatin1String("last_error")].toString().contains(QLatin1String("no config")));
        QCOMPARE(broken[QLatin1String("stderr_tail")].toString(), QStringLiteral("no config"));
        QVERIFY(broken[QLatin1String("retry_in_ms")].toInt() >= 1000);
    }
};

QTEST_GUILESS_MAIN(TestMcpApi)
#include "tst_mcpapi.moc"
