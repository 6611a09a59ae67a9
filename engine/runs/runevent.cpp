// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "runs/runevent.h"

#include "net/jsonwriter.h"

#include <charconv>
#include <cstring>

QByteArray eventTypeName(EventType type)
{
    switch (type) {
    case EventType::StreamStart:
        return QByteArrayLiteral("stream_start");
    case EventType::StreamChunk:
        return QByteArrayLiteral("stream_chunk");
    case EventType::ContextInjected:
        return QByteArrayLiteral("context_injected");
    case EventType::ToolCall:
        return QByteArrayLiteral("tool_call");
    case EventType::ToolResult:
        return QByteArrayLiteral("tool_result");
    case EventType::PermissionRequest:
        return QByteArrayLiteral("permission_request");
    case EventType::PermissionResolved:
        return QByteArrayLiteral("permission_resolved");
    case EventType::Usage:
        return QByteArrayLiteral("usage");
    case EventType::StreamEnd:
        return QByteArrayLiteral("stream_end");
    case EventType::Error:
        return QByteArrayLiteral("error");
    case EventType::Cancelled:
        return QByteArrayLiteral("cancelled");
    }
    return QByteArrayLiteral("unknown");
}

EnvelopeParts EnvelopeParts::of(QStringView runId, QStringView sessionId)
{
    EnvelopeParts parts;
    parts.run = QByteArrayLiteral(",\"run\":");
    JsonWriter::appendString(parts.run, runId);
    parts.run += ",\"seq\":";
    parts.session = QByteArrayLiteral(",\"session\":");
    JsonWriter::appendString(parts.session, sessionId);
    parts.session += ",\"metadata\":";
    return parts;
}

RunEvent RunEvent::make(EventType type, quint64 seq, QStringView runId, QStringView sessionId,
                        QByteArrayView dataJson, QByteArrayView metadataJson)
{
    return make(type, seq, EnvelopeParts::of(runId, sessionId), dataJson, metadataJson);
}

RunEvent RunEvent::make(EventType type, quint64 seq, const EnvelopeParts &parts,
                        QByteArrayView dataJson, QByteArrayView metadataJson)
{
    static constexpr QByteArrayView typeKey = "{\"type\":\"";
    static constexpr QByteArrayView dataKey = "\",\"data\":";
    const QByteArray name = eventTypeName(type);
    const QByteArrayView data = dataJson.isEmpty() ? QByteArrayView("null") : dataJson;
    const QByteArrayView metadata = metadataJson.isEmpty() ? QByteArrayView("{}") : metadataJson;
    char digits[24];
    const std::to_chars_result seqEnd = std::to_chars(digits, digits + sizeof digits, seq);
    const qsizetype seqSize = seqEnd.ptr - digits;

    RunEvent event;
    event.type = type;
    event.seq = seq;
    event.json =
        QByteArray(typeKey.size() + name.size() + dataKey.size() + data.size() + parts.run.size()
                       + seqSize + parts.session.size() + metadata.size() + 1,
                   Qt::Uninitialized);
    char *out = event.json.data();
    const auto put = [&out](const char *bytes, qsizetype size) {
        std::memcpy(out, bytes, size_t(size));
        out += size;
    };
    put(typeKey.data(), typeKey.size());
    put(name.constData(), name.size());
    put(dataKey.data(), dataKey.size());
    put(data.data(), data.size());
    put(parts.run.constData(), parts.run.size());
    put(digits, seqSize);
    put(parts.session.constData(), parts.session.size());
    put(metadata.data(), metadata.size());
    *out = '}';
    return event;
}
