// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The JSON-RPC methods. Each parses its params, calls the engine (or the HTTP controllers) and
// answers once.
#include "controllers/chatcontroller.h"
#include "controllers/toolscontroller.h"
#include "engine.h"
#include "http/apierror.h"
#include "rpc/bufferedexchange.h"
#include "rpc/rpcdispatcher.h"
#include "rpc/runwatchers.h"
#include "wire/clientsjson.h"
#include "wire/protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace {

/** Adds value to list once, or removes it. */
void update(QStringList &list, const QString &value, bool add)
{
    if (!add)
        list.removeAll(value);
    else if (!list.contains(value))
        list.append(value);
}

QStringList stringList(const QJsonValue &value, bool *ok)
{
    *ok = value.isUndefined() || value.isArray();
    QStringList list;
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString())
            *ok = false;
        list.append(item.toString());
    }
    return list;
}

bool isText(const QByteArray &contentType, const QByteArray &body)
{
    const QByteArray type = contentType.toLower();
    const bool textual = type.startsWith("text/") || type.contains("json") || type.isEmpty();
    return textual && QString::fromUtf8(body).toUtf8() == body; // valid UTF-8 survives the trip
}

} // namespace

void RpcDispatcher::addMethods()
{
    m_methods.insert(QStringLiteral("ping"),
                     [](RpcPeer &, const QJsonObject &, const RpcReply &reply) {
                         reply.result(QStringLiteral("pong"));
                     });

    m_methods.insert(QStringLiteral("hello"),
                     [this](RpcPeer &peer, const QJsonObject &params, const RpcReply &reply) {
                         m_engine.presence().identify(
                             peer.clientId, params.value(QLatin1String("kind")).toString(),
                             params.value(QLatin1String("name")).toString());
                         reply.result(QJsonObject {
                             { QStringLiteral("client"), peer.clientId },
                             { QStringLiteral("protocol"), Protocol::Version },
                             { QStringLiteral("version"), QStringLiteral(ATTACHE_VERSION) } });
                     });

    m_methods.insert(QStringLiteral("chat"),
                     [this](RpcPeer &peer, const QJsonObject &params, const RpcReply &reply) {
                         ChatRequest chat;
                         chat.clientId = peer.clientId;
                         if (auto error = ChatController::parseChat(params, chat))
                             return reply.error(*error);
                         startRun(peer, reply, [&](const Engine::Watch &watch) {
                             return m_engine.chat(chat, watch);
                         });
                     });

    m_methods.insert(QStringLiteral("coding_task"),
                     [this](RpcPeer &peer, const QJsonObject &params, const RpcReply &reply) {
                         CodingTask task;
                         task.clientId = peer.clientId;
                         if (auto error = ChatController::parseCodingTask(params, task))
                             return reply.error(*error);
                         startRun(peer, reply, [&](const Engine::Watch &watch) {
                             return m_engine.codingTask(task, watch);
                         });
                     });

    m_methods.insert(QStringLiteral("regenerate"),
                     [this](RpcPeer &peer, const QJsonObject &params, const RpcReply &reply) {
                         QString session;
                         if (auto error = ChatController::parseRegenerate(params, session))
                             return reply.error(*error);
                         startRun(peer, reply, [&](const Engine::Watch &watch) {
                             return ChatController::regenerate(m_engine, session, peer.clientId,
                                                               watch);
                         });
                     });

    m_methods.insert(
        QStringLiteral("cancel"),
        [this](RpcPeer &, const QJsonObject &params, const RpcReply &reply) {
            const QString runId = params.value(QLatin1String("run")).toString();
            Run *run = runId.isEmpty()
                ? m_engine.activeRun(params.value(QLatin1String("session")).toString())
                : m_engine.findRun(runId);
            if (!runId.isEmpty() && !run)
                return reply.error(
                    RpcReply::ApplicationError,
                    QStringLiteral("There is no run \"%1\".").arg(runId),
                    QJsonObject { { QStringLiteral("code"), QStringLiteral("run_not_found") } });
            const bool cancelled = run && run->cancel();
            QJsonObject result { { QStringLiteral("cancelled"), cancelled } };
            if (run)
                result.insert(QStringLiteral("run"), run->id());
            reply.result(result);
        });

    m_methods.insert(
        QStringLiteral("resume"),
        [this](RpcPeer &peer, const QJsonObject &params, const RpcReply &reply) {
            const QJsonValue runValue = params.value(QLatin1String("run"));
            const QJsonValue afterValue = params.value(QLatin1String("after_seq"));
            if (!runValue.isString() || !(afterValue.isUndefined() || afterValue.isDouble())
                || afterValue.toDouble() < 0)
                return reply.error(
                    RpcReply::InvalidParams,
                    QStringLiteral(
                        "resume wants {\"run\": \"r_…\", \"after_seq\": <last seq received>}."));
            Run *run = m_engine.findRun(runValue.toString());
            if (!run)
                return reply.error(
                    RpcReply::ApplicationError,
                    QStringLiteral("There is no run \"%1\" (finished runs are kept for a while).")
                        .arg(runValue.toString()),
                    QJsonObject { { QStringLiteral("code"), QStringLiteral("run_not_found") } });
            const auto after = quint64(afterValue.toDouble());
            if (after + 1 < run->firstBufferedSeq())
                return reply.error(
                    RpcReply::ApplicationError,
                    QStringLiteral("Events after %1 are no longer buffered; reload the session "
                                   "history instead.")
                        .arg(after),
                    QJsonObject {
                        { QStringLiteral("code"), QStringLiteral("resync_required") },
                        { QStringLiteral("first_seq"), qint64(run->firstBufferedSeq()) } });
            reply.result(QJsonObject { { QStringLiteral("run"), run->id() },
                                       { QStringLiteral("state"), Run::stateName(run->state()) },
                                       { QStringLiteral("last_seq"), qint64(run->lastSeq()) } });
            // A resume restarts the feed from after_seq; the new feed's watch comes before the old
            // one's goes, so the run is never unwatched in between.
            const bool wasStreaming = peer.streamingRuns.removeAll(run->id()) > 0;
            disconnect(run, &Run::eventAdded, &peer, nullptr);
            streamRun(&peer, run, after);
            if (wasStreaming)
                m_watchers.unwatch(run);
        });

    auto subscription = [this](bool add) {
        return [this, add](RpcPeer &peer, const QJsonObject &params, const RpcReply &reply) {
            bool topicsOk = false;
            bool sessionsOk = false;
            const QStringList topics = stringList(params.value(QLatin1String("topics")), &topicsOk);
            const QStringList sessions =
                stringList(params.value(QLatin1String("sessions")), &sessionsOk);
            if (!topicsOk || !sessionsOk)
                return reply.error(
                    RpcReply::InvalidParams,
                    QStringLiteral("\"topics\" and \"sessions\" must be arrays of strings."));
            for (const QString &topic : topics) {
                if (!TopicBus::isTopic(topic))
                    return reply.error(
                        RpcReply::InvalidParams,
                        QStringLiteral("Unknown topic \"%1\"; topics: %2.")
                            .arg(topic, TopicBus::topics().join(QLatin1String(", "))));
            }
            const QStringList known = TopicBus::topics(); // shared literals, kept instead of copies
            for (const QString &topic : topics)
                update(peer.topics, known.at(known.indexOf(topic)), add);
            for (const QString &session : sessions) {
                const Session *s =
                    session == QLatin1String("*") ? nullptr : m_engine.session(session);
                update(peer.sessions, s ? s->id : session, add);
            }
            reply.result(QJsonObject {
                { QStringLiteral("topics"), QJsonArray::fromStringList(peer.topics) },
                { QStringLiteral("sessions"), QJsonArray::fromStringList(peer.sessions) },
                { QStringLiteral("versions"), ClientsJson::topics(m_engine.topics()) } });
        };
    };
    m_methods.insert(QStringLiteral("subscribe"), subscription(true));
    m_methods.insert(QStringLiteral("unsubscribe"), subscription(false));

    m_methods.insert(QStringLiteral("notification.reply"),
                     [this](RpcPeer &peer, const QJsonObject &params, const RpcReply &reply) {
                         const Status status = m_engine.notifications().reply(
                             params.value(QLatin1String("id")).toString(),
                             params.value(QLatin1String("reply")).toString(), peer.clientId);
                         if (!status)
                             return reply.error(status.error());
                         reply.result(QJsonObject { { QStringLiteral("ok"), true } });
                     });

    m_methods.insert(
        QStringLiteral("permission.respond"),
        [this](RpcPeer &peer, const QJsonObject &params, const RpcReply &reply) {
            if (auto error = ToolsController::respond(
                    m_engine, params.value(QLatin1String("id")).toString(), params, peer.clientId))
                return reply.error(*error);
            reply.result(QJsonObject { { QStringLiteral("ok"), true } });
        });

    m_methods.insert(QStringLiteral("http_request"),
                     [this](RpcPeer &peer, const QJsonObject &params, const RpcReply &reply) {
                         httpRequest(peer, params, reply);
                     });
}

