// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Clients that are slow, silent or stop reading: time-outs, idle connections, and event streams
// whose readers fall behind. The server's other limits are in tst_limits.cpp.
#include "attachewarnings.h"
#include "limitsfixture.h"
#include "loopclock.h"
#include "sseclient.h"

#include <QElapsedTimer>
#include <QTimer>

#include <algorithm>

class TestSlowClients : public LimitsFixture
{
    Q_OBJECT

    static FakeReply bigReply(int delayMs, int chunks = 100)
    {
        FakeReply reply;
        reply.tokens.clear();
        const QString filler(128 * 1024, QLatin1Char('x'));
        for (int i = 0; i < chunks; ++i)
            reply.tokens.append(QString::number(i) + filler + QLatin1Char(' '));
        reply.delayMs = delayMs;
        return reply;
    }

    SseClient *chat()
    {
        QNetworkRequest request(
            QUrl(QStringLiteral("http://127.0.0.1:%1/chat").arg(m_server->port())));
        request.setRawHeader("Authorization", "Bearer " + Token);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        return new SseClient(m_network.post(request, R"({"message":"hi"})"), this);
    }

    static bool receivedWhole(const SseClient &client, const FakeReply &reply)
    {
        QString text;
        for (const SseClient::Event &e : client.events) {
            if (e.json[QLatin1String("type")] == QLatin1String("stream_chunk"))
                text += e.json[QLatin1String("data")].toString();
        }
        // Not QCOMPARE: it would print 12 MB.
        return client.types().constLast() == QLatin1String("[DONE]")
            && client.events.size() == reply.tokens.size() + 4 && text == reply.joinedText();
    }

private Q_SLOTS:
    void initTestCase() { raiseOpenFileLimit(); }
    void init() { startEngineAndServer(); }
    void cleanup() { tearDownServer(); }

