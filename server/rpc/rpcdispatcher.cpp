// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "rpc/rpcdispatcher.h"

#include "engine.h"
#include "http/apierror.h"
#include "http/serverlog.h"
#include "rpc/bufferedexchange.h"
#include "rpc/runwatchers.h"
#include "wire/clientsjson.h"
#include "wire/toolsjson.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <memory>

namespace {

QByteArray compact(const QJsonValue &value)
{
    if (value.isObject())
        return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    if (value.isArray())
        return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    // Scalars: wrap and strip, QJsonDocument only holds objects and arrays.
    const QByteArray wrapped = QJsonDocument(QJsonArray { value }).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

bool isValidId(const QJsonValue &id)
{
    return id.isString() || id.isDouble() || id.isNull();
}

} // namespace

// RpcReply -----------------------------------------------------------------------------------

RpcReply::RpcReply(Sink sink, QJsonValue id, bool expectsAnswer)
    : m_sink(std::move(sink))
    , m_id(std::move(id))
    , m_expectsAnswer(expectsAnswer)
{ }

void RpcReply::result(const QJsonValue &value) const
{
    if (!m_expectsAnswer)
        return m_sink({});
    m_sink("{\"jsonrpc\":\"2.0\",\"id\":" + compact(m_id) + ",\"result\":" + compact(value) + '}');
}

void RpcReply::error(int code, const QString &message, const QJsonValue &data) const
{
    if (!m_expectsAnswer && code != ParseError && code != InvalidRequest)
        return m_sink({});
    QJsonObject error { { QStringLiteral("code"), code }, { QStringLiteral("message"), message } };
    if (!data.isUndefined() && !data.isNull())
        error.insert(QStringLiteral("data"), data);
    m_sink("{\"jsonrpc\":\"2.0\",\"id\":" + compact(m_id) + ",\"error\":" + compact(error) + '}');
}

void RpcReply::error(const ApiError &api) const
{
    const int code = api.status == 400 ? InvalidParams : ApplicationError;
    error(code, api.message,
          QJsonObject { { QStringLiteral("code"), api.code },
                        { QStringLiteral("status"), api.status } });
}

void RpcReply::error(const EngineError &engineError) const
{
    error(ApiError::fromEngine(engineError));
}

// RpcDispatcher ------------------------------------------------------------------------------

RpcDispatcher::RpcDispatcher(Engine &engine, RunWatchers &watchers, HttpDispatch http,
                             QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_watchers(watchers)
    , m_http(std::move(http))
    , m_presenceJson(engine.presence())
{
    addMethods();
    m_drainCheck.setInterval(DrainJudge::GraceMs / 4);
    // One timer for every peer's keep-alive, not one per connection.
    m_heartbeat.setTimerType(Qt::CoarseTimer);
    connect(&m_heartbeat, &QTimer::timeout, this,
            [this] { forEachPeer([](RpcPeer *peer) { peer->heartbeat(); }); });
    connect(&m_drainCheck, &QTimer::timeout, this, &RpcDispatcher::onDrainCheck);
    connect(&engine, &Engine::runCreated, this, &RpcDispatcher::onRunCreated);
    connect(&engine.topics(), &TopicBus::topicChanged, this,
            [this](const QString &topic, quint64 version) {
                const QByteArray params = ClientsJson::topicChange(topic, version);
                forEachPeer([&](RpcPeer *peer) {
                    if (peer->topics.contains(topic))
                        notify(peer, "topic", params);
                });
            });
    connect(&engine.notifications(), &NotificationCenter::posted, this,
            [this](const Notification &n) {
                const QByteArray params = compact(ClientsJson::notification(n));
                forEachPeer([&](RpcPeer *peer) {
                    if (n.to.isEmpty() || n.to == peer->clientId)
                        notify(peer, "notification", params);
                });
            });
    connect(&engine.notifications(), &NotificationCenter::replied, this,
            [this](const Notification &n) {
                const QByteArray params = compact(ClientsJson::notification(n));
                forEachPeer([&](RpcPeer *peer) {
                    if (peer->clientId == n.from)
                        notify(peer, "notification.reply", params);
                });
            });
    // Every client may answer a permission request; the first answer wins.
    connect(&engine.tools().permissions(), &PermissionBroker::requested, this,
            [this](const PermissionRequest &request) {
                const QByteArray params = compact(ToolsJson::permissionRequest(request));
                forEachPeer([&](RpcPeer *peer) { notify(peer, "permission.request", params); });
            });
    connect(&engine.tools().permissions(), &PermissionBroker::resolved, this,
            [this](const PermissionRequest &request, bool allowed, const QString &scope,
                   const QString &by) {
                const QByteArray params =
                    compact(QJsonObject { { QStringLiteral("id"), request.id },
                                          { QStringLiteral("run"), request.runId },
                                          { QStringLiteral("tool"), request.tool },
                                          { QStringLiteral("allowed"), allowed },
                                          { QStringLiteral("scope"), scope },
                                          { QStringLiteral("by"), by } });
                forEachPeer([&](RpcPeer *peer) { notify(peer, "permission.resolved", params); });
            });
    connect(&engine.presence(), &Presence::clientsChanged, this, &RpcDispatcher::onClientsChanged);
}

RpcDispatcher::~RpcDispatcher()
{
    for (const QPointer<RpcPeer> &peer : std::as_const(m_peers)) {
        if (peer)
            m_engine.presence().detach(peer->clientId);
    }
}

template<typename F> void RpcDispatcher::forEachPeer(F &&f)
{
    // A send may drop a slow peer and change the list; walk a copy.
    const QList<QPointer<RpcPeer>> peers = m_peers;
    for (const QPointer<RpcPeer> &peer : peers) {
        if (peer)
            f(peer.data());
    }
}

void RpcDispatcher::onClientsChanged()
{
    // A peer that has not seen the list yet gets all of it (the first change after it attached,
    // its own arrival or a later one), the others only what changed.
    const QByteArray change = m_presenceJson.change();
    QByteArray snapshot;
    forEachPeer([&](RpcPeer *peer) {
        if (peer->knowsClients) {
            notify(peer, "presence", change);
            return;
        }
        if (snapshot.isNull())
            snapshot = m_presenceJson.snapshot();
        peer->knowsClients = true;
        notify(peer, "presence", snapshot);
    });
}

void RpcDispatcher::attach(RpcPeer *peer, const QString &kind, const QString &name)
{
    peer->clientId = m_engine.presence().attach(kind, name, peer->transport());
    peer->drain.setClock(m_drainClock);
    m_peers.append(peer);
    peer->m_dispatcher = this;
}

void RpcDispatcher::setHeartbeatInterval(int ms)
{
    m_heartbeat.stop();
    if (ms <= 0)
        return;
    m_heartbeat.setInterval(ms);
    m_heartbeat.start();
}

void RpcDispatcher::detach(RpcPeer *peer)
{
    if (!m_peers.removeAll(peer))
        return;
    const QStringList runs = peer->streamingRuns;
    for (const QString &id : runs) {
        if (Run *run = m_engine.findRun(id))
            stopStreaming(peer, run);
    }
    m_engine.presence().detach(peer->clientId);
}

void RpcDispatcher::handle(RpcPeer *peer, const QByteArray &message)
{
    m_engine.presence().touch(peer->clientId);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(message, &parseError);
    const RpcReply::Sink single = sinkFor(peer);
    if (parseError.error != QJsonParseError::NoError) {
        // QJsonDocument only takes objects and arrays. A bare scalar (42, "x", true, null) is
        // valid JSON that is not a request: -32600, not -32700. Wrapped, it parses as exactly one
        // element; anything that was not one JSON value still fails or gives another count.
        const QJsonDocument wrapped = QJsonDocument::fromJson('[' + message + ']');
        if (wrapped.isArray() && wrapped.array().size() == 1) {
            handleOne(peer, wrapped.array().first(), single);
            return;
        }
        RpcReply(single, QJsonValue::Null, true)
            .error(RpcReply::ParseError,
                   QStringLiteral("Parse error: %1 at offset %2.")
                       .arg(parseError.errorString())
                       .arg(parseError.offset));
        return;
    }
    if (!doc.isArray()) {
        handleOne(peer, doc.object(), single);
        return;
    }
    const QJsonArray batch = doc.array();
    if (batch.isEmpty() || batch.size() > MaxBatch) {
        RpcReply(single, QJsonValue::Null, true)
            .error(RpcReply::InvalidRequest,
                   batch.isEmpty()
                       ? QStringLiteral("An empty batch is not a request.")
                       : QStringLiteral("A batch holds at most %1 requests.").arg(MaxBatch));
        return;
    }
    // Answers may come later (http_request); the batch answer goes out when the last is in.
    struct Pending
    {
        QList<QByteArray> answers;
        qsizetype remaining = 0;
    };
    auto pending = std::make_shared<Pending>();
    pending->remaining = batch.size();
    for (const QJsonValue &item : batch) {
        handleOne(peer, item, [single, pending](const QByteArray &m) {
            if (!m.isEmpty())
                pending->answers.append(m);
            if (--pending->remaining > 0 || pending->answers.isEmpty())
                return;
            single('[' + pending->answers.join(',') + ']');
        });
    }
}

RpcReply::Sink RpcDispatcher::sinkFor(RpcPeer *peer)
{
    // Some answers come later (http_request), possibly after the peer has gone.
    return [this, target = QPointer<RpcPeer>(peer)](const QByteArray &message) {
        if (target && !message.isEmpty())
            send(target, message);
    };
}

void RpcDispatcher::handleOne(RpcPeer *peer, const QJsonValue &message, const RpcReply::Sink &sink)
{
    const QJsonObject request = message.toObject();
    const bool hasId = request.contains(QLatin1String("id"));
    const QJsonValue id = hasId ? request.value(QLatin1String("id")) : QJsonValue(QJsonValue::Null);
    if (!message.isObject() || request.value(QLatin1String("jsonrpc")) != QLatin1String("2.0")
        || !request.value(QLatin1String("method")).isString() || (hasId && !isValidId(id))) {
        RpcReply(sink, isValidId(id) ? id : QJsonValue(QJsonValue::Null), true)
            .error(RpcReply::InvalidRequest,
                   QStringLiteral("Invalid request: send {\"jsonrpc\": \"2.0\", \"method\": "
                                  "\"…\", \"params\": {…}, \"id\": …}."));
        return;
    }
    const RpcReply reply(sink, id, hasId);
    const QString method = request.value(QLatin1String("method")).toString();
    const auto it = m_methods.constFind(method);
    if (it == m_methods.cend()) {
        reply.error(RpcReply::MethodNotFound,
                    QStringLiteral("There is no method \"%1\". Methods: %2.")
                        .arg(method, QStringList(m_methods.keys()).join(QLatin1String(", "))));
        return;
    }
    const QJsonValue params = request.value(QLatin1String("params"));
    if (!params.isUndefined() && !params.isObject()) {
        reply.error(RpcReply::InvalidParams, QStringLiteral("\"params\" must be an object."));
        return;
    }
    it.value()(*peer, params.toObject(), reply);
}

// Run streaming ------------------------------------------------------------------------------

void RpcDispatcher::streamRun(RpcPeer *peer, Run *run, quint64 afterSeq)
{
    if (peer->streamingRuns.contains(run->id()))
        return;
    peer->streamingRuns.append(run->id());
    m_watchers.watch(run);
    for (const RunEvent &event : run->events()) {
        if (event.seq > afterSeq)
            sendEvent(peer, event);
    }
    if (run->isFinished()) {
        stopStreaming(peer, run);
        return;
    }
    const QPointer<RpcPeer> target(peer);
    connect(run, &Run::eventAdded, peer, [this, target, run](const RunEvent &event) {
        if (!target)
            return;
        sendEvent(target, event);
        if (event.type == EventType::StreamStart && target)
            target->writeNow(); // a chat followed from its start: before its upstream request
        if (event.isTerminal() && target)
            stopStreaming(target, run);
    });
}

void RpcDispatcher::stopStreaming(RpcPeer *peer, Run *run)
{
    if (peer->streamingRuns.removeAll(run->id()) == 0)
        return;
    disconnect(run, &Run::eventAdded, peer, nullptr);
    m_watchers.unwatch(run);
}

void RpcDispatcher::sendEvent(RpcPeer *peer, const RunEvent &event)
{
    notify(peer, "event", event.wire);
}

void RpcDispatcher::review(RpcPeer *peer)
{
    if (peer->queuedBytes() > MaxQueuedBytes || peer->drain.watching())
        judge(peer);
}

void RpcDispatcher::judge(RpcPeer *peer)
{
    switch (peer->drain.judge(peer->queuedBytes(), peer->bytesTaken(), MaxQueuedBytes)) {
    case DrainJudge::Verdict::Keep:
        return;
    case DrainJudge::Verdict::Watch:
        if (!m_draining.contains(peer))
            m_draining.append(peer);
        if (!m_drainCheck.isActive())
            m_drainCheck.start();
        return;
    case DrainJudge::Verdict::Drop:
        // Whatever the message: a client that stopped reading would otherwise pile up answers,
        // topics, notifications and presence without bound, as it would run events.
        qCInfo(lcServer, "dropping JSON-RPC client %s: it stopped reading",
               qUtf8Printable(peer->clientId));
        peer->dropped = true;
        peer->close(QStringLiteral("too much unread output"));
        return;
    }
}

void RpcDispatcher::onDrainCheck()
{
    const QList<QPointer<RpcPeer>> peers = m_draining;
    m_draining.clear();
    for (const QPointer<RpcPeer> &peer : peers) {
        if (peer && admits(peer))
            judge(peer); // puts it back while it is still above the cap
    }
    if (m_draining.isEmpty())
        m_drainCheck.stop();
}

void RpcDispatcher::send(RpcPeer *peer, const QByteArray &message)
{
    if (!admits(peer))
        return;
    peer->send(message);
    review(peer);
}

void RpcDispatcher::notify(RpcPeer *peer, QByteArrayView method, QByteArrayView paramsJson)
{
    if (!admits(peer))
        return;
    peer->notify(method, paramsJson);
    review(peer);
}

void RpcDispatcher::onRunCreated(Run *run)
{
    if (m_peers.isEmpty())
        return; // one that attaches later asks for the runs it wants
    // After the creating call has answered, so a client sees {run} before the run's events.
    const QPointer<Run> guarded(run);
    QMetaObject::invokeMethod(
        this,
        [this, guarded] {
            if (!guarded)
                return;
            forEachPeer([&](RpcPeer *peer) {
                if (peer->sessions.contains(guarded->sessionId())
                    || peer->sessions.contains(QStringLiteral("*")))
                    streamRun(peer, guarded, 0);
            });
        },
        Qt::QueuedConnection);
}
