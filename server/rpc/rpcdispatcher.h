// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine.h"
#include "engineerror.h"
#include "http/apirequest.h"
#include "rpc/rpcpeer.h"
#include "wire/clientsjson.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <functional>

class HttpExchange;
class Run;
class RunWatchers;
struct ApiError;
struct EngineError;
struct RunEvent;

/** How a method answers: once, with a result or an error; nothing for a notification. */
class RpcReply
{
public:
    using Sink = std::function<void(const QByteArray &message)>;
    RpcReply(Sink sink, QJsonValue id, bool expectsAnswer);

    void result(const QJsonValue &value) const;
    void error(int code, const QString &message, const QJsonValue &data = {}) const;
    void error(const ApiError &error) const;
    void error(const EngineError &error) const;

    enum Code {
        ParseError = -32700,
        InvalidRequest = -32600,
        MethodNotFound = -32601,
        InvalidParams = -32602,
        InternalError = -32603,
        ApplicationError = -32000, // data.code says which (no_provider, resync_required, …)
    };

private:
    Sink m_sink;
    QJsonValue m_id;
    bool m_expectsAnswer;
};

/**
 * The JSON-RPC 2.0 method table shared by every JSON-RPC transport (WebSocket, stdio). Keeps
 * each peer's subscriptions and pushes run events, topic changes, notifications and presence.
 * http_request goes through the HTTP controllers, so every REST route is reachable here too.
 */
class RpcDispatcher : public QObject
{
    Q_OBJECT
public:
    using HttpDispatch = std::function<void(ApiRequest &request, HttpExchange &exchange)>;
    RpcDispatcher(Engine &engine, RunWatchers &watchers, HttpDispatch http,
                  QObject *parent = nullptr);
    /** The engine outlives the server: the peers still attached leave its clients. */
    ~RpcDispatcher() override;

    /** Takes a connected peer in; it stays until it is gone (RpcPeer::gone()). */
    void attach(RpcPeer *peer, const QString &kind, const QString &name);
    /** The clock by which peers attached from now on are judged to read (see DrainJudge). */
    void setDrainClock(DrainJudge::Clock clock) { m_drainClock = std::move(clock); }
    /** How often every peer's heartbeat() runs (0: never). */
    void setHeartbeatInterval(int ms);
    void handle(RpcPeer *peer, const QByteArray &message);
    QStringList methods() const { return m_methods.keys(); }
    int peerCount() const { return m_peers.size(); }

    /** Unread output past which a peer is dropped (closed) if it does not drain it within
     * DrainJudge::GraceMs, whatever is being sent to it; DrainJudge::HardCapFactor times this at
     * once. */
    static constexpr qint64 MaxQueuedBytes = DrainJudge::Cap;
    static constexpr qsizetype MaxBatch = 100;

private:
    friend class RpcPeer; // tells of its messages and its end directly
    using Method =
        std::function<void(RpcPeer &peer, const QJsonObject &params, const RpcReply &reply)>;
    void addMethods();
    void handleOne(RpcPeer *peer, const QJsonValue &message, const RpcReply::Sink &sink);
    void detach(RpcPeer *peer);
    using RunStarter = std::function<Result<Run *>(const Engine::Watch &watch)>;
    /** Starts a chat or coding task: answers with its run, then streams the run to the asker. */
    void startRun(RpcPeer &peer, const RpcReply &reply, const RunStarter &start);
    void streamRun(RpcPeer *peer, Run *run, quint64 afterSeq);
    void stopStreaming(RpcPeer *peer, Run *run);
    void sendEvent(RpcPeer *peer, const RunEvent &event);
    /** Every message for a peer goes through these two, so the slow-consumer cap holds for
     * answers, topics, notifications and presence as it does for run events. */
    void send(RpcPeer *peer, const QByteArray &message);
    void notify(RpcPeer *peer, QByteArrayView method, QByteArrayView paramsJson);
    /** False when the peer was dropped for not reading: nothing more goes to it. */
    static bool admits(const RpcPeer *peer) { return !peer->dropped; }
    /** After a send: drops a peer that stopped reading, watches one whose queue is high. */
    void review(RpcPeer *peer);
    void judge(RpcPeer *peer);
    void onDrainCheck();
    RpcReply::Sink sinkFor(RpcPeer *peer);
    void onRunCreated(Run *run);
    void onClientsChanged();
    void httpRequest(RpcPeer &peer, const QJsonObject &params, const RpcReply &reply);
    template<typename F> void forEachPeer(F &&f);

    Engine &m_engine;
    RunWatchers &m_watchers;
    HttpDispatch m_http;
    QHash<QString, Method> m_methods;
    QList<QPointer<RpcPeer>> m_peers;
    QList<QPointer<RpcPeer>> m_draining; // peers whose queue is above the cap
    QTimer m_drainCheck;
    QTimer m_heartbeat;
    PresenceJson m_presenceJson; // the presence messages, made once per change
    DrainJudge::Clock m_drainClock; // empty: the system's
};
