// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

enum class EventType {
    StreamStart,
    StreamChunk,
    ContextInjected,
    ToolCall,
    ToolResult,
    PermissionRequest,
    PermissionResolved,
    Usage,
    StreamEnd,
    Error,
    Cancelled,
};

QByteArray eventTypeName(EventType type);

/** What every envelope of one run repeats:
 * `,"run":"…","seq":` and `,"session":"…","metadata":`. */
struct EnvelopeParts
{
    QByteArray run;
    QByteArray session;

    static EnvelopeParts of(QStringView runId, QStringView sessionId);
};

/**
 * One event of a run, serialised once as the protocol envelope
 * {"type","data","run","seq","session","metadata"} and shared by every subscriber and transport.
 */
struct RunEvent
{
    EventType type = EventType::StreamChunk;
    quint64 seq = 0;
    QByteArray json;

    bool isTerminal() const
    {
        return type == EventType::StreamEnd || type == EventType::Error
            || type == EventType::Cancelled;
    }

    /** Builds the envelope; dataJson and metadataJson are JSON values (metadata "{}" if empty). */
    static RunEvent make(EventType type, quint64 seq, QStringView runId, QStringView sessionId,
                         QByteArrayView dataJson, QByteArrayView metadataJson = {});
    /** The same with the run's constant parts made once (one allocation of the exact size). */
    static RunEvent make(EventType type, quint64 seq, const EnvelopeParts &parts,
                         QByteArrayView dataJson, QByteArrayView metadataJson = {});
};

Q_DECLARE_METATYPE(RunEvent)
