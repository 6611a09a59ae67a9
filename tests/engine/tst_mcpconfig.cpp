// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/jsonschemacheck.h"
#include "tools/mcp/mcpclient.h"
#include "tools/mcp/mcpconfig.h"
#include "tools/mcp/mcphttptransport.h"
#include "tools/mcp/mcptool.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

/** mcp.json as Claude Desktop, Cursor and LM Studio write it; tool names; results as text. */
class TestMcpConfig : public QObject
{
    Q_OBJECT

    static QJsonObject object(const char *json) { return QJsonDocument::fromJson(json).object(); }

private Q_SLOTS:
    void readsTheClaudeDesktopShape()
    {
        const auto file = McpConfigFile::parse(R"({
          "mcpServers": {
            "zeta": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem",
                     "/tmp"], "env": {"TOKEN": "${MY_TOKEN}"}, "cwd": "/srv"},
            "alpha": {"url": "https:\/\/mcp.example.com/mcp",
                      "headers": {"Authorization": "Bearer ${KEY:-none}"}},
            "legacy": {"url": "http:\/\/127.0.0.1:3001/sse", "type": "sse", "disabled": true,
                       "timeout": 1500}
          },
          "somethingElse": 1
        })",
                                               QStringLiteral("mcp.json"));
        QVERIFY(file.ok());
        const QList<McpServerConfig> servers = file.value().servers;
        QCOMPARE(servers.size(), 3);
        // The file's order, not JSON's sorted keys.
        QCOMPARE(servers[0].name, QStringLiteral("zeta"));
        QCOMPARE(servers[1].name, QStringLiteral("alpha"));
        QCOMPARE(servers[0].transport, McpServerConfig::Transport::Stdio);
        QCOMPARE(servers[0].args.size(), 3);
        QCOMPARE(servers[0].env.value(QStringLiteral("TOKEN")), QStringLiteral("${MY_TOKEN}"));
        QCOMPARE(servers[0].cwd, QStringLiteral("/srv"));
        QCOMPARE(servers[1].transport, McpServerConfig::Transport::Http);
        QCOMPARE(servers[2].transport, McpServerConfig::Transport::Sse);
        QVERIFY(servers[2].disabled);
        QCOMPARE(servers[2].timeoutMs, 1500);
        QVERIFY(!servers[1].disabled);
    }

    void expandsVariables()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("MY_TOKEN"), QStringLiteral("s3cret"));
        QStringList missing;
        QCOMPARE(McpConfigFile::expand(QStringLiteral("Bearer ${MY_TOKEN}"), env, &missing),
                 QStringLiteral("Bearer s3cret"));
        QCOMPARE(McpConfigFile::expand(QStringLiteral("${NOPE:-fallback}/x"), env, &missing),
                 QStringLiteral("fallback/x"));
        QVERIFY(missing.isEmpty());
        QCOMPARE(McpConfigFile::expand(QStringLiteral("a ${NOPE} b"), env, &missing),
                 QStringLiteral("a  b"));
        QCOMPARE(missing, QStringList { QStringLiteral("NOPE") });

        McpServerConfig config =
            McpConfigFile::parseEntry(QStringLiteral("s"),
                                      object(R"({"command": "srv", "args": ["--key=${MY_TOKEN}"],
                                                 "env": {"A": "${UNSET_ONE}"}})"))
                .value();
        const Result<McpServerConfig> expanded = config.expanded(env);
        QVERIFY(!expanded.ok());
        QVERIFY2(expanded.error().message.contains(QLatin1String("UNSET_ONE")),
                 qPrintable(expanded.error().message));
        env.insert(QStringLiteral("UNSET_ONE"), QStringLiteral("1"));
        QCOMPARE(config.expanded(env).value().args.first(), QStringLiteral("--key=s3cret"));
        // The entry itself keeps the name, never the value.
        QCOMPARE(config.toEntry()[QLatin1String("args")][0].toString(),
                 QStringLiteral("--key=${MY_TOKEN}"));
    }

    void refusesBrokenEntries_data()
    {
        QTest::addColumn<QByteArray>("entry");
        QTest::addColumn<QString>("says");
        QTest::newRow("both") << QByteArray(R"({"command": "a", "url": "http:\/\/x"})")
                              << QStringLiteral("not both");
        QTest::newRow("neither") << QByteArray(R"({"args": []})") << QStringLiteral("either");
        QTest::newRow("args") << QByteArray(R"({"command": "a", "args": "x"})")
                              << QStringLiteral("args");
        QTest::newRow("env") << QByteArray(R"({"command": "a", "env": {"A": 1}})")
                             << QStringLiteral("env");
        QTest::newRow("type") << QByteArray(R"({"url": "http:\/\/x", "type": "carrier-pigeon"})")
                              << QStringLiteral("type");
        QTest::newRow("timeout") << QByteArray(R"({"command": "a", "timeout": 5})")
                                 << QStringLiteral("timeout");
    }
    void refusesBrokenEntries()
    {
        QFETCH(QByteArray, entry);
        QFETCH(QString, says);
        const auto file = McpConfigFile::parse("{\"mcpServers\": {\"bad\": " + entry
                                                   + ", \"good\": {\"command\": \"ok\"}}}",
                                               QStringLiteral("mcp.json"));
        QVERIFY(file.ok());
        // The broken entry is skipped and said why; the good one still runs.
        QCOMPARE(file.value().servers.size(), 1);
        QCOMPARE(file.value().servers[0].name, QStringLiteral("good"));
        QCOMPARE(file.value().warnings.size(), 1);
        QVERIFY2(file.value().warnings[0].contains(says), qPrintable(file.value().warnings[0]));
    }

    void brokenJsonIsAnErrorNamingThePlace()
    {
        const auto file = McpConfigFile::parse("{\"mcpServers\": {", QStringLiteral("mcp.json"));
        QVERIFY(!file.ok());
        QVERIFY(file.error().message.contains(QLatin1String("mcp.json")));
        QVERIFY(McpConfigFile::parse("", QStringLiteral("mcp.json")).ok());
    }

    void writesBackKeepingWhatItDoesNotKnow()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("mcp.json"));
        McpConfigFile file = McpConfigFile::parse(R"({"mcpServers": {"a": {"command": "x",
                                                    "note": "mine", "env": {"K": "${K}"}}},
                                                    "theme": "dark"})",
                                                  path)
                                 .value();
        file.servers[0].disabled = true;
        QVERIFY(file.write(path).ok());
        // Entries may carry headers with secrets: nobody else may read the file.
        QCOMPARE(int(QFile::permissions(path) & 0x0077), 0);
        QVERIFY(QFile::permissions(path) & QFileDevice::ReadOwner);
        const McpConfigFile again = McpConfigFile::read(path).value();
        QCOMPARE(again.document[QLatin1String("theme")].toString(), QStringLiteral("dark"));
        QCOMPARE(again.servers.size(), 1);
        QVERIFY(again.servers[0].disabled);
        QCOMPARE(again.servers[0].entry[QLatin1String("note")].toString(), QStringLiteral("mine"));
        QCOMPARE(again.servers[0].env.value(QStringLiteral("K")), QStringLiteral("${K}"));
        file.servers[0].disabled = false;
        QVERIFY(file.write(path).ok());
        QVERIFY(!McpConfigFile::read(path).value().servers[0].entry.contains(
            QLatin1String("disabled")));
    }

    void exposedNames_data()
    {
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QString>("name");
        QTest::newRow("plain") << QStringLiteral("everything") << QStringLiteral("get-tiny-image")
                               << QStringLiteral("everything__get-tiny-image");
        QTest::newRow("spaces and dots")
            << QStringLiteral("my files") << QStringLiteral("read.file")
            << QStringLiteral("my_files__read_file");
    }
    void exposedNames()
    {
        QFETCH(QString, server);
        QFETCH(QString, tool);
        QFETCH(QString, name);
        QCOMPARE(McpTool::exposedName(server, tool), name);
    }

    void longNamesAreCutToTheProvidersLimitAndStayApart()
    {
        const QString server = QStringLiteral("a-server-with-a-rather-long-name");
        const QString one =
            McpTool::exposedName(server, QStringLiteral("x").repeated(40) + QLatin1Char('1'));
        const QString two =
            McpTool::exposedName(server, QStringLiteral("x").repeated(40) + QLatin1Char('2'));
        QCOMPARE(one.size(), 64);
        QCOMPARE(two.size(), 64);
        QVERIFY(one != two);
        QVERIFY(one.startsWith(server + QLatin1String("__")));
    }

    void resultsBecomeText_data()
    {
        QTest::addColumn<QByteArray>("result");
        QTest::addColumn<QStringList>("contains");
        QTest::addColumn<QStringList>("lacks");
        QTest::addColumn<bool>("isError");
        QTest::newRow("text") << QByteArray(R"({"content": [{"type": "text", "text": "hi"},
                                                {"type": "text", "text": "there"}]})")
                              << QStringList { QStringLiteral("hi\nthere") } << QStringList()
                              << false;
        QTest::newRow("image") << QByteArray(R"({"content": [{"type": "image",
                                                 "mimeType": "image/png", "data": "AAAAAAAA"}]})")
                               << QStringList { QStringLiteral("[image: image/png, 6 bytes") }
                               << QStringList { QStringLiteral("AAAAAAAA") } << false;
        QTest::newRow("audio") << QByteArray(R"({"content": [{"type": "audio",
                                                 "mimeType": "audio/wav", "data": "AAAA"}]})")
                               << QStringList { QStringLiteral("[audio: audio/wav") }
                               << QStringList() << false;
        QTest::newRow("embedded text resource")
            << QByteArray(
                   R"({"content": [{"type": "resource", "resource": {"uri": "file:\/\/\/a.txt",
                             "mimeType": "text/plain", "text": "inside"}}]})")
            << QStringList { QStringLiteral("[resource file:///a.txt (text/plain)]\ninside") }
            << QStringList() << false;
        QTest::newRow("embedded blob")
            << QByteArray(
                   R"({"content": [{"type": "resource", "resource": {"uri": "file:\/\/\/a.bin",
                             "blob": "AAAAAAAA"}}]})")
            << QStringList { QStringLiteral("file:///a.bin: 6 bytes of binary data") }
            << QStringList { QStringLiteral("AAAAAAAA") } << false;
        QTest::newRow("link") << QByteArray(R"({"content": [{"type": "resource_link",
                                                "uri": "file:\/\/\/b", "name": "b",
                                                "mimeType": "text/x-c"}]})")
                              << QStringList { QStringLiteral("[resource link: b — file:///b "
                                                              "(text/x-c)]") }
                              << QStringList() << false;
        QTest::newRow("structured") << QByteArray(R"({"content": [{"type": "text",
                                                      "text": "added"}],
                                                      "structuredContent": {"sum": 5}})")
                                    << QStringList { QStringLiteral("added"),
                                                     QStringLiteral("Structured content: "
                                                                    "{\"sum\":5}") }
                                    << QStringList() << false;
        QTest::newRow("structured repeated as text")
            << QByteArray(R"({"content": [{"type": "text", "text": "{\u0022t\u0022: 33}"}],
                             "structuredContent": {"t": 33}})")
            << QStringList { QStringLiteral("{\"t\": 33}") }
            << QStringList { QStringLiteral("Structured") } << false;
        QTest::newRow("isError") << QByteArray(R"({"content": [{"type": "text", "text": "no"}],
                                                   "isError": true})")
                                 << QStringList { QStringLiteral("no") } << QStringList() << true;
        QTest::newRow("input required")
            << QByteArray(R"({"resultType": "input_required",
                                                          "inputRequests": {}})")
            << QStringList { QStringLiteral("asked for input") } << QStringList() << true;
    }
    void resultsBecomeText()
    {
        QFETCH(QByteArray, result);
        QFETCH(QStringList, contains);
        QFETCH(QStringList, lacks);
        QFETCH(bool, isError);
        const ToolResult out = McpTool::toResult(QJsonDocument::fromJson(result).object(), 0);
        for (const QString &part : contains)
            QVERIFY2(out.content.contains(part), qPrintable(out.content));
        for (const QString &part : lacks)
            QVERIFY2(!out.content.contains(part), qPrintable(out.content));
        QCOMPARE(out.isError, isError);
    }

    void longResultsAreCut()
    {
        const QJsonObject result {
            { QStringLiteral("content"),
              QJsonArray {
                  QJsonObject { { QStringLiteral("type"), QStringLiteral("text") },
                                { QStringLiteral("text"), QString(5000, QLatin1Char('x')) } } } }
        };
        const ToolResult out = McpTool::toResult(result, 1024);
        QCOMPARE(out.content.size(), 1024);
        QVERIFY(out.truncated);
    }

    void headersFromToolParameters()
    {
        const QJsonObject schema = object(R"({"type": "object", "properties": {
            "region": {"type": "string", "x-mcp-header": "Region"},
            "deep": {"type": "object", "properties": {"n": {"type": "integer",
                                                            "x-mcp-header": "N"}}},
            "query": {"type": "string"}}})");
        const auto headers = McpClient::paramHeaders(
            schema, object(R"({"region": "Hello, 世界", "deep": {"n": 42}, "query": "q"})"));
        QVERIFY(headers.ok());
        QCOMPARE(headers.value().size(), 2);
        QHash<QByteArray, QByteArray> byName;
        for (const auto &header : headers.value())
            byName.insert(header.first, header.second);
        QCOMPARE(byName.value("Mcp-Param-Region"), QByteArray("=?base64?SGVsbG8sIOS4lueVjA==?="));
        QCOMPARE(byName.value("Mcp-Param-N"), QByteArray("42"));
        QCOMPARE(McpHttpTransport::headerValue(QStringLiteral("us-west1")), QByteArray("us-west1"));
        QCOMPARE(McpHttpTransport::headerValue(QStringLiteral(" padded ")),
                 QByteArray("=?base64?IHBhZGRlZCA=?="));
        // Only along "properties", only on plain types.
        QVERIFY(!McpClient::paramHeaders(object(R"({"type": "object", "properties": {"l":
                    {"type": "array", "items": {"type": "string", "x-mcp-header": "L"}}}})"),
                                         {})
                     .ok());
        QVERIFY(!McpClient::paramHeaders(object(R"({"type": "object", "properties": {"f":
                    {"type": "number", "x-mcp-header": "F"}}})"),
                                         {})
                     .ok());
    }
    void structuredContentIsCheckedAgainstTheOutputSchema_data()
    {
        QTest::addColumn<QByteArray>("schema");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("problem"); // what it says, empty when the value conforms
        const QByteArray sum = "{\"type\": \"object\", \"properties\": {\"sum\": {\"type\": "
                               "\"integer\"}}, \"required\": [\"sum\"]}";
        QTest::newRow("conforms") << sum << QByteArray("{\"sum\": 5, \"more\": true}") << QString();
        QTest::newRow("wrong type")
            << sum << QByteArray("{\"sum\": \"five\"}")
            << QStringLiteral("$.sum: a string where the schema wants integer");
        QTest::newRow("not whole") << sum << QByteArray("{\"sum\": 2.5}")
                                   << QStringLiteral("$.sum: a number where the schema wants "
                                                     "integer");
        QTest::newRow("missing") << sum << QByteArray("{}")
                                 << QStringLiteral("$: \"sum\" is missing");
        QTest::newRow("closed object") << QByteArray(
            "{\"type\": \"object\", \"additionalProperties\": false, \"properties\": {\"a\": {}}}")
                                       << QByteArray("{\"a\": 1, \"b c\": 2}")
                                       << QStringLiteral(
                                              "$[\"b c\"]: a property the schema does not allow");
        QTest::newRow("items and enum")
            << QByteArray("{\"type\": \"array\", \"items\": {\"enum\": [\"x\", \"y\"]}}")
            << QByteArray("[\"x\", \"z\"]") << QStringLiteral("$[1]: \"z\" is not one of");
        QTest::newRow("nullable by a list of types")
            << QByteArray("{\"type\": [\"string\", \"null\"]}") << QByteArray("[null]")
            << QString();
        QTest::newRow("anyOf") << QByteArray(
            "{\"anyOf\": [{\"type\": \"string\"}, {\"minimum\": 3}]}")
                               << QByteArray("[2]") << QStringLiteral("(anyOf)");
        QTest::newRow("a local reference")
            << QByteArray("{\"$defs\": {\"n\": {\"type\": \"number\", \"maximum\": 10}}, \"type\": "
                          "\"object\", \"properties\": {\"n\": {\"$ref\": \"#/$defs/n\"}}}")
            << QByteArray("{\"n\": 11}") << QStringLiteral("$.n: 11 is out of the schema's range");
        QTest::newRow("a reference to itself ends")
            << QByteArray("{\"$ref\": \"#\"}") << QByteArray("{\"a\": 1}") << QString();
        QTest::newRow("properties named by a pattern")
            << QByteArray("{\"type\": \"object\", \"additionalProperties\": false, "
                          "\"patternProperties\": {\"^x-\": {\"type\": \"integer\"}}}")
            << QByteArray("{\"x-a\": 1, \"x-b\": \"two\"}")
            << QStringLiteral("$[\"x-b\"]: a string where the schema wants integer");
        QTest::newRow("unknown keywords hold")
            << QByteArray("{\"type\": \"string\", \"format\": \"email\", \"pattern\": \"^x\"}")
            << QByteArray("[\"not an email\"]") << QString();
    }
    void aSchemaWhoseChoicesMultiplyIsCheckedOnlySoFar()
    {
        // Each level doubles the work (2^64 checks in all): a server's schema must not hang
        // Attache. Past its budget the checker lets the value pass; this test ends, or times out.
        const QJsonObject schema = object("{\"oneOf\": [{\"$ref\": \"#\"}, {\"$ref\": \"#\"}]}");
        const QString found =
            JsonSchemaCheck::problem(QJsonObject { { QStringLiteral("a"), 1 } }, schema);
        QVERIFY2(found.isEmpty() || found.contains(QLatin1String("oneOf")), qPrintable(found));
    }

    void structuredContentIsCheckedAgainstTheOutputSchema()
    {
        QFETCH(QByteArray, schema);
        QFETCH(QByteArray, value);
        QFETCH(QString, problem);
        // A JSON text of one value: objects as they are, anything else wrapped in an array.
        const QJsonDocument doc = QJsonDocument::fromJson(value);
        const QJsonValue checked = doc.isObject() || doc.array().size() != 1
            ? (doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array()))
            : doc.array().at(0);
        const QString found = JsonSchemaCheck::problem(checked, object(schema));
        if (problem.isEmpty())
            QVERIFY2(found.isEmpty(), qPrintable(found));
        else
            QVERIFY2(found.startsWith(problem) || found.contains(problem), qPrintable(found));

        // What the model reads: a result that breaks the schema is an error saying where.
        if (!doc.isObject())
            return;
        const QJsonObject result { { QStringLiteral("content"), QJsonArray() },
                                   { QStringLiteral("structuredContent"), doc.object() } };
        const ToolResult out = McpTool::toResult(result, 0, object(schema));
        QCOMPARE(out.isError, !problem.isEmpty());
        if (!problem.isEmpty())
            QVERIFY2(out.content.contains(QLatin1String("does not match its output schema")),
                     qPrintable(out.content));
        // No structured content at all, where the schema asks for it.
        QJsonObject bare;
        bare.insert(QStringLiteral("content"), QJsonArray());
        QVERIFY(McpTool::toResult(bare, 0, object(schema)).isError);
    }
};

QTEST_GUILESS_MAIN(TestMcpConfig)
#include "tst_mcpconfig.moc"
