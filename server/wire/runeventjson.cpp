// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "wire/runeventjson.h"

#include "net/jsonwriter.h"
#include "runs/run.h"
#include "wire/toolsjson.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <charconv>

namespace {

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray utf8String(QByteArrayView utf8)
{
    QByteArray out;
    out.reserve(utf8.size() + utf8.size() / 8 + 2);
    JsonWriter::appendUtf8String(out, utf8);
    return out;
}

QByteArray context(const ContextInjection &injected)
{
    QJsonArray files;
    for (const ContextInjection::File &file : injected.files) {
        files.append(QJsonObject { { QStringLiteral("path"), file.path },
                                   { QStringLiteral("bytes"), file.bytes },
                                   { QStringLiteral("truncated"), file.truncated } });
    }
    QJsonArray refused;
    for (const ContextInjection::Refusal &refusal : injected.refused) {
        refused.append(QJsonObject { { QStringLiteral("path"), refusal.path },
                                     { QStringLiteral("reason"), refusal.reason } });
    }
    return compact({ { QStringLiteral("files"), files }, { QStringLiteral("refused"), refused } });
}

QByteArray usage(const Usage &u)
{
    QByteArray out = "{\"prompt_tokens\":" + QByteArray::number(u.promptTokens)
        + ",\"completion_tokens\":" + QByteArray::number(u.completionTokens)
        + ",\"total_tokens\":" + QByteArray::number(u.totalTokens());
    if (u.cacheReadTokens > 0)
        out += ",\"cache_read_tokens\":" + QByteArray::number(u.cacheReadTokens);
    if (u.cacheWriteTokens > 0)
        out += ",\"cache_write_tokens\":" + QByteArray::number(u.cacheWriteTokens);
    if (u.estimated)
        out += ",\"estimated\":true";
    out += '}';
    return out;
}

/** {"model":…,"provider":…}, written by hand: it is made while the user waits. */
QByteArray modelAndProvider(const RunSpec &spec)
{
    QByteArray metadata;
    metadata.reserve(32 + spec.providerId.size() + spec.model.size());
    metadata += "{\"model\":";
    JsonWriter::appendString(metadata, spec.model);
    metadata += ",\"provider\":";
    JsonWriter::appendString(metadata, spec.providerId);
    metadata += '}';
    return metadata;
}

} // namespace

RunEventJson::RunEventJson(const Run &run)
{
    m_run = QByteArrayLiteral(",\"run\":");
    JsonWriter::appendString(m_run, run.id());
    m_run += ",\"seq\":";
    m_session = QByteArrayLiteral(",\"session\":");
    JsonWriter::appendString(m_session, run.sessionId());
    m_session += ",\"metadata\":";
}

QJsonObject RunEventJson::error(const EngineError &error)
{
    QJsonObject json { { QStringLiteral("code"), error.code() },
                       { QStringLiteral("message"), error.message } };
    if (error.retryAfterSeconds >= 0)
        json.insert(QStringLiteral("retry_after"), error.retryAfterSeconds);
    if (error.upstreamStatus > 0)
        json.insert(QStringLiteral("upstream_status"), error.upstreamStatus);
    return json;
}

