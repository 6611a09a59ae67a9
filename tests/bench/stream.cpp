// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// One long stream (100,000 chunks by default) as fast as the upstream writes it: events per
// second read straight from the upstream, through Attache's SSE and through its WebSocket.
#include "httpstream.h"
#include "scenarios.h"
#include "wsstream.h"

#include <QJsonArray>
#include <QNetworkRequest>
#include <QWebSocket>

namespace Bench {

namespace {

struct StreamResult
{
    double eventsPerSecond = nan(); // also when the stream was cut: the rate until then
    qint64 events = 0;
    QString error; // the stream did not end well
};

void rate(StreamResult &result, qint64 start, qint64 last)
{
    if (result.events > 1 && last > start)
        result.eventsPerSecond = double(result.events) * 1e9 / double(last - start);
}

bool isEnd(QByteArrayView type)
{
    return type == "stream_end" || type == "error" || type == "cancelled";
}

// Events per second from sending the request to the last event (the [DONE] marker not counted).
StreamResult readSse(quint16 port, const QByteArray &request, int timeoutMs)
{
    StreamResult result;
    HttpStream stream(port);
    stream.open();
    if (!waitFor([&] { return stream.isConnected() || stream.failed(); }, 10000)
        || !stream.isConnected()) {
        result.error = QStringLiteral("no connection");
        return result;
    }
    qint64 last = 0;
    bool sawError = false;
    stream.onEvent = [&](QByteArrayView data, qint64 at) {
        if (data == "[DONE]")
            return;
        ++result.events;
        last = at;
        const QByteArrayView type = envelopeType(data);
        if (type == "error" || type == "cancelled" || data.startsWith("{\"error\""))
            sawError = true; // Attache's error event, or the /v1 gateway's error chunk
    };
    const qint64 start = nowNs();
    stream.send(request);
    waitFor([&] { return stream.responseDone() || stream.failed(); }, timeoutMs);
    if (!stream.responseDone() || stream.status() != 200 || sawError)
        result.error = QStringLiteral("SSE cut after %1 events (%2)")
                           .arg(result.events)
                           .arg(stream.failed() ? QString::fromUtf8(stream.failure())
                                    : sawError  ? QStringLiteral("error event")
                                                : QStringLiteral("status %1").arg(stream.status()));
    rate(result, start, last);
    return result;
}

StreamResult readWs(quint16 port, const QByteArray &token, const QByteArray &session, int timeoutMs)
{
    StreamResult result;
    WsStream ws(port, token);
    ws.open();
    if (!waitFor([&] { return ws.isOpen() || ws.failed(); }, 10000) || !ws.isOpen()) {
        result.error = QStringLiteral("no WebSocket: ") + QString::fromUtf8(ws.failure());
        return result;
    }
    settle(50); // the presence notification of our own arrival
    qint64 last = 0;
    QByteArray endType;
    ws.onMessage = [&](QByteArrayView message, qint64 at) {
        if (!message.startsWith(WsEventPrefix))
            return;
        ++result.events;
        last = at;
        const QByteArrayView type = envelopeType(message.sliced(WsEventPrefix.size()));
        if (isEnd(type))
            endType = type.toByteArray();
    };
    const qint64 start = nowNs();
    ws.sendText(wsChat(1, session));
    waitFor([&] { return !endType.isEmpty() || ws.failed(); }, timeoutMs);
    if (endType != "stream_end")
        result.error = QStringLiteral("WebSocket cut after %1 events (%2)")
                           .arg(result.events)
                           .arg(ws.failed()             ? QString::fromUtf8(ws.failure())
                                    : endType.isEmpty() ? QStringLiteral("timed out")
                                                        : QString::fromUtf8(endType));
    rate(result, start, last);
    ws.abort();
    return result;
}

// The same with Qt's own client, to show whether QWebSocket (UTF-8 → QString per message)
// would have been the limit.
StreamResult readQWebSocket(quint16 port, const QByteArray &token, const QByteArray &session,
                            int timeoutMs)
{
    StreamResult result;
    QWebSocket socket;
    QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port)));
    request.setRawHeader("Authorization", "Bearer " + token);
    const QString prefix = QString::fromLatin1(WsEventPrefix.toByteArray());
    const QString end = prefix + QLatin1String("{\"type\":\"stream_end\"");
    const QString failed = prefix + QLatin1String("{\"type\":\"error\"");
    qint64 last = 0;
    bool ended = false;
    bool closed = false;
    QObject::connect(&socket, &QWebSocket::disconnected, &socket, [&closed] { closed = true; });
    QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                     [&](const QString &message) {
                         if (!message.startsWith(prefix))
                             return;
                         ++result.events;
                         last = nowNs();
                         if (message.startsWith(end) || message.startsWith(failed))
                             ended = true;
                     });
    socket.open(request);
    if (!waitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, 10000)) {
        result.error = QStringLiteral("no WebSocket");
        return result;
    }
    settle(50);
    const qint64 start = nowNs();
    socket.sendTextMessage(QString::fromUtf8(wsChat(1, session)));
    if (!waitFor([&] { return ended || closed; }, timeoutMs) || !ended)
        result.error = QStringLiteral("QWebSocket cut after %1 events (%2)")
                           .arg(result.events)
                           .arg(closed ? socket.closeReason() : QStringLiteral("timed out"));
    rate(result, start, last);
    socket.abort();
    return result;
}

} // namespace

