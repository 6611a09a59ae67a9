// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "runevent.h"

#include "jsonwriter.h"

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

RunEvent RunEvent::make(EventType type, quint64 seq, QStringView runId, QStringView sessionId,
                        QByteArrayView dataJson, QByteArrayView metadataJson)
{
    RunEvent event;
    event.type = type;
    event.seq = seq;
    QByteArray &out = event.json;
    out.reserve(96 + dataJson.size() + metadataJson.size());
    out.append("{\"type\":\"", 9);
    out.append(eventTypeName(type));
    out.append("\",\"data\":", 9);
    out.append(dataJson.isEmpty() ? QByteArrayView("null") : dataJson);
    out.append(",\"run\":", 7);
    JsonWriter::appendString(out, runId);
    out.append(",\"seq\":", 7);
    out.append(QByteArray::number(seq));
    out.append(",\"session\":", 11);
    JsonWriter::appendString(out, sessionId);
    out.append(",\"metadata\":", 12);
    out.append(metadataJson.isEmpty() ? QByteArrayView("{}") : metadataJson);
    out.append('}');
    return event;
}
