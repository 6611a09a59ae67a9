// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The /v1/messages door (Anthropic's shape, from an OpenAI-compatible upstream): time to the
// first token, one long stream, and 200 streams at once, each beside the upstream read directly.
#include "httpstream.h"
#include "scenarios.h"

#include <QJsonArray>

#include <algorithm>
#include <memory>
#include <vector>

namespace Bench {

namespace {

constexpr int RequestTimeoutMs = 10000;
constexpr int WarmUp = 10;

bool isDoorToken(QByteArrayView data)
{
    return envelopeType(data) == "content_block_delta";
}

bool isUpstreamToken(QByteArrayView data)
{
    return data.indexOf("\"content\":\"") >= 0;
}

struct Stream
{
    qint64 events = 0;
    qint64 first = 0; // first token
    qint64 last = 0;
    bool ended = false; // message_stop, or [DONE] from the upstream
    bool bad = false; // an "error" event
};

// Reads one event stream on stream, started at send(); counts what a client would.
void follow(HttpStream &stream, Stream &s, bool door)
{
    stream.onEvent = [&s, door](QByteArrayView data, qint64 at) {
        if (data == "[DONE]") {
            s.ended = true;
            return;
        }
        ++s.events;
        s.last = at;
        if (s.first == 0 && (door ? isDoorToken(data) : isUpstreamToken(data)))
            s.first = at;
        const QByteArrayView type = envelopeType(data);
        if (type == "message_stop")
            s.ended = true;
        else if (type == "error")
            s.bad = true;
    };
}

// One request on a kept-alive connection: the time to its first token, -1 when it failed.
qint64 firstToken(std::unique_ptr<HttpStream> &stream, quint16 port, const QByteArray &request,
                  bool door, bool quickAck)
{
    if (!stream || stream->failed()) {
        stream = std::make_unique<HttpStream>(port);
        stream->quickAck = quickAck;
        stream->open();
        if (!waitFor([&] { return stream->isConnected() || stream->failed(); }, RequestTimeoutMs)
            || !stream->isConnected())
            return -1;
    }
    Stream s;
    follow(*stream, s, door);
    const qint64 start = nowNs();
    stream->send(request);
    const bool done =
        waitFor([&] { return stream->responseDone() || stream->failed(); }, RequestTimeoutMs);
    stream->onEvent = nullptr;
    if (!done || stream->failed() || stream->status() != 200 || s.first == 0 || s.bad) {
        stream.reset();
        return -1;
    }
    return s.first - start;
}

struct Many
{
    double eventsPerSecond = nan();
    int errors = 0;
    QString firstError;
};

// n requests at once, each on its own connection: the total rate, and the streams that failed.
Many many(quint16 port, int n, const QByteArray &request, bool door, int timeoutMs)
{
    std::vector<std::unique_ptr<HttpStream>> streams;
    std::vector<Stream> tracks(size_t(n), Stream {});
    for (int i = 0; i < n; ++i) {
        streams.push_back(std::make_unique<HttpStream>(port));
        streams.back()->open();
    }
    const auto all = [&](bool (*f)(const HttpStream &)) {
        return std::all_of(streams.cbegin(), streams.cend(), [f](const auto &s) { return f(*s); });
    };
    waitFor([&] { return all([](const HttpStream &s) { return s.isConnected() || s.failed(); }); },
            20000);
    for (int i = 0; i < n; ++i)
        follow(*streams[size_t(i)], tracks[size_t(i)], door);
    const qint64 start = nowNs();
    for (const auto &stream : streams)
        stream->send(request);
    waitFor([&] { return all([](const HttpStream &s) { return s.responseDone() || s.failed(); }); },
            timeoutMs);
    Many out;
    qint64 events = 0;
    qint64 end = start;
    for (int i = 0; i < n; ++i) {
        const HttpStream &s = *streams[size_t(i)];
        const Stream &t = tracks[size_t(i)];
        events += t.events;
        end = std::max(end, t.last);
        if (s.failed() || !s.responseDone() || s.status() != 200 || t.bad || !t.ended) {
            ++out.errors;
            if (out.firstError.isEmpty())
                out.firstError =
                    QStringLiteral("status %1, %2 events%3")
                        .arg(s.status())
                        .arg(t.events)
                        .arg(s.failed() ? QStringLiteral(", ") + QString::fromUtf8(s.failure())
                                        : QString());
        }
    }
    if (end > start)
        out.eventsPerSecond = double(events) * 1e9 / double(end - start);
    for (const auto &stream : streams)
        stream->onEvent = nullptr;
    return out;
}

QByteArray messagesRequest(quint16 port, const QByteArray &token, int maxTokens)
{
    const QByteArray body =
        "{\"model\":\"fake-model\",\"max_tokens\":" + QByteArray::number(maxTokens)
        + ",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}";
    // The token as Anthropic's SDKs send a key.
    const QByteArray headers = "x-api-key: " + token + "\r\nanthropic-version: 2023-06-01\r\n";
    return httpRequest("POST", "/v1/messages", port, {}, body, headers);
}

QList<double> toMs(const QList<qint64> &ns)
{
    QList<double> ms;
    for (const qint64 v : ns)
        ms.append(nsToMs(v));
    return ms;
}

void measureLatency(Context &ctx)
{
    FakeUpstream fake;
    AttacheProcess attache;
    QString error;
    const int chunks = ctx.mode.ttftChunks; // as the /chat figure: see latency.cpp
    if (!fake.start(ctx.paths, { QStringLiteral("--chunks"), QString::number(chunks) }, &error)
        || !attache.start(ctx.paths, fake.baseUrl(), &error)) {
        ctx.notes.append(QStringLiteral("/v1/messages latency skipped: ") + error);
        return;
    }
    const QByteArray door = messagesRequest(attache.port(), attache.token(), chunks + 16);
    const QByteArray direct = upstreamRequest(fake.port());
    std::unique_ptr<HttpStream> viaDoor;
    std::unique_ptr<HttpStream> straight;
    QList<qint64> through;
    QList<qint64> upstream;
    int failures = 0;
    for (int i = 0; i < WarmUp + ctx.mode.ttftChats && failures < 20; ++i) {
        qint64 a = -1;
        qint64 d = -1;
        if (i % 2) {
            a = firstToken(viaDoor, attache.port(), door, true, ctx.quickAck);
            d = firstToken(straight, fake.port(), direct, false, ctx.quickAck);
        } else {
            d = firstToken(straight, fake.port(), direct, false, ctx.quickAck);
            a = firstToken(viaDoor, attache.port(), door, true, ctx.quickAck);
        }
        if (a < 0 || d < 0) {
            ++failures;
            continue;
        }
        if (i >= WarmUp) {
            through.append(a);
            upstream.append(d);
        }
    }
    Row median { QStringLiteral("messages_ttft_median_ms"),
                 QStringLiteral("/v1/messages: time to first token, median"),
                 QStringLiteral("ms") };
    median.attache = Bench::median(toMs(through));
    median.direct = Bench::median(toMs(upstream));
    median.decimals = 3;
    median.note = QStringLiteral("x-api-key; OpenAI-shaped upstream, Anthropic-shaped events");
    median.extra = { { QStringLiteral("chats"), int(through.size()) },
                     { QStringLiteral("failures"), failures } };
    Row added { QStringLiteral("messages_ttft_added_median_ms"),
                QStringLiteral("  added by Attache, median"), QStringLiteral("ms") };
    added.attache = median.attache - median.direct;
    added.goal = Row::Goal::Below;
    added.target = 0.3;
    added.decimals = 3;
    added.note = QStringLiteral("difference of the medians");
    ctx.rows << median << added;
    if (failures > 0)
        ctx.notes.append(QStringLiteral("/v1/messages: %1 chats failed").arg(failures));
}

void measureStreams(Context &ctx)
{
    const int timeout = ctx.mode.phaseTimeoutMs;
    const int chunks = ctx.mode.streamChunks;
    QStringList problems;
    QList<double> direct;
    QList<double> door;
    bool complete = true;
    {
        FakeUpstream fake;
        QString error;
        if (!fake.start(ctx.paths, { QStringLiteral("--chunks"), QString::number(chunks) },
                        &error)) {
            ctx.notes.append(QStringLiteral("/v1/messages stream skipped: ") + error);
            return;
        }
        for (int rep = 0; rep < ctx.mode.reps; ++rep) {
            AttacheProcess attache;
            if (!attache.start(ctx.paths, fake.baseUrl(), &error)) {
                problems.append(error);
                continue;
            }
            const Many d = many(fake.port(), 1, upstreamRequest(fake.port()), false, timeout);
            const Many a =
                many(attache.port(), 1,
                     messagesRequest(attache.port(), attache.token(), chunks + 16), true, timeout);
            complete = complete && a.errors == 0;
            if (!a.firstError.isEmpty())
                problems.append(a.firstError);
            direct.append(d.eventsPerSecond);
            door.append(a.eventsPerSecond);
            ctx.say(QStringLiteral("  rep %1: direct %2, /v1/messages %3 events/s")
                        .arg(rep + 1)
                        .arg(d.eventsPerSecond, 0, 'f', 0)
                        .arg(a.eventsPerSecond, 0, 'f', 0));
        }
    }
    Row one { QStringLiteral("messages_one_stream_events_per_s"),
              QStringLiteral("/v1/messages: one stream"), QStringLiteral("events/s") };
    one.attache = median(door);
    one.direct = median(direct);
    one.goal = Row::Goal::AtLeast;
    one.target = 400000;
    one.decimals = 0;
    one.complete = complete;
    one.note = QStringLiteral("%1 chunks; every token one content_block_delta").arg(chunks);
    ctx.rows << one;

    const int n = 200;
    const int perStream = ctx.mode.concurrentChunks;
    FakeUpstream fake;
    QString error;
    if (!fake.start(ctx.paths, { QStringLiteral("--chunks"), QString::number(perStream) },
                    &error)) {
        ctx.notes.append(QStringLiteral("/v1/messages concurrency skipped: ") + error);
        return;
    }
    QList<double> directRates;
    QList<double> doorRates;
    int errors = 0;
    for (int rep = 0; rep < ctx.mode.reps; ++rep) {
        AttacheProcess attache;
        if (!attache.start(ctx.paths, fake.baseUrl(), &error)) {
            problems.append(error);
            errors += n;
            continue;
        }
        const Many d = many(fake.port(), n, upstreamRequest(fake.port()), false, timeout);
        const Many a =
            many(attache.port(), n,
                 messagesRequest(attache.port(), attache.token(), perStream + 16), true, timeout);
        errors += a.errors;
        if (!a.firstError.isEmpty())
            problems.append(a.firstError);
        directRates.append(d.eventsPerSecond);
        doorRates.append(a.eventsPerSecond);
        ctx.say(QStringLiteral("  %1 streams, rep %2: direct %3, /v1/messages %4 events/s")
                    .arg(n)
                    .arg(rep + 1)
                    .arg(d.eventsPerSecond, 0, 'f', 0)
                    .arg(a.eventsPerSecond, 0, 'f', 0));
    }
    Row rate { QStringLiteral("messages_concurrent_200_events_per_s"),
               QStringLiteral("/v1/messages: 200 streams, total"), QStringLiteral("events/s") };
    rate.attache = median(doorRates);
    rate.direct = median(directRates);
    rate.decimals = 0;
    rate.note = QStringLiteral("%1 chunks each").arg(perStream);
    Row err { QStringLiteral("messages_concurrent_200_errors"),
              QStringLiteral("  errors (all repetitions)"), QStringLiteral("streams") };
    err.attache = errors;
    err.direct = 0;
    err.goal = Row::Goal::AtMost;
    err.target = 0;
    err.decimals = 0;
    ctx.rows << rate << err;
    if (!problems.isEmpty()) {
        problems.removeDuplicates();
        ctx.notes.append(QStringLiteral("/v1/messages: ") + problems.join(QLatin1String("; ")));
    }
}

} // namespace

void runMessages(Context &ctx)
{
    ctx.say(QStringLiteral("/v1/messages: time to first token over %1 chats, one stream of %2 "
                           "chunks, 200 streams")
                .arg(ctx.mode.ttftChats)
                .arg(ctx.mode.streamChunks));
    measureLatency(ctx);
    measureStreams(ctx);
}

} // namespace Bench
