// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Resident memory an idle open stream costs: 1,000 GET /events streams, then (in a fresh
// Attache) 1,000 WebSockets connected and subscribed. The upstream's figure is the same Qt HTTP
// server holding 1,000 idle keep-alive connections.
#include "httpstream.h"
#include "scenarios.h"
#include "wsstream.h"

#include <QElapsedTimer>

#include <memory>
#include <vector>

namespace Bench {

namespace {

constexpr int Batch = 50;
constexpr int QuietMs = 500;

struct IdleResult
{
    int opened = 0;
    int failed = 0;
    double openSeconds = 0;
    qint64 rssBeforeKb = -1;
    qint64 rssAfterKb = -1;
    double kbPerConnection() const
    {
        return opened > 0 && rssBeforeKb >= 0 && rssAfterKb >= 0
            ? double(rssAfterKb - rssBeforeKb) / opened
            : nan();
    }
};

// Opens one connection first and waits for it, so that what the server sets up once (libraries
// loaded on first use, caches) is not counted per connection; then reads the resident memory,
// opens `total` more in batches, each batch ready before the next, within budgetMs, waits until
// the server has gone quiet and reads its resident memory again. create() is called with
// indexes 0 … total.
IdleResult openIdle(qint64 pid, int total, int budgetMs, const std::function<void(int)> &create,
                    const std::function<int()> &ready, const std::function<int()> &failed,
                    const std::function<qint64()> &bytesIn)
{
    IdleResult result;
    create(0);
    if (!waitFor([&] { return ready() + failed() >= 1; }, 10000) || failed() > 0)
        return result;
    settle(300);
    result.rssBeforeKb = rssKb(pid);
    QElapsedTimer clock;
    clock.start();
    int created = 1;
    for (int round = 0; created <= total && clock.elapsed() < budgetMs && round < total; ++round) {
        const int end = qMin(total + 1, created + Batch);
        for (; created < end; ++created)
            create(created);
        const int left = int(qMax<qint64>(1, budgetMs - clock.elapsed()));
        if (!waitFor([&] { return ready() + failed() >= created; }, qMin(left, 30000)))
            break;
        if (failed() > total / 10)
            break;
    }
    result.openSeconds = double(clock.elapsed()) / 1000.0;
    waitQuiet(bytesIn, QuietMs, 30000);
    result.opened = ready() - 1;
    result.failed = failed();
    result.rssAfterKb = rssKb(pid);
    return result;
}

IdleResult idleSse(qint64 pid, quint16 port, const QByteArray &token, int total, int budgetMs,
                   bool upstream)
{
    std::vector<std::unique_ptr<HttpStream>> streams;
    streams.reserve(size_t(total) + 1);
    const QByteArray request = upstream ? httpRequest("GET", "/v1/models", port, {}, {})
                                        : httpRequest("GET", "/events", port, token, {});
    return openIdle(
        pid, total, budgetMs,
        [&](int) {
            streams.push_back(std::make_unique<HttpStream>(port));
            streams.back()->scanEvents = !upstream;
            streams.back()->send(request);
        },
        [&] {
            int n = 0;
            for (const auto &s : streams)
                n += upstream ? (s->responseDone() && !s->failed())
                              : (s->events() > 0 && !s->failed());
            return n;
        },
        [&] {
            int n = 0;
            for (const auto &s : streams)
                n += s->failed();
            return n;
        },
        [&] {
            qint64 bytes = 0;
            for (const auto &s : streams)
                bytes += s->bytesIn();
            return bytes;
        });
}

IdleResult idleWs(qint64 pid, quint16 port, const QByteArray &token, int total, int budgetMs)
{
    std::vector<std::unique_ptr<WsStream>> sockets;
    std::vector<char> subscribed(static_cast<size_t>(total) + 1, 0);
    sockets.reserve(size_t(total) + 1);
    const QByteArray subscribe = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"subscribe\","
                                 "\"params\":{\"topics\":[\"sessions\"]}}";
    return openIdle(
        pid, total, budgetMs,
        [&](int i) {
            sockets.push_back(std::make_unique<WsStream>(port, token));
            WsStream *ws = sockets.back().get();
            char *done = &subscribed[size_t(i)];
            ws->onOpen = [ws, &subscribe] {
                ws->sendText(subscribe);
            };
            ws->onMessage = [done](QByteArrayView message, qint64) {
                if (message.startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\""))
                    *done = 1;
            };
            ws->open();
        },
        [&] {
            int n = 0;
            for (size_t i = 0; i < sockets.size(); ++i)
                n += subscribed[i] && !sockets[i]->failed();
            return n;
        },
        [&] {
            int n = 0;
            for (const auto &s : sockets)
                n += s->failed();
            return n;
        },
        [&] {
            qint64 bytes = 0;
            for (const auto &s : sockets)
                bytes += s->bytesIn();
            return bytes;
        });
}

} // namespace

