// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachewarnings.h"
#include "eventorder.h"
#include "limitsfixture.h"
#include "sseclient.h"
#include "wsclient.h"

#include <QElapsedTimer>
#include <QSignalSpy>

#include <algorithm>

namespace {

/** The server's (unmasked) frames in in, from at on: opcode and payload; a cut frame ends it. */
QList<QPair<int, QByteArray>> serverFrames(const QByteArray &in, qsizetype at)
{
    QList<QPair<int, QByteArray>> frames;
    while (in.size() >= at + 2) {
        qsizetype length = quint8(in.at(at + 1)) & 0x7f;
        qsizetype head = 2;
        if (length == 126) {
            if (in.size() < at + 4)
                break;
            length = (quint8(in.at(at + 2)) << 8) | quint8(in.at(at + 3));
            head = 4;
        }
        if (length == 127 || in.size() < at + head + length)
            break;
        frames.append({ quint8(in.at(at)) & 0x0f, in.mid(at + head, length) });
        at += head + length;
    }
    return frames;
}

} // namespace

class TestLimits : public LimitsFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { raiseOpenFileLimit(); }
    void init() { startEngineAndServer(); }
    void cleanup()
    {
        qDeleteAll(findChildren<WsClient *>(QString(), Qt::FindDirectChildrenOnly));
        tearDownServer();
    }

    void headersOver64KiBAre431()
    {
        // Never finished: the answer comes as the limit passes, not when Qt would have the request.
        RawClient *big =
            raw("GET /health HTTP/1.1\r\n" + host() + "X-Pad: " + QByteArray(70 * 1024, 'a'));
        QVERIFY(big->waitClosed());
        QCOMPARE(big->status(), QByteArrayLiteral("431"));
        QCOMPARE(big->errorCode(), QStringLiteral("headers_too_large"));
        QCOMPARE(big->header("Content-Type"), QByteArrayLiteral("application/json"));
        QByteArray many = "GET /health HTTP/1.1\r\n" + host();
        for (int i = 0; i < 70; ++i)
            many += "X-Pad-" + QByteArray::number(i) + ": " + QByteArray(1000, 'b') + "\r\n";
        RawClient *spread = raw(many + "\r\n");
        QVERIFY(spread->waitClosed());
        QCOMPARE(spread->status(), QByteArrayLiteral("431"));
        // Trickled in small writes, examined as it comes: refused past the limit...
        QByteArray trickled = "GET /health HTTP/1.1\r\n" + host();
        for (int i = 0; i < 70; ++i)
            trickled += "X-Pad-" + QByteArray::number(i) + ": " + QByteArray(1000, 'd') + "\r\n";
        QCOMPARE(trickle(trickled + "\r\n")->status(), QByteArrayLiteral("431"));
        // ...and served under it, every byte counted once whatever Qt's parser took meanwhile.
        QByteArray under = "GET /health HTTP/1.1\r\n" + host();
        for (int i = 0; i < 60; ++i)
            under += "X-Pad-" + QByteArray::number(i) + ": " + QByteArray(1000, 'e') + "\r\n";
        RawClient *slow = trickle(under + "\r\n");
        QCOMPARE(slow->status(), QByteArrayLiteral("200"));
        // Under the limit is served.
        RawClient *fine = raw("GET /health HTTP/1.1\r\n" + host()
                              + "X-Pad: " + QByteArray(60 * 1024, 'c') + "\r\n\r\n");
        QVERIFY(fine->waitAnswer());
        QCOMPARE(fine->status(), QByteArrayLiteral("200"));
    }

    void longRequestLineIs414()
    {
        RawClient *client = raw("GET /" + QByteArray(70 * 1024, 'x'));
        QVERIFY(client->waitClosed());
        QCOMPARE(client->status(), QByteArrayLiteral("414"));
        QCOMPARE(client->errorCode(), QStringLiteral("uri_too_long"));
    }

    void moreThan100HeadersAre431()
    {
        QByteArray hundred = "GET /health HTTP/1.1\r\n" + host();
        for (int i = 0; i < 99; ++i)
            hundred += "X-H" + QByteArray::number(i) + ": 1\r\n";
        RawClient *fine = raw(hundred + "\r\n");
        QVERIFY(fine->waitAnswer());
        QCOMPARE(fine->status(), QByteArrayLiteral("200"));
        RawClient *tooMany = raw(hundred + "X-One-More: 1\r\n\r\n");
        QVERIFY(tooMany->waitClosed());
        QCOMPARE(tooMany->status(), QByteArrayLiteral("431"));
        QVERIFY(tooMany->body().contains("100 header fields"));
    }

    void contentLengthOver8MiBIs413()
    {
        RawClient *client =
            raw("POST /chat HTTP/1.1\r\n" + host() + Auth
                + "Content-Type: application/json\r\nContent-Length: 8388609\r\n\r\n");
        QVERIFY(client->waitClosed());
        QCOMPARE(client->status(), QByteArrayLiteral("413"));
        QCOMPARE(client->errorCode(), QStringLiteral("body_too_large"));
        QCOMPARE(m_fake->chatRequests().size(), 0);
    }

    void ambiguousFramingIsRefused_data()
    {
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<QByteArray>("status");
        // Where the body ends must not be open to interpretation (request smuggling).
        QTest::newRow("two lengths")
            << QByteArrayLiteral("Content-Length: 5\r\nContent-Length: 6\r\n")
            << QByteArrayLiteral("400");
        QTest::newRow("length and chunked")
            << QByteArrayLiteral("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n")
            << QByteArrayLiteral("400");
        QTest::newRow("length not a number")
            << QByteArrayLiteral("Content-Length: 5x\r\n") << QByteArrayLiteral("400");
        QTest::newRow("negative length")
            << QByteArrayLiteral("Content-Length: -1\r\n") << QByteArrayLiteral("400");
        QTest::newRow("unknown coding")
            << QByteArrayLiteral("Transfer-Encoding: gzip\r\n") << QByteArrayLiteral("501");
    }
    void ambiguousFramingIsRefused()
    {
        QFETCH(QByteArray, headers);
        QFETCH(QByteArray, status);
        RawClient *client = raw("POST /chat HTTP/1.1\r\n" + host() + Auth
                                + "Content-Type: application/json\r\n" + headers + "\r\nhello");
        QVERIFY(client->waitClosed());
        QCOMPARE(client->status(), status);
        QCOMPARE(m_fake->chatRequests().size(), 0);
    }

    void malformedRequestsAreAnsweredAndClosed_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("status");
        QTest::newRow("no target") << QByteArrayLiteral("GET\r\n\r\n") << QByteArrayLiteral("400");
        QTest::newRow("HTTP/2.0") << QByteArrayLiteral("GET /health HTTP/2.0\r\n\r\n")
                                  << QByteArrayLiteral("505");
        QTest::newRow("no colon") << QByteArrayLiteral("GET /health HTTP/1.1\r\nHost\r\n\r\n")
                                  << QByteArrayLiteral("400");
    }
    void malformedRequestsAreAnsweredAndClosed()
    {
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, status);
        RawClient *client = raw(request);
        QVERIFY(client->waitClosed());
        QCOMPARE(client->status(), status);
        QCOMPARE(client->errorCode().isEmpty(), false);
    }

    void chunkedBodyReachesTheRoute()
    {
        // The route reads the decoded body: a wrong "stream" is named, not a JSON error.
        RawClient *client =
            raw("POST /chat HTTP/1.1\r\n" + host() + Auth
                + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                  "\r\n10\r\n{\"message\":\"hi\",\r\nd\r\n\"stream\":\"x\"}\r\n0\r\n\r\n");
        QVERIFY(client->waitAnswer());
        QCOMPARE(client->status(), QByteArray("400"));
        QVERIFY2(client->body().contains("stream"), client->body().constData());
    }

    void http10ConnectionClosesAfterTheAnswer()
    {
        RawClient *client = raw("GET /health HTTP/1.0\r\n" + host() + "\r\n");
        QVERIFY(client->waitClosed());
        QCOMPARE(client->status(), QByteArray("200"));
    }

    void chunkedBodyIsCutAt8MiB()
    {
        const QByteArray head = "POST /chat HTTP/1.1\r\n" + host() + Auth
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        QByteArray body;
        for (int i = 0; i < 9 * 16; ++i)
            body += chunk(QByteArray(64 * 1024, ' '));
        RawClient *client = raw(head + body + "0\r\n\r\n");
        QVERIFY(client->waitClosed(10000));
        QCOMPARE(client->status(), QByteArrayLiteral("413"));
        QCOMPARE(m_fake->chatRequests().size(), 0);
        // A chunked body under the limit is served.
        RawClient *fine =
            raw(head + chunk(R"({"message":"hi",)") + chunk(R"("stream":false})") + "0\r\n\r\n");
        QVERIFY(fine->waitAnswer(10000));
        QCOMPARE(fine->status(), QByteArrayLiteral("200"));
    }

    void expectContinueWithTooLargeBodyIs413BeforeTheBody()
    {
        const QByteArray head = "POST /chat HTTP/1.1\r\n" + host() + Auth
            + "Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: ";
        RawClient *big = raw(head + "9437184\r\n\r\n");
        QVERIFY(big->waitClosed());
        QCOMPARE(big->status(), QByteArrayLiteral("413"));
        QVERIFY(!big->answer.contains("100 Continue"));
        // Within the limit, the client is told to go on.
        const QByteArray body = R"({"message":"hi","stream":false})";
        RawClient *fine = raw(head + QByteArray::number(body.size()) + "\r\n\r\n");
        QVERIFY2(QTest::qWaitFor([&] { return fine->answer.contains("100 Continue"); }, 2000),
                 fine->answer.constData());
        fine->socket.write(body);
        QVERIFY(QTest::qWaitFor([&] { return fine->answer.contains("HTTP/1.1 200"); }, 5000));
    }

    void connectionCapIs503()
    {
        ConnectionLimits limits;
        limits.maxConnections = 3;
        startServer(limits);
        QList<RawClient *> held;
        for (int i = 0; i < 3; ++i)
            held.append(raw());
        QTRY_COMPARE(m_server->connectionCount(), 3);
        RawClient *extra = raw("GET /health HTTP/1.1\r\n" + host() + "\r\n");
        QVERIFY(extra->waitClosed());
        QCOMPARE(extra->status(), QByteArrayLiteral("503"));
        QCOMPARE(extra->errorCode(), QStringLiteral("too_many_connections"));
        QCOMPARE(extra->header("Retry-After"), QByteArrayLiteral("1"));
        held.takeFirst()->socket.abort();
        QTRY_COMPARE(m_server->connectionCount(), 2);
        RawClient *next = raw("GET /health HTTP/1.1\r\n" + host() + "\r\n");
        QVERIFY(next->waitAnswer());
        QCOMPARE(next->status(), QByteArrayLiteral("200"));
    }

    void corsPreflight()
    {
        const QByteArray preflight = "OPTIONS /chat HTTP/1.1\r\n" + host()
            + "Access-Control-Request-Method: POST\r\n"
              "Access-Control-Request-Headers: authorization, content-type\r\n";
        RawClient *allowed = raw(preflight + "Origin: " + Editor + "\r\n\r\n");
        QVERIFY(allowed->waitAnswer());
        QCOMPARE(allowed->status(), QByteArrayLiteral("204"));
        QCOMPARE(allowed->header("Access-Control-Allow-Origin"), Editor);
        QCOMPARE(allowed->header("Access-Control-Allow-Methods"), QByteArrayLiteral("POST"));
        const QByteArray allowHeaders = allowed->header("Access-Control-Allow-Headers");
        QVERIFY(allowHeaders.contains("Authorization") && allowHeaders.contains("Content-Type"));
        QCOMPARE(allowed->header("Access-Control-Max-Age"), QByteArrayLiteral("600"));
        QCOMPARE(allowed->header("Vary"), QByteArrayLiteral("Origin"));
        QVERIFY(allowed->header("Access-Control-Allow-Private-Network").isEmpty());
        QVERIFY(!allowed->head().contains("*"));

        RawClient *privateNetwork =
            raw(preflight + "Origin: " + Editor
                + "\r\nAccess-Control-Request-Private-Network: true\r\n\r\n");
        QVERIFY(privateNetwork->waitAnswer());
        QCOMPARE(privateNetwork->status(), QByteArrayLiteral("204"));
        QCOMPARE(privateNetwork->header("Access-Control-Allow-Private-Network"),
                 QByteArrayLiteral("true"));

        for (const QByteArray &origin :
             { QByteArrayLiteral("https://evil.example"), QByteArrayLiteral("null") }) {
            RawClient *denied = raw(preflight + "Origin: " + origin + "\r\n\r\n");
            QVERIFY(denied->waitAnswer());
            QCOMPARE(denied->status(), QByteArrayLiteral("403"));
            QVERIFY(denied->header("Access-Control-Allow-Origin").isEmpty());
        }
        RawClient *wrongHost = raw(
            "OPTIONS /chat HTTP/1.1\r\nHost: attacker.example\r\nOrigin: " + Editor + "\r\n\r\n");
        QVERIFY(wrongHost->waitAnswer());
        QCOMPARE(wrongHost->status(), QByteArrayLiteral("421"));
    }

    void corsOnActualResponses()
    {
        RawClient *editor =
            raw("GET /status HTTP/1.1\r\n" + host() + Auth + "Origin: " + Editor + "\r\n\r\n");
        QVERIFY(editor->waitAnswer());
        QCOMPARE(editor->status(), QByteArrayLiteral("200"));
        QCOMPARE(editor->header("Access-Control-Allow-Origin"), Editor);
        QCOMPARE(editor->header("Vary"), QByteArrayLiteral("Origin"));
        RawClient *unauthorized =
            raw("GET /status HTTP/1.1\r\n" + host() + "Origin: " + Editor + "\r\n\r\n");
        QVERIFY(unauthorized->waitAnswer()); // the page may read why it failed
        QCOMPARE(unauthorized->status(), QByteArrayLiteral("401"));
        QCOMPARE(unauthorized->header("Access-Control-Allow-Origin"), Editor);
        RawClient *native = raw("GET /status HTTP/1.1\r\n" + host() + Auth + "\r\n");
        QVERIFY(native->waitAnswer());
        QVERIFY(native->header("Access-Control-Allow-Origin").isEmpty());
        RawClient *evil = raw("GET /status HTTP/1.1\r\n" + host() + Auth
                              + "Origin: https://evil.example\r\n\r\n");
        QVERIFY(evil->waitAnswer());
        QCOMPARE(evil->status(), QByteArrayLiteral("403"));
        QVERIFY(evil->header("Access-Control-Allow-Origin").isEmpty());
    }

    void tokenResetClosesEveryConnection()
    {
        QSignalSpy changed(m_server.get(), &ApiServer::tokenChanged);
        QNetworkRequest events(
            QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(m_server->port())));
        events.setRawHeader("Authorization", "Bearer " + Token);
        auto *feed = new SseClient(m_network.get(events), this);
        QTRY_VERIFY(!feed->events.isEmpty());
        auto *ws = new WsClient(this);
        QVERIFY(ws->open(m_server->port(), Token));
        RawClient *keepAlive = raw("GET /status HTTP/1.1\r\n" + host() + Auth + "\r\n");
        QVERIFY(keepAlive->waitAnswer());
        QCOMPARE(keepAlive->status(), QByteArrayLiteral("200"));
        QTRY_VERIFY(m_server->connectionCount() >= 3);

        m_server->resetToken();
        QCOMPARE(changed.size(), 1);
        QVERIFY(m_server->token() != Token);
        QCOMPARE(m_server->token().size(), 64);
        QTRY_VERIFY(feed->finished);
        QTRY_COMPARE(ws->socket.state(), QAbstractSocket::UnconnectedState);
        QCOMPARE(ws->socket.closeCode(), QWebSocketProtocol::CloseCodePolicyViolated);
        QVERIFY(keepAlive->waitClosed());
        QTRY_COMPARE(m_server->connectionCount(), 0);

        QCOMPARE(send("GET", QStringLiteral("/status")), 401);
        QCOMPARE(send("GET", QStringLiteral("/status"), {}, m_server->token()), 200);
        RawClient *oldUpgrade = raw(upgradeRequest(Token));
        QVERIFY(oldUpgrade->waitAnswer());
        QCOMPARE(oldUpgrade->status(), QByteArrayLiteral("401"));
    }

    void deeplyNestedJsonIsA400()
    {
        const QList<QByteArray> bodies { QByteArray(100000, '[') + QByteArray(100000, ']'),
                                         QByteArray("{\"a\":").repeated(100000) + "1"
                                             + QByteArray(100000, '}') };
        for (const QByteArray &body : bodies) {
            QJsonObject answer;
            QCOMPARE(send("POST", QStringLiteral("/chat"), body, Token, &answer), 400);
            QCOMPARE(answer[QLatin1String("error")][QLatin1String("code")].toString(),
                     QStringLiteral("invalid_json"));
        }
        QCOMPARE(send("GET", QStringLiteral("/health")), 200);
        QCOMPARE(m_fake->chatRequests().size(), 0);
    }

    void invalidUtf8TextFrameCloses1007()
    {
        RawClient *client = raw(upgradeRequest(Token));
        QVERIFY(client->waitAnswer());
        QCOMPARE(client->status(), QByteArrayLiteral("101"));
        const qsizetype frameAt = client->answer.indexOf("\r\n\r\n") + 4;
        client->socket.write(
            maskedFrame(QByteArrayLiteral("{\"jsonrpc\":\"2.0\",\"method\":\"\xc3\x28\"}")));
        // The close frame, after the text frames that may come first (who is attached).
        QByteArray frame;
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto frames = serverFrames(client->answer, frameAt);
                if (frames.isEmpty() || frames.last().first != 0x8)
                    return false;
                frame = frames.last().second;
                return true;
            },
            5000));
        QVERIFY(frame.size() >= 2);
        QCOMPARE((quint8(frame.at(0)) << 8) | quint8(frame.at(1)), 1007);
        QVERIFY(client->waitClosed());
        auto *next = new WsClient(this); // the server goes on
        QVERIFY(next->open(m_server->port(), Token));
        QCOMPARE(next->callAndWait(QStringLiteral("ping"))[QLatin1String("result")].toString(),
                 QStringLiteral("pong"));
    }

    void webSocketFramesOnTheWire()
    {
        // A call right behind the upgrade, in the same write, is answered.
        const QByteArray call = "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"ping\"}";
        RawClient *ws = raw(upgradeRequest(Token) + maskedFrame(call));
        QVERIFY(ws->waitAnswer());
        QCOMPARE(ws->status(), QByteArrayLiteral("101"));
        const qsizetype framesAt = ws->answer.indexOf("\r\n\r\n") + 4;
        const auto answered = [&](int opcode, const QByteArray &part) {
            return QTest::qWaitFor(
                [&] {
                    const auto frames = serverFrames(ws->answer, framesAt);
                    return std::any_of(frames.begin(), frames.end(), [&](const auto &frame) {
                        return frame.first == opcode && frame.second.contains(part);
                    });
                },
                10000);
        };
        QVERIFY(answered(0x1, "\"id\":41,\"result\":\"pong\""));
        // A ping gets a pong with its payload, even with a call split across two writes.
        ws->socket.write(maskedFrame("are you there", 0x9));
        QVERIFY(answered(0xa, "are you there"));
        const QByteArray second =
            maskedFrame("{\"jsonrpc\":\"2.0\",\"id\":42,\"method\":\"ping\"}");
        ws->socket.write(second.first(5));
        ws->socket.flush();
        QTest::qWait(50);
        ws->socket.write(second.sliced(5));
        QVERIFY(answered(0x1, "\"id\":42"));
        // The client closes: its code comes back, then the server ends the connection.
        ws->socket.write(maskedFrame(QByteArray("\x03\xe8", 2) + "done", 0x8));
        QVERIFY(answered(0x8, QByteArray("\x03\xe8", 2)));
        QVERIFY(ws->waitClosed());

        // An unmasked frame breaks the protocol: 1002, and the connection goes.
        RawClient *broken = raw(upgradeRequest(Token));
        QVERIFY(broken->waitAnswer());
        broken->socket.write(QByteArray("\x81\x02hi", 4));
        const qsizetype brokenAt = broken->answer.indexOf("\r\n\r\n") + 4;
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto frames = serverFrames(broken->answer, brokenAt);
                return !frames.isEmpty() && frames.last().first == 0x8
                    && frames.last().second.startsWith(QByteArray("\x03\xea", 2));
            },
            10000));
        QVERIFY(broken->waitClosed());

        // Another version of the protocol is told which one to speak.
        QByteArray old = upgradeRequest(Token);
        old.replace("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8");
        RawClient *eight = raw(old);
        QVERIFY(eight->waitClosed());
        QCOMPARE(eight->status(), QByteArrayLiteral("426"));
        QCOMPARE(eight->header("sec-websocket-version"), QByteArrayLiteral("13"));
        QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, 10000);
    }

    void establishedWebSocketOutlivesTheHttpLimits()
    {
        ConnectionLimits limits;
        limits.headerTimeoutMs = 1000;
        startServer(limits);
        // An upgrade with bare LF line ends is a request like any other, and is upgraded.
        RawClient *lf = raw(upgradeRequest(Token, "\n"));
        QVERIFY(lf->waitAnswer(60000));
        QCOMPARE(lf->status(), QByteArrayLiteral("101"));
        // An established WebSocket outlives the header and idle time-outs, and large messages
        // still pass: the HTTP limits no longer apply once the socket speaks WebSocket. A silent
        // connection made after it is closed at the header time-out: that has passed when it
        // goes.
        RawClient *ws = raw(upgradeRequest(Token));
        QVERIFY(ws->waitAnswer(60000));
        QCOMPARE(ws->status(), QByteArrayLiteral("101"));
        RawClient *witness = raw();
        QVERIFY(witness->waitClosed(60000));
        QCOMPARE(witness->status(), QByteArrayLiteral("408"));
        QVERIFY(!ws->closed);
        const QJsonObject big {
            { QStringLiteral("jsonrpc"), QStringLiteral("2.0") },
            { QStringLiteral("id"), 7 },
            { QStringLiteral("method"), QStringLiteral("ping") },
            { QStringLiteral("params"),
              QJsonObject {
                  { QStringLiteral("pad"), QString(10 * 1024 * 1024, QLatin1Char('x')) } } }
        };
        // In frames of 512 KiB, as QWebSocket sends a message.
        const QByteArray message = QJsonDocument(big).toJson(QJsonDocument::Compact);
        const qsizetype frameAt = ws->answer.size();
        constexpr qsizetype FrameBytes = 512 * 1024;
        for (qsizetype at = 0; at < message.size(); at += FrameBytes)
            ws->socket.write(maskedFrame(message.mid(at, FrameBytes), at == 0 ? 0x1 : 0x0,
                                         at + FrameBytes >= message.size()));
        QVERIFY(QTest::qWaitFor([&] { return ws->answer.indexOf("pong", frameAt) > 0; }, 60000));
        QVERIFY2(ws->answer.mid(frameAt).contains("\"id\":7"), ws->answer.mid(frameAt).constData());
        QVERIFY(!ws->closed);
        QVERIFY(!lf->closed);
        QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 2, 30000);
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        const QByteArray health = "GET /health HTTP/1.1\r\n" + host() + "\r\n";
        const QByteArray body = R"({"message":"hi","stream":true})";
        const QByteArray chat = "POST /chat HTTP/1.1\r\n" + host() + Auth
            + "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
            + "\r\n\r\n" + body;
        RawClient *client = raw(health + chat + health + health);
        QVERIFY(QTest::qWaitFor([&] { return client->answer.count("HTTP/1.1 200") == 4; }, 5000));
        // The requests after the chat wait for the end of its event stream.
        const qsizetype streamEnd = client->answer.indexOf("\r\n0\r\n\r\n");
        QVERIFY(streamEnd > 0);
        QVERIFY(client->answer.indexOf("HTTP/1.1 200", client->answer.indexOf("text/event-stream"))
                > streamEnd);
    }
};

QTEST_GUILESS_MAIN(TestLimits)
#include "tst_limits.moc"
