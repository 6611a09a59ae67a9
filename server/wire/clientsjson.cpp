// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/clientsjson.h"

#include "clients/notifications.h"
#include "clients/presence.h"
#include "clients/topicbus.h"
#include "net/jsonwriter.h"

#include <QDateTime>

#include <algorithm>
#include <cstdio>

namespace {

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
    JsonWriter::appendString(out, client.id);
    out += ",\"kind\":";
    JsonWriter::appendString(out, client.kind);
    out += ",\"name\":";
    JsonWriter::appendString(out, client.name);
    out += ",\"transport\":";
    JsonWriter::appendString(out, client.transport);
    out += ",\"since\":";
    appendTime(out, client.since);
    out += ",\"last_seen\":";
    appendTime(out, client.lastSeen);
    out += '}';
}

/** A JSON array of the clients, in the order given. */
void appendList(QByteArray &out, const QList<ClientInfo> &clients)
{
    out += '[';
    for (const ClientInfo &client : clients) {
        if (out.back() != '[')
            out += ',';
        appendClient(out, client);
    }
    out += ']';
}

} // namespace

namespace ClientsJson {

QJsonObject client(const ClientInfo &client)
{
    return { { QStringLiteral("id"), client.id },
             { QStringLiteral("kind"), client.kind },
             { QStringLiteral("name"), client.name },
             { QStringLiteral("transport"), client.transport },
             { QStringLiteral("since"), client.since.toString(Qt::ISODateWithMs) },
             { QStringLiteral("last_seen"), client.lastSeen.toString(Qt::ISODateWithMs) } };
}

QJsonArray clients(const Presence &presence)
{
    QJsonArray list;
    for (const ClientInfo &info : presence.clients())
        list.append(client(info));
    return list;
}

QJsonObject notification(const Notification &notification)
{
    QJsonObject json { { QStringLiteral("id"), notification.id },
                       { QStringLiteral("message"), notification.message },
                       { QStringLiteral("kind"), notification.kind },
                       { QStringLiteral("from"), notification.from },
                       { QStringLiteral("at"), notification.at.toString(Qt::ISODateWithMs) } };
    if (!notification.to.isEmpty())
        json.insert(QStringLiteral("to"), notification.to);
    if (!notification.repliedBy.isEmpty()) {
        json.insert(QStringLiteral("reply"), notification.reply);
        json.insert(QStringLiteral("replied_by"), notification.repliedBy);
    }
    return json;
}

QJsonObject topics(const TopicBus &topics)
{
    QJsonObject json;
    const QHash<QString, quint64> versions = topics.versions();
    for (auto it = versions.cbegin(); it != versions.cend(); ++it)
        json.insert(it.key(), qint64(it.value()));
    return json;
}

QByteArray topicChange(const QString &topic, quint64 version)
{
    QByteArray data = QByteArrayLiteral("{\"topic\":");
    JsonWriter::appendString(data, topic);
    data += ",\"version\":" + QByteArray::number(version) + '}';
    return data;
}

} // namespace ClientsJson

PresenceJson::PresenceJson(const Presence &presence)
    : m_presence(presence)
{ }

QByteArray PresenceJson::snapshot()
{
    if (m_snapshot.isNull() || m_snapshotGeneration != m_presence.generation()) {
        const QList<ClientInfo> all = m_presence.clients();
        const bool complete = all.size() <= ListLimit;
        QByteArray snapshot;
        snapshot.reserve(48 + 200 * std::min<qsizetype>(all.size(), ListLimit));
        snapshot += "{\"clients\":";
        appendList(snapshot, complete ? all : all.first(ListLimit));
        snapshot += ",\"count\":" + QByteArray::number(all.size());
        snapshot += complete ? ",\"complete\":true}" : ",\"complete\":false}";
        m_snapshot = snapshot;
        m_snapshotGeneration = m_presence.generation();
    }
    return m_snapshot;
}

QByteArray PresenceJson::change()
{
    if (!m_change.isNull() && m_changeGeneration == m_presence.generation())
        return m_change;
    const PresenceChange &c = m_presence.lastChange();
    QByteArray change;
    if (c.joined.size() + c.updated.size() + c.left.size() > ListLimit) {
        change = "{\"count\":" + QByteArray::number(c.count) + ",\"complete\":false}";
    } else {
        change.reserve(80 + 200 * (c.joined.size() + c.updated.size()) + 24 * c.left.size());
        change += "{\"joined\":";
        appendList(change, c.joined);
        change += ",\"updated\":";
        appendList(change, c.updated);
        change += ",\"left\":[";
        for (const QString &id : c.left) {
            if (change.back() != '[')
                change += ',';
            JsonWriter::appendString(change, id);
        }
        change += "],\"count\":" + QByteArray::number(c.count) + ",\"complete\":true}";
    }
    m_change = change;
    m_changeGeneration = m_presence.generation();
    return m_change;
}