void runIdle(Context &ctx)
{
    const int total = ctx.mode.idleConnections;
    ctx.say(QStringLiteral("idle: %1 SSE and %1 WebSocket connections (at most %2 s each to open)")
                .arg(total)
                .arg(ctx.mode.idleBudgetMs / 1000));
    FakeUpstream fake;
    QString error;
    if (!fake.start(ctx.paths, {}, &error)) {
        ctx.notes.append(QStringLiteral("idle phase skipped: ") + error);
        return;
    }
    const IdleResult direct =
        idleSse(fake.pid(), fake.port(), {}, total, ctx.mode.idleBudgetMs, true);
    ctx.say(QStringLiteral("  upstream: %1 idle connections, %2 kB each")
                .arg(direct.opened)
                .arg(direct.kbPerConnection(), 0, 'f', 1));
    fake.stop();

    const auto row = [&](const QString &key, const QString &label, const IdleResult &r) {
        Row out { key, label, QStringLiteral("kB/conn") };
        out.attache = r.kbPerConnection();
        out.direct = direct.kbPerConnection();
        out.goal = Row::Goal::Below;
        out.target = 14;
        out.decimals = 1;
        out.complete = r.opened >= total;
        out.note = r.opened >= total
            ? QStringLiteral("all %1 open in %2 s").arg(total).arg(r.openSeconds, 0, 'f', 1)
            : QStringLiteral("only %1 of %2 open after %3 s")
                  .arg(r.opened)
                  .arg(total)
                  .arg(r.openSeconds, 0, 'f', 1);
        out.extra = { { QStringLiteral("opened"), r.opened },
                      { QStringLiteral("failed"), r.failed },
                      { QStringLiteral("open_seconds"), r.openSeconds },
                      { QStringLiteral("rss_before_kb"), r.rssBeforeKb },
                      { QStringLiteral("rss_after_kb"), r.rssAfterKb },
                      { QStringLiteral("direct_opened"), direct.opened } };
        return out;
    };
    // Past the default cap (4,096 connections), raised in the settings as a user would.
    Paths paths = ctx.paths;
    if (total > 4000)
        paths.maxConnections = total + 100;
    for (const bool overWs : { false, true }) {
        AttacheProcess attache;
        if (!attache.start(paths, QString(), &error)) {
            ctx.notes.append(QStringLiteral("idle: ") + error);
            continue;
        }
        const IdleResult r = overWs
            ? idleWs(attache.pid(), attache.port(), attache.token(), total, ctx.mode.idleBudgetMs)
            : idleSse(attache.pid(), attache.port(), attache.token(), total, ctx.mode.idleBudgetMs,
                      false);
        ctx.say(QStringLiteral("  %1: %2 open in %3 s, RSS %4 → %5 kB")
                    .arg(overWs ? QStringLiteral("WebSocket") : QStringLiteral("SSE"))
                    .arg(r.opened)
                    .arg(r.openSeconds, 0, 'f', 1)
                    .arg(r.rssBeforeKb)
                    .arg(r.rssAfterKb));
        ctx.rows << (overWs ? row(QStringLiteral("idle_ws_kb_per_conn"),
                                  QStringLiteral("idle WebSocket (connected + subscribed)"), r)
                            : row(QStringLiteral("idle_sse_kb_per_conn"),
                                  QStringLiteral("idle SSE (GET /events)"), r));
    }
}

} // namespace Bench
