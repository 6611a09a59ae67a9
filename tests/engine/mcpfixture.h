// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "settings.h"
#include "tools/mcp/mcpmanager.h"
#include "tools/toolbox.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

/**
 * Real MCP servers for the tests: the npm packages in tests/node (server-everything,
 * server-filesystem) and the small server in tests/mcp, run with the pinned Node. CTest names
 * them in ATTACHE_TEST_NODE, ATTACHE_TEST_NODE_MODULES and ATTACHE_TEST_MCP_DIR.
 */
namespace McpFixture {

inline QString node()
{
    return qEnvironmentVariable("ATTACHE_TEST_NODE");
}
inline QString modules()
{
    return qEnvironmentVariable("ATTACHE_TEST_NODE_MODULES");
}
inline QString mcpDir()
{
    return qEnvironmentVariable("ATTACHE_TEST_MCP_DIR");
}
/** Empty when everything is there, else what is missing and how to get it. */
inline QString missing()
{
    if (node().isEmpty() || !QFile::exists(node()))
        return QStringLiteral("the pinned Node (ATTACHE_TEST_NODE=%1) is missing; run "
                              "scripts/test.sh, which installs it")
            .arg(node());
    if (!QFile::exists(modules() + QLatin1String("/@modelcontextprotocol/server-everything")))
        return QStringLiteral("tests/node/node_modules is missing; run scripts/test.sh");
    if (!QFile::exists(mcpDir() + QLatin1String("/testserver.mjs")))
        return QStringLiteral("tests/mcp/testserver.mjs is missing (ATTACHE_TEST_MCP_DIR)");
    return {};
}
inline QString everything()
{
    return modules() + QLatin1String("/@modelcontextprotocol/server-everything/dist/index.js");
}
inline QString filesystem()
{
    return modules() + QLatin1String("/@modelcontextprotocol/server-filesystem/dist/index.js");
}
inline QString testServer()
{
    return mcpDir() + QLatin1String("/testserver.mjs");
}

inline QJsonObject stdioEntry(const QStringList &args)
{
    return { { QStringLiteral("command"), node() },
             { QStringLiteral("args"), QJsonArray::fromStringList(args) } };
}

inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

inline bool accepts(quint16 port)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(200);
}

/** An HTTP server in a child process (killed with the fixture). */
struct HttpServer
{
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
    quint16 port = 0;
    QByteArray output; // what it wrote, both channels

    ~HttpServer()
    {
        if (process->state() != QProcess::NotRunning) {
            process->kill();
            process->waitForFinished(5000);
        }
    }
    /** npm's server-everything on a free loopback port: transport is "streamableHttp" or
     * "sse". */
    bool startEverything(const QString &transport)
    {
        port = freePort();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PORT"), QString::number(port));
        process->setProcessEnvironment(env);
        process->setProcessChannelMode(QProcess::MergedChannels);
        QObject::connect(process.get(), &QProcess::readyRead, process.get(),
                         [this] { output += process->readAll(); });
        process->start(node(),
                       { mcpDir() + QLatin1String("/loopback.mjs"), everything(), transport });
        return QTest::qWaitFor([this] { return accepts(port); }, 30000);
    }
    /** tests/mcp/testserver.mjs over HTTP with these flags. */
    bool startTestServer(const QStringList &flags)
    {
        QObject::connect(process.get(), &QProcess::readyReadStandardOutput, process.get(),
                         [this] { output += process->readAllStandardOutput(); });
        process->start(node(), QStringList { testServer(), QStringLiteral("--http") } + flags);
        const bool up = QTest::qWaitFor(
            [this] { return output.contains("listening ") && output.contains('\n'); }, 30000);
        if (!up)
            return false;
        const int at = output.indexOf("listening ") + 10;
        port = quint16(output.mid(at, output.indexOf('\n', at) - at).toUInt());
        return port != 0;
    }
    QString url(const QString &path) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path);
    }
};

