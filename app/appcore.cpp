// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "appcore.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QTcpSocket>

#include <csignal>

AppCore::AppCore(const Options &options)
    : m_settings(options.configDir + QLatin1String("/settings.ini"))
    , m_catalog(ProviderCatalog::load(options.configDir + QLatin1String("/providers.json"),
                                      QProcessEnvironment::systemEnvironment(), &m_warning))
    , m_discovery(options.discoveryPath)
{
    m_store = std::make_unique<SessionStore>(options.dataDir + QLatin1String("/attache.db"));
    if (const Status opened = m_store->open(); !opened) {
        // Attache still works, in memory; the user learns why nothing will be kept.
        m_warning += QLatin1Char(' ') + opened.error().message
            + QLatin1String(" Sessions are kept in memory only.");
        m_store.reset();
    } else if (!m_store->warning().isEmpty()) {
        m_warning += QLatin1Char(' ') + m_store->warning();
    }
    m_warning = m_warning.trimmed();
    m_engine = std::make_unique<Engine>(m_catalog, m_settings, m_store.get());
    // MCP servers start with the engine, so their tools are there for the first chat.
    m_engine->mcp().setConfigPath(options.configDir + QLatin1String("/mcp.json"));
    // Keys, the token and the database stay out of the tools' reach, whatever the workspace.
    for (const QString &dir :
         { options.configDir, options.dataDir, QFileInfo(options.discoveryPath).absolutePath() })
        m_engine->tools().workspace().protect(dir);
    ServerOptions serverOptions;
    serverOptions.port = options.port.value_or(quint16(m_settings.value(Settings::Port)));
    serverOptions.allowedOrigins = m_settings.value(Settings::AllowedOrigins);
    ConnectionLimits &limits = serverOptions.limits;
    // A nonsensical value (zero, negative) keeps the safe default rather than disabling a limit.
    const auto positive = [](int value, auto fallback) {
        return value > 0 ? value : fallback;
    };
    limits.maxConnections =
        positive(m_settings.value(Settings::MaxConnections), limits.maxConnections);
    limits.maxBodyBytes = positive(m_settings.value(Settings::MaxBodyBytes), limits.maxBodyBytes);
    limits.headerTimeoutMs =
        positive(m_settings.value(Settings::HeaderTimeoutMs), limits.headerTimeoutMs);
    limits.idleTimeoutMs =
        positive(m_settings.value(Settings::IdleTimeoutMs), limits.idleTimeoutMs);
    m_server = std::make_unique<ApiServer>(*m_engine, serverOptions);
}

AppCore::~AppCore()
{
    if (m_wroteDiscovery)
        m_discovery.removeIfOurs(QCoreApplication::applicationPid());
    m_server.reset();
    m_engine.reset();
    m_store.reset(); // after the engine: its last turns are written before the file closes
}

bool AppCore::start(QString *error)
{
    if (!m_server->start(error))
        return false;
    const auto info = [this] {
        DiscoveryFile::Info info;
        info.port = m_server->port();
        info.token = m_server->token();
        info.pid = QCoreApplication::applicationPid();
        info.url = m_server->url();
        return info;
    };
    if (!m_discovery.write(info(), error))
        return false;
    m_wroteDiscovery = true;
    // Keys kept in the secret store arrive over D-Bus in the next event-loop passes; a chat sent
    // before its key waits for it. The chosen provider's key is asked for first.
    m_engine->keys().loadStored(m_settings.value(Settings::Provider));
    // After a token reset, clients find the new token where they found the old one.
    QObject::connect(m_server.get(), &ApiServer::tokenChanged, m_server.get(), [this, info] {
        QString failure;
        if (!m_discovery.write(info(), &failure))
            qWarning("attache: could not rewrite the discovery file: %s", qUtf8Printable(failure));
    });
    return true;
}

std::optional<DiscoveryFile::Info> AppCore::runningInstance(const DiscoveryFile &file)
{
    const std::optional<DiscoveryFile::Info> info = file.read();
    if (!info || info->pid == QCoreApplication::applicationPid())
        return std::nullopt;
    if (::kill(pid_t(info->pid), 0) != 0 && errno == ESRCH)
        return std::nullopt; // a stale file from a process that died without cleaning up
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, info->port);
    if (!probe.waitForConnected(500))
        return std::nullopt;
    return info;
}
