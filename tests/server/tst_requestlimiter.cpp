// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachewarnings.h"
#include "http/requestlimiter.h"

#include <QTest>

/**
 * The limits on a request head, right at their edges, and the same verdict however the bytes
 * arrive: whole, one at a time, or cut anywhere in two. Lines are taken a piece at a time, so
 * the byte that crosses a limit must still be found exactly. Then the requests it assembles:
 * the same, in order, whatever the pieces.
 */
class TestRequestLimiter : public QObject
{
    Q_OBJECT

    struct Verdict
    {
        int status = 0; // 0: no error
        RequestLimiter::Phase phase = RequestLimiter::Phase::Idle;
        int completed = 0;
    };

    static Verdict feed(const ConnectionLimits &limits, QByteArrayView bytes,
                        const QList<qsizetype> &cuts)
    {
        RequestLimiter limiter(limits);
        Verdict verdict;
        qsizetype from = 0;
        QList<qsizetype> ends = cuts;
        ends.append(bytes.size());
        for (const qsizetype end : std::as_const(ends)) {
            if (const auto error = limiter.feed(bytes.sliced(from, end - from))) {
                verdict.status = error->status;
                break;
            }
            from = end;
        }
        verdict.phase = limiter.phase();
        verdict.completed = limiter.completedRequests();
        return verdict;
    }

