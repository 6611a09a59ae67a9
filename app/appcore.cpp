// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "appcore.h"

#include <QCoreApplication>
#include <QProcessEnvironment>
#include <QTcpSocket>

#include <csignal>

AppCore::AppCore(const Options &options)
    : m_settings(options.configDir + QLatin1String("/settings.ini"))
    , m_catalog(ProviderCatalog::load(options.configDir + QLatin1String("/providers.json"),
                                      QProcessEnvironment::systemEnvironment(), &m_warning))
    , m_discovery(options.discoveryPath)
{
    m_engine = std::make_unique<Engine>(m_catalog, m_settings);
    ServerOptions serverOptions;
    serverOptions.port = options.port.value_or(quint16(m_settings.value(Settings::Port)));
    m_server = std::make_unique<ApiServer>(*m_engine, serverOptions);
}

AppCore::~AppCore()
{
    if (m_wroteDiscovery)
        m_discovery.removeIfOurs(QCoreApplication::applicationPid());
    m_server.reset();
    m_engine.reset();
}

bool AppCore::start(QString *error)
{
    if (!m_server->start(error))
        return false;
    DiscoveryFile::Info info;
    info.port = m_server->port();
    info.token = m_server->token();
    info.pid = QCoreApplication::applicationPid();
    info.url = m_server->url();
    if (!m_discovery.write(info, error))
        return false;
    m_wroteDiscovery = true;
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
