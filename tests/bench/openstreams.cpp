// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Resident memory an open chat stream costs, with its run, its session and its upstream
// connection: 1,000 `POST /chat` streams, then (in a fresh Attache) 1,000 WebSockets each with a
// `chat` of its own, every one in a session of its own and held by the upstream after its first
// chunk. The upstream is the fake provider started with --hold-after 1: every reply sends one
// chunk, then waits until POST /_fake/release lets every held reply go on. Its own figure is the
// fake's resident memory per held stream.
#include "httpstream.h"
#include "scenarios.h"
#include "wsstream.h"

#include <QElapsedTimer>
#include <QTcpSocket>

#include <memory>
#include <vector>

namespace Bench {

namespace {

constexpr int Batch = 50;
constexpr int QuietMs = 500;

/** POST /_fake/release: every held reply goes on. */
bool releaseHeld(quint16 port, int timeoutMs, QString *error)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    QByteArray answer;
    if (socket.waitForConnected(timeoutMs)) {
        socket.write(
            httpRequest("POST", "/_fake/release", port, {}, "{}", "Connection: close\r\n"));
        while (socket.waitForReadyRead(timeoutMs))
            answer += socket.readAll();
        answer += socket.readAll();
    }
    if (answer.startsWith("HTTP/1.1 200"))
        return true;
    *error = QStringLiteral("the fake upstream did not release its replies: ")
        + (answer.isEmpty() ? socket.errorString() : QString::fromUtf8(answer.left(200)));
    return false;
}

/** Where a stream is: its first stream_chunk read, its stream_end read, or gone wrong. */
struct Track
{
    bool chunk = false;
    bool ended = false;
    bool bad = false; // an error or cancelled event, an RPC error, a refused request
};

/** The streams of one transport, as the measurement drives them. */
class Streams
{
public:
    virtual ~Streams() = default;
    /** Starts stream i (0 … total), in a session of its own. */
    virtual void create(int i) = 0;
    virtual bool failed(int i) const = 0;
    virtual qint64 bytesIn(int i) const = 0;
    /** Why stream i failed, if it did ("" when it only did not end). */
    virtual QByteArray failure(int i) const = 0;
    /** Stream i is over (ended or not): no more event will come. */
    virtual bool over(int i) const = 0;

    int count() const { return int(tracks.size()); }
    bool ready(int i) const { return tracks[size_t(i)].chunk && !gone(i); }
    bool gone(int i) const { return failed(i) || tracks[size_t(i)].bad; }
    bool endedWell(int i) const { return tracks[size_t(i)].ended && !gone(i) && over(i); }
    int countIf(bool (Streams::*test)(int) const) const
    {
        int n = 0;
        for (int i = 0; i < count(); ++i)
            n += (this->*test)(i);
        return n;
    }
    qint64 totalBytesIn() const
    {
        qint64 bytes = 0;
        for (int i = 0; i < count(); ++i)
            bytes += bytesIn(i);
        return bytes;
    }
    void seen(int i, QByteArrayView type)
    {
        Track &t = tracks[size_t(i)];
        if (type == "stream_chunk")
            t.chunk = true;
        else if (type == "stream_end")
            t.ended = true;
        else if (type == "error" || type == "cancelled")
            t.bad = true;
    }