void runStream(Context &ctx)
{
    const int chunks = ctx.mode.streamChunks;
    ctx.say(QStringLiteral("one stream: %1 chunks, %2 repetitions").arg(chunks).arg(ctx.mode.reps));
    FakeUpstream fake;
    QString error;
    if (!fake.start(ctx.paths, { QStringLiteral("--chunks"), QString::number(chunks) }, &error)) {
        ctx.notes.append(QStringLiteral("one-stream phase skipped: ") + error);
        return;
    }
    QList<double> direct;
    QList<double> sse;
    QList<double> ws;
    QList<double> qws;
    QList<double> gateway;
    QList<qint64> sseEvents;
    QList<qint64> gatewayEvents;
    QList<qint64> wsEvents;
    bool sseComplete = true;
    bool wsComplete = true;
    bool gatewayComplete = true;
    QStringList errors;
    const int timeout = ctx.mode.phaseTimeoutMs;
    for (int rep = 0; rep < ctx.mode.reps; ++rep) {
        const StreamResult d = readSse(fake.port(), upstreamRequest(fake.port()), timeout);
        AttacheProcess attache;
        if (!attache.start(ctx.paths, fake.baseUrl(), &error)) {
            errors.append(error);
            continue;
        }
        const QByteArray suffix = QByteArray::number(rep);
        const StreamResult s = readSse(
            attache.port(),
            chatRequest(attache.port(), attache.token(), "bench-stream-sse-" + suffix), timeout);
        const StreamResult w =
            readWs(attache.port(), attache.token(), "bench-stream-ws-" + suffix, timeout);
        const StreamResult q =
            readQWebSocket(attache.port(), attache.token(), "bench-stream-qws-" + suffix, timeout);
        const StreamResult g =
            readSse(attache.port(), gatewayRequest(attache.port(), attache.token()), timeout);
        for (const StreamResult *r : { &d, &s, &w, &q, &g }) {
            if (!r->error.isEmpty())
                errors.append(r->error);
        }
        const QByteArray log = attache.errorOutput().trimmed();
        if (!log.isEmpty())
            errors.append(QStringLiteral("attache said: ")
                          + QString::fromUtf8(log.right(400)).simplified());
        sseComplete = sseComplete && s.error.isEmpty();
        wsComplete = wsComplete && w.error.isEmpty();
        gatewayComplete = gatewayComplete && g.error.isEmpty();
        gatewayEvents.append(g.events);
        gateway.append(g.eventsPerSecond);
        sseEvents.append(s.events);
        wsEvents.append(w.events);
        direct.append(d.eventsPerSecond);
        sse.append(s.eventsPerSecond);
        ws.append(w.eventsPerSecond);
        qws.append(q.eventsPerSecond);
        ctx.say(
            QStringLiteral("  rep %1: direct %2, SSE %3, WebSocket %4, QWebSocket client %5, /v1 "
                           "gateway %6 events/s")
                .arg(rep + 1)
                .arg(d.eventsPerSecond, 0, 'f', 0)
                .arg(s.eventsPerSecond, 0, 'f', 0)
                .arg(w.eventsPerSecond, 0, 'f', 0)
                .arg(q.eventsPerSecond, 0, 'f', 0)
                .arg(g.eventsPerSecond, 0, 'f', 0));
    }
    const auto row = [&](const QString &key, const QString &label, const QList<double> &values,
                         QString note, bool complete, const QList<qint64> &events) {
        Row r { key, label, QStringLiteral("events/s") };
        r.attache = median(values);
        r.direct = median(direct);
        r.goal = Row::Goal::AtLeast;
        r.target = 400000;
        r.decimals = 0;
        r.complete = complete;
        if (!complete) {
            QStringList counts;
            for (const qint64 n : events)
                counts.append(QString::number(n));
            note = QStringLiteral("cut short (events received: %1 of %2); rate until then. ")
                       .arg(counts.join(QLatin1String(", ")))
                       .arg(chunks)
                + note;
        }
        r.note = note;
        QJsonArray all;
        for (const double v : values)
            all.append(v);
        r.extra = { { QStringLiteral("chunks"), chunks }, { QStringLiteral("repetitions"), all } };
        return r;
    };
    ctx.rows << row(QStringLiteral("one_stream_sse_events_per_s"),
                    QStringLiteral("one stream, SSE"), sse,
                    QStringLiteral("direct: the upstream's own rate"), sseComplete, sseEvents);
    ctx.rows << row(QStringLiteral("one_stream_ws_events_per_s"),
                    QStringLiteral("one stream, WebSocket"), ws,
                    QStringLiteral("raw WebSocket client"), wsComplete, wsEvents);
    ctx.rows << row(QStringLiteral("one_stream_gateway_events_per_s"),
                    QStringLiteral("one stream, /v1 gateway"), gateway,
                    QStringLiteral("POST /v1/chat/completions, streamed"), gatewayComplete,
                    gatewayEvents);
    Row info = row(QStringLiteral("one_stream_ws_qwebsocket_events_per_s"),
                   QStringLiteral("  (same, read with QWebSocket)"), qws,
                   QStringLiteral("client check only, not a target"), true, {});
    info.goal = Row::Goal::None;
    ctx.rows << info;
    if (!errors.isEmpty())
        ctx.notes.append(QStringLiteral("one stream: ") + errors.join(QLatin1String("; ")));
}

} // namespace Bench
