// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The fake's control API, so that a test in another process (Node, a shell) scripts it over HTTP
// as a Qt test does through FakeProvider's methods. Loopback only, like the rest of the fake:
//   POST /_fake/replies   [reply, …]  queued FIFO for the next chat requests  -> {"queued": n}
//   POST /_fake/default   reply       answers every request the queue does not -> {"ok": true}
//   GET  /_fake/requests              the chat request bodies, in order     -> {"requests": […]}
//   GET  /_fake/stats                 streams, disconnects, counts          -> {"open_streams", …}
//   POST /_fake/release               lets every reply held at its holdAfter go on -> {"released":
//   n} POST /_fake/reset                 empties the queue, forgets requests and counts
// A reply is FakeReply as JSON, by its field names (FakeProvider::replyFromJson).
#include "fakeprovider.h"
#include "fakestream_p.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;
using namespace FakeWire;

namespace {

std::optional<FakeReply::Fault> faultFromName(const QString &name)
{
    static const QList<QPair<QString, FakeReply::Fault>> faults {
        { u"none"_s, FakeReply::Fault::None },
        { u"unauthorized"_s, FakeReply::Fault::Unauthorized },
        { u"forbidden"_s, FakeReply::Fault::Forbidden },
        { u"rateLimited"_s, FakeReply::Fault::RateLimited },
        { u"serverError"_s, FakeReply::Fault::ServerError },
        { u"malformedChunk"_s, FakeReply::Fault::MalformedChunk },
        { u"stall"_s, FakeReply::Fault::Stall },
        { u"dropMidStream"_s, FakeReply::Fault::DropMidStream },
        { u"noFirstByte"_s, FakeReply::Fault::NoFirstByte },
    };
    for (const auto &[known, fault] : faults) {
        if (known == name)
            return fault;
    }
    return std::nullopt;
}

/** Reads a non-negative integer field; false (with the error set) when it is something else. */
bool readCount(const QJsonObject &json, const QString &key, int &out, QString *error)
{
    const QJsonValue value = json.value(key);
    if (value.isUndefined())
        return true;
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number < 0 || number != double(int(number))) {
        *error = u"\""_s + key + u"\" must be a non-negative integer."_s;
        return false;
    }
    out = int(number);
    return true;
}

std::optional<FakeToolCall> toolCallFromJson(const QJsonValue &value, QString *error)
{
    const QJsonObject json = value.toObject();
    FakeToolCall call;
    if (!value.isObject() || !json.value(u"name"_s).isString()) {
        *error = u"Each of \"toolCalls\" is {\"id\", \"name\", \"arguments\", \"pieces\"?}."_s;
        return std::nullopt;
    }
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (it.key() != u"id"_s && it.key() != u"name"_s && it.key() != u"arguments"_s
            && it.key() != u"pieces"_s) {
            *error = u"Unknown tool call field \""_s + it.key() + u"\"."_s;
            return std::nullopt;
        }
    }
    call.id = json.value(u"id"_s).toString(u"call_1"_s);
    call.name = json.value(u"name"_s).toString();
    // The arguments are JSON text on the wire; an object is written out for the caller.
    const QJsonValue arguments = json.value(u"arguments"_s);
    if (arguments.isObject())
        call.arguments =
            QString::fromUtf8(QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Compact));
    else
        call.arguments = arguments.toString(u"{}"_s);
    if (!readCount(json, u"pieces"_s, call.pieces, error))
        return std::nullopt;
    call.pieces = std::max(call.pieces, 1);
    return call;
}

QJsonObject stats(const FakeProvider &fake, int queued)
{
    return { { u"open_streams"_s, fake.openStreams() },
             { u"client_disconnects"_s, fake.clientDisconnectCount() },
             { u"finished_streams"_s, fake.finishedStreamCount() },
             { u"held_streams"_s, fake.heldStreams() },
             { u"chat_requests"_s, int(fake.chatRequests().size()) },
             { u"chat_connections"_s, fake.chatConnectionCount() },
             { u"models_requests"_s, fake.modelsRequestCount() },
             { u"queued"_s, queued } };
}

} // namespace

