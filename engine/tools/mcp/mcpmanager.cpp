// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/mcp/mcpmanager.h"

#include "enginelog.h"
#include "tools/mcp/mcpstdiotransport.h"
#include "tools/mcp/mcptool.h"
#include "tools/toolbox.h"

#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QSet>
#include <QTimer>

namespace {

constexpr qint64 StableMs = 60000; // up this long, and a crash starts the backoff afresh

QString targetOf(const McpServerConfig &config)
{
    if (config.transport != McpServerConfig::Transport::Stdio)
        return config.url;
    QStringList words { config.command };
    words += config.args;
    return words.join(QLatin1Char(' '));
}

} // namespace

QString McpServerStatus::stateName(State state)
{
    switch (state) {
    case State::Starting:
        return QStringLiteral("starting");
    case State::Ready:
        return QStringLiteral("ready");
    case State::Failed:
        return QStringLiteral("failed");
    case State::Disabled:
        return QStringLiteral("disabled");
    }
    return {};
}

McpManager::McpManager(ToolBox &tools, QObject *parent)
    : QObject(parent)
    , m_tools(tools)
{ }

McpManager::~McpManager()
{
    // Every server is told it ends, as the specification asks: a session over HTTP is
    // DELETEd; a child's stdin is closed, and it gets SIGTERM if it has not exited a moment
    // later, SIGKILL after another. That needs the event loop; the wait is bounded, and nothing
    // the file says may start a server meanwhile.
    delete m_watcher;
    m_watcher = nullptr;
    if (m_reload)
        m_reload->stop();
    QEventLoop loop;
    int open = 0;
    for (auto &server : m_servers) {
        if (server->retry)
            server->retry->stop();
        McpClient *client = server->client;
        if (!client)
            continue;
        client->disconnect(this);
        if (client->state() == McpClient::State::Closed)
            continue;
        ++open;
        connect(client, &McpClient::stopped, &loop, [&open, &loop] {
            if (--open == 0)
                loop.quit();
        });
        client->stop(m_quitGraceMs);
    }
    if (open > 0) {
        QTimer::singleShot(3 * m_quitGraceMs, &loop, &QEventLoop::quit);
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    }
    for (auto &server : m_servers)
        delete server->client;
}

void McpManager::setBackoff(int firstMs, int capMs)
{
    m_firstBackoffMs = qMax(1, firstMs);
    m_maxBackoffMs = qMax(m_firstBackoffMs, capMs);
}

void McpManager::setConfigPath(const QString &path)
{
    m_path = path;
    watch();
    reload();
}

void McpManager::watch()
{
    if (!m_watcher) {
        m_watcher = new QFileSystemWatcher(this);
        m_reload = new QTimer(this);
        m_reload->setSingleShot(true);
        m_reload->setInterval(200); // an editor's save is several events
        connect(m_reload, &QTimer::timeout, this, &McpManager::reload);
        const auto changed = [this] {
            m_reload->start();
            watch(); // a file replaced on save is a new file to watch
        };
        connect(m_watcher, &QFileSystemWatcher::fileChanged, this, changed);
        connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, changed);
    }
    const QString dir = QFileInfo(m_path).absolutePath();
    if (QFileInfo(dir).isDir() && !m_watcher->directories().contains(dir))
        m_watcher->addPath(dir);
    if (QFileInfo::exists(m_path) && !m_watcher->files().contains(m_path))
        m_watcher->addPath(m_path);
}

void McpManager::reload()
{
    if (m_path.isEmpty())
        return;
    QByteArray bytes;
    if (QFile file(m_path); file.open(QIODevice::ReadOnly))
        bytes = file.readAll();
    // The folder is watched (editors replace files): most of its events are other files.
    if (m_loaded && bytes == m_lastRead)
        return;
    m_loaded = true;
    m_lastRead = bytes;
    const Result<McpConfigFile> read = McpConfigFile::parse(bytes, m_path);
    if (!read) {
        // A file caught half-written, or broken by hand: keep what runs until it is fixed.
        m_warning = read.error().message;
        qCWarning(lcEngine, "%s", qUtf8Printable(m_warning));
        Q_EMIT changed();
        return;
    }
    m_file = read.value();
    m_warning = m_file.warnings.join(QLatin1Char(' '));
    if (!m_warning.isEmpty())
        qCWarning(lcEngine, "mcp.json: %s", qUtf8Printable(m_warning));
    std::vector<std::unique_ptr<Server>> next;
    for (const McpServerConfig &config : std::as_const(m_file.servers)) {
        auto it = std::find_if(m_servers.begin(), m_servers.end(),
                               [&](const auto &s) { return s->config.name == config.name; });
        if (it != m_servers.end()) {
            std::unique_ptr<Server> server = std::move(*it);
            m_servers.erase(it);
            const bool same =
                server->config.sameLaunch(config) && server->config.disabled == config.disabled;
            server->config = config;
            if (!same) {
                stop(*server);
                server->attempt = 0;
                server->restarts = 0;
                start(*server);
            }
            next.push_back(std::move(server));
            continue;
        }
        auto server = std::make_unique<Server>();
        server->config = config;
        start(*server);
        next.push_back(std::move(server));
    }
    for (auto &gone : m_servers)
        stop(*gone);
    m_servers = std::move(next);
    Q_EMIT changed();
}

