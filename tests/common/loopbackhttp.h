// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QTcpServer>

/** What the fake providers share: listening on 127.0.0.1 as a provider's server would. */
namespace LoopbackHttp {

/** Listens on 127.0.0.1:port (0: any free port). A provider's server takes a burst of
 * connections without dropping any: with Qt's default backlog of 50, 200 chats started at once
 * waited a second for the kernel's SYN retry. */
inline bool listen(QAbstractHttpServer &server, quint16 port)
{
    auto *tcp = new QTcpServer(&server);
    tcp->setListenBacklogSize(1024);
    if (!tcp->listen(QHostAddress::LocalHost, port)) {
        delete tcp;
        return false;
    }
    server.bind(tcp);
    return true;
}

/** The port it listens on; 0 before listen(). */
inline quint16 port(const QAbstractHttpServer &server)
{
    const QList<QTcpServer *> servers = server.servers();
    return servers.isEmpty() ? 0 : servers.first()->serverPort();
}

} // namespace LoopbackHttp