/** The JSON lines the test server wrote to its --log file. */
inline QList<QJsonObject> logLines(const QString &path)
{
    QList<QJsonObject> lines;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return lines;
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (!line.trimmed().isEmpty())
            lines.append(QJsonDocument::fromJson(line).object());
    }
    return lines;
}

inline int countLines(const QString &path, const QString &event)
{
    int n = 0;
    for (const QJsonObject &line : logLines(path))
        n += line.value(QLatin1String("event")).toString() == event;
    return n;
}

/** Runs a tool as the run driver does and waits for its result. */
inline std::optional<ToolResult> call(ToolBox &tools, const QString &name,
                                      const QJsonObject &arguments, QObject *context = nullptr,
                                      int timeoutMs = 30000)
{
    Tool *tool = tools.find(name);
    if (!tool)
        return std::nullopt;
    std::optional<ToolResult> result;
    QObject local;
    tool->run(arguments, tools.workspace(), tools.limits(), context ? context : &local,
              [&result](const ToolResult &r) { result = r; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, timeoutMs))
        qWarning("%s gave no result within %d ms", qPrintable(name), timeoutMs);
    return result;
}

/**
 * A test case's own folder, settings, tool box and MCP manager (restarts after 200 ms, capped at
 * 1.6 s), made by setUp() and gone after tearDown(), with what the tests ask of them.
 */
class ManagerTest : public QObject
{
protected:
    using State = McpServerStatus::State;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<ToolBox> m_tools;
    std::unique_ptr<McpManager> m_mcp;

    void setUp()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_settings = std::make_unique<Settings>(path(QStringLiteral("settings.ini")));
        m_tools = std::make_unique<ToolBox>(*m_settings);
        m_mcp = std::make_unique<McpManager>(*m_tools);
        m_mcp->setBackoff(200, 1600);
    }
    void tearDown()
    {
        m_mcp.reset();
        m_tools.reset();
        m_settings.reset();
        m_dir.reset();
    }
    QString path(const QString &name) const { return m_dir->filePath(name); }
    void configure(const QJsonObject &servers)
    {
        QFile file(path(QStringLiteral("mcp.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QJsonDocument(QJsonObject { { QStringLiteral("mcpServers"), servers } }).toJson());
        file.close();
        m_mcp->setConfigPath(path(QStringLiteral("mcp.json")));
    }
    State state(const QString &name) const
    {
        const auto server = m_mcp->server(name);
        return server ? server->state : State::Disabled;
    }
    QString lastError(const QString &name) const
    {
        const auto server = m_mcp->server(name);
        return server ? server->lastError : QString();
    }
    bool ready(const QString &name, int timeoutMs = 60000)
    {
        const bool ok = QTest::qWaitFor([&] { return state(name) == State::Ready; }, timeoutMs);
        if (!ok)
            qWarning("%s: %s", qPrintable(name), qPrintable(lastError(name)));
        return ok;
    }
    QString logPath() const { return m_dir->filePath(QStringLiteral("server.log")); }
    /** The test server over stdio, logging to logPath(), with these flags. */
    QStringList testArgs(const QStringList &flags = {}) const
    {
        return QStringList { testServer(), QStringLiteral("--log"), logPath() } + flags;
    }
    /** The test server over HTTP, speaking the handshake revisions (with these flags too),
     * configured as "test" and ready. */
    bool handshakeServerOverHttp(HttpServer &server, const QStringList &flags = {},
                                 const QJsonObject &entry = {})
    {
        if (!server.startTestServer(
                QStringList { QStringLiteral("--legacy"), QStringLiteral("--log"), logPath() }
                + flags))
            return false;
        QJsonObject configured = entry;
        configured.insert(QStringLiteral("url"), server.url(QStringLiteral("/mcp")));
        configure({ { QStringLiteral("test"), configured } });
        return ready(QStringLiteral("test"));
    }
};

} // namespace McpFixture
