// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The fake's control API, for tests in other processes (Node), as the fake provider's is:
//   POST /_fake/messages  [message, …]  queued FIFO for the next /v1/messages  -> {"queued": n}
//   POST /_fake/default   message       answers every request the queue does not -> {"ok": true}
//   POST /_fake/models    {"ids": […], "status": 200}                            -> {"ok": true}
//   GET  /_fake/requests  the requests with their headers -> {"requests": […], "count_requests"}
//   GET  /_fake/stats     streams, disconnects, counts
//   POST /_fake/reset     empties the queue, forgets requests and counts
// A message is FakeMessage as JSON, by its field names (FakeAnthropic::messageFromJson).
#include "fakeanthropic.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;
using namespace FakeAnthropicWire;

namespace {

const QList<QPair<QString, FakeMessage::Fault>> &faults()
{
    using Fault = FakeMessage::Fault;
    static const QList<QPair<QString, Fault>> list {
        { u"none"_s, Fault::None },
        { u"unauthorized"_s, Fault::Unauthorized },
        { u"forbidden"_s, Fault::Forbidden },
        { u"badRequest"_s, Fault::BadRequest },
        { u"notFound"_s, Fault::NotFound },
        { u"rateLimited"_s, Fault::RateLimited },
        { u"overloaded"_s, Fault::Overloaded },
        { u"serverError"_s, Fault::ServerError },
        { u"overloadedMidStream"_s, Fault::OverloadedMidStream },
        { u"errorMidStream"_s, Fault::ErrorMidStream },
        { u"dropMidStream"_s, Fault::DropMidStream },
        { u"stall"_s, Fault::Stall },
        { u"noFirstByte"_s, Fault::NoFirstByte },
    };
    return list;
}

bool readInt(const QJsonObject &json, const QString &key, int &out, QString *error, int minimum = 0)
{
    const QJsonValue value = json.value(key);
    if (value.isUndefined())
        return true;
    const double number = value.toDouble(minimum - 1.0);
    if (!value.isDouble() || number < minimum || number != double(int(number))) {
        *error = u"\""_s + key + u"\" must be an integer of at least "_s + QString::number(minimum)
            + u'.';
        return false;
    }
    out = int(number);
    return true;
}

bool readStrings(const QJsonObject &json, const QString &key, QStringList &out, QString *error)
{
    const QJsonValue value = json.value(key);
    if (value.isUndefined())
        return true;
    out.clear();
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString())
            break;
        out.append(item.toString());
    }
    if (!value.isArray() || out.size() != value.toArray().size()) {
        *error = u"\""_s + key + u"\" must be an array of strings."_s;
        return false;
    }
    return true;
}

std::optional<FakeToolUse> toolUseFromJson(const QJsonValue &value, QString *error)
{
    const QJsonObject json = value.toObject();
    if (!value.isObject() || !json.value(u"name"_s).isString()) {
        *error = u"Each of \"toolUses\" is {\"id\"?, \"name\", \"input\", \"pieces\"?}."_s;
        return std::nullopt;
    }
    FakeToolUse tool;
    tool.id = json.value(u"id"_s).toString(tool.id);
    tool.name = json.value(u"name"_s).toString();
    const QJsonValue input = json.value(u"input"_s);
    tool.input = input.isObject()
        ? QString::fromUtf8(QJsonDocument(input.toObject()).toJson(QJsonDocument::Compact))
        : input.toString(u"{}"_s);
    if (!readInt(json, u"pieces"_s, tool.pieces, error, 1))
        return std::nullopt;
    return tool;
}

QJsonObject requestJson(const FakeAnthropicRequest &request)
{
    return { { u"path"_s, request.path },
             { u"body"_s, request.body },
             { u"headers"_s,
               QJsonObject { { u"x-api-key"_s, QString::fromUtf8(request.apiKey) },
                             { u"anthropic-version"_s, QString::fromUtf8(request.version) },
                             { u"authorization"_s, QString::fromUtf8(request.authorization) },
                             { u"anthropic-beta"_s, QString::fromUtf8(request.beta) } } } };
}

} // namespace