    std::vector<Track> tracks;
};

class SseStreams : public Streams
{
public:
    SseStreams(quint16 port, QByteArray token)
        : m_port(port)
        , m_token(std::move(token))
    { }
    void create(int i) override
    {
        tracks.emplace_back();
        m_streams.push_back(std::make_unique<HttpStream>(m_port));
        HttpStream *s = m_streams.back().get();
        s->onEvent = [this, i](QByteArrayView data, qint64) {
            seen(i, envelopeType(data));
        };
        s->onEnd = [this, i, s](qint64) {
            if (s->status() != 200)
                tracks[size_t(i)].bad = true;
        };
        s->send(chatRequest(m_port, m_token, "bench-open-sse-" + QByteArray::number(i)));
    }
    bool failed(int i) const override { return m_streams[size_t(i)]->failed(); }
    qint64 bytesIn(int i) const override { return m_streams[size_t(i)]->bytesIn(); }
    QByteArray failure(int i) const override
    {
        const HttpStream &s = *m_streams[size_t(i)];
        return s.failed() ? s.failure()
                          : "status " + QByteArray::number(s.status()) + ", "
                + QByteArray::number(s.events()) + " events";
    }
    bool over(int i) const override { return m_streams[size_t(i)]->responseDone(); }

private:
    quint16 m_port;
    QByteArray m_token;
    std::vector<std::unique_ptr<HttpStream>> m_streams;
};

class WsStreams : public Streams
{
public:
    WsStreams(quint16 port, QByteArray token)
        : m_port(port)
        , m_token(std::move(token))
    { }
    void create(int i) override
    {
        tracks.emplace_back();
        m_errors.emplace_back();
        m_sockets.push_back(std::make_unique<WsStream>(m_port, m_token));
        WsStream *ws = m_sockets.back().get();
        const QByteArray name = "bench-open-ws-" + QByteArray::number(i);
        ws->onOpen = [ws, name] {
            const QByteArray hello = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"hello\","
                                     "\"params\":{\"kind\":\"other\",\"name\":"
                + jsonQuote(name) + "}}";
            ws->sendText(hello);
        };
        ws->onMessage = [this, ws, i, name](QByteArrayView message, qint64) {
            if (message.startsWith(WsEventPrefix))
                return seen(i, envelopeType(message.sliced(WsEventPrefix.size())));
            if (message.startsWith("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\""))
                return ws->sendText(wsChat(2, name));
            if (message.startsWith("{\"jsonrpc\":\"2.0\",\"id\":")
                && message.indexOf("\"error\"") >= 0) {
                tracks[size_t(i)].bad = true;
                m_errors[size_t(i)] =
                    message.first(qMin<qsizetype>(200, message.size())).toByteArray();
            }
        };
        ws->open();
    }
    bool failed(int i) const override { return m_sockets[size_t(i)]->failed(); }
    qint64 bytesIn(int i) const override { return m_sockets[size_t(i)]->bytesIn(); }
    QByteArray failure(int i) const override
    {
        const WsStream &s = *m_sockets[size_t(i)];
        return s.failed()                   ? s.failure()
            : m_errors[size_t(i)].isEmpty() ? QByteArray("no stream_end")
                                            : m_errors[size_t(i)];
    }
    bool over(int i) const override { return tracks[size_t(i)].ended || failed(i); }

private:
    quint16 m_port;
    QByteArray m_token;
    std::vector<std::unique_ptr<WsStream>> m_sockets;
    std::vector<QByteArray> m_errors;
};

struct OpenResult
{
    int opened = 0; // besides the first one
    int failed = 0;
    int errors = 0; // of all the streams created, those that did not end with stream_end
    int created = 0;
    double openSeconds = 0;
    double endSeconds = 0;
    qint64 rssBeforeKb = -1;
    qint64 rssAfterKb = -1;
    qint64 fakeBeforeKb = -1;
    qint64 fakeAfterKb = -1;
    QString firstError;
    static double perStream(qint64 before, qint64 after, int n)
    {
        return n > 0 && before >= 0 && after >= 0 ? double(after - before) / n : nan();
    }
    double kbPerStream() const { return perStream(rssBeforeKb, rssAfterKb, opened); }
    double fakeKbPerStream() const { return perStream(fakeBeforeKb, fakeAfterKb, opened); }
};

// As the idle phase: one stream first, waited for, so that what Attache sets up once is not
// counted per stream; the resident memory; `total` more streams in batches, each batch at its
// first chunk before the next, within budgetMs; the memory again once nothing has arrived for
// QuietMs. Then the upstream lets every stream go on, and each must end with stream_end.
OpenResult measure(Streams &streams, qint64 pid, const FakeUpstream &fake, int total, int budgetMs,
                   int timeoutMs)
{
    OpenResult result;
    const auto ready = [&] {
        return streams.countIf(&Streams::ready);
    };
    const auto gone = [&] {
        return streams.countIf(&Streams::gone);
    };
    streams.create(0);
    if (waitFor([&] { return ready() + gone() >= 1; }, timeoutMs) && gone() == 0) {
        settle(300);
        result.rssBeforeKb = rssKb(pid);
        result.fakeBeforeKb = rssKb(fake.pid());
        QElapsedTimer clock;
        clock.start();
        int created = 1;
        while (created <= total && clock.elapsed() < budgetMs) {
            const int end = qMin(total + 1, created + Batch);
            for (; created < end; ++created)
                streams.create(created);
            const int left = int(qMax<qint64>(1, budgetMs - clock.elapsed()));
            if (!waitFor([&] { return ready() + gone() >= created; }, qMin(left, 30000)))
                break;
            if (gone() > total / 10)
                break;
        }
        result.openSeconds = double(clock.elapsed()) / 1000.0;
        waitQuiet([&] { return streams.totalBytesIn(); }, QuietMs, 30000);
        result.opened = ready() - 1;
        result.failed = gone();
        result.rssAfterKb = rssKb(pid);
        result.fakeAfterKb = rssKb(fake.pid());
    }
    QElapsedTimer clock;
    clock.start();
    if (!releaseHeld(fake.port(), 10000, &result.firstError))
        ++result.errors;
    const auto over = [&] {
        for (int i = 0; i < streams.count(); ++i) {
            if (!streams.over(i) && !streams.gone(i))
                return false;
        }
        return true;
    };
    waitFor(over, timeoutMs);
    result.endSeconds = double(clock.elapsed()) / 1000.0;
    result.created = streams.count();
    for (int i = 0; i < streams.count(); ++i) {
        if (streams.endedWell(i))
            continue;
        ++result.errors;
        if (result.firstError.isEmpty())
            result.firstError =
                QStringLiteral("stream %1: %2").arg(i).arg(QString::fromUtf8(streams.failure(i)));
    }
    return result;
}

} // namespace

