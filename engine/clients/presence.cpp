// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "clients/presence.h"

#include <QRandomGenerator>

#include <algorithm>

namespace {

// Every change goes to every attached client: 50 ms apart for a few hundred of them, further
// apart for thousands (a second for 10,000), so that the server writes at most about 10,000
// presence messages a second however many come and go, and still accepts the next ones.
void startCoalescing(QTimer &timer, int clients)
{
    timer.start(std::clamp(clients / 10, 50, 1000));
}

} // namespace

Presence::Presence(QObject *parent)
    : QObject(parent)
{
    m_coalesce.setSingleShot(true);
    connect(&m_coalesce, &QTimer::timeout, this, [this] {
        if (!m_pending)
            return;
        m_pending = false;
        startCoalescing(m_coalesce, count());
        publish();
    });
}

void Presence::changed()
{
    ++m_generation;
    // The first change goes out on the next turn of the event loop, when the client whose
    // arrival it is has been registered by its transport and is told too (told at once, a lone
    // client on a quiet server would never get its first list); the rest of a burst is folded
    // into one change, later.
    m_pending = true;
    if (!m_coalesce.isActive())
        m_coalesce.start(0);
}

void Presence::publish()
{
    const auto byOrder = [](const ClientInfo &a, const ClientInfo &b) {
        return a.order < b.order;
    };
    PresenceChange change;
    for (const QString &id : std::as_const(m_joined)) {
        if (const ClientInfo *client = find(id))
            change.joined.append(*client);
    }
    for (const QString &id : std::as_const(m_updated)) {
        if (const ClientInfo *client = find(id))
            change.updated.append(*client);
    }
    std::sort(change.joined.begin(), change.joined.end(), byOrder);
    std::sort(change.updated.begin(), change.updated.end(), byOrder);
    change.left = m_left;
    change.count = count();
    m_change = std::move(change);
    m_joined.clear();
    m_updated.clear();
    m_left.clear();
    Q_EMIT clientsChanged();
}

QString Presence::normalisedKind(const QString &kind)
{
    // Shared literals: a thousand clients do not hold a thousand copies of "other".
    const QString k = kind.trimmed().toLower();
    if (k == QLatin1String("gui"))
        return QStringLiteral("gui");
    if (k == QLatin1String("vscode"))
        return QStringLiteral("vscode");
    if (k == QLatin1String("cli"))
        return QStringLiteral("cli");
    return QStringLiteral("other");
}

QString Presence::attach(const QString &kind, const QString &name, const QString &transport,
                         const QString &id)
{
    ClientInfo client;
    client.id = !id.isEmpty()
        ? id
        : QStringLiteral("c_") + QString::number(QRandomGenerator::global()->generate64(), 16);
    client.kind = normalisedKind(kind);
    client.name = name.left(200);
    client.transport = transport;
    client.since = client.lastSeen = QDateTime::currentDateTimeUtc();
    client.order = m_nextOrder++;
    const QString clientId = client.id;
    m_clients.insert(clientId, std::move(client));
    m_joined.insert(clientId);
    changed();
    return clientId;
}

void Presence::detach(const QString &id)
{
    if (!m_clients.remove(id))
        return;
    // One that came and went between two emissions was never announced.
    if (!m_joined.remove(id)) {
        m_updated.remove(id);
        m_left.append(id);
    }
    changed();
}

void Presence::identify(const QString &id, const QString &kind, const QString &name)
{
    const auto it = m_clients.find(id);
    if (it == m_clients.end())
        return;
    it->kind = normalisedKind(kind);
    it->name = name.left(200);
    it->lastSeen = QDateTime::currentDateTimeUtc();
    if (!m_joined.contains(id))
        m_updated.insert(id);
    changed();
}

void Presence::touch(const QString &id)
{
    // Not a change worth a notification: last seen moves with every message.
    const auto it = m_clients.find(id);
    if (it != m_clients.end())
        it->lastSeen = QDateTime::currentDateTimeUtc();
}

QList<ClientInfo> Presence::clients() const
{
    QList<ClientInfo> list(m_clients.cbegin(), m_clients.cend());
    std::sort(list.begin(), list.end(),
              [](const ClientInfo &a, const ClientInfo &b) { return a.order < b.order; });
    return list;
}

const ClientInfo *Presence::find(const QString &id) const
{
    const auto it = m_clients.constFind(id);
    return it == m_clients.cend() ? nullptr : &it.value();
}
