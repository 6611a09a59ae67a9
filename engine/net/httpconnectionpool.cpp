// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/httpconnectionpool.h"

#include <QTcpSocket>

#include <algorithm>

HttpConnectionPool::HttpConnectionPool(QObject *parent)
    : QObject(parent)
{
    m_sweep.setTimerType(Qt::VeryCoarseTimer);
    m_sweep.setInterval(IdleMs / 3);
    connect(&m_sweep, &QTimer::timeout, this, &HttpConnectionPool::expire);
}

HttpConnectionPool::~HttpConnectionPool()
{
    for (Idle &idle : m_idle) {
        unwire(idle);
        idle.socket->abort();
        delete idle.socket;
    }
}

QString HttpConnectionPool::originOf(const QString &scheme, const QString &host, int port)
{
    return scheme + QLatin1String("://") + host + QLatin1Char(':') + QString::number(port);
}

const HttpConnectionPool::Endpoint &HttpConnectionPool::endpoint(const QUrl &url)
{
    if (url == m_lastEndpoint.url && !url.isEmpty())
        return m_lastEndpoint;
    const bool tls = url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
    const int defaultPort = tls ? 443 : 80;
    Endpoint endpoint;
    endpoint.url = url;
    endpoint.origin = originOf(url.scheme().toLower(), url.host(), url.port(defaultPort));
    endpoint.target = url.path(QUrl::FullyEncoded).toLatin1();
    if (endpoint.target.isEmpty())
        endpoint.target = "/";
    if (url.hasQuery())
        endpoint.target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    endpoint.host = url.host(QUrl::FullyEncoded).toLatin1();
    if (endpoint.host.contains(':'))
        endpoint.host = '[' + endpoint.host + ']';
    if (url.port() != -1 && url.port() != defaultPort)
        endpoint.host += ':' + QByteArray::number(url.port());
    m_lastEndpoint = std::move(endpoint);
    return m_lastEndpoint;
}

QTcpSocket *HttpConnectionPool::take(const QString &origin)
{
    // Newest first: it is the least likely to have been closed by the server meanwhile.
    for (auto it = m_idle.rbegin(); it != m_idle.rend(); ++it) {
        if (it->origin != origin)
            continue;
        QTcpSocket *socket = it->socket;
        unwire(*it);
        m_idle.erase(std::next(it).base());
        socket->setParent(nullptr);
        if (socket->state() == QAbstractSocket::ConnectedState && socket->bytesAvailable() == 0)
            return socket;
        socket->abort();
        socket->deleteLater();
        return take(origin);
    }
    return nullptr;
}

void HttpConnectionPool::put(const QString &origin, QTcpSocket *socket)
{
    if (socket->state() != QAbstractSocket::ConnectedState || socket->bytesAvailable() > 0) {
        socket->abort();
        socket->deleteLater();
        return;
    }
    socket->setParent(this);
    Idle &idle = m_idle.emplace_back(Idle { origin, socket, {}, {} });
    idle.since.start();
    // A server may close an idle connection at any time; anything it sends now is unasked.
    idle.wires = {
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] { drop(socket); }),
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { drop(socket); }),
        connect(socket, &QTcpSocket::errorOccurred, this, [this, socket] { drop(socket); }),
    };
    if (m_idle.size() > MaxIdle)
        drop(m_idle.front().socket);
    if (!m_sweep.isActive())
        m_sweep.start();
}

void HttpConnectionPool::drop(QTcpSocket *socket)
{
    const auto it = std::find_if(m_idle.begin(), m_idle.end(),
                                 [socket](const Idle &idle) { return idle.socket == socket; });
    if (it == m_idle.end())
        return;
    unwire(*it);
    m_idle.erase(it);
    socket->abort();
    socket->deleteLater();
    if (m_idle.empty())
        m_sweep.stop();
}

void HttpConnectionPool::unwire(Idle &idle)
{
    for (QMetaObject::Connection &wire : idle.wires)
        QObject::disconnect(wire);
}

void HttpConnectionPool::expire()
{
    while (!m_idle.empty() && m_idle.front().since.hasExpired(IdleMs))
        drop(m_idle.front().socket);
}
