// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>

class Presence;
class TopicBus;
struct ClientInfo;
struct Notification;

/** What attached clients share, as the API shows it: clients, notifications, topics. */
namespace ClientsJson {

QJsonObject client(const ClientInfo &client);
/** Every attached client, in attach order. */
QJsonArray clients(const Presence &presence);
QJsonObject notification(const Notification &notification);
/** {topic: version, …} */
QJsonObject topics(const TopicBus &topics);
/** {"topic", "version"}, compact. */
QByteArray topicChange(const QString &topic, quint64 version);

} // namespace ClientsJson

/**
 * The presence messages, written straight as JSON: building them through QJsonObject made over
 * a thousand short-lived allocations per attached client, which fragmented the heap that idle
 * connections then sat in. Each is made once per change for every transport that sends it.
 */
class PresenceJson
{
public:
    explicit PresenceJson(const Presence &presence);

    /** {"clients": [every client, in attach order], "count": n} */
    QByteArray snapshot();
    /** What the last change reported: {"joined": [clients], "updated": [clients whose kind or
     * name changed], "left": [ids], "count": clients now}. */
    QByteArray change();

private:
    const Presence &m_presence;
    QByteArray m_snapshot;
    quint64 m_snapshotGeneration = 0;
    QByteArray m_change;
    quint64 m_changeGeneration = 0;
};
