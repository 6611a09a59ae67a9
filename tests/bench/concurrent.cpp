// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// 50 and 200 streams at once, each in a session of its own: total events per second, the p99 gap
// between two events of one stream, and the streams that did not end well; then, in the Attache
// the most streams came and went through, reconnecting to a run. Last, 1,000 streams at a model's
// pace: how far apart their events arrive.
#include "httpstream.h"
#include "scenarios.h"
#include "wsstream.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <memory>
#include <vector>

namespace Bench {

namespace {

struct Outcome
{
    double eventsPerSecond = nan();
    double p99GapMs = nan(); // per event, from the stream's first token on
    double p99GapWithStartMs = nan(); // per event, the wait for the first token too
    double p99DeliveryGapMs = nan();
    double maxGapMs = nan();
    double firstEventP99Ms = nan(); // request → first event of a stream
    double firstTokenP99Ms =
        nan(); // request → first content event (stream_chunk; any upstream event)
    int errors = 0;
    qint64 events = 0;
    QString firstError;
};

struct Track
{
    qint64 first = 0;
    qint64 firstToken = 0;
    qint64 last = 0;
    qint64 events = 0;
    bool ended = false; // [DONE] (SSE) or stream_end (WebSocket)
    bool bad = false; // an error / cancelled event
};

// Two views of the gaps: per event (events read together are 0 apart, as they arrived), which is
// the target's figure, and per delivery (between two reads that brought events of the stream),
// which shows stalls that a per-event p99 hides. Both count from a stream's first token: read
// straight from the upstream that is its first event, while through Attache stream_start comes
// first, at once, and the wait from it to the first token is the first-token figure, not a gap
// between tokens. withStart keeps that wait in, for the note.
struct Gaps
{
    std::vector<qint64> perEvent;
    std::vector<qint64> perDelivery;
    std::vector<qint64> withStart;
};

// Called before the event may set t.firstToken.
void record(Track &t, Gaps &gaps, qint64 at)
{
    if (t.last == 0) {
        t.first = at;
    } else {
        gaps.withStart.push_back(at - t.last);
        if (t.firstToken != 0) {
            gaps.perEvent.push_back(at - t.last);
            if (at != t.last)
                gaps.perDelivery.push_back(at - t.last);
        }
    }
    t.last = at;
    ++t.events;
}

double p99Ms(std::vector<qint64> &values)
{
    if (values.empty())
        return nan();
    std::sort(values.begin(), values.end());
    const auto rank = size_t(std::ceil(0.99 * double(values.size())));
    return nsToMs(values.at(std::clamp<size_t>(rank, 1, values.size()) - 1));
}

Outcome summarise(qint64 start, const std::vector<Track> &tracks, Gaps &gaps)
{
    Outcome out;
    qint64 end = start;
    QList<double> firsts;
    QList<double> tokens;
    for (const Track &t : tracks) {
        out.events += t.events;
        end = std::max(end, t.last);
        if (t.first > 0)
            firsts.append(nsToMs(t.first - start));
        if (t.firstToken > 0)
            tokens.append(nsToMs(t.firstToken - start));
    }
    out.firstTokenP99Ms = percentile(tokens, 99);
    if (end > start)
        out.eventsPerSecond = double(out.events) * 1e9 / double(end - start);
    out.p99GapMs = p99Ms(gaps.perEvent);
    out.p99GapWithStartMs = p99Ms(gaps.withStart);
    out.p99DeliveryGapMs = p99Ms(gaps.perDelivery);
    if (!gaps.perEvent.empty())
        out.maxGapMs = nsToMs(gaps.perEvent.back()); // sorted by p99Ms
    out.firstEventP99Ms = percentile(firsts, 99);
    return out;
}

Outcome runSse(quint16 port, int n, const std::function<QByteArray(int)> &request, int timeoutMs)
{
    std::vector<std::unique_ptr<HttpStream>> streams;
    std::vector<Track> tracks(static_cast<size_t>(n));
    Gaps gaps;
    gaps.perEvent.reserve(size_t(n) * 2048);
    gaps.withStart.reserve(size_t(n) * 2048);
    for (int i = 0; i < n; ++i) {
        streams.push_back(std::make_unique<HttpStream>(port));
        streams.back()->open();
    }
    const auto all = [&](const std::function<bool(const HttpStream &)> &f) {
        return std::all_of(streams.cbegin(), streams.cend(), [&f](const auto &s) { return f(*s); });
    };
    waitFor([&] { return all([](const HttpStream &s) { return s.isConnected() || s.failed(); }); },
            20000);
    for (int i = 0; i < n; ++i) {
        Track *t = &tracks[size_t(i)];
        streams[size_t(i)]->onEvent = [t, &gaps](QByteArrayView data, qint64 at) {
            if (data == "[DONE]") {
                t->ended = true;
                return;
            }
            record(*t, gaps, at);
            const QByteArrayView type = envelopeType(data);
            if (t->firstToken == 0
                && (type.isEmpty() || type == "stream_chunk")) // upstream chunks have no type
                t->firstToken = at;
            if (type == "error" || type == "cancelled")
                t->bad = true;
        };
    }
    const qint64 start = nowNs();
    for (int i = 0; i < n; ++i)
        streams[size_t(i)]->send(request(i));
    waitFor([&] { return all([](const HttpStream &s) { return s.responseDone() || s.failed(); }); },
            timeoutMs);
    Outcome out = summarise(start, tracks, gaps);
    for (int i = 0; i < n; ++i) {
        const HttpStream &s = *streams[size_t(i)];
        const Track &t = tracks[size_t(i)];
        if (s.failed() || !s.responseDone() || s.status() != 200 || t.bad || !t.ended) {
            ++out.errors;
            if (out.firstError.isEmpty())
                out.firstError = s.failed()
                    ? QString::fromUtf8(s.failure())
                    : QStringLiteral("status %1, %2 events, %3")
                          .arg(s.status())
                          .arg(t.events)
                          .arg(s.responseDone() ? QStringLiteral("ended")
                                                : QStringLiteral("timed out"));
        }
    }
    return out;
}

Outcome runWs(quint16 port, const QByteArray &token, int n, int timeoutMs, double *settleMs)
{
    std::vector<std::unique_ptr<WsStream>> sockets;
    std::vector<Track> tracks(static_cast<size_t>(n));
    Gaps gaps;
    gaps.perEvent.reserve(size_t(n) * 2048);
    gaps.withStart.reserve(size_t(n) * 2048);
    for (int i = 0; i < n; ++i) {
        sockets.push_back(std::make_unique<WsStream>(port, token));
        sockets.back()->open();
    }
    const auto all = [&](const std::function<bool(const WsStream &)> &f) {
        return std::all_of(sockets.cbegin(), sockets.cend(), [&f](const auto &s) { return f(*s); });
    };
    const qint64 connecting = nowNs();
    waitFor([&] { return all([](const WsStream &s) { return s.isOpen() || s.failed(); }); }, 20000);
    // Every arrival is announced to every client (presence); let that settle before measuring.
    waitQuiet(
        [&] {
            qint64 bytes = 0;
            for (const auto &s : sockets)
                bytes += s->bytesIn();
            return bytes;
        },
        300, 60000);
    *settleMs = nsToMs(nowNs() - connecting);
    for (int i = 0; i < n; ++i) {
        Track *t = &tracks[size_t(i)];
        sockets[size_t(i)]->onMessage = [t, &gaps](QByteArrayView message, qint64 at) {
            if (!message.startsWith(WsEventPrefix))
                return;
            record(*t, gaps, at);
            const QByteArrayView type = envelopeType(message.sliced(WsEventPrefix.size()));
            if (t->firstToken == 0 && type == "stream_chunk")
                t->firstToken = at;
            if (type == "stream_end") {
                t->ended = true;
            } else if (type == "error" || type == "cancelled") {
                t->ended = true;
                t->bad = true;
            }
        };
    }
    const qint64 start = nowNs();
    for (int i = 0; i < n; ++i)
        sockets[size_t(i)]->sendText(
            wsChat(1, "bench-ws-" + QByteArray::number(n) + '-' + QByteArray::number(i)));
    waitFor(
        [&] {
            return std::all_of(tracks.cbegin(), tracks.cend(),
                               [](const Track &t) { return t.ended; })
                || all([](const WsStream &s) { return s.failed(); });
        },
        timeoutMs);
    Outcome out = summarise(start, tracks, gaps);
    for (int i = 0; i < n; ++i) {
        const Track &t = tracks[size_t(i)];
        if (t.bad || !t.ended) {
            ++out.errors;
            if (out.firstError.isEmpty())
                out.firstError = sockets[size_t(i)]->failed()
                    ? QString::fromUtf8(sockets[size_t(i)]->failure())
                    : QStringLiteral("%1 events, %2")
                          .arg(t.events)
                          .arg(t.bad ? QStringLiteral("error event") : QStringLiteral("timed out"));
        }
    }
    return out;
}

/** The median of one figure over the repetitions. */
double pick(const QList<Outcome> &list, double Outcome::*field)
{
    QList<double> values;
    for (const Outcome &o : list)
        values.append(o.*field);
    return median(values);
}

/** Streams that did not end well, over every repetition. */
double errorsIn(const QList<Outcome> &list)
{
    int sum = 0;
    for (const Outcome &o : list)
        sum += o.errors;
    return double(sum);
}

/** The first error of the last repetition of each list, for the notes. */
void noteLastErrors(std::initializer_list<const QList<Outcome> *> lists, QStringList *problems)
{
    for (const QList<Outcome> *list : lists) {
        if (!list->isEmpty() && !list->constLast().firstError.isEmpty())
            problems->append(list->constLast().firstError);
    }
}

} // namespace

void runConcurrent(Context &ctx)
{
    const int chunks = ctx.mode.concurrentChunks;
    FakeUpstream fake;
    QString error;
    if (!fake.start(ctx.paths, { QStringLiteral("--chunks"), QString::number(chunks) }, &error)) {
        ctx.notes.append(QStringLiteral("concurrency phase skipped: ") + error);
        return;
    }
    const int timeout = ctx.mode.phaseTimeoutMs;
    Reconnects afterStreams;
    afterStreams.skipped = QStringLiteral("Attache did not start");
    for (const int n : std::as_const(ctx.mode.concurrentStreams)) {
        ctx.say(QStringLiteral("concurrency: %1 streams of %2 chunks, %3 repetitions")
                    .arg(n)
                    .arg(chunks)
                    .arg(ctx.mode.reps));
        QList<Outcome> direct;
        QList<Outcome> sse;
        QList<Outcome> ws;
        QList<Outcome> gateway; // the largest count only
        QList<double> settle;
        QStringList problems;
        for (int rep = 0; rep < ctx.mode.reps; ++rep) {
            direct.append(runSse(
                fake.port(), n, [&fake](int) { return upstreamRequest(fake.port()); }, timeout));
            AttacheProcess attache;
            if (attache.start(ctx.paths, fake.baseUrl(), &error)) {
                const quint16 port = attache.port();
                const QByteArray token = attache.token();
                sse.append(runSse(
                    port, n,
                    [port, token, n](int i) {
                        return chatRequest(port, token,
                                           "bench-sse-" + QByteArray::number(n) + '-'
                                               + QByteArray::number(i));
                    },
                    timeout));
                // Replay is looked up among every run the streams left behind.
                if (n == ctx.mode.concurrentStreams.constLast() && rep == 0)
                    afterStreams = measureReconnects(
                        port, token, fake.port(), ctx.mode.reconnects / 2, "bench-reconnect-after");
            } else {
                problems.append(error);
            }
            if (n == ctx.mode.concurrentStreams.constLast()
                && attache.start(ctx.paths, fake.baseUrl(), &error)) {
                const quint16 port = attache.port();
                const QByteArray token = attache.token();
                gateway.append(runSse(
                    port, n, [port, token](int) { return gatewayRequest(port, token); }, timeout));
                if (!gateway.constLast().firstError.isEmpty())
                    problems.append(QStringLiteral("/v1 gateway: ")
                                    + gateway.constLast().firstError);
            }
            if (attache.start(ctx.paths, fake.baseUrl(), &error)) {
                double settleMs = 0;
                ws.append(runWs(attache.port(), attache.token(), n, timeout, &settleMs));
                settle.append(settleMs);
            } else {
                problems.append(error);
            }
            noteLastErrors({ &direct, &sse, &ws }, &problems);
            ctx.say(QStringLiteral("  rep %1: direct %2, SSE %3, WebSocket %4 events/s")
                        .arg(rep + 1)
                        .arg(direct.constLast().eventsPerSecond, 0, 'f', 0)
                        .arg(sse.isEmpty() ? nan() : sse.constLast().eventsPerSecond, 0, 'f', 0)
                        .arg(ws.isEmpty() ? nan() : ws.constLast().eventsPerSecond, 0, 'f', 0));
        }
        const bool big = n == 200;
        const QString count = QString::number(n);
        for (const bool overWs : { false, true }) {
            const QList<Outcome> &mine = overWs ? ws : sse;
            const QString transport = overWs ? QStringLiteral("ws") : QStringLiteral("sse");
            const QString name = overWs ? QStringLiteral("WebSocket") : QStringLiteral("SSE");
            const QString prefix = QStringLiteral("concurrent_%1_%2_").arg(count, transport);
            Row rate { prefix + QStringLiteral("events_per_s"),
                       QStringLiteral("%1 %2 streams, total").arg(count, name),
                       QStringLiteral("events/s") };
            rate.attache = pick(mine, &Outcome::eventsPerSecond);
            rate.direct = pick(direct, &Outcome::eventsPerSecond);
            rate.decimals = 0;
            if (big) {
                rate.goal = Row::Goal::AtLeast;
                rate.target = overWs ? 210000 : 300000;
            }
            if (overWs)
                rate.note = QStringLiteral("direct: the upstream over SSE (it has no WebSocket)");
            rate.extra = { { QStringLiteral("chunks_per_stream"), chunks },
                           { QStringLiteral("max_gap_ms"), pick(mine, &Outcome::maxGapMs) },
                           { QStringLiteral("first_event_p99_ms"),
                             pick(mine, &Outcome::firstEventP99Ms) },
                           { QStringLiteral("direct_first_event_p99_ms"),
                             pick(direct, &Outcome::firstEventP99Ms) } };
            if (overWs)
                rate.extra.insert(QStringLiteral("connect_settle_ms"), median(settle));
            Row gap { prefix + QStringLiteral("p99_gap_ms"),
                      QStringLiteral("  p99 gap between events"), QStringLiteral("ms") };
            gap.extra = {
                { QStringLiteral("definition"),
                  QStringLiteral("p99 over all events of all streams, from each stream's first "
                                 "token on, of the time since the previous event of the same "
                                 "stream, as read") },
                { QStringLiteral("p99_gap_with_start_ms"),
                  pick(mine, &Outcome::p99GapWithStartMs) },
                { QStringLiteral("p99_delivery_gap_ms"), pick(mine, &Outcome::p99DeliveryGapMs) },
                { QStringLiteral("direct_p99_delivery_gap_ms"),
                  pick(direct, &Outcome::p99DeliveryGapMs) },
                { QStringLiteral("max_gap_ms"), pick(mine, &Outcome::maxGapMs) },
                { QStringLiteral("direct_max_gap_ms"), pick(direct, &Outcome::maxGapMs) }
            };
            gap.attache = pick(mine, &Outcome::p99GapMs);
            gap.direct = pick(direct, &Outcome::p99GapMs);
            gap.decimals = 2;
            if (big) {
                gap.goal = Row::Goal::Below;
                gap.target = 5;
            }
            gap.note = QStringLiteral("between reads p99 %1 ms (direct %2), max %3 ms (direct %4)")
                           .arg(pick(mine, &Outcome::p99DeliveryGapMs), 0, 'f', 1)
                           .arg(pick(direct, &Outcome::p99DeliveryGapMs), 0, 'f', 1)
                           .arg(pick(mine, &Outcome::maxGapMs), 0, 'f', 0)
                           .arg(pick(direct, &Outcome::maxGapMs), 0, 'f', 0);
            Row err { prefix + QStringLiteral("errors"),
                      QStringLiteral("  errors (all repetitions)"), QStringLiteral("streams") };
            err.attache = mine.isEmpty() ? nan() : errorsIn(mine);
            err.direct = errorsIn(direct);
            err.decimals = 0;
            if (big) {
                err.goal = Row::Goal::AtMost;
                err.target = 0;
            }
            Row wait { prefix + QStringLiteral("first_token_p99_ms"),
                       QStringLiteral("  p99 wait for a stream's 1st token"),
                       QStringLiteral("ms") };
            wait.attache = pick(mine, &Outcome::firstTokenP99Ms);
            wait.direct = pick(direct, &Outcome::firstTokenP99Ms);
            wait.decimals = 1;
            wait.note = QStringLiteral("all %1 requests sent at once").arg(count);
            ctx.rows << rate << gap << wait << err;
        }
        if (!gateway.isEmpty()) {
            const QString prefix = QStringLiteral("concurrent_%1_gateway_").arg(count);
            Row rate { prefix + QStringLiteral("events_per_s"),
                       QStringLiteral("%1 /v1 gateway streams, total").arg(count),
                       QStringLiteral("events/s") };
            rate.attache = pick(gateway, &Outcome::eventsPerSecond);
            rate.direct = pick(direct, &Outcome::eventsPerSecond);
            rate.decimals = 0;
            rate.note = QStringLiteral("POST /v1/chat/completions, streamed");
            Row err { prefix + QStringLiteral("errors"),
                      QStringLiteral("  errors (all repetitions)"), QStringLiteral("streams") };
            err.attache = errorsIn(gateway);
            err.direct = errorsIn(direct);
            err.decimals = 0;
            err.goal = Row::Goal::AtMost;
            err.target = 0;
            ctx.rows << rate << err;
        }
        if (!problems.isEmpty()) {
            problems.removeDuplicates();
            ctx.notes.append(QStringLiteral("%1 streams: ").arg(n)
                             + problems.join(QLatin1String("; ")));
        }
    }
    if (!ctx.mode.concurrentStreams.isEmpty())
        addReconnectRows(
            ctx, afterStreams, QStringLiteral("reconnect_after_streams_"),
            QStringLiteral(" after %1 streams").arg(ctx.mode.concurrentStreams.constLast()));
}

void runPaced(Context &ctx)
{
    // At full speed a thousand streams saturate both cores, and the time between two reads of
    // one stream is the time a round over all of them takes, read straight from the upstream
    // too. A model streams some tens of tokens a second: at that pace the gap between events is
    // what Attache adds to the upstream's own rhythm.
    const int n = ctx.mode.pacedStreams;
    const int chunks = ctx.mode.pacedChunks;
    const int delay = ctx.mode.pacedDelayMs;
    FakeUpstream fake;
    QString error;
    if (!fake.start(ctx.paths,
                    { QStringLiteral("--chunks"), QString::number(chunks),
                      QStringLiteral("--delay-ms"), QString::number(delay) },
                    &error)) {
        ctx.notes.append(QStringLiteral("paced phase skipped: ") + error);
        return;
    }
    ctx.say(QStringLiteral("paced: %1 streams of %2 chunks, one every %3 ms, %4 repetitions")
                .arg(n)
                .arg(chunks)
                .arg(delay)
                .arg(ctx.mode.pacedReps));
    const int timeout = ctx.mode.phaseTimeoutMs + chunks * delay;
    QList<Outcome> direct;
    QList<Outcome> sse;
    QList<Outcome> ws;
    QStringList problems;
    for (int rep = 0; rep < ctx.mode.pacedReps; ++rep) {
        direct.append(runSse(
            fake.port(), n, [&fake](int) { return upstreamRequest(fake.port()); }, timeout));
        AttacheProcess attache;
        if (attache.start(ctx.paths, fake.baseUrl(), &error)) {
            const quint16 port = attache.port();
            const QByteArray token = attache.token();
            sse.append(runSse(
                port, n,
                [port, token](int i) {
                    return chatRequest(port, token, "bench-paced-" + QByteArray::number(i));
                },
                timeout));
        } else {
            problems.append(error);
        }
        if (attache.start(ctx.paths, fake.baseUrl(), &error)) {
            double settleMs = 0;
            ws.append(runWs(attache.port(), attache.token(), n, timeout, &settleMs));
        } else {
            problems.append(error);
        }
        noteLastErrors({ &direct, &sse, &ws }, &problems);
        ctx.say(QStringLiteral("  rep %1: p99 gap direct %2, SSE %3 (from stream_start %5), "
                               "WebSocket %4 (%6) ms")
                    .arg(rep + 1)
                    .arg(direct.constLast().p99GapMs, 0, 'f', 1)
                    .arg(sse.isEmpty() ? nan() : sse.constLast().p99GapMs, 0, 'f', 1)
                    .arg(ws.isEmpty() ? nan() : ws.constLast().p99GapMs, 0, 'f', 1)
                    .arg(sse.isEmpty() ? nan() : sse.constLast().p99GapWithStartMs, 0, 'f', 1)
                    .arg(ws.isEmpty() ? nan() : ws.constLast().p99GapWithStartMs, 0, 'f', 1));
    }
    const bool standard = n == 1000;
    for (const bool overWs : { false, true }) {
        const QList<Outcome> &mine = overWs ? ws : sse;
        const QString transport = overWs ? QStringLiteral("ws") : QStringLiteral("sse");
        const QString prefix = QStringLiteral("paced_%1_%2_").arg(n).arg(transport);
        Row gap { prefix + QStringLiteral("p99_gap_ms"),
                  QStringLiteral("%1 %2 streams, a token every %3 ms: p99 gap between events")
                      .arg(n)
                      .arg(overWs ? QStringLiteral("WebSocket") : QStringLiteral("SSE"))
                      .arg(delay),
                  QStringLiteral("ms") };
        gap.attache = pick(mine, &Outcome::p99GapMs);
        gap.direct = pick(direct, &Outcome::p99GapMs);
        gap.decimals = 1;
        if (standard) {
            gap.goal = Row::Goal::Below;
            gap.target = 50;
        }
        gap.note = QStringLiteral("%1 tokens each, all sent at once; from stream_start %6 ms; max "
                                  "%2 ms (direct %3); p99 wait for the 1st token %4 ms (direct %5)")
                       .arg(chunks)
                       .arg(pick(mine, &Outcome::maxGapMs), 0, 'f', 0)
                       .arg(pick(direct, &Outcome::maxGapMs), 0, 'f', 0)
                       .arg(pick(mine, &Outcome::firstTokenP99Ms), 0, 'f', 0)
                       .arg(pick(direct, &Outcome::firstTokenP99Ms), 0, 'f', 0)
                       .arg(pick(mine, &Outcome::p99GapWithStartMs), 0, 'f', 1);
        gap.extra = {
            { QStringLiteral("p99_gap_with_start_ms"), pick(mine, &Outcome::p99GapWithStartMs) },
            { QStringLiteral("streams"), n },
            { QStringLiteral("chunks_per_stream"), chunks },
            { QStringLiteral("delay_ms"), delay },
            { QStringLiteral("max_gap_ms"), pick(mine, &Outcome::maxGapMs) },
            { QStringLiteral("direct_max_gap_ms"), pick(direct, &Outcome::maxGapMs) },
            { QStringLiteral("first_token_p99_ms"), pick(mine, &Outcome::firstTokenP99Ms) },
            { QStringLiteral("events_per_s"), pick(mine, &Outcome::eventsPerSecond) }
        };
        Row err { prefix + QStringLiteral("errors"), QStringLiteral("  errors (all repetitions)"),
                  QStringLiteral("streams") };
        err.attache = mine.isEmpty() ? nan() : errorsIn(mine);
        err.direct = errorsIn(direct);
        err.decimals = 0;
        if (standard) {
            err.goal = Row::Goal::AtMost;
            err.target = 0;
        }
        ctx.rows << gap << err;
    }
    if (!problems.isEmpty()) {
        problems.removeDuplicates();
        ctx.notes.append(QStringLiteral("paced streams: ") + problems.join(QLatin1String("; ")));
    }
}

} // namespace Bench
