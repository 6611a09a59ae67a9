// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Reconnecting to a finished run: a new connection each time, then Last-Event-ID on SSE or
// resume on WebSocket, timed to the first replayed event, beside a new connection to the
// upstream timed to its first event. Measured in a fresh Attache and after many streams.
#include "httpstream.h"
#include "scenarios.h"
#include "wsstream.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace Bench {

namespace {

constexpr int RequestTimeoutMs = 10000;
constexpr int WarmUp = 5;

// A new connection, one request, the time to its first event; -1 when it failed.
qint64 reconnectSse(quint16 port, const QByteArray &request)
{
    HttpStream stream(port);
    qint64 first = -1;
    stream.onEvent = [&first](QByteArrayView, qint64 at) {
        if (first < 0)
            first = at;
    };
    const qint64 start = nowNs();
    stream.send(request);
    const bool ended =
        waitFor([&] { return stream.responseDone() || stream.failed(); }, RequestTimeoutMs);
    if (!ended || stream.failed() || stream.status() != 200 || first < 0)
        return -1;
    return first - start;
}

qint64 reconnectWs(quint16 port, const QByteArray &token, const QByteArray &resume)
{
    WsStream ws(port, token);
    qint64 first = -1;
    bool ended = false;
    ws.onOpen = [&ws, &resume] {
        ws.sendText(resume);
    };
    ws.onMessage = [&first, &ended](QByteArrayView message, qint64 at) {
        if (!message.startsWith(WsEventPrefix))
            return;
        if (first < 0)
            first = at;
        const QByteArrayView type = envelopeType(message.sliced(WsEventPrefix.size()));
        if (type == "stream_end" || type == "error" || type == "cancelled")
            ended = true;
    };
    const qint64 start = nowNs();
    ws.open();
    waitFor([&] { return ended || ws.failed(); }, RequestTimeoutMs);
    ws.abort();
    return first < 0 || !ended ? -1 : first - start;
}

} // namespace

Reconnects measureReconnects(quint16 port, const QByteArray &token, quint16 upstreamPort, int count,
                             const QByteArray &session)
{
    Reconnects figures;
    // A finished run to replay after its first event.
    QByteArray runId;
    {
        HttpStream stream(port);
        stream.onEvent = [&runId](QByteArrayView data, qint64) {
            if (runId.isEmpty() && data.startsWith("{"))
                runId = QJsonDocument::fromJson(data.toByteArray())
                            .object()
                            .value(QLatin1String("run"))
                            .toString()
                            .toUtf8();
        };
        stream.send(chatRequest(port, token, session));
        waitFor([&] { return stream.responseDone() || stream.failed(); }, RequestTimeoutMs);
    }
    if (runId.isEmpty()) {
        figures.skipped = QStringLiteral("no run to replay");
        return figures;
    }
    const QByteArray replay =
        httpRequest("GET", QByteArray("/runs/" + runId + "/events"), port, token, {},
                    QByteArray("Last-Event-ID: " + runId + ":1\r\n"));
    const QByteArray resume =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"resume\",\"params\":{\"run\":\"" + runId
        + "\",\"after_seq\":1}}";
    const QByteArray direct = upstreamRequest(upstreamPort);
    for (int i = 0; i < WarmUp + count && figures.failures < 20; ++i) {
        const qint64 s = reconnectSse(port, replay);
        const qint64 d = reconnectSse(upstreamPort, direct);
        const qint64 w = reconnectWs(port, token, resume);
        if (s < 0 || d < 0 || w < 0) {
            ++figures.failures;
            continue;
        }
        if (i < WarmUp)
            continue;
        figures.sse.append(nsToMs(s));
        figures.direct.append(nsToMs(d));
        figures.ws.append(nsToMs(w));
    }
    return figures;
}

void addReconnectRows(Context &ctx, const Reconnects &figures, const QString &keyPrefix,
                      const QString &when)
{
    if (!figures.skipped.isEmpty()) {
        ctx.notes.append(QStringLiteral("reconnect%1 skipped: %2").arg(when, figures.skipped));
        return;
    }
    Row sseRow { keyPrefix + QStringLiteral("sse_ms"),
                 QStringLiteral("reconnect%1, SSE Last-Event-ID → 1st replayed event").arg(when),
                 QStringLiteral("ms") };
    sseRow.attache = median(figures.sse);
    sseRow.direct = median(figures.direct);
    sseRow.goal = Row::Goal::Below;
    sseRow.target = 1.5;
    sseRow.decimals = 3;
    sseRow.note =
        QStringLiteral("new connection each time; direct: new connection → upstream's 1st event");
    sseRow.extra = { { QStringLiteral("p99"), percentile(figures.sse, 99) },
                     { QStringLiteral("reconnects"), int(figures.sse.size()) },
                     { QStringLiteral("failures"), figures.failures } };
    Row wsRow { keyPrefix + QStringLiteral("ws_ms"),
                QStringLiteral("reconnect%1, WebSocket resume → 1st replayed event").arg(when),
                QStringLiteral("ms") };
    wsRow.attache = median(figures.ws);
    wsRow.direct = sseRow.direct;
    wsRow.goal = Row::Goal::Below;
    wsRow.target = 1.5;
    wsRow.decimals = 3;
    wsRow.note = QStringLiteral("connect + upgrade + resume");
    wsRow.extra = { { QStringLiteral("p99"), percentile(figures.ws, 99) } };
    ctx.rows << sseRow << wsRow;
    if (figures.failures > 0)
        ctx.notes.append(
            QStringLiteral("reconnect%1: %2 attempts failed").arg(when).arg(figures.failures));
}

} // namespace Bench