std::optional<FakeMessage> FakeAnthropic::messageFromJson(const QJsonObject &json, QString *error)
{
    static const QStringList known {
        u"thinking"_s,     u"signature"_s,       u"text"_s,
        u"chunks"_s,       u"toolUses"_s,        u"stopReason"_s,
        u"inputTokens"_s,  u"cacheReadTokens"_s, u"cacheWriteTokens"_s,
        u"unknownEvent"_s, u"delayMs"_s,         u"firstByteDelayMs"_s,
        u"fault"_s,        u"faultAfter"_s,      u"retryAfterSeconds"_s,
        u"errorMessage"_s,
    };
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (!known.contains(it.key())) {
            *error = u"Unknown message field \""_s + it.key() + u"\"; fields: "_s
                + known.join(u", "_s) + u'.';
            return std::nullopt;
        }
    }
    FakeMessage message;
    if (!readStrings(json, u"thinking"_s, message.thinking, error)
        || !readStrings(json, u"text"_s, message.text, error)
        || !readInt(json, u"chunks"_s, message.chunks, error)
        || !readInt(json, u"inputTokens"_s, message.inputTokens, error)
        || !readInt(json, u"cacheReadTokens"_s, message.cacheReadTokens, error)
        || !readInt(json, u"cacheWriteTokens"_s, message.cacheWriteTokens, error)
        || !readInt(json, u"delayMs"_s, message.delayMs, error)
        || !readInt(json, u"firstByteDelayMs"_s, message.firstByteDelayMs, error)
        || !readInt(json, u"faultAfter"_s, message.faultAfter, error)
        || !readInt(json, u"retryAfterSeconds"_s, message.retryAfterSeconds, error, -1))
        return std::nullopt;
    message.signature = json.value(u"signature"_s).toString(message.signature);
    message.stopReason = json.value(u"stopReason"_s).toString();
    message.errorMessage = json.value(u"errorMessage"_s).toString();
    message.unknownEvent = json.value(u"unknownEvent"_s).toBool();
    if (json.contains(u"fault"_s)) {
        const QString name = json.value(u"fault"_s).toString();
        const auto &list = faults();
        const auto it = std::find_if(list.begin(), list.end(),
                                     [&name](const auto &entry) { return entry.first == name; });
        if (it == list.end()) {
            QStringList names;
            for (const auto &entry : list)
                names.append(entry.first);
            *error = u"\"fault\" is one of "_s + names.join(u", "_s) + u'.';
            return std::nullopt;
        }
        message.fault = it->second;
    }
    const QJsonValue tools = json.value(u"toolUses"_s);
    if (!tools.isUndefined() && !tools.isArray()) {
        *error = u"\"toolUses\" must be an array."_s;
        return std::nullopt;
    }
    for (const QJsonValue &value : tools.toArray()) {
        const std::optional<FakeToolUse> tool = toolUseFromJson(value, error);
        if (!tool)
            return std::nullopt;
        message.toolUses.append(*tool);
    }
    return message;
}

QByteArray FakeAnthropic::handleControl(const QByteArray &method, const QString &path,
                                        const QByteArray &body)
{
    const auto bad = [](const QString &message) {
        return response(400, "application/json", errorBody(u"invalid_request_error"_s, message));
    };
    const auto ok = [](const QJsonObject &json) {
        return response(200, "application/json",
                        QJsonDocument(json).toJson(QJsonDocument::Compact));
    };
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    QString error;
    if (method == "POST" && path == u"/_fake/messages"_s) {
        if (!doc.isArray())
            return bad(u"Send a JSON array of messages."_s);
        QList<FakeMessage> messages;
        for (const QJsonValue &value : doc.array()) {
            const std::optional<FakeMessage> message =
                value.isObject() ? messageFromJson(value.toObject(), &error) : std::nullopt;
            if (!message)
                return bad(error.isEmpty() ? u"Each message is a JSON object."_s : error);
            messages.append(*message);
        }
        for (const FakeMessage &message : std::as_const(messages)) // all or none
            enqueue(message);
        return ok({ { u"queued"_s, int(m_queue.size()) } });
    }
    if (method == "POST" && path == u"/_fake/default"_s) {
        const std::optional<FakeMessage> message =
            doc.isObject() ? messageFromJson(doc.object(), &error) : std::nullopt;
        if (!message)
            return bad(error.isEmpty() ? u"Send one message as a JSON object."_s : error);
        setDefaultMessage(*message);
        return ok({ { u"ok"_s, true } });
    }
    if (method == "POST" && path == u"/_fake/models"_s) {
        const QJsonObject json = doc.object();
        QStringList ids = m_models;
        int status = 200;
        if (!readStrings(json, u"ids"_s, ids, &error)
            || !readInt(json, u"status"_s, status, &error))
            return bad(error);
        setModels(ids);
        setModelsStatus(status);
        return ok({ { u"ok"_s, true } });
    }
    if (method == "GET" && path == u"/_fake/requests"_s) {
        QJsonArray requests, counts;
        for (const FakeAnthropicRequest &request : std::as_const(m_requests))
            requests.append(requestJson(request));
        for (const FakeAnthropicRequest &request : std::as_const(m_countRequests))
            counts.append(requestJson(request));
        return ok({ { u"requests"_s, requests }, { u"count_requests"_s, counts } });
    }
    if (method == "GET" && path == u"/_fake/stats"_s) {
        return ok({ { u"open_streams"_s, openStreams() },
                    { u"client_disconnects"_s, m_clientDisconnects },
                    { u"finished_streams"_s, m_finishedStreams },
                    { u"requests"_s, int(m_requests.size()) },
                    { u"count_requests"_s, int(m_countRequests.size()) },
                    { u"models_requests"_s, m_modelsRequests },
                    { u"queued"_s, int(m_queue.size()) } });
    }
    if (method == "POST" && path == u"/_fake/reset"_s) {
        m_queue.clear();
        m_requests.clear();
        m_countRequests.clear();
        m_clientDisconnects = 0;
        m_finishedStreams = 0;
        m_modelsRequests = 0;
        return ok({ { u"ok"_s, true } });
    }
    return response(404, "application/json",
                    errorBody(u"not_found_error"_s,
                              u"Unknown control route "_s + QString::fromLatin1(method) + u' '
                                  + path
                                  + u"; routes: POST /_fake/messages, /_fake/default, "
                                    "/_fake/models, /_fake/reset, GET /_fake/requests, "
                                    "/_fake/stats."_s));
}