    void slowHeadersTimeOutWith408()
    {
        ConnectionLimits limits;
        limits.headerTimeoutMs = 300;
        startServer(limits);
        QElapsedTimer clock;
        clock.start();
        RawClient *trickle = raw("GET /health HTTP/1.1\r\n" + host());
        // A header line every 100 ms, for as long as the connection lasts: never done, never
        // silent. Only a time-out counted from the request's start can end it.
        QTimer drip;
        connect(&drip, &QTimer::timeout, trickle,
                [trickle] { trickle->socket.write("X-Drip: 1\r\n"); });
        drip.start(100);
        RawClient *silent = raw();
        QVERIFY(trickle->waitClosed(60000));
        // Not before the time-out (a lower bound a slow machine cannot break).
        QVERIFY2(clock.elapsed() >= 250, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(trickle->status(), QByteArrayLiteral("408"));
        QCOMPARE(trickle->errorCode(), QStringLiteral("request_timeout"));
        QVERIFY(silent->waitClosed(60000));
        QCOMPARE(silent->status(), QByteArrayLiteral("408"));
        // Headers done in time are served.
        RawClient *prompt = raw("GET /health HTTP/1.1\r\n" + host() + "\r\n");
        QVERIFY(prompt->waitAnswer());
        QCOMPARE(prompt->status(), QByteArrayLiteral("200"));
    }

    void idleKeepAliveIsClosedButStreamsAreNot()
    {
        QByteArray health = "GET /health HTTP/1.1\r\n" + host() + "\r\n";
        // A kept-alive connection serves the next request (with the default idle time, which no
        // test outlasts).
        RawClient *kept = raw(health);
        QVERIFY(kept->waitAnswer(30000));
        kept->socket.write(health);
        QVERIFY(QTest::qWaitFor([&] { return kept->answer.count("HTTP/1.1 200") == 2; }, 30000));
        QVERIFY(!kept->closed);

        ConnectionLimits limits;
        limits.idleTimeoutMs = 300;
        limits.headerTimeoutMs = 300;
        startServer(limits);
        health = "GET /health HTTP/1.1\r\n" + host() + "\r\n"; // the new server's port
        // Idle after its answer, it is closed, not before the idle time (a lower bound).
        RawClient *client = raw(health);
        QVERIFY(client->waitAnswer(30000));
        QElapsedTimer clock;
        clock.start();
        QVERIFY(client->waitClosed(60000));
        QVERIFY2(clock.elapsed() >= 250, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(client->answer.count("HTTP/1.1 200"), 1);

        // An event stream outlives both time-outs. It pauses after its first chunk; a connection
        // made after that pause then sits idle until the server closes it: by then the stream
        // has been quiet for longer than either time-out, and it is still open.
        FakeReply held;
        held.tokens = { QStringLiteral("a "), QStringLiteral("b "), QStringLiteral("c "),
                        QStringLiteral("d ") };
        held.holdAfter = 1;
        m_fake->setDefaultReply(held);
        QNetworkRequest request(
            QUrl(QStringLiteral("http://127.0.0.1:%1/chat").arg(m_server->port())));
        request.setRawHeader("Authorization", "Bearer " + Token);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        auto *stream = new SseClient(m_network.post(request, R"({"message":"hi"})"), this);
        QTRY_VERIFY_WITH_TIMEOUT(stream->types().contains(QStringLiteral("stream_chunk")), 30000);
        QCOMPARE(m_fake->heldStreams(), 1);
        RawClient *witness = raw(health);
        QVERIFY(witness->waitAnswer(30000));
        QCOMPARE(witness->status(), QByteArrayLiteral("200"));
        QVERIFY(witness->waitClosed(60000));
        QVERIFY(!stream->finished);
        QCOMPARE(m_fake->heldStreams(), 1);
        m_fake->release();
        QTRY_VERIFY_WITH_TIMEOUT(stream->finished, 30000);
        QCOMPARE(stream->types().constLast(), QStringLiteral("[DONE]"));
        QVERIFY(stream->types().contains(QStringLiteral("stream_end")));
        QCOMPARE(stream->types().count(QStringLiteral("stream_chunk")), 4);
    }

    void slowClientsDoNotStarveOthers()
    {
        // The hard limit on open files is the system's to set; no package raises it.
        if (m_openFiles < rlim_t(2 * SlowClients + 200))
            QSKIP("the open-file limit is too low for this many sockets");
        // Slowloris: a request line and a Host, then nothing.
        const auto slowClients = [&] {
            const QByteArray start = "GET /health HTTP/1.1\r\n" + host();
            QList<RawClient *> slow;
            for (int i = 0; i < SlowClients; ++i) {
                auto *client = new RawClient(m_server->port(), this);
                connect(&client->socket, &QTcpSocket::connected, client,
                        [client, start] { client->socket.write(start); });
                slow.append(client);
            }
            return slow;
        };
        // With a header time-out longer than the test, all of them hold their connections
        // while another client is served.
        ConnectionLimits limits;
        limits.headerTimeoutMs = 24 * 60 * 60 * 1000;
        startServer(limits);
        QList<RawClient *> slow = slowClients();
        QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), SlowClients, 60000);
        QCOMPARE(send("GET", QStringLiteral("/health")), 200);
        for (RawClient *client : std::as_const(slow))
            QVERIFY(!client->closed && client->answer.isEmpty());
        qDeleteAll(slow);

        // With a short one, each is told why and let go.
        limits.headerTimeoutMs = 300;
        startServer(limits);
        slow = slowClients();
        QVERIFY(QTest::qWaitFor(
            [&] {
                return std::all_of(slow.cbegin(), slow.cend(),
                                   [](RawClient *c) { return c->closed; });
            },
            60000));
        for (RawClient *client : std::as_const(slow))
            QCOMPARE(client->status(), QByteArrayLiteral("408"));
        m_network.clearConnectionCache();
        QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), 0, 30000);
    }

    void eventStreamThatStopsReadingIsDropped()
    {
        // 100 chunks of 128 KiB, one per timer tick: 12.8 MB of events, more than the cap.
        // Judged by the loop's time: a pass a busy machine makes long is no time to read in.
        const LoopClock loop;
        startServer({}, loop.clock());
        const FakeReply reply = bigReply(1);
        m_fake->setDefaultReply(reply);
        SseClient *reader = chat();
        QTRY_VERIFY_WITH_TIMEOUT(!reader->events.isEmpty(), 30000);
        const QByteArray runId =
            reader->events.constFirst().json[QLatin1String("run")].toString().toUtf8();

        // The same run for a client that never reads past what fits in its small buffers.
        const int before = m_server->connectionCount();
        QTcpSocket silent;
        silent.setReadBufferSize(4096);
        silent.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(silent.waitForConnected(30000));
        silent.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 4096);
        silent.write("GET /runs/" + runId + "/events HTTP/1.1\r\n" + host() + Auth + "\r\n");
        QTRY_COMPARE(m_server->connectionCount(), before + 1);

        // Dropped once its queue stays above the cap without draining; the reader goes on.
        QTRY_COMPARE_WITH_TIMEOUT(m_server->connectionCount(), before, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(reader->finished, 60000);
        QVERIFY(receivedWhole(*reader, reply));
    }

    void steadyReaderIsKeptWhileItsQueueIsAboveTheCap()
    {
        // The provider outruns this client, which reads 16 KiB at a time: of the 25 MB of events
        // (the chunks, then the whole reply again in stream_end) more than the cap queues up for
        // a long while, but it keeps draining, so it is not taken for one that stopped.
        // Judged by the loop's time: a pass a busy machine makes long is no time to read in.
        const LoopClock loop;
        startServer({}, loop.clock());
        const FakeReply reply = bigReply(0);
        m_fake->setDefaultReply(reply);
        QTcpSocket reader;
        reader.setReadBufferSize(16 * 1024);
        reader.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(reader.waitForConnected(30000));
        reader.setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 16 * 1024);
        const QByteArray body = R"({"message":"hi"})";
        reader.write("POST /chat HTTP/1.1\r\n" + host() + Auth
                     + "Content-Type: application/json\r\nContent-Length: "
                     + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QByteArray answer;
        QTimer pace;
        connect(&pace, &QTimer::timeout, this, [&] { answer += reader.read(16 * 1024); });
        pace.start(2);
        QVERIFY(QTest::qWaitFor([&] { return answer.endsWith("data: [DONE]\n\n\r\n0\r\n\r\n"); },
                                60000));
        QVERIFY(answer.size() > 2 * 100 * 128 * 1024);
        QCOMPARE(reader.state(), QAbstractSocket::ConnectedState);
    }
};

QTEST_GUILESS_MAIN(TestSlowClients)
#include "tst_slowclients.moc"
