// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "httpconnectionpool.h"

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
    for (const Idle &idle : m_idle) {
        idle.socket->disconnect(this);
        idle.socket->abort();
        delete idle.socket;
    }
}

QString HttpConnectionPool::originOf(const QString &scheme, const QString &host, int port)
{
    return scheme + QLatin1String("://") + host + QLatin1Char(':') + QString::number(port);
}

QTcpSocket *HttpConnectionPool::take(const QString &origin)
{
    // Newest first: it is the least likely to have been closed by the server meanwhile.
    for (auto it = m_idle.rbegin(); it != m_idle.rend(); ++it) {
        if (it->origin != origin)
            continue;
        QTcpSocket *socket = it->socket;
        m_idle.erase(std::next(it).base());
        socket->disconnect(this);
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
    // A server may close an idle connection at any time; anything it sends now is unasked.
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] { drop(socket); });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { drop(socket); });
    connect(socket, &QTcpSocket::errorOccurred, this, [this, socket] { drop(socket); });
    m_idle.push_back({ origin, socket, {} });
    m_idle.back().since.start();
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
    m_idle.erase(it);
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
    if (m_idle.empty())
        m_sweep.stop();
}

void HttpConnectionPool::expire()
{
    while (!m_idle.empty() && m_idle.front().since.hasExpired(IdleMs))
        drop(m_idle.front().socket);
}