QByteArray RunEventJson::encode(const Run &run, const RunEvent &event)
{
    const QByteArray name = eventTypeName(event.type);
    char digits[24];
    const std::to_chars_result seqEnd = std::to_chars(digits, digits + sizeof digits, event.seq);
    const QByteArrayView seq(digits, seqEnd.ptr - digits);
    const auto envelope = [&](QByteArrayView data, QByteArrayView metadata, qsizetype extra = 0) {
        QByteArray json;
        json.reserve(24 + name.size() + data.size() + extra + m_run.size() + seq.size()
                     + m_session.size() + metadata.size());
        json += "{\"type\":\"";
        json += name;
        json += "\",\"data\":";
        return json;
    };
    const auto finish = [&](QByteArray &json, QByteArrayView metadata) {
        json += m_run;
        json += seq;
        json += m_session;
        json += metadata.isEmpty() ? QByteArrayView("{}") : metadata;
        json += '}';
    };
    if (event.type == EventType::StreamChunk || event.type == EventType::Thinking) {
        // Once per token: the text is escaped straight into the envelope, one allocation.
        QByteArray json = envelope({}, {}, event.text.size() + event.text.size() / 8 + 2);
        JsonWriter::appendUtf8String(json, event.text);
        finish(json, {});
        return json;
    }

    QByteArray data;
    QByteArray metadata;
    switch (event.type) {
    case EventType::StreamChunk:
    case EventType::Thinking:
        break; // above
    case EventType::StreamStart:
        data = QByteArrayLiteral("\"\"");
        metadata = modelAndProvider(run.spec());
        break;
    case EventType::Queued:
        if (const QueuedInfo *queued = event.as<QueuedInfo>())
            data = compact({ { QStringLiteral("waiting_for"), queued->waitingFor },
                             { QStringLiteral("position"), queued->position } });
        break;
    case EventType::ContextInjected:
        if (const ContextInjection *injected = event.as<ContextInjection>())
            data = context(*injected);
        break;
    case EventType::ToolCall:
        if (const ToolCallInfo *call = event.as<ToolCallInfo>()) {
            QJsonObject json { { QStringLiteral("id"), call->id },
                               { QStringLiteral("name"), call->name },
                               { QStringLiteral("round"), call->round } };
            if (call->argumentsValid)
                json.insert(QStringLiteral("arguments"), call->arguments);
            else
                json.insert(QStringLiteral("arguments_text"), call->argumentsText);
            data = compact(json);
        }
        break;
    case EventType::ToolResult:
        if (const ToolResultInfo *result = event.as<ToolResultInfo>())
            data = compact({ { QStringLiteral("id"), result->id },
                             { QStringLiteral("name"), result->name },
                             { QStringLiteral("content"), result->content },
                             { QStringLiteral("truncated"), result->truncated },
                             { QStringLiteral("error"), result->isError } });
        break;
    case EventType::PermissionRequest:
        if (const PermissionRequest *request = event.as<PermissionRequest>())
            data = compact(ToolsJson::permissionRequest(*request));
        break;
    case EventType::PermissionResolved:
        if (const PermissionResolution *resolved = event.as<PermissionResolution>())
            data = compact({ { QStringLiteral("call"), resolved->callId },
                             { QStringLiteral("tool"), resolved->tool },
                             { QStringLiteral("allowed"), resolved->allowed },
                             { QStringLiteral("scope"), resolved->scope },
                             { QStringLiteral("by"), resolved->by } });
        break;
    case EventType::Usage:
        if (const Usage *u = event.as<Usage>()) {
            data = usage(*u);
            metadata = modelAndProvider(run.spec());
        }
        break;
    case EventType::Retrying:
        if (const RetryInfo *retry = event.as<RetryInfo>()) {
            QJsonObject json = error(retry->reason);
            json.insert(QStringLiteral("attempt"), retry->attempt);
            json.insert(QStringLiteral("delay_ms"), retry->delayMs);
            data = compact(json);
        }
        break;
    case EventType::StreamEnd:
        data = utf8String(run.replyUtf8());
        if (const EndInfo *end = event.as<EndInfo>(); end && !end->finishReason.isEmpty())
            metadata = compact({ { QStringLiteral("finish_reason"), end->finishReason } });
        break;
    case EventType::Error:
        if (const EngineError *e = event.as<EngineError>())
            data = compact(error(*e));
        break;
    case EventType::Cancelled:
        data = utf8String(run.replyUtf8());
        if (const EndInfo *end = event.as<EndInfo>())
            metadata = compact({ { QStringLiteral("reason"), end->cancelReason } });
        break;
    }
    if (data.isEmpty())
        data = QByteArrayLiteral("null");
    QByteArray json = envelope(data, metadata);
    json += data;
    finish(json, metadata);
    return json;
}
