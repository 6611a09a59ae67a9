// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Latency figures: time to the first token of sequential chats, and reconnecting to a finished
// run (Last-Event-ID on SSE, resume on WebSocket), each beside the upstream's own figure.
#include "httpstream.h"
#include "scenarios.h"
#include "wsstream.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

#include <memory>

namespace Bench {

namespace {

constexpr int RequestTimeoutMs = 10000;
constexpr int WarmUp = 10;

bool isUpstreamToken(QByteArrayView data)
{
    return data.indexOf("\"content\":\"") >= 0;
}

// One request on a keep-alive connection: the time from sending it to the first token, then
// waits for the whole response. -1 when it failed (the connection is then replaced).
qint64 firstToken(std::unique_ptr<HttpStream> &stream, quint16 port, const QByteArray &request,
                  bool viaAttache, bool quickAck, qint64 *firstEvent = nullptr)
{
    if (!stream || stream->failed()) {
        stream = std::make_unique<HttpStream>(port);
        stream->quickAck = quickAck;
        stream->open();
        if (!waitFor([&] { return stream->isConnected() || stream->failed(); }, RequestTimeoutMs)
            || !stream->isConnected())
            return -1;
    }
    qint64 first = -1;
    qint64 any = -1;
    stream->onEvent = [&first, &any, viaAttache](QByteArrayView data, qint64 at) {
        if (any < 0)
            any = at;
        if (first >= 0)
            return;
        if (viaAttache ? envelopeType(data) == "stream_chunk" : isUpstreamToken(data))
            first = at;
    };
    const qint64 start = nowNs();
    stream->send(request);
    const bool ended =
        waitFor([&] { return stream->responseDone() || stream->failed(); }, RequestTimeoutMs);
    stream->onEvent = nullptr;
    if (!ended || stream->failed() || stream->status() != 200 || first < 0) {
        stream.reset();
        return -1;
    }
    if (firstEvent)
        *firstEvent = any - start;
    return first - start;
}

QList<double> toMs(const QList<qint64> &ns)
{
    QList<double> ms;
    ms.reserve(ns.size());
    for (const qint64 v : ns)
        ms.append(nsToMs(v));
    return ms;
}

// The first token through a minimal Node.js relay (noderelay.js) and straight from the upstream,
// alternated as the Attache chats are: the floor the targets were set against, in the same hour.
// Empty when node is not installed.
struct RelayFigures
{
    QList<qint64> relay;
    QList<qint64> direct;
    QString skipped; // why there are none
};

RelayFigures measureNodeRelay(const Context &ctx, quint16 upstreamPort)
{
    RelayFigures figures;
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty()) {
        figures.skipped = QStringLiteral("node is not installed");
        return figures;
    }
    FakeUpstream relay;
    const QString script = QString::fromUtf8(ATTACHE_SOURCE_DIR "/tests/bench/noderelay.js");
    if (!relay.start(node, { script, QString::number(upstreamPort) }, ctx.paths.startTimeoutMs,
                     &figures.skipped))
        return figures;
    const QByteArray viaRelay = upstreamRequest(relay.port());
    const QByteArray direct = upstreamRequest(upstreamPort);
    std::unique_ptr<HttpStream> throughRelay;
    std::unique_ptr<HttpStream> straight;
    int failures = 0;
    const int warmUp = 5 * WarmUp; // its compiler settles on the hot path
    for (int i = 0; i < warmUp + ctx.mode.ttftChats && failures < 20; ++i) {
        qint64 r = -1;
        qint64 d = -1;
        if (i % 2) {
            r = firstToken(throughRelay, relay.port(), viaRelay, false, ctx.quickAck);
            d = firstToken(straight, upstreamPort, direct, false, ctx.quickAck);
        } else {
            d = firstToken(straight, upstreamPort, direct, false, ctx.quickAck);
            r = firstToken(throughRelay, relay.port(), viaRelay, false, ctx.quickAck);
        }
        if (r < 0 || d < 0) {
            ++failures;
            continue;
        }
        if (i >= warmUp) {
            figures.relay.append(r);
            figures.direct.append(d);
        }
    }
    if (figures.relay.isEmpty())
        figures.skipped = QStringLiteral("every chat through the Node.js relay failed");
    return figures;
}

} // namespace

QByteArray chatRequest(quint16 port, const QByteArray &token, const QByteArray &session)
{
    const QByteArray body =
        "{\"message\":\"Say hello.\",\"stream\":true,\"session\":" + jsonQuote(session) + '}';
    return httpRequest("POST", "/chat", port, token, body);
}

