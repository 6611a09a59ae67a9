// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "requestlimiter.h"

#include <QTest>

/**
 * The limits on a request head, right at their edges, and the same verdict however the bytes
 * arrive: whole, one at a time, or cut anywhere in two. Lines are taken a piece at a time, so
 * the byte that crosses a limit must still be found exactly.
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
};

QTEST_GUILESS_MAIN(TestRequestLimiter)
#include "tst_requestlimiter.moc"