    static ConnectionLimits limits(qint64 headerBytes)
    {
        ConnectionLimits limits;
        limits.maxHeaderBytes = headerBytes;
        limits.maxHeaderCount = 4;
        limits.maxBodyBytes = 16;
        return limits;
    }

private Q_SLOTS:
    void init() { failOnAttacheWarnings(); }
    void verdicts_data()
    {
        QTest::addColumn<qint64>("headerBytes");
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("completed");

        const QByteArray line = "GET /x HTTP/1.1\r\n"; // 17 bytes
        const QByteArray head = line + "Host: a\r\n\r\n"; // 28 bytes
        QTest::newRow("a head exactly at the limit") << qint64(28) << head << 0 << 1;
        QTest::newRow("a head over the limit") << qint64(26) << head << 431 << 0;
        QTest::newRow("a request line longer than the limit") << qint64(10) << line << 414 << 0;
        QTest::newRow("a request line at the limit, its line end over")
            << qint64(16) << line << 0 << 0;
        QTest::newRow("blank lines first count, the line is not too long itself")
            << qint64(20) << QByteArray("\r\n\r\n\r\n" + line) << 431 << 0;
        QTest::newRow("a header line over the limit")
            << qint64(30) << QByteArray(line + "X: 0123456789ab\r\n\r\n") << 431 << 0;
        QTest::newRow("too many header fields")
            << qint64(1000) << QByteArray(line + "A: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n")
            << 431 << 0;
        QTest::newRow("a body, then the next request")
            << qint64(100)
            << QByteArray("POST /c HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello" + head) << 0 << 2;
        QTest::newRow("a body over its limit") << qint64(100)
                                               << QByteArray("POST /c HTTP/1.1\r\nContent-Length: "
                                                             "17\r\n\r\n")
                                               << 413 << 0;
        QTest::newRow("chunks, LF line ends")
            << qint64(100)
            << QByteArray("POST /c HTTP/1.1\nTransfer-Encoding: chunked\n\n5\nhello\n0\n\n") << 0
            << 1;
        QTest::newRow("a chunk size line too long")
            << qint64(100)
            << QByteArray("POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                          + QByteArray(1100, '0') + "5\r\n")
            << 400 << 0;
        QTest::newRow("a request line without a target")
            << qint64(100) << QByteArray("GET\r\nHost: a\r\n\r\n") << 400 << 0;
        QTest::newRow("a request line with a space in its target")
            << qint64(100) << QByteArray("GET /a b HTTP/1.1\r\n\r\n") << 400 << 0;
        QTest::newRow("another HTTP version")
            << qint64(100) << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505 << 0;
        QTest::newRow("a header line without a colon")
            << qint64(100) << QByteArray(line + "Host a\r\n\r\n") << 400 << 0;
        QTest::newRow("a folded header line")
            << qint64(100) << QByteArray(line + "Host: a\r\n b\r\n\r\n") << 400 << 0;
        QTest::newRow("conflicting lengths")
            << qint64(100) << QByteArray(line + "Content-Length: 1\r\nContent-Length: 2\r\n\r\n")
            << 400 << 0;
    }
    void verdicts()
    {
        QFETCH(qint64, headerBytes);
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        QFETCH(int, completed);
        const ConnectionLimits l = limits(headerBytes);

        const Verdict whole = feed(l, request, {});
        QCOMPARE(whole.status, status);
        if (status == 0)
            QCOMPARE(whole.completed, completed);

        QList<qsizetype> everyByte;
        for (qsizetype i = 1; i < request.size(); ++i)
            everyByte.append(i);
        const Verdict bytewise = feed(l, request, everyByte);
        QCOMPARE(bytewise.status, whole.status);
        QCOMPARE(bytewise.completed, whole.completed);
        QCOMPARE(bytewise.phase, whole.phase);

        for (qsizetype cut = 1; cut < request.size(); ++cut) {
            const Verdict split = feed(l, request, { cut });
            if (split.status != whole.status || split.completed != whole.completed
                || split.phase != whole.phase)
                QFAIL(qPrintable(QStringLiteral("cut at %1 gives another verdict").arg(cut)));
        }
    }

    void assembles_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QByteArrayList>("expected"); // per request: "METHOD path ?query | body"

        QTest::newRow("a GET") << QByteArray("GET /health HTTP/1.1\r\nHost: a\r\n\r\n")
                               << QByteArrayList { "GET /health ? | " };
        QTest::newRow("a query and an escaped path")
            << QByteArray("GET /runs/r%201/events?after=3&x=a%20b HTTP/1.1\r\n\r\n")
            << QByteArrayList { "GET /runs/r 1/events ?after=3&x=a b | " };
        QTest::newRow("absolute form")
            << QByteArray("GET http://127.0.0.1:8765/health?x=1 HTTP/1.1\r\n\r\n")
            << QByteArrayList { "GET /health ?x=1 | " };
        QTest::newRow("a body by length, then a chunked body, then a GET")
            << QByteArray("POST /chat HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
                          "POST /chat HTTP/1.1\nTransfer-Encoding: chunked\n\n3;x=y\r\nabc\r\n"
                          "2\r\nde\r\n0\r\n\r\n"
                          "\r\nGET / HTTP/1.1\r\n\r\n")
            << QByteArrayList { "POST /chat ? | hello", "POST /chat ? | abcde", "GET / ? | " };
    }
    void assembles()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QByteArrayList, expected);
        const auto describe = [](const ApiRequest &request) -> QByteArray {
            return request.method + ' ' + request.path.toUtf8() + " ?"
                + request.query.toString(QUrl::FullyDecoded).toUtf8() + " | " + request.body;
        };
        // Fed as the server feeds it (up to a request's end, then the rest), in pieces of every
        // size from one byte to all of it.
        for (qsizetype piece = 1; piece <= bytes.size(); ++piece) {
            RequestLimiter limiter;
            QByteArrayList got;
            for (qsizetype at = 0; at < bytes.size(); at += piece) {
                QByteArrayView rest =
                    QByteArrayView(bytes).sliced(at, qMin(piece, bytes.size() - at));
                while (!rest.isEmpty()) {
                    qsizetype used = 0;
                    const auto error = limiter.feedUntilComplete(rest, &used);
                    QVERIFY2(!error, qPrintable(error ? error->message : QString()));
                    rest = rest.sliced(used);
                    if (const std::optional<ApiRequest> request = limiter.takeRequest())
                        got.append(describe(*request));
                }
            }
            QCOMPARE(got, expected);
        }
    }
    void headersAreLowerCaseAndTrimmed()
    {
        RequestLimiter limiter;
        QVERIFY(!limiter.feed("GET / HTTP/1.1\r\nX-Attache-Client:  vscode \r\nORIGIN:a\r\n"
                              "origin: b\r\n\r\n"));
        const std::optional<ApiRequest> request = limiter.takeRequest();
        QVERIFY(request);
        QCOMPARE(request->header("x-attache-client"), QByteArray("vscode"));
        QCOMPARE(request->headerCount("origin"), 2);
        QCOMPARE(request->header("connection"), QByteArray());
        QVERIFY(!limiter.takeRequest()); // taken once
    }
    void http10ClosesUnlessItAsksToKeepAlive()
    {
        RequestLimiter limiter;
        QVERIFY(!limiter.feed("GET / HTTP/1.0\r\n\r\n"));
        QCOMPARE(limiter.takeRequest()->header("connection"), QByteArray("close"));
        QVERIFY(!limiter.feed("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
        QCOMPARE(limiter.takeRequest()->headerCount("connection"), 1);
    }
};

QTEST_GUILESS_MAIN(TestRequestLimiter)
#include "tst_requestlimiter.moc"
