// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "presence.h"

#include <QJsonObject>
#include <QRandomGenerator>

QJsonObject ClientInfo::toJson() const
{
    return { { QStringLiteral("id"), id },
             { QStringLiteral("kind"), kind },
             { QStringLiteral("name"), name },
             { QStringLiteral("transport"), transport },
             { QStringLiteral("since"), since.toString(Qt::ISODateWithMs) },
             { QStringLiteral("last_seen"), lastSeen.toString(Qt::ISODateWithMs) } };
}

Presence::Presence(QObject *parent)
    : QObject(parent)
{
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(50);
    connect(&m_coalesce, &QTimer::timeout, this, [this] {
        if (!m_pending)
            return;
        m_pending = false;
        m_coalesce.start();
        Q_EMIT clientsChanged();
    });
}

void Presence::changed()
{
    // The first change goes out at once; the rest of a burst is folded into one, 50 ms later.
    if (m_coalesce.isActive()) {
        m_pending = true;
        return;
    }
    m_coalesce.start();
    Q_EMIT clientsChanged();
}

QString Presence::normalisedKind(const QString &kind)
{
    const QString k = kind.trimmed().toLower();
    if (k == QLatin1String("gui") || k == QLatin1String("vscode") || k == QLatin1String("cli"))
        return k;
    return QStringLiteral("other");
}

QString Presence::attach(const QString &kind, const QString &name, const QString &transport)
{
    ClientInfo client;
    client.id = QStringLiteral("c_") + QString::number(QRandomGenerator::global()->generate64(), 16);
    client.kind = normalisedKind(kind);
    client.name = name.left(200);
    client.transport = transport;
    client.since = client.lastSeen = QDateTime::currentDateTimeUtc();
    m_clients.append(client);
    changed();
    return client.id;
}

void Presence::detach(const QString &id)
{
    const auto removed = m_clients.removeIf([&](const ClientInfo &c) { return c.id == id; });
    if (removed > 0)
        changed();
}

void Presence::identify(const QString &id, const QString &kind, const QString &name)
{
    for (ClientInfo &client : m_clients) {
        if (client.id == id) {
            client.kind = normalisedKind(kind);
            client.name = name.left(200);
            client.lastSeen = QDateTime::currentDateTimeUtc();
            changed();
            return;
        }
    }
}

void Presence::touch(const QString &id)
{
    // Not a change worth a notification: last seen moves with every message.
    for (ClientInfo &client : m_clients) {
        if (client.id == id)
            client.lastSeen = QDateTime::currentDateTimeUtc();
    }
}

const ClientInfo *Presence::find(const QString &id) const
{
    for (const ClientInfo &client : m_clients) {
        if (client.id == id)
            return &client;
    }
    return nullptr;
}

QJsonArray Presence::toJson() const
{
    QJsonArray list;
    for (const ClientInfo &client : m_clients)
        list.append(client.toJson());
    return list;
}
