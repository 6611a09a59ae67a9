// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <functional>
#include <optional>

struct SseEvent
{
    QByteArray event; // the "event:" field; empty means the default type "message"
    QByteArray data; // "data:" lines joined with '\n', no trailing '\n'
    QByteArray id; // the last event id in force when this event was dispatched
};

// Incremental parser for text/event-stream bodies, following the WHATWG HTML
// "event stream interpretation" rules. Bytes may arrive split at any position.
// Not re-entrant: the sink must not call feed() or reset() on the same parser.
class SseParser
{
public:
    using EventSink = std::function<void(const SseEvent &)>;
    // Feeds the next bytes of the stream (may be split at ANY byte, including between CR and LF,
    // inside a UTF-8 sequence, or inside a field name). Calls sink once per dispatched event, in
    // order.
    void feed(QByteArrayView bytes, const EventSink &sink);
    QByteArray lastEventId() const;
    std::optional<int> retry() const; // last valid "retry:" value in ms
    int commentCount() const; // number of comment lines seen (lines starting with ':')
    void reset(); // back to the state of a new stream
    // Bytes held for an event not yet complete: the unfinished line plus the data gathered so
    // far. A stream that lets this grow without bound is broken.
    qsizetype pendingBytes() const { return m_pending.size() + m_event.data.size(); }

private:
    void processLine(QByteArrayView line, const EventSink &sink);
    void processField(QByteArrayView name, QByteArrayView value);
    void dispatch(const EventSink &sink);

    // Bytes of a line whose terminator has not arrived yet.
    QByteArray m_pending;
    // Doubles as the event type and data buffers of the spec, so that a dispatch
    // hands them out without copying and their capacity is reused afterwards.
    SseEvent m_event;
    QByteArray m_lastEventId;
    std::optional<int> m_retry;
    int m_commentCount = 0;
    // How many bytes of a leading BOM have been seen while the stream start is undecided.
    int m_bomMatched = 0;
    bool m_bomChecked = false;
    // The previous feed ended in CR, so an LF opening the next one belongs to that line end.
    bool m_skipLeadingLf = false;
};
