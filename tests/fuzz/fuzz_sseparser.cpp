// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// libFuzzer target for SseParser. The first two bytes choose a split point; the rest is the
// stream. The same bytes are fed whole, split in two at that point, and one byte at a time: the
// three parses must agree exactly, and no event may hold more than the input could have put in it.
#include "net/sseparser.h"

#include <QList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

struct Outcome
{
    QList<SseEvent> events;
    QByteArray lastEventId;
    std::optional<int> retry;
    int comments = 0;
};

bool operator==(const SseEvent &a, const SseEvent &b)
{
    return a.event == b.event && a.data == b.data && a.id == b.id;
}

void check(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "SseParser invariant broken: %s\n", what);
        std::abort();
    }
}

template<typename Feed> Outcome parse(Feed &&feed)
{
    SseParser parser;
    Outcome out;
    const SseParser::EventSink sink = [&](const SseEvent &e) {
        out.events.append(e);
    };
    feed(parser, sink);
    out.lastEventId = parser.lastEventId();
    out.retry = parser.retry();
    out.comments = parser.commentCount();
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const size_t seed = size_t(data[0]) | size_t(data[1]) << 8;
    const QByteArrayView stream(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2));
    const qsizetype split = stream.isEmpty() ? 0 : qsizetype(seed % size_t(stream.size() + 1));

    const Outcome whole =
        parse([&](SseParser &p, const SseParser::EventSink &sink) { p.feed(stream, sink); });
    const Outcome halves = parse([&](SseParser &p, const SseParser::EventSink &sink) {
        p.feed(stream.first(split), sink);
        p.feed(stream.sliced(split), sink);
    });
    const Outcome bytes = parse([&](SseParser &p, const SseParser::EventSink &sink) {
        for (qsizetype i = 0; i < stream.size(); ++i)
            p.feed(stream.sliced(i, 1), sink);
    });

    qsizetype total = 0;
    for (const SseEvent &e : whole.events) {
        check(e.data.size() <= stream.size(), "event data larger than the input");
        check(e.event.size() <= stream.size(), "event type larger than the input");
        check(e.id.size() <= stream.size(), "event id larger than the input");
        check(!e.data.contains('\r'), "CR inside event data");
        check(!e.event.contains('\r') && !e.event.contains('\n'), "line end inside event type");
        check(!e.id.contains('\r') && !e.id.contains('\n') && !e.id.contains('\0'),
              "CR, LF or NUL inside an id");
        total += e.data.size();
    }
    check(total <= stream.size(), "all event data together larger than the input");
    check(whole.lastEventId.size() <= stream.size(), "last event id larger than the input");
    check(!whole.retry || *whole.retry >= 0, "negative retry");
    check(whole.comments <= stream.size(), "more comments than bytes");

    for (const Outcome *other : { &halves, &bytes }) {
        check(other->events.size() == whole.events.size(),
              "event count depends on how the bytes were split");
        for (qsizetype i = 0; i < whole.events.size(); ++i)
            check(other->events.at(i) == whole.events.at(i),
                  "an event depends on how the bytes were split");
        check(other->lastEventId == whole.lastEventId, "last event id depends on the split");
        check(other->retry == whole.retry, "retry depends on the split");
        check(other->comments == whole.comments, "comment count depends on the split");
    }

    // reset() really starts over: the same stream parses the same again.
    SseParser parser;
    const SseParser::EventSink ignore = [](const SseEvent &) {
    };
    parser.feed(stream.first(split), ignore);
    parser.reset();
    const Outcome again = [&] {
        Outcome out;
        parser.feed(stream, [&](const SseEvent &e) { out.events.append(e); });
        out.lastEventId = parser.lastEventId();
        return out;
    }();
    check(again.events.size() == whole.events.size() && again.lastEventId == whole.lastEventId,
          "reset() does not start a new stream");
    return 0;
}
