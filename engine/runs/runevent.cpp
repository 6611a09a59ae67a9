// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "runs/runevent.h"

QByteArray eventTypeName(EventType type)
{
    switch (type) {
    case EventType::Queued:
        return QByteArrayLiteral("queued");
    case EventType::StreamStart:
        return QByteArrayLiteral("stream_start");
    case EventType::StreamChunk:
        return QByteArrayLiteral("stream_chunk");
    case EventType::Thinking:
        return QByteArrayLiteral("thinking");
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
    case EventType::Retrying:
        return QByteArrayLiteral("retrying");
    case EventType::StreamEnd:
        return QByteArrayLiteral("stream_end");
    case EventType::Error:
        return QByteArrayLiteral("error");
    case EventType::Cancelled:
        return QByteArrayLiteral("cancelled");
    }
    return QByteArrayLiteral("unknown");
}

void RunEventBuffer::pop_front()
{
    m_events[m_head] = RunEvent(); // frees its text and wire now
    if (++m_head == m_events.size()) {
        m_events.clear();
        m_head = 0;
    } else if (m_head >= 64 && m_head * 2 >= m_events.size()) {
        m_events.erase(m_events.begin(), m_events.begin() + qsizetype(m_head));
        m_head = 0;
    }
}

qsizetype RunEvent::cost() const
{
    // The detail's own strings are small next to a long reply's chunks; a flat charge keeps the
    // count cheap.
    return qsizetype(sizeof(RunEvent)) + text.size() + wire.size() + (detail ? 256 : 0);
}
