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
 *
 * Every message is bounded: with n clients attaching, whole lists sent to each would cost n²
 * (a megabyte to each newcomer when 7,000 are attached). A message that does not list
 * everything says "complete": false, and GET /clients has the whole list.
 */
class PresenceJson
{
public:
    /** The most clients one message names. */
    static constexpr int ListLimit = 32;

    explicit PresenceJson(const Presence &presence);

    /** {"clients": [the first ListLimit clients, in attach order: the window and editors,
     * which came first], "count": n, "complete": n <= ListLimit} */
    QByteArray snapshot();
    /** What the last change reported: {"joined": [clients], "updated": [clients whose kind or
     * name changed], "left": [ids], "count": clients now, "complete": true}; a burst that
     * touched more than ListLimit clients is only {"count": n, "complete": false}. */
    QByteArray change();

private:
    const Presence &m_presence;
    QByteArray m_snapshot;
    quint64 m_snapshotGeneration = 0;
    QByteArray m_change;
    quint64 m_changeGeneration = 0;
};
