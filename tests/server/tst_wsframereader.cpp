// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "rawclient.h"
#include "rpc/wsframereader.h"
#include "rpc/wshandshake.h"

#include <QTest>

namespace {

/** What a reader handed on, in order, as one line each. */
struct Recorder : WsFrameReader::Handler
{
    QStringList seen;
    QList<QByteArray> messages;

    void messageRead(QByteArray &&message, bool text) override
    {
        seen.append(QStringLiteral("%1 %2").arg(text ? u"text" : u"binary").arg(message.size()));
        messages.append(std::move(message));
    }
    void pingRead(QByteArrayView payload) override
    {
        seen.append(QStringLiteral("ping ") + QString::fromUtf8(payload));
    }
    void pongRead() override { seen.append(QStringLiteral("pong")); }
    void closeRead(quint16 code, QByteArrayView reason) override
    {
        seen.append(QStringLiteral("close %1 %2").arg(code).arg(QString::fromUtf8(reason)));
    }
};

QByteArray closePayload(quint16 code, const QByteArray &reason = {})
{
    return QByteArray(1, char(code >> 8)) + char(code & 0xff) + reason;
}

/** An unmasked frame, as a server (or a broken client) sends it. */
QByteArray unmaskedFrame(const QByteArray &payload, char opcode = 0x1)
{
    return QByteArray(1, char(0x80 | opcode)) + char(payload.size()) + payload;
}

constexpr qint64 Limit = 1024 * 1024;

} // namespace

