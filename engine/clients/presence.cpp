// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "clients/presence.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include <algorithm>
#include <cstdio>

namespace {

// The lists are written straight as JSON: building them through QJsonObject made over a
// thousand short-lived allocations per attached client, which fragmented the heap that idle
// connections then sat in.

void appendString(QByteArray &out, QStringView text)
{
    out += '"';
    const bool plain = std::all_of(text.begin(), text.end(), [](QChar c) {
        return c.unicode() >= 0x20 && c.unicode() < 0x80 && c != u'"' && c != u'\\';
    });
    if (plain) {
        const qsizetype at = out.size();
        out.resize(at + text.size());
        char *to = out.data() + at;
        for (const QChar c : text)
            *to++ = char(c.unicode());
    } else {
        for (const char c : text.toUtf8()) {
            if (c == '"' || c == '\\') {
                out += '\\';
                out += c;
            } else if (uchar(c) < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", unsigned(uchar(c)));
                out += escaped;
            } else {
                out += c;
            }
        }
    }
    out += '"';
}

/** As QDateTime::toString(Qt::ISODateWithMs) writes a UTC time, without the QString. */
void appendTime(QByteArray &out, const QDateTime &time)
{
    const QDate date = time.date();
    const QTime clock = time.time();
    char text[40];
    std::snprintf(text, sizeof text, "\"%04d-%02d-%02dT%02d:%02d:%02d.%03dZ\"", date.year(),
                  date.month(), date.day(), clock.hour(), clock.minute(), clock.second(),
                  clock.msec());
    out += text;
}

void appendClient(QByteArray &out, const ClientInfo &client)
{
    out += "{\"id\":";
    appendString(out, client.id);
    out += ",\"kind\":";
    appendString(out, client.kind);
    out += ",\"name\":";
    appendString(out, client.name);
    out += ",\"transport\":";
    appendString(out, client.transport);
    out += ",\"since\":";
    appendTime(out, client.since);
    out += ",\"last_seen\":";
    appendTime(out, client.lastSeen);
    out += '}';
}

/** A JSON array of the clients, in attach order. */
void appendList(QByteArray &out, QList<const ClientInfo *> clients)
{
    std::sort(clients.begin(), clients.end(),
              [](const ClientInfo *a, const ClientInfo *b) { return a->order < b->order; });
    out += '[';
    for (const ClientInfo *client : std::as_const(clients)) {
        if (out.back() != '[')
            out += ',';
        appendClient(out, *client);
    }
    out += ']';
}

} // namespace

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
        publish();
    });
}

void Presence::changed()
{
    m_snapshot.clear();
    // The first change goes out at once; the rest of a burst is folded into one, 50 ms later.
    if (m_coalesce.isActive()) {
        m_pending = true;
        return;
    }
    m_coalesce.start();
    publish();
}

void Presence::publish()
{
    QList<const ClientInfo *> joined;
    QList<const ClientInfo *> updated;
    for (const QString &id : std::as_const(m_joined)) {
        if (const ClientInfo *client = find(id))
            joined.append(client);
    }
    for (const QString &id : std::as_const(m_updated)) {
        if (const ClientInfo *client = find(id))
            updated.append(client);
    }
    QByteArray change;
    change.reserve(64 + 200 * (joined.size() + updated.size()) + 24 * m_left.size());
    change += "{\"joined\":";
    appendList(change, joined);
    change += ",\"updated\":";
    appendList(change, updated);
    change += ",\"left\":[";
    for (const QString &id : std::as_const(m_left)) {
        if (change.back() != '[')
            change += ',';
        appendString(change, id);
    }
    change += "],\"count\":" + QByteArray::number(count()) + '}';
    m_change = change;
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

QString Presence::attach(const QString &kind, const QString &name, const QString &transport)
{
    ClientInfo client;
    client.id =
        QStringLiteral("c_") + QString::number(QRandomGenerator::global()->generate64(), 16);
    client.kind = normalisedKind(kind);
    client.name = name.left(200);
    client.transport = transport;
    client.since = client.lastSeen = QDateTime::currentDateTimeUtc();
    client.order = m_nextOrder++;
    const QString id = client.id;
    m_clients.insert(id, std::move(client));
    m_joined.insert(id);
    changed();
    return id;
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

QJsonArray Presence::toJson() const
{
    QList<ClientInfo> all = clients();
    QJsonArray list;
    for (const ClientInfo &client : std::as_const(all))
        list.append(client.toJson());
    return list;
}

QByteArray Presence::snapshotJson() const
{
    if (m_snapshot.isNull()) {
        QList<const ClientInfo *> all;
        all.reserve(m_clients.size());
        for (const ClientInfo &client : m_clients)
            all.append(&client);
        QByteArray snapshot;
        snapshot.reserve(32 + 200 * all.size());
        snapshot += "{\"clients\":";
        appendList(snapshot, all);
        snapshot += ",\"count\":" + QByteArray::number(count()) + '}';
        m_snapshot = snapshot;
    }
    return m_snapshot;
}
