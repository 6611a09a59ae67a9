// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "events/streamhub.h"

#include "engine.h"
#include "events/ssestream.h"
#include "http/bytebuffer.h"
#include "net/jsonwriter.h"
#include "wire/clientsjson.h"
#include "wire/toolsjson.h"

#include <QJsonDocument>

#include <charconv>

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

StreamHub::StreamHub(Engine &engine, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_presenceJson(engine.presence())
{
    m_heartbeat.setInterval(SseStream::HeartbeatMs);
    m_heartbeat.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_heartbeat, &QTimer::timeout, this, &StreamHub::heartbeat);

    connect(&engine.topics(), &TopicBus::topicChanged, this,
            [this](const QString &topic, quint64 version) {
                if (m_feeds.isEmpty())
                    return;
                broadcast("topic", ClientsJson::topicChange(topic, version));
            });
    connect(
        &engine.notifications(), &NotificationCenter::posted, this, [this](const Notification &n) {
            broadcast("notification", compact(ClientsJson::notification(n)),
                      [&n](const Feed &feed) { return n.to.isEmpty() || n.to == feed.clientId; });
        });
    connect(&engine.notifications(), &NotificationCenter::replied, this,
            [this](const Notification &n) {
                broadcast("notification_reply", compact(ClientsJson::notification(n)));
            });
    connect(&engine.tools().permissions(), &PermissionBroker::requested, this,
            [this](const PermissionRequest &request) {
                broadcast("permission_request", compact(ToolsJson::permissionRequest(request)));
            });
    connect(&engine.tools().permissions(), &PermissionBroker::resolved, this,
            [this](const PermissionRequest &request, bool allowed, const QString &scope,
                   const QString &by) {
                broadcast("permission_resolved",
                          compact({ { QStringLiteral("id"), request.id },
                                    { QStringLiteral("tool"), request.tool },
                                    { QStringLiteral("allowed"), allowed },
                                    { QStringLiteral("scope"), scope },
                                    { QStringLiteral("by"), by } }));
            });
    connect(&engine.presence(), &Presence::clientsChanged, this, &StreamHub::onClientsChanged);
}

StreamHub::~StreamHub()
{
    // Streams outliving the hub (children of connections) must not call back into it, and the
    // engine outlives the server: its feeds' clients leave now.
    const QList<SseStream *> streams = m_streams;
    for (SseStream *stream : streams)
        stream->detachFromHub();
    for (const Feed &feed : std::as_const(m_feeds))
        m_engine.presence().detach(feed.clientId);
}

void StreamHub::add(SseStream *stream)
{
    m_streams.append(stream);
    if (!m_heartbeat.isActive())
        m_heartbeat.start();
}

void StreamHub::remove(SseStream *stream)
{
    if (!m_streams.removeOne(stream))
        return;
    for (qsizetype i = 0; i < m_feeds.size(); ++i) {
        if (m_feeds.at(i).stream == stream) {
            const QString clientId = m_feeds.takeAt(i).clientId;
            m_engine.presence().detach(clientId);
            break;
        }
    }
    if (m_streams.isEmpty())
        m_heartbeat.stop();
}

void StreamHub::addFeed(SseStream *stream, const QString &clientId)
{
    m_feeds.append({ stream, clientId });
    send(stream, "hello",
         compact({ { QStringLiteral("client"), clientId },
                   { QStringLiteral("topics"), ClientsJson::topics(m_engine.topics()) } }));
}

void StreamHub::send(SseStream *stream, QByteArrayView type, QByteArrayView data)
{
    char id[24] = "ev:";
    const std::to_chars_result number = std::to_chars(id + 3, id + sizeof id, m_nextEventId++);
    QByteArray event;
    appendBytes(event, "{\"type\":\"", type, "\",\"data\":", data, "}");
    stream->sendEvent(QByteArrayView(id, number.ptr - id), event);
}

template<typename Wants>
void StreamHub::broadcast(QByteArrayView type, QByteArrayView data, Wants &&wants)
{
    if (m_feeds.isEmpty())
        return;
    char id[24] = "ev:";
    const std::to_chars_result number = std::to_chars(id + 3, id + sizeof id, m_nextEventId++);
    const QByteArrayView eventId(id, number.ptr - id);
    QByteArray event;
    appendBytes(event, "{\"type\":\"", type, "\",\"data\":", data, "}");
    // A send may drop a slow stream, which leaves the list: walk a copy.
    const QList<Feed> feeds = m_feeds;
    for (const Feed &feed : feeds) {
        if (wants(feed))
            feed.stream->sendEvent(eventId, event);
    }
}

void StreamHub::broadcast(QByteArrayView type, QByteArrayView data)
{
    broadcast(type, data, [](const Feed &) { return true; });
}

void StreamHub::onClientsChanged()
{
    // A feed that has not seen the list yet gets all of it (the first change after it attached,
    // its own arrival or a later one), the others only what changed.
    broadcast("presence", m_presenceJson.change(),
              [](const Feed &feed) { return feed.knowsClients; });
    QList<SseStream *> newcomers;
    for (Feed &feed : m_feeds) {
        if (!feed.knowsClients) {
            feed.knowsClients = true;
            newcomers.append(feed.stream);
        }
    }
    if (newcomers.isEmpty())
        return;
    const QByteArray snapshot = m_presenceJson.snapshot();
    for (SseStream *stream : std::as_const(newcomers))
        send(stream, "presence", snapshot);
}

void StreamHub::heartbeat()
{
    const QList<SseStream *> streams = m_streams;
    for (SseStream *stream : streams)
        stream->heartbeat();
}