void RpcDispatcher::httpRequest(RpcPeer &peer, const QJsonObject &params, const RpcReply &reply)
{
    const QJsonValue method = params.value(QLatin1String("method"));
    const QJsonValue path = params.value(QLatin1String("path"));
    const QJsonValue headers = params.value(QLatin1String("headers"));
    const QJsonValue body = params.value(QLatin1String("body"));
    const QString encoding =
        params.value(QLatin1String("bodyEncoding")).toString(QStringLiteral("utf8"));
    if (!method.isString() || !path.isString() || !path.toString().startsWith(QLatin1Char('/'))
        || !(headers.isUndefined() || headers.isObject())
        || (encoding != QLatin1String("utf8") && encoding != QLatin1String("base64")))
        return reply.error(
            RpcReply::InvalidParams,
            QStringLiteral(
                "http_request wants {\"method\": \"GET\", \"path\": \"/status\", "
                "\"headers\"?: {…}, \"body\"?: …, \"bodyEncoding\"?: \"utf8\"|\"base64\"}."));
    ApiRequest request;
    request.method = method.toString().toUpper().toLatin1();
    const QUrl url(QStringLiteral("http://localhost") + path.toString());
    request.path = url.path();
    request.query = QUrlQuery(url.query());
    request.clientId = peer.clientId;
    request.trusted = true; // the channel itself proved the token
    const QJsonObject headerObject = headers.toObject();
    for (auto it = headerObject.begin(); it != headerObject.end(); ++it)
        request.headers.append({ it.key().toLower().toLatin1(), it.value().toString().toUtf8() });
    if (body.isString()) {
        request.body = encoding == QLatin1String("base64")
            ? QByteArray::fromBase64(body.toString().toLatin1())
            : body.toString().toUtf8();
    } else if (body.isObject() || body.isArray()) {
        request.body = body.isObject()
            ? QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact)
            : QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact);
    }
    if (!request.body.isEmpty() && request.header("content-type").isEmpty())
        request.headers.append(
            { QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json") });

    auto *exchange = new BufferedExchange(
        [reply](const ApiResponse &response) {
            QJsonObject headersOut { { QStringLiteral("content-type"),
                                       QString::fromLatin1(response.contentType) } };
            for (const auto &h : response.headers)
                headersOut.insert(QString::fromLatin1(h.first).toLower(),
                                  QString::fromLatin1(h.second));
            const bool text = isText(response.contentType, response.body);
            reply.result(
                QJsonObject { { QStringLiteral("status"), response.status },
                              { QStringLiteral("headers"), headersOut },
                              { QStringLiteral("body"),
                                text ? QString::fromUtf8(response.body)
                                     : QString::fromLatin1(response.body.toBase64()) },
                              { QStringLiteral("bodyEncoding"),
                                text ? QStringLiteral("utf8") : QStringLiteral("base64") } });
        },
        this);
    // A peer that leaves mid-request is a client that hung up.
    connect(&peer, &RpcPeer::disconnected, exchange, &BufferedExchange::cancel);
    m_http(request, *exchange);
}

void RpcDispatcher::startRun(RpcPeer &peer, const RpcReply &reply, const RunStarter &start)
{
    // Answered and followed from the moment the run starts: the answer names the run, its
    // events follow it, and stream_start leaves right after the upstream request.
    const Result<Run *> run = start([&](Run *created) {
        reply.result(QJsonObject { { QStringLiteral("run"), created->id() },
                                   { QStringLiteral("session"), created->sessionId() } });
        streamRun(&peer, created, 0);
    });
    if (!run.ok())
        reply.error(run.error());
}