std::optional<FakeReply> FakeProvider::replyFromJson(const QJsonObject &json, QString *error)
{
    static const QStringList known { u"tokens"_s,
                                     u"chunks"_s,
                                     u"delayMs"_s,
                                     u"firstByteDelayMs"_s,
                                     u"usage"_s,
                                     u"promptTokens"_s,
                                     u"fault"_s,
                                     u"faultAfter"_s,
                                     u"retryAfterSeconds"_s,
                                     u"errorMessage"_s,
                                     u"toolCalls"_s,
                                     u"cachedTokens"_s,
                                     u"interleaveToolCalls"_s,
                                     u"holdAfter"_s };
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key())) {
            *error = u"Unknown reply field \""_s + it.key() + u"\"; fields: "_s
                + known.join(u", "_s) + u'.';
            return std::nullopt;
        }
    }
    FakeReply reply;
    if (json.contains(u"tokens"_s)) {
        const QJsonValue tokens = json.value(u"tokens"_s);
        reply.tokens.clear();
        for (const QJsonValue &token : tokens.toArray()) {
            if (!token.isString()) {
                *error = u"\"tokens\" must be an array of strings."_s;
                return std::nullopt;
            }
            reply.tokens.append(token.toString());
        }
        if (!tokens.isArray()) {
            *error = u"\"tokens\" must be an array of strings."_s;
            return std::nullopt;
        }
    }
    if (!readCount(json, u"chunks"_s, reply.chunks, error)
        || !readCount(json, u"delayMs"_s, reply.delayMs, error)
        || !readCount(json, u"firstByteDelayMs"_s, reply.firstByteDelayMs, error)
        || !readCount(json, u"promptTokens"_s, reply.promptTokens, error)
        || !readCount(json, u"faultAfter"_s, reply.faultAfter, error)
        || !readCount(json, u"retryAfterSeconds"_s, reply.retryAfterSeconds, error)
        || !readCount(json, u"holdAfter"_s, reply.holdAfter, error))
        return std::nullopt;
    if (json.contains(u"cachedTokens"_s)) {
        if (!readCount(json, u"cachedTokens"_s, reply.cachedTokens, error))
            return std::nullopt;
    }
    if (json.contains(u"interleaveToolCalls"_s)) {
        if (!json.value(u"interleaveToolCalls"_s).isBool()) {
            *error = u"\"interleaveToolCalls\" must be true or false."_s;
            return std::nullopt;
        }
        reply.interleaveToolCalls = json.value(u"interleaveToolCalls"_s).toBool();
    }
    if (json.contains(u"usage"_s)) {
        if (!json.value(u"usage"_s).isBool()) {
            *error = u"\"usage\" must be true or false."_s;
            return std::nullopt;
        }
        reply.usage = json.value(u"usage"_s).toBool();
    }
    if (json.contains(u"fault"_s)) {
        const auto fault = faultFromName(json.value(u"fault"_s).toString());
        if (!fault) {
            *error = u"\"fault\" is one of none, unauthorized, forbidden, rateLimited, "
                     "serverError, malformedChunk, stall, dropMidStream, noFirstByte."_s;
            return std::nullopt;
        }
        reply.fault = *fault;
    }
    reply.errorMessage = json.value(u"errorMessage"_s).toString();
    const QJsonValue calls = json.value(u"toolCalls"_s);
    if (!calls.isUndefined() && !calls.isArray()) {
        *error = u"\"toolCalls\" must be an array."_s;
        return std::nullopt;
    }
    for (const QJsonValue &value : calls.toArray()) {
        const std::optional<FakeToolCall> call = toolCallFromJson(value, error);
        if (!call)
            return std::nullopt;
        reply.toolCalls.append(*call);
    }
    return reply;
}

QByteArray FakeProvider::handleControl(const QByteArray &method, const QString &path,
                                       const QByteArray &body, bool closeAfter)
{
    const auto bad = [closeAfter](const QString &message) {
        return jsonResponse(400, errorJson(message, u"invalid_request_error"_s, QJsonValue::Null),
                            closeAfter);
    };
    const auto ok = [closeAfter](const QJsonObject &json) {
        return jsonResponse(200, json, closeAfter);
    };
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    QString error;

    if (method == "POST" && path == u"/_fake/replies"_s) {
        if (!doc.isArray())
            return bad(u"Send a JSON array of replies."_s);
        QList<FakeReply> replies;
        for (const QJsonValue &value : doc.array()) {
            const std::optional<FakeReply> reply =
                value.isObject() ? replyFromJson(value.toObject(), &error) : std::nullopt;
            if (!reply)
                return bad(error.isEmpty() ? u"Each reply is a JSON object."_s : error);
            replies.append(*reply);
        }
        for (const FakeReply &reply : std::as_const(replies)) // all or none
            enqueueReply(reply);
        return ok({ { u"queued"_s, int(m_queue.size()) } });
    }
    if (method == "POST" && path == u"/_fake/default"_s) {
        const std::optional<FakeReply> reply =
            doc.isObject() ? replyFromJson(doc.object(), &error) : std::nullopt;
        if (!reply)
            return bad(error.isEmpty() ? u"Send one reply as a JSON object."_s : error);
        setDefaultReply(*reply);
        return ok({ { u"ok"_s, true } });
    }
    if (method == "GET" && path == u"/_fake/requests"_s) {
        QJsonArray requests;
        for (const QJsonObject &request : std::as_const(m_chatRequests))
            requests.append(request);
        QJsonArray embeddings;
        for (const QJsonObject &request : std::as_const(m_embeddingRequests))
            embeddings.append(request);
        return ok({ { u"requests"_s, requests }, { u"embeddings"_s, embeddings } });
    }
    if (method == "GET" && path == u"/_fake/stats"_s)
        return ok(stats(*this, int(m_queue.size())));
    if (method == "POST" && path == u"/_fake/release"_s) {
        const int held = heldStreams();
        release();
        return ok({ { u"released"_s, held } });
    }
    if (method == "POST" && path == u"/_fake/reset"_s) {
        m_queue.clear();
        m_chatRequests.clear();
        m_embeddingRequests.clear();
        m_authorizations.clear();
        m_clientDisconnects = 0;
        m_finishedStreams = 0;
        m_chatConnections = 0;
        m_modelsRequests = 0;
        return ok({ { u"ok"_s, true } });
    }
    return jsonResponse(404,
                        errorJson(u"Unknown control route "_s + QString::fromLatin1(method) + u' '
                                      + path
                                      + u"; routes: POST /_fake/replies, POST /_fake/default, "
                                        "GET /_fake/requests, GET /_fake/stats, "
                                        "POST /_fake/release, POST /_fake/reset."_s,
                                  u"invalid_request_error"_s, u"unknown_url"_s),
                        closeAfter);
}
