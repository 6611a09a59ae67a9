// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// libFuzzer target for WsFrameReader. The first two bytes choose a split point; the rest is what
// a client sends. The same bytes are fed whole, split in two at that point, and one byte at a
// time: the three readings must agree exactly; no message may be over the limit or hold more
// than the input could have put in it, and a text message must be UTF-8.
#include "rpc/wsframereader.h"

#include <QList>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

constexpr qint64 Limit = 4096;

void check(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "WsFrameReader invariant broken: %s\n", what);
        std::abort();
    }
}

struct Outcome : WsFrameReader::Handler
{
    QList<QByteArray> items; // each message or control frame, tagged by its first byte
    quint16 errorCode = 0;
    bool ended = false;

    void messageRead(QByteArray &&message, bool text) override
    {
        check(message.size() <= Limit, "a message over the limit");
        check(!text || QByteArrayView(message).isValidUtf8(), "a text message not UTF-8");
        items.append((text ? "t" : "b") + message);
    }
    void pingRead(QByteArrayView payload) override
    {
        check(payload.size() <= 125, "a ping over 125 bytes");
        items.append("p" + payload.toByteArray());
    }
    void pongRead() override { items.append("o"); }
    void closeRead(quint16 code, QByteArrayView reason) override
    {
        check(code == WsFrameReader::NoStatus || WsFrameReader::isValidCloseCode(code),
              "a close code that may not stand in a frame");
        items.append("c" + QByteArray::number(code) + reason.toByteArray());
    }
    bool operator==(const Outcome &other) const
    {
        return items == other.items && errorCode == other.errorCode && ended == other.ended;
    }
};

template<typename Feed> Outcome read(Feed &&feed)
{
    WsFrameReader reader(Limit);
    Outcome out;
    feed(reader, out);
    out.errorCode = reader.errorCode();
    out.ended = reader.ended();
    check(reader.failed() == (out.errorCode != 0), "failed() and errorCode() disagree");
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

    const Outcome whole = read([&](WsFrameReader &r, Outcome &o) { r.feed(stream, o); });
    const Outcome halves = read([&](WsFrameReader &r, Outcome &o) {
        if (r.feed(stream.first(split), o))
            r.feed(stream.sliced(split), o);
    });
    const Outcome bytes = read([&](WsFrameReader &r, Outcome &o) {
        for (qsizetype i = 0; i < stream.size() && r.feed(stream.sliced(i, 1), o); ++i) { }
    });
    qsizetype total = 0;
    for (const QByteArray &item : whole.items)
        total += item.size() - 1;
    check(total <= stream.size(), "more handed on than came in");
    check(halves == whole, "the reading depends on where the bytes were split");
    check(bytes == whole, "the reading depends on reading a byte at a time");
    check(!whole.errorCode || whole.ended, "an error that does not end the reading");
    return 0;
}
