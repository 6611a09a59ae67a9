// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/drainjudge.h"
#include "wire/clientsjson.h"

#include <QByteArrayView>
#include <QList>
#include <QObject>
#include <QTimer>

class Engine;
class SseStream;

/**
 * What the open event streams share, so an idle stream costs little more than its socket: one
 * heartbeat timer for all of them, and the GET /events feeds, fed from one connection to each
 * engine signal (topic changes, notifications, permission requests, presence) with each message
 * serialised once for every feed.
 */
class StreamHub : public QObject
{
    Q_OBJECT
public:
    explicit StreamHub(Engine &engine, QObject *parent = nullptr);
    ~StreamHub() override;

    /** An open stream: pinged every SseStream::HeartbeatMs until remove(). */
    void add(SseStream *stream);
    /** The stream closed or finished; a feed's client leaves the attached clients. */
    void remove(SseStream *stream);
    /**
     * Makes an open stream the /events feed of an attached client: it gets a hello, then the
     * attached clients (the whole list first, then the changes) and whatever is broadcast.
     */
    void addFeed(SseStream *stream, const QString &clientId);

    int streamCount() const { return int(m_streams.size()); }
    /** The clock by which streams added from now on judge whether their client still reads. */
    void setDrainClock(DrainJudge::Clock clock) { m_drainClock = std::move(clock); }
    const DrainJudge::Clock &drainClock() const { return m_drainClock; }

private:
    struct Feed
    {
        SseStream *stream;
        QString clientId;
        bool knowsClients = false; // was sent the whole list of attached clients
    };
    /** Sends {"type": type, "data": data} to every feed that wants (or all, with no filter). */
    template<typename Wants>
    void broadcast(QByteArrayView type, QByteArrayView data, Wants &&wants);
    void broadcast(QByteArrayView type, QByteArrayView data);
    void send(SseStream *stream, QByteArrayView type, QByteArrayView data);
    void onClientsChanged();
    void heartbeat();

    Engine &m_engine;
    QList<SseStream *> m_streams;
    QList<Feed> m_feeds;
    QTimer m_heartbeat;
    DrainJudge::Clock m_drainClock; // empty: the system's
    quint64 m_nextEventId = 1;
    PresenceJson m_presenceJson; // the presence messages, made once per change
};
