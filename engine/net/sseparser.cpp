// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/sseparser.h"

#include <climits>
#include <cstring>

namespace {

constexpr char Bom[] = "\xEF\xBB\xBF";
constexpr int BomSize = 3;

const char *findByte(const char *from, const char *end, char byte)
{
    const void *hit = std::memchr(from, byte, size_t(end - from));
    return hit ? static_cast<const char *>(hit) : end;
}

// resize(0) keeps the allocation of an unshared array and drops a shared one
// without allocating, so steady-state assignments cost a memcpy only.
void assignBytes(QByteArray &target, QByteArrayView value)
{
    target.resize(0);
    target.append(value.data(), value.size());
}

std::optional<int> parseRetry(QByteArrayView value)
{
    if (value.isEmpty())
        return std::nullopt;
    qint64 result = 0;
    for (const char c : value) {
        if (c < '0' || c > '9')
            return std::nullopt;
        result = result * 10 + (c - '0');
        // A value that int cannot hold cannot be honoured, so it is treated as invalid.
        if (result > INT_MAX)
            return std::nullopt;
    }
    return int(result);
}

} // namespace

void SseParser::feed(QByteArrayView bytes, const EventSink &sink)
{
    const char *p = bytes.data();
    const char *const end = p + bytes.size();

    if (!m_bomChecked) {
        while (m_bomMatched < BomSize && p < end) {
            if (*p != Bom[m_bomMatched]) {
                // Not a BOM after all: the partial match was ordinary line content
                // (it contains no CR or LF, so it can only start the first line).
                m_pending.append(Bom, m_bomMatched);
                m_bomChecked = true;
                break;
            }
            ++m_bomMatched;
            ++p;
        }
        if (m_bomMatched == BomSize)
            m_bomChecked = true;
        if (!m_bomChecked)
            return;
    }

    if (m_skipLeadingLf && p < end) {
        m_skipLeadingLf = false;
        if (*p == '\n')
            ++p;
    }

    if (p == end)
        return;
    // Positions of the next CR and LF are cached and only searched again once passed,
    // which keeps the scan linear even when one of the two bytes never occurs.
    const char *nextCr = findByte(p, end, '\r');
    const char *nextLf = findByte(p, end, '\n');
    while (p < end) {
        if (nextCr < p)
            nextCr = findByte(p, end, '\r');
        if (nextLf < p)
            nextLf = findByte(p, end, '\n');
        const char *const eol = nextCr < nextLf ? nextCr : nextLf;
        if (eol == end) {
            m_pending.append(p, end - p);
            break;
        }

        if (m_pending.isEmpty()) {
            processLine(QByteArrayView(p, eol - p), sink);
        } else {
            m_pending.append(p, eol - p);
            processLine(m_pending, sink);
            m_pending.resize(0);
        }

        p = eol + 1;
        if (*eol == '\r') {
            if (p == end)
                m_skipLeadingLf = true;
            else if (*p == '\n')
                ++p;
        }
    }
    // What came ended between two events (at a model's pace, after each one): the buffers go
    // rather than wait with an open stream for its next token. A fast stream frees them once per
    // read, not per event.
    if (m_pending.isEmpty() && m_event.data.isEmpty() && m_event.event.isEmpty()) {
        m_pending = QByteArray();
        m_event.data = QByteArray();
        m_event.event = QByteArray();
    }
}

void SseParser::processLine(QByteArrayView line, const EventSink &sink)
{
    if (line.isEmpty()) {
        dispatch(sink);
        return;
    }
    if (line.front() == ':') {
        ++m_commentCount;
        return;
    }

    const char *const begin = line.data();
    const auto *colon = static_cast<const char *>(std::memchr(begin, ':', size_t(line.size())));
    if (!colon) {
        processField(line, QByteArrayView());
        return;
    }
    QByteArrayView value = line.sliced(colon - begin + 1);
    if (!value.isEmpty() && value.front() == ' ')
        value = value.sliced(1);
    processField(QByteArrayView(begin, colon - begin), value);
}

void SseParser::processField(QByteArrayView name, QByteArrayView value)
{
    if (name == "data") {
        m_event.data.append(value.data(), value.size());
        m_event.data.append('\n');
    } else if (name == "event") {
        assignBytes(m_event.event, value);
    } else if (name == "id") {
        if (value.isEmpty() || !std::memchr(value.data(), '\0', size_t(value.size())))
            assignBytes(m_lastEventId, value);
    } else if (name == "retry") {
        if (const std::optional<int> retry = parseRetry(value))
            m_retry = retry;
    }
}

void SseParser::dispatch(const EventSink &sink)
{
    if (m_event.data.isEmpty()) {
        m_event.event.resize(0);
        return;
    }
    m_event.data.chop(1);
    m_event.id = m_lastEventId;
    if (sink)
        sink(m_event);
    m_event.event.resize(0);
    m_event.data.resize(0);
    // Dropping our reference lets the next "id:" overwrite m_lastEventId in place
    // unless the sink kept a copy.
    m_event.id = QByteArray();
}

QByteArray SseParser::lastEventId() const
{
    return m_lastEventId;
}

std::optional<int> SseParser::retry() const
{
    return m_retry;
}

int SseParser::commentCount() const
{
    return m_commentCount;
}

void SseParser::reset()
{
    m_pending.clear();
    m_event = SseEvent();
    m_lastEventId.clear();
    m_retry.reset();
    m_commentCount = 0;
    m_bomMatched = 0;
    m_bomChecked = false;
    m_skipLeadingLf = false;
}