QByteArray upstreamRequest(quint16 port)
{
    static const QByteArray body = "{\"model\":\"fake-model\",\"stream\":true,\"messages\":"
                                   "[{\"role\":\"user\",\"content\":\"Say hello.\"}]}";
    return httpRequest("POST", "/v1/chat/completions", port, {}, body);
}

QByteArray gatewayRequest(quint16 port, const QByteArray &token)
{
    static const QByteArray body = "{\"model\":\"fake-model\",\"stream\":true,\"messages\":"
                                   "[{\"role\":\"user\",\"content\":\"Say hello.\"}]}";
    return httpRequest("POST", "/v1/chat/completions", port, token, body);
}

QByteArray wsChat(int id, const QByteArray &session)
{
    return "{\"jsonrpc\":\"2.0\",\"id\":" + QByteArray::number(id)
        + ",\"method\":\"chat\",\"params\":{\"message\":\"Say hello.\",\"session\":"
        + jsonQuote(session) + "}}";
}

namespace {

// The same through the OpenAI-compatible /v1 gateway: the upstream's own request, with no
// session, alternated with the upstream read directly as the /chat figures are.
void measureGateway(Context &ctx, const AttacheProcess &attache, quint16 upstreamPort)
{
    const QByteArray request = gatewayRequest(attache.port(), attache.token());
    const QByteArray direct = upstreamRequest(upstreamPort);
    std::unique_ptr<HttpStream> viaGateway;
    std::unique_ptr<HttpStream> straight;
    QList<qint64> through;
    QList<qint64> upstream;
    int failures = 0;
    for (int i = 0; i < WarmUp + ctx.mode.ttftChats && failures < 20; ++i) {
        qint64 g = -1;
        qint64 d = -1;
        if (i % 2) {
            g = firstToken(viaGateway, attache.port(), request, false, ctx.quickAck);
            d = firstToken(straight, upstreamPort, direct, false, ctx.quickAck);
        } else {
            d = firstToken(straight, upstreamPort, direct, false, ctx.quickAck);
            g = firstToken(viaGateway, attache.port(), request, false, ctx.quickAck);
        }
        if (g < 0 || d < 0) {
            ++failures;
            continue;
        }
        if (i >= WarmUp) {
            through.append(g);
            upstream.append(d);
        }
    }
    Row median { QStringLiteral("ttft_gateway_median_ms"),
                 QStringLiteral("time to first token, /v1 gateway, median"), QStringLiteral("ms") };
    median.attache = Bench::median(toMs(through));
    median.direct = Bench::median(toMs(upstream));
    median.decimals = 3;
    median.note = QStringLiteral("POST /v1/chat/completions, no session");
    median.extra = { { QStringLiteral("chats"), int(through.size()) },
                     { QStringLiteral("failures"), failures } };
    Row added { QStringLiteral("ttft_gateway_added_median_ms"),
                QStringLiteral("  added by the /v1 gateway, median"), QStringLiteral("ms") };
    added.attache = median.attache - median.direct;
    added.goal = Row::Goal::Below;
    added.target = 0.3;
    added.decimals = 3;
    added.note = QStringLiteral("difference of the medians");
    ctx.rows << median << added;
    if (failures > 0)
        ctx.notes.append(
            QStringLiteral("time to first token, /v1 gateway: %1 chats failed").arg(failures));
}

} // namespace