/** WsFrameReader on its own: a client's frames in pieces of any size, and what it refuses. */
class TestWsFrameReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void piecesOfAnySizeReadAlike_data()
    {
        QTest::addColumn<int>("piece");
        for (int piece : { 1, 2, 3, 7, 13, 64, 1000, 1 << 20 })
            QTest::addRow("%d bytes at a time", piece) << piece;
    }
    void piecesOfAnySizeReadAlike()
    {
        QFETCH(int, piece);
        // Every length encoding, a message in fragments with control frames between them, and a
        // character of four bytes split across two fragments.
        const QByteArray medium(300, 'm');
        const QByteArray large(70000, 'l');
        const QByteArray bytes = maskedFrame("{\"a\":1}") + maskedFrame(medium)
            + maskedFrame(large, 0x2) + maskedFrame("frag \xf0\x9f", 0x1, false)
            + maskedFrame("hello", 0x9) + maskedFrame("", 0xa)
            + maskedFrame("\x98\x80 end", 0x0, false) + maskedFrame("!", 0x0, true)
            + maskedFrame(closePayload(1000, "bye"), 0x8) + maskedFrame("never read");
        WsFrameReader reader(Limit);
        Recorder seen;
        bool reading = true;
        for (qsizetype at = 0; at < bytes.size() && reading; at += piece)
            reading = reader.feed(
                QByteArrayView(bytes).sliced(at).first(qMin<qsizetype>(piece, bytes.size() - at)),
                seen);
        QVERIFY(!reading);
        QVERIFY(!reader.failed());
        QCOMPARE(seen.seen.join(u','),
                 QLatin1String("text 7,text 300,binary 70000,ping hello,pong,text 14,"
                               "close 1000 bye"));
        QCOMPARE(seen.messages.at(0), QByteArray("{\"a\":1}"));
        QCOMPARE(seen.messages.at(1), medium);
        QCOMPARE(seen.messages.at(2), large);
        QCOMPARE(seen.messages.at(3), QByteArray("frag \xf0\x9f\x98\x80 end!"));
    }

    void brokenFramesEndTheReadingWithTheirCode_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("code");
        QTest::addColumn<int>("messagesBefore");
        const QByteArray ok = maskedFrame("ok");
        QTest::newRow("unmasked") << ok + unmaskedFrame("hi") << 1002 << 1;
        QByteArray reserved = maskedFrame("hi");
        reserved[0] = char(quint8(reserved[0]) | 0x40);
        QTest::newRow("reserved bit") << reserved << 1002 << 0;
        QTest::newRow("unknown opcode") << maskedFrame("hi", 0x3) << 1002 << 0;
        QTest::newRow("continuation first") << maskedFrame("hi", 0x0) << 1002 << 0;
        QTest::newRow("text inside a fragmented message")
            << maskedFrame("a", 0x1, false) + maskedFrame("b", 0x1) << 1002 << 0;
        QTest::newRow("fragmented ping") << maskedFrame("p", 0x9, false) << 1002 << 0;
        QTest::newRow("long ping") << maskedFrame(QByteArray(126, 'p'), 0x9) << 1002 << 0;
        QTest::newRow("text not UTF-8") << ok + maskedFrame("\xc3\x28") << 1007 << 1;
        QTest::newRow("text cut inside a character") << maskedFrame("\xe2\x82") << 1007 << 0;
        QTest::newRow("close with one byte") << maskedFrame("x", 0x8) << 1002 << 0;
        QTest::newRow("close with a reserved code")
            << maskedFrame(closePayload(1005), 0x8) << 1002 << 0;
        QTest::newRow("close reason not UTF-8")
            << maskedFrame(closePayload(1000, "\xff"), 0x8) << 1007 << 0;
        QTest::newRow("length with the top bit")
            << QByteArray("\x81\xff\x80\x00\x00\x00\x00\x00\x00\x00", 10) << 1002 << 0;
    }
    void brokenFramesEndTheReadingWithTheirCode()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(int, code);
        QFETCH(int, messagesBefore);
        WsFrameReader reader(Limit);
        Recorder seen;
        const QByteArray more = bytes + maskedFrame("after");
        QVERIFY(!reader.feed(more, seen));
        QVERIFY(reader.failed());
        QVERIFY(reader.ended());
        QCOMPARE(int(reader.errorCode()), code);
        QVERIFY(qstrlen(reader.errorReason()) > 0);
        QCOMPARE(seen.seen.size(), messagesBefore);
        QVERIFY(!reader.feed(maskedFrame("more"), seen)); // nothing more is read
        QCOMPARE(seen.seen.size(), messagesBefore);
    }

    void aMessageOverTheLimitIsRefusedFromItsHeader()
    {
        WsFrameReader reader(1000);
        Recorder seen;
        // 600 bytes, then a fragment declaring 500 more: refused before any of its payload.
        QVERIFY(reader.feed(maskedFrame(QByteArray(600, 'a'), 0x1, false), seen));
        const QByteArray next = maskedFrame(QByteArray(500, 'b'), 0x0);
        QVERIFY(!reader.feed(QByteArrayView(next).first(8), seen));
        QCOMPARE(int(reader.errorCode()), 1009);
        QVERIFY(seen.seen.isEmpty());
        // Exactly at the limit is fine.
        WsFrameReader atLimit(1000);
        QVERIFY(atLimit.feed(maskedFrame(QByteArray(1000, 'c')), seen));
        QCOMPARE(seen.seen.join(u','), QLatin1String("text 1000"));
    }

    void aMessageInManyFragmentsIsReadWhole()
    {
        // 100,000 fragments of one byte, a ping every thousand: each fragment adds to the
        // message, none copies it again (that would take minutes here).
        QByteArray bytes;
        QByteArray expected;
        for (int i = 0; i < 100000; ++i) {
            const QByteArray piece(1, char('a' + i % 26));
            expected += piece;
            bytes += maskedFrame(piece, i == 0 ? 0x1 : 0x0, i == 99999);
            if (i % 1000 == 999)
                bytes += maskedFrame("p", 0x9);
        }
        WsFrameReader reader(Limit);
        Recorder seen;
        QVERIFY(reader.feed(bytes, seen));
        QCOMPARE(seen.messages.size(), 1);
        QCOMPARE(seen.messages.constFirst(), expected);
        QCOMPARE(seen.seen.size(), 101); // the pings first, then the message
    }

    void aCloseWithoutACodeSaysSo()
    {
        WsFrameReader reader(Limit);
        Recorder seen;
        QVERIFY(!reader.feed(maskedFrame({}, 0x8), seen));
        QVERIFY(!reader.failed());
        QCOMPARE(seen.seen.join(u','), QLatin1String("close 1005 "));
        QVERIFY(WsFrameReader::isValidCloseCode(1000));
        QVERIFY(WsFrameReader::isValidCloseCode(4999));
        QVERIFY(!WsFrameReader::isValidCloseCode(1006));
        QVERIFY(!WsFrameReader::isValidCloseCode(2000));
    }

    void handshakeFollowsTheRfc()
    {
        // The example of RFC 6455, 1.3.
        QCOMPARE(webSocketAccept("dGhlIHNhbXBsZSBub25jZQ=="),
                 QByteArray("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="));
        ApiRequest request;
        request.method = "GET";
        request.path = QStringLiteral("/ws");
        request.headers = { { "upgrade", "websocket" },
                            { "connection", "keep-alive, Upgrade" },
                            { "sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==" },
                            { "sec-websocket-version", "13" } };
        QByteArray answer;
        QVERIFY(!webSocketHandshake(request, &answer));
        QVERIFY(answer.startsWith("HTTP/1.1 101 Switching Protocols\r\n"));
        QVERIFY(answer.contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"));
        QVERIFY(answer.endsWith("\r\n\r\n"));

        ApiRequest version = request;
        version.headers[3].second = "8";
        const std::optional<ApiError> old = webSocketHandshake(version, &answer);
        QVERIFY(old);
        QCOMPARE(old->status, 426);
        QCOMPARE(old->headers, HeaderList({ { "Sec-WebSocket-Version", "13" } }));

        ApiRequest badKey = request;
        badKey.headers[2].second = "c2hvcnQ="; // "short"
        QCOMPARE(webSocketHandshake(badKey, &answer)->status, 400);
        ApiRequest noUpgradeToken = request;
        noUpgradeToken.headers[1].second = "keep-alive";
        QCOMPARE(webSocketHandshake(noUpgradeToken, &answer)->status, 400);
        ApiRequest post = request;
        post.method = "POST";
        QVERIFY(webSocketHandshake(post, &answer)->message.contains(QLatin1String("GET")));
    }
};

QTEST_GUILESS_MAIN(TestWsFrameReader)
#include "tst_wsframereader.moc"