McpManager::Server *McpManager::find(const QString &name) const
{
    for (const auto &server : m_servers) {
        if (server->config.name == name)
            return server.get();
    }
    return nullptr;
}

void McpManager::setState(Server &server, McpServerStatus::State state)
{
    server.state = state;
    server.since = QDateTime::currentDateTimeUtc();
    if (state == McpServerStatus::State::Ready)
        server.readySince = server.since;
}

void McpManager::start(Server &server)
{
    if (server.retry)
        server.retry->stop();
    server.retryInMs = -1;
    if (server.config.disabled) {
        setState(server, McpServerStatus::State::Disabled);
        server.lastError.clear();
        return;
    }
    const Result<McpServerConfig> expanded = server.config.expanded(m_environment);
    if (!expanded) {
        // Nothing changes by trying again; a change to the file or the environment does.
        setState(server, McpServerStatus::State::Failed);
        server.lastError = expanded.error().message;
        return;
    }
    setState(server, McpServerStatus::State::Starting);
    server.exitCode = -1;
    server.stderrTail.clear();
    auto *client = new McpClient(expanded.value(), &m_network, this);
    server.client = client;
    const QString name = server.config.name;
    connect(client, &McpClient::ready, this, [this, name] {
        if (Server *s = find(name)) {
            setState(*s, McpServerStatus::State::Ready);
            s->lastError.clear();
            publish(*s);
        }
    });
    connect(client, &McpClient::toolsChanged, this, [this, name] {
        if (Server *s = find(name))
            publish(*s);
    });
    connect(client, &McpClient::failed, this, [this, name](const QString &message) {
        if (Server *s = find(name))
            onFailed(*s, message);
    });
    client->start();
}

void McpManager::stop(Server &server)
{
    if (server.retry)
        server.retry->stop();
    server.retryInMs = -1;
    m_tools.removeSource(server.config.name);
    if (McpClient *client = server.client) {
        server.client = nullptr;
        client->disconnect(this);
        connect(client, &McpClient::stopped, client, &QObject::deleteLater);
        client->stop();
    }
}

void McpManager::publish(Server &server)
{
    std::vector<std::unique_ptr<Tool>> tools;
    QSet<QString> taken;
    for (const McpToolDefinition &definition : server.client->tools()) {
        // Two names made one by what a model may see ("a.b", "a_b"): the later one is hashed.
        const bool clash =
            taken.contains(McpTool::exposedName(server.config.name, definition.name));
        tools.push_back(std::make_unique<McpTool>(server.config.name, definition, server.client,
                                                  server.config.timeoutMs, clash));
        taken.insert(tools.back()->name());
    }
    m_tools.setSourceTools(server.config.name, std::move(tools));
    Q_EMIT changed();
}

void McpManager::onFailed(Server &server, const QString &message)
{
    McpClient *client = server.client;
    server.client = nullptr;
    if (client) {
        server.exitCode = client->exitCode();
        if (const auto *stdio = qobject_cast<McpStdioTransport *>(client->transport()))
            server.stderrTail = stdio->stderrTail();
        client->disconnect(this);
        client->deleteLater();
    }
    m_tools.removeSource(server.config.name);
    if (server.attempt == 0) // the first failure after a start; the retries stay quiet
        qCWarning(lcEngine, "mcp %s failed: %s", qUtf8Printable(server.config.name),
                  qUtf8Printable(message));
    server.lastError = message;
    if (server.readySince.isValid()
        && server.readySince.msecsTo(QDateTime::currentDateTimeUtc()) > StableMs)
        server.attempt = 0;
    server.readySince = {};
    setState(server, McpServerStatus::State::Failed);
    // 1 s, 2 s, 4 s, … capped: a server that cannot start costs little, and one that crashed
    // once comes back soon.
    const qint64 delay =
        qMin<qint64>(qint64(m_firstBackoffMs) << qMin(server.attempt, 20), m_maxBackoffMs);
    ++server.attempt;
    server.retryInMs = int(delay);
    if (!server.retry) {
        server.retry = new QTimer(this);
        server.retry->setSingleShot(true);
        const QString name = server.config.name;
        connect(server.retry, &QTimer::timeout, this, [this, name] {
            if (Server *s = find(name)) {
                ++s->restarts;
                start(*s);
                Q_EMIT changed();
            }
        });
    }
    server.retry->start(int(delay));
    Q_EMIT restartScheduled(server.config.name, int(delay));
    Q_EMIT changed();
}

