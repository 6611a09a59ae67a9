// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/drainjudge.h"

#include <QByteArray>
#include <QJsonValue>
#include <QObject>
#include <QPointer>
#include <QStringList>

class RpcDispatcher;

/**
 * One JSON-RPC client on some transport (a WebSocket, stdio). The dispatcher keeps its
 * subscriptions here and sends through it; the transport only moves bytes.
 */
class RpcPeer : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    /** Sends one complete JSON-RPC message (an object or a batch array). */
    virtual void send(const QByteArray &message) = 0;
    virtual QString transport() const = 0;
    /** Closes the connection (the dispatcher calls this for a slow consumer). */
    virtual void close(const QString &reason) = 0;
    /** Bytes waiting to go out; a peer that stops reading is dropped (see DrainJudge). */
    virtual qint64 queuedBytes() const { return 0; }
    /** Bytes the client has taken so far: whether a high queue drains. */
    virtual qint64 bytesTaken() const { return 0; }
    /** Called regularly by the dispatcher (one timer for all peers): keep-alive, silence. */
    virtual void heartbeat() { }
    /** Writes what this pass has gathered now rather than at its end. */
    virtual void writeNow() { }

    /** {"jsonrpc":"2.0","method":method,"params":paramsJson}, params already serialised. */
    virtual void notify(QByteArrayView method, QByteArrayView paramsJson);
    void notify(QByteArrayView method, const QJsonValue &params);

    QString clientId;
    // A few entries each, without duplicates: lists, not sets (a QSet<QString> with one entry
    // allocates over a kilobyte, which a thousand idle subscribers felt).
    QStringList topics; // subscribed topics
    QStringList sessions; // sessions whose runs are pushed; "*" for all
    QStringList streamingRuns; // runs whose events this peer receives
    DrainJudge drain; // kept by the dispatcher
    bool knowsClients = false; // was sent the whole list of attached clients
    bool dropped = false; // closed by the dispatcher for not reading: nothing more goes to it

Q_SIGNALS:
    /** The connection is gone (after the dispatcher let go of the peer). */
    void disconnected();

protected:
    /** A whole message came: handed to the dispatcher the peer is attached to. */
    void received(const QByteArray &message);
    /** The connection is gone: the dispatcher lets go of the peer, then disconnected(). */
    void gone();

private:
    friend class RpcDispatcher;
    // Told directly: two signal connections per peer cost a thousand WebSockets 0.3 kB each.
    QPointer<RpcDispatcher> m_dispatcher;
};