void runOpen(Context &ctx)
{
    const int total = ctx.mode.idleConnections;
    ctx.say(QStringLiteral("open: %1 SSE and %1 WebSocket chat streams held after their first "
                           "chunk (at most %2 s each to open)")
                .arg(total)
                .arg(ctx.mode.idleBudgetMs / 1000));
    for (const bool overWs : { false, true }) {
        const QString name = overWs ? QStringLiteral("WebSocket") : QStringLiteral("SSE");
        FakeUpstream fake;
        AttacheProcess attache;
        QString error;
        if (!fake.start(ctx.paths, { QStringLiteral("--hold-after"), QStringLiteral("1") }, &error)
            || !attache.start(ctx.paths, fake.baseUrl(), &error)) {
            ctx.notes.append(QStringLiteral("open %1: ").arg(name) + error);
            continue;
        }
        std::unique_ptr<Streams> streams;
        if (overWs)
            streams = std::make_unique<WsStreams>(attache.port(), attache.token());
        else
            streams = std::make_unique<SseStreams>(attache.port(), attache.token());
        const OpenResult r = measure(*streams, attache.pid(), fake, total, ctx.mode.idleBudgetMs,
                                     ctx.mode.phaseTimeoutMs);
        ctx.say(QStringLiteral("  %1: %2 open in %3 s, RSS %4 → %5 kB (upstream %6 → %7 kB); "
                               "%8 of %9 without stream_end, all over in %10 s")
                    .arg(name)
                    .arg(r.opened)
                    .arg(r.openSeconds, 0, 'f', 1)
                    .arg(r.rssBeforeKb)
                    .arg(r.rssAfterKb)
                    .arg(r.fakeBeforeKb)
                    .arg(r.fakeAfterKb)
                    .arg(r.errors)
                    .arg(r.created)
                    .arg(r.endSeconds, 0, 'f', 1));
        if (!r.firstError.isEmpty())
            ctx.notes.append(QStringLiteral("open %1: %2").arg(name, r.firstError));

        const QString prefix =
            QStringLiteral("open_%1_").arg(overWs ? QStringLiteral("ws") : QStringLiteral("sse"));
        Row memory { prefix + QStringLiteral("kb_per_stream"),
                     overWs ? QStringLiteral("open WebSocket chat (run + session + upstream)")
                            : QStringLiteral("open SSE chat (run + session + upstream)"),
                     QStringLiteral("kB/stream") };
        memory.attache = r.kbPerStream();
        memory.direct = r.fakeKbPerStream();
        memory.goal = Row::Goal::Below;
        memory.target = 14;
        memory.decimals = 1;
        memory.complete = r.opened >= total;
        memory.note = r.opened >= total
            ? QStringLiteral("all %1 at their 1st chunk in %2 s; direct: the upstream holding them")
                  .arg(total)
                  .arg(r.openSeconds, 0, 'f', 1)
            : QStringLiteral("only %1 of %2 open after %3 s")
                  .arg(r.opened)
                  .arg(total)
                  .arg(r.openSeconds, 0, 'f', 1);
        memory.extra = { { QStringLiteral("opened"), r.opened },
                         { QStringLiteral("failed"), r.failed },
                         { QStringLiteral("open_seconds"), r.openSeconds },
                         { QStringLiteral("rss_before_kb"), r.rssBeforeKb },
                         { QStringLiteral("rss_after_kb"), r.rssAfterKb },
                         { QStringLiteral("upstream_rss_before_kb"), r.fakeBeforeKb },
                         { QStringLiteral("upstream_rss_after_kb"), r.fakeAfterKb } };
        Row errors { prefix + QStringLiteral("errors"),
                     QStringLiteral("  errors once released (no stream_end)"),
                     QStringLiteral("streams") };
        errors.attache = r.errors;
        errors.decimals = 0;
        errors.goal = Row::Goal::AtMost;
        errors.target = 0;
        errors.note = QStringLiteral("of %1; all over %2 s after the release")
                          .arg(r.created)
                          .arg(r.endSeconds, 0, 'f', 1);
        errors.extra = { { QStringLiteral("streams"), r.created },
                         { QStringLiteral("end_seconds"), r.endSeconds } };
        ctx.rows << memory << errors;
    }
}

} // namespace Bench