McpServerStatus McpManager::statusOf(const Server &server) const
{
    McpServerStatus status;
    status.name = server.config.name;
    status.transport = server.client && !server.client->transportKind().isEmpty()
        ? server.client->transportKind()
        : McpServerConfig::transportName(server.config.transport);
    status.state = server.state;
    status.lastError = server.lastError;
    status.exitCode = server.exitCode;
    status.stderrTail = server.stderrTail;
    status.target = targetOf(server.config);
    status.restarts = server.restarts;
    status.retryInMs = server.state == McpServerStatus::State::Failed ? server.retryInMs : -1;
    status.since = server.since;
    if (server.client && server.state == McpServerStatus::State::Ready) {
        status.protocolVersion = server.client->protocolVersion();
        status.serverName = server.client->serverInfo().value(QLatin1String("name")).toString();
        status.serverVersion =
            server.client->serverInfo().value(QLatin1String("version")).toString();
        for (const McpToolDefinition &tool : server.client->tools())
            status.tools.append({ McpTool::exposedName(server.config.name, tool.name), tool.name,
                                  tool.description, tool.annotations });
    }
    return status;
}

QList<McpServerStatus> McpManager::servers() const
{
    QList<McpServerStatus> list;
    for (const auto &server : m_servers)
        list.append(statusOf(*server));
    return list;
}

std::optional<McpServerStatus> McpManager::server(const QString &name) const
{
    if (const Server *s = find(name))
        return statusOf(*s);
    return std::nullopt;
}

std::optional<McpServerConfig> McpManager::config(const QString &name) const
{
    if (const Server *s = find(name))
        return s->config;
    return std::nullopt;
}

Status McpManager::save()
{
    if (m_path.isEmpty())
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("There is no mcp.json to write to.") };
    m_file.servers.clear();
    for (const auto &server : m_servers)
        m_file.servers.append(server->config);
    const Status written = m_file.write(m_path);
    if (QFile file(m_path); written && file.open(QIODevice::ReadOnly))
        m_lastRead = file.readAll(); // applied already: the watcher's echo changes nothing
    watch();
    return written;
}

static EngineError noServer(const QString &name)
{
    return EngineError { ErrorKind::NotFound,
                         QStringLiteral("There is no MCP server \"%1\"; GET /mcp/servers lists "
                                        "them.")
                             .arg(name) };
}

Status McpManager::setEnabled(const QString &name, bool enabled)
{
    Server *server = find(name);
    if (!server)
        return noServer(name);
    if (server->config.disabled == !enabled)
        return {};
    server->config.disabled = !enabled;
    if (Status saved = save(); !saved)
        return saved;
    stop(*server);
    server->attempt = 0;
    server->restarts = 0;
    start(*server);
    Q_EMIT changed();
    return {};
}

Status McpManager::restart(const QString &name)
{
    Server *server = find(name);
    if (!server)
        return noServer(name);
    if (server->config.disabled)
        return EngineError {
            ErrorKind::InvalidRequest,
            QStringLiteral("\"%1\" is disabled; enable it to start it.").arg(name)
        };
    stop(*server);
    server->attempt = 0;
    server->restarts = 0;
    start(*server);
    Q_EMIT changed();
    return {};
}

Status McpManager::addServer(const McpServerConfig &config)
{
    if (!McpConfigFile::isValidName(config.name))
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("\"%1\" is not a usable server name: use 1–64 "
                                            "characters without \"/\".")
                                 .arg(config.name) };
    if (find(config.name))
        return EngineError {
            ErrorKind::InvalidRequest,
            QStringLiteral("There is already an MCP server \"%1\".").arg(config.name)
        };
    // The entry goes through the same checks as one read from the file.
    const Result<McpServerConfig> checked =
        McpConfigFile::parseEntry(config.name, config.toEntry());
    if (!checked)
        return checked.error();
    auto server = std::make_unique<Server>();
    server->config = checked.value();
    m_servers.push_back(std::move(server));
    if (Status saved = save(); !saved) {
        m_servers.pop_back();
        return saved;
    }
    start(*m_servers.back());
    Q_EMIT changed();
    return {};
}

Status McpManager::removeServer(const QString &name)
{
    auto it = std::find_if(m_servers.begin(), m_servers.end(),
                           [&](const auto &s) { return s->config.name == name; });
    if (it == m_servers.end())
        return noServer(name);
    std::unique_ptr<Server> server = std::move(*it);
    m_servers.erase(it);
    stop(*server);
    if (Status saved = save(); !saved)
        return saved;
    Q_EMIT changed();
    return {};
}