void runLatency(Context &ctx)
{
    ctx.say(
        QStringLiteral("latency: time to first token over %1 sequential chats, then %2 reconnects")
            .arg(ctx.mode.ttftChats)
            .arg(ctx.mode.reconnects));
    FakeUpstream fake;
    AttacheProcess attache;
    QString error;
    // Replies of 1,024 tokens written as fast as the fake can (one pass, one write), as the
    // figures have always been taken. (The fake writes the head and the body apart, with
    // TCP_NODELAY as providers' servers do; without it a short reply waited for the reader's
    // delayed ACK, 20–40 ms, which is what `attache chat` met in the cli phase.)
    const int ttftChunks = ctx.mode.ttftChunks;
    const QStringList fakeArgs { QStringLiteral("--chunks"), QString::number(ttftChunks) };
    if (!fake.start(ctx.paths, fakeArgs, &error)
        || !attache.start(ctx.paths, fake.baseUrl(), &error)) {
        ctx.notes.append(QStringLiteral("latency phase skipped: ") + error);
        return;
    }
    const QByteArray token = attache.token();
    const QByteArray direct = upstreamRequest(fake.port());
    std::unique_ptr<HttpStream> viaAttache;
    std::unique_ptr<HttpStream> straight;

    // Time to first token. Every chat gets a session of its own, so the upstream request does not
    // grow with the history; the two sides alternate which goes first.
    QList<qint64> through;
    QList<qint64> upstream;
    QList<qint64> starts; // request → stream_start, through Attache
    QList<qint64> afterChat; // through Attache right after a chat through Attache (odd i)
    QList<qint64> afterDirect; // through Attache right after one straight to the upstream
    int failures = 0;
    const int total = WarmUp + ctx.mode.ttftChats;
    for (int i = 0; i < total && failures < 20; ++i) {
        const QByteArray request =
            chatRequest(attache.port(), token, "bench-ttft-" + QByteArray::number(i));
        qint64 a = -1;
        qint64 d = -1;
        qint64 s = -1;
        if (i % 2) {
            a = firstToken(viaAttache, attache.port(), request, true, ctx.quickAck, &s);
            d = firstToken(straight, fake.port(), direct, false, ctx.quickAck);
        } else {
            d = firstToken(straight, fake.port(), direct, false, ctx.quickAck);
            a = firstToken(viaAttache, attache.port(), request, true, ctx.quickAck, &s);
        }
        if (a < 0 || d < 0) {
            ++failures;
            continue;
        }
        if (i >= WarmUp) {
            through.append(a);
            upstream.append(d);
            starts.append(s);
            (i % 2 ? afterChat : afterDirect).append(a);
        }
    }
    const QList<double> a = toMs(through);
    const QList<double> d = toMs(upstream);
    Row median { QStringLiteral("ttft_median_ms"), QStringLiteral("time to first token, median"),
                 QStringLiteral("ms") };
    median.attache = Bench::median(a);
    median.direct = Bench::median(d);
    median.decimals = 3;
    median.note = QStringLiteral("replies of %1 tokens, upstream at full speed").arg(ttftChunks);
    median.extra = {
        { QStringLiteral("chats"), int(a.size()) },
        { QStringLiteral("failures"), failures },
        { QStringLiteral("reply_tokens"), ttftChunks },
        { QStringLiteral("client_quick_ack"), ctx.quickAck },
        { QStringLiteral("stream_start_median_ms"), Bench::median(toMs(starts)) },
        { QStringLiteral("median_right_after_a_chat_ms"), Bench::median(toMs(afterChat)) },
        { QStringLiteral("median_right_after_direct_ms"), Bench::median(toMs(afterDirect)) }
    };
    median.note +=
        QStringLiteral("; stream_start after %1 ms").arg(Bench::median(toMs(starts)), 0, 'f', 3);
    Row added { QStringLiteral("ttft_added_median_ms"),
                QStringLiteral("  added by Attache, median"), QStringLiteral("ms") };
    added.attache = median.attache - median.direct;
    added.goal = Row::Goal::Below;
    added.target = 0.3;
    added.decimals = 3;
    added.note = QStringLiteral("difference of the medians");
    Row p99 { QStringLiteral("ttft_p99_ms"), QStringLiteral("time to first token, p99"),
              QStringLiteral("ms") };
    p99.attache = percentile(a, 99);
    p99.direct = percentile(d, 99);
    p99.decimals = 3;
    Row addedP99 { QStringLiteral("ttft_added_p99_ms"), QStringLiteral("  added by Attache, p99"),
                   QStringLiteral("ms") };
    addedP99.attache = p99.attache - p99.direct;
    addedP99.decimals = 3;
    ctx.say(QStringLiteral("latency: the same through a minimal Node.js relay"));
    const RelayFigures node = measureNodeRelay(ctx, fake.port());
    if (node.relay.isEmpty()) {
        added.extra.insert(QStringLiteral("node_relay_skipped"), node.skipped);
    } else {
        const double nodeAdded = Bench::median(toMs(node.relay)) - Bench::median(toMs(node.direct));
        added.note +=
            QStringLiteral("; a minimal Node.js relay adds %1 ms").arg(nodeAdded, 0, 'f', 3);
        added.extra.insert(QStringLiteral("node_relay_added_median_ms"), nodeAdded);
        added.extra.insert(QStringLiteral("node_relay_ttft_median_ms"),
                           Bench::median(toMs(node.relay)));
        added.extra.insert(QStringLiteral("node_relay_direct_median_ms"),
                           Bench::median(toMs(node.direct)));
        added.extra.insert(QStringLiteral("node_relay_chats"), int(node.relay.size()));
    }
    ctx.rows << median << added << p99 << addedP99;
    if (failures > 0)
        ctx.notes.append(QStringLiteral("time to first token: %1 chats failed").arg(failures));
    measureGateway(ctx, attache, fake.port());

    // Reconnect to a finished run: replay after its first event.
    addReconnectRows(ctx,
                     measureReconnects(attache.port(), token, fake.port(), ctx.mode.reconnects,
                                       "bench-reconnect"),
                     QStringLiteral("reconnect_"), QString());
}

} // namespace Bench
