// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachewarnings.h"
#include "net/sseparser.h"

#include <QByteArrayList>
#include <QList>
#include <QRandomGenerator>
#include <QTest>

Q_DECLARE_METATYPE(SseEvent)

namespace {

using EventList = QList<SseEvent>;

// Builds a QByteArray from a literal including embedded NUL bytes, which the
// const char * constructor would cut short.
template<qsizetype N> QByteArray bytes(const char (&literal)[N])
{
    return QByteArray(literal, N - 1);
}

SseEvent ev(const QByteArray &data, const QByteArray &type = {}, const QByteArray &id = {})
{
    return SseEvent { type, data, id };
}

// Escaped, so that a failure message shows CR, LF and NUL unambiguously.
QByteArray render(const SseEvent &event)
{
    return "type=\"" + event.event.toPercentEncoding() + "\" data=\""
        + event.data.toPercentEncoding() + "\" id=\"" + event.id.toPercentEncoding() + '"';
}

QByteArrayList render(const EventList &events)
{
    QByteArrayList rendered;
    rendered.reserve(events.size());
    for (const SseEvent &event : events)
        rendered.append(render(event));
    return rendered;
}

struct Outcome
{
    QByteArrayList events;
    QByteArray lastEventId;
    int retry = -1; // -1 stands for "no valid retry seen"
    int comments = 0;

    bool operator==(const Outcome &other) const
    {
        return events == other.events && lastEventId == other.lastEventId && retry == other.retry
            && comments == other.comments;
    }

    QByteArray describe() const
    {
        return "events=[" + events.join(", ") + "] lastEventId=\"" + lastEventId.toPercentEncoding()
            + "\" retry=" + QByteArray::number(retry) + " comments=" + QByteArray::number(comments);
    }
};

// Feeds input in consecutive pieces ending at the given cut positions.
Outcome parseInPieces(const QByteArray &input, const QList<qsizetype> &cuts)
{
    SseParser parser;
    EventList events;
    const auto sink = [&events](const SseEvent &event) {
        events.append(event);
    };
    qsizetype start = 0;
    for (const qsizetype cut : cuts) {
        parser.feed(QByteArrayView(input).sliced(start, cut - start), sink);
        start = cut;
    }
    parser.feed(QByteArrayView(input).sliced(start), sink);
    return Outcome { render(events), parser.lastEventId(), parser.retry().value_or(-1),
                     parser.commentCount() };
}

QByteArray makeEvent(int index)
{
    // Rotates through the three line endings so the big stream exercises all of them.
    static const char *const endings[] = { "\n", "\r\n", "\r" };
    const QByteArray eol = endings[index % 3];
    const QByteArray n = QByteArray::number(index);
    QByteArray block =
        "id: " + n + eol + "event: tick" + eol + "data: payload " + n + eol + "data:second" + eol;
    if (index % 7 == 0)
        block += ": keep-alive" + eol;
    return block + eol;
}

} // namespace

class TestSseParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { failOnAttacheWarnings(); }
    void parse_data();
    void parse();
    void resetRestoresNewStreamState();
    void sinkCopiesSurviveLaterEvents();
    void manyEventsInBlocks();
};

void TestSseParser::parse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<EventList>("events");
    QTest::addColumn<QByteArray>("lastEventId");
    QTest::addColumn<int>("retry");
    QTest::addColumn<int>("comments");

    QTest::newRow("empty stream") << QByteArray() << EventList {} << QByteArray() << -1 << 0;
    QTest::newRow("single event") << QByteArray("data: hello\n\n") << EventList { ev("hello") }
                                  << QByteArray() << -1 << 0;
    QTest::newRow("two events") << QByteArray("data: a\n\ndata: b\n\n")
                                << EventList { ev("a"), ev("b") } << QByteArray() << -1 << 0;
    QTest::newRow("multi-line data") << QByteArray("data: a\ndata: b\ndata\ndata: c\n\n")
                                     << EventList { ev("a\nb\n\nc") } << QByteArray() << -1 << 0;
    QTest::newRow("data value keeps colons and trailing space")
        << QByteArray("data: a: b \n\n") << EventList { ev("a: b ") } << QByteArray() << -1 << 0;
    QTest::newRow("utf-8 and nul in data")
        << bytes("data: h\xC3\xA9llo \xE2\x82\xAC\xF0\x9F\x98\x80 a\0b\n\n")
        << EventList { ev(bytes("h\xC3\xA9llo \xE2\x82\xAC\xF0\x9F\x98\x80 a\0b")) } << QByteArray()
        << -1 << 0;

    QTest::newRow("comments") << QByteArray(": hello\n:\ndata: x\n: mid\n::\n\n")
                              << EventList { ev("x") } << QByteArray() << -1 << 4;
    QTest::newRow("comment-only block does not dispatch")
        << QByteArray(": ping\n\n: ping\n\n") << EventList {} << QByteArray() << -1 << 2;
    QTest::newRow("comment does not end the event")
        << QByteArray("data: a\n: note\ndata: b\n\n") << EventList { ev("a\nb") } << QByteArray()
        << -1 << 1;

    QTest::newRow("id persists across events")
        << QByteArray("id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n")
        << EventList { ev("a", {}, "1"), ev("b", {}, "1"), ev("c", {}, "2") } << QByteArray("2")
        << -1 << 0;
    QTest::newRow("id after data in the same block applies")
        << QByteArray("data: a\nid: 7\n\n") << EventList { ev("a", {}, "7") } << QByteArray("7")
        << -1 << 0;
    QTest::newRow("id set by a block without data")
        << QByteArray("id: 3\n\ndata: a\n\n") << EventList { ev("a", {}, "3") } << QByteArray("3")
        << -1 << 0;
    QTest::newRow("id with nul ignored")
        << bytes("id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\nid: \0\n\n")
        << EventList { ev("a", {}, "1"), ev("b", {}, "1") } << QByteArray("1") << -1 << 0;
    QTest::newRow("empty id resets")
        << QByteArray("id: 5\ndata: a\n\nid\ndata: b\n\nid: 6\ndata: c\n\nid:\ndata: d\n\n")
        << EventList { ev("a", {}, "5"), ev("b"), ev("c", {}, "6"), ev("d") } << QByteArray() << -1
        << 0;
    QTest::newRow("empty id as trailing state")
        << QByteArray("id: 9\n\nid: \n\n") << EventList {} << QByteArray() << -1 << 0;

    QTest::newRow("retry valid") << QByteArray("retry: 3000\n") << EventList {} << QByteArray()
                                 << 3000 << 0;
    QTest::newRow("retry zero without space")
        << QByteArray("retry:0\n\n") << EventList {} << QByteArray() << 0 << 0;
    QTest::newRow("retry last valid wins") << QByteArray("retry: 10\nretry: 20\ndata: a\n\n")
                                           << EventList { ev("a") } << QByteArray() << 20 << 0;
    QTest::newRow("retry invalid values ignored")
        << QByteArray("retry: 3000\nretry: 12a\nretry: -5\nretry: +5\nretry: \nretry\n"
                      "retry:  100\nretry: 1.5\nretry: 99999999999\nretry: 100 \n")
        << EventList {} << QByteArray() << 3000 << 0;
    QTest::newRow("retry invalid only")
        << QByteArray("retry: x\n") << EventList {} << QByteArray() << -1 << 0;

    QTest::newRow("event type and reset after dispatch")
        << QByteArray("event: add\ndata: 1\n\ndata: 2\n\n") << EventList { ev("1", "add"), ev("2") }
        << QByteArray() << -1 << 0;
    QTest::newRow("event type reset by a block without data")
        << QByteArray("event: x\n\ndata: 3\n\n") << EventList { ev("3") } << QByteArray() << -1
        << 0;
    QTest::newRow("last event type wins") << QByteArray("event: a\nevent: b\ndata: z\n\n")
                                          << EventList { ev("z", "b") } << QByteArray() << -1 << 0;
    QTest::newRow("event type after data")
        << QByteArray("data: z\nevent: late\n\n") << EventList { ev("z", "late") } << QByteArray()
        << -1 << 0;

    QTest::newRow("crlf") << QByteArray("data: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n")
                          << EventList { ev("a\nb"), ev("c") } << QByteArray() << -1 << 0;
    QTest::newRow("lf") << QByteArray("data: a\ndata: b\n\ndata: c\n\n")
                        << EventList { ev("a\nb"), ev("c") } << QByteArray() << -1 << 0;
    QTest::newRow("cr") << QByteArray("data: a\rdata: b\r\rdata: c\r\r")
                        << EventList { ev("a\nb"), ev("c") } << QByteArray() << -1 << 0;
    QTest::newRow("mixed endings in one event")
        << QByteArray("data: a\r\ndata: b\rdata: c\n\r\n") << EventList { ev("a\nb\nc") }
        << QByteArray() << -1 << 0;
    QTest::newRow("lf cr is two line ends")
        << QByteArray("data: x\n\rdata: y\r\n\n") << EventList { ev("x"), ev("y") } << QByteArray()
        << -1 << 0;
    QTest::newRow("cr cr lf is two line ends")
        << QByteArray("data: a\r\r\ndata: b\r\n\r\n") << EventList { ev("a"), ev("b") }
        << QByteArray() << -1 << 0;
    QTest::newRow("crlf crlf lf") << QByteArray("data: a\r\n\r\n\ndata: b\n\n")
                                  << EventList { ev("a"), ev("b") } << QByteArray() << -1 << 0;

    QTest::newRow("field without colon is data with empty value")
        << QByteArray("data\n\n") << EventList { ev("") } << QByteArray() << -1 << 0;
    QTest::newRow("data with empty value after colon")
        << QByteArray("data:\n\n") << EventList { ev("") } << QByteArray() << -1 << 0;
    QTest::newRow("two empty data lines")
        << QByteArray("data\ndata\n\n") << EventList { ev("\n") } << QByteArray() << -1 << 0;
    QTest::newRow("event without colon resets type")
        << QByteArray("event: x\nevent\ndata: y\n\n") << EventList { ev("y") } << QByteArray() << -1
        << 0;
    QTest::newRow("blank block does not dispatch")
        << QByteArray("\n\n\r\n\r\rdata: a\n\n\n\n") << EventList { ev("a") } << QByteArray() << -1
        << 0;
    QTest::newRow("event only block does not dispatch")
        << QByteArray("event: x\n\n") << EventList {} << QByteArray() << -1 << 0;

    QTest::newRow("no space after colon")
        << QByteArray("data:a\n\n") << EventList { ev("a") } << QByteArray() << -1 << 0;
    QTest::newRow("one space after colon")
        << QByteArray("data: a\n\n") << EventList { ev("a") } << QByteArray() << -1 << 0;
    QTest::newRow("two spaces after colon")
        << QByteArray("data:  a\n\n") << EventList { ev(" a") } << QByteArray() << -1 << 0;
    QTest::newRow("tab after colon is kept")
        << QByteArray("data:\ta\n\n") << EventList { ev("\ta") } << QByteArray() << -1 << 0;
    QTest::newRow("spaces in id and event")
        << QByteArray("event:  t\nid:  1\ndata: a\n\n") << EventList { ev("a", " t", " 1") }
        << QByteArray(" 1") << -1 << 0;

    QTest::newRow("bom") << QByteArray("\xEF\xBB\xBF"
                                       "data: a\n\n")
                         << EventList { ev("a") } << QByteArray() << -1 << 0;
    QTest::newRow("bom before comment")
        << QByteArray("\xEF\xBB\xBF: c\n") << EventList {} << QByteArray() << -1 << 1;
    QTest::newRow("bom before blank line") << QByteArray("\xEF\xBB\xBF\ndata: a\n\n")
                                           << EventList { ev("a") } << QByteArray() << -1 << 0;
    QTest::newRow("only one bom is skipped") << QByteArray("\xEF\xBB\xBF\xEF\xBB\xBF"
                                                           "data: a\n\ndata: b\n\n")
                                             << EventList { ev("b") } << QByteArray() << -1 << 0;
    QTest::newRow("partial bom is content") << QByteArray("\xEF\xBB"
                                                          "data: a\n\ndata: b\n\n")
                                            << EventList { ev("b") } << QByteArray() << -1 << 0;
    QTest::newRow("partial bom before colon is a field name")
        << QByteArray("\xEF: c\ndata: b\n\n") << EventList { ev("b") } << QByteArray() << -1 << 0;
    QTest::newRow("bom not at start is content")
        << QByteArray("data: a\n\n\xEF\xBB\xBF"
                      "data: b\n\n")
        << EventList { ev("a") } << QByteArray() << -1 << 0;
    QTest::newRow("bom inside data value")
        << QByteArray("data: \xEF\xBB\xBF\n\n") << EventList { ev("\xEF\xBB\xBF") } << QByteArray()
        << -1 << 0;

    QTest::newRow("incomplete trailing event after line end")
        << QByteArray("data: a\n\ndata: b\n") << EventList { ev("a") } << QByteArray() << -1 << 0;
    QTest::newRow("incomplete trailing line")
        << QByteArray("data: a\n\ndata: b") << EventList { ev("a") } << QByteArray() << -1 << 0;
    QTest::newRow("incomplete trailing cr")
        << QByteArray("data: a\r") << EventList {} << QByteArray() << -1 << 0;
    QTest::newRow("unterminated id line has no effect")
        << QByteArray("id: 1\n\nid: 2") << EventList {} << QByteArray("1") << -1 << 0;

    QTest::newRow("unknown field ignored")
        << QByteArray("foo: bar\ndata: a\nDATA: b\nData: c\ndata : d\n data: e\nfoo\n\n")
        << EventList { ev("a") } << QByteArray() << -1 << 0;
    QTest::newRow("unknown fields only")
        << QByteArray("foo: bar\n\n") << EventList {} << QByteArray() << -1 << 0;
}

void TestSseParser::parse()
{
    QFETCH(QByteArray, input);
    QFETCH(EventList, events);
    QFETCH(QByteArray, lastEventId);
    QFETCH(int, retry);
    QFETCH(int, comments);

    const Outcome expected { render(events), lastEventId, retry, comments };

    const Outcome whole = parseInPieces(input, {});
    QCOMPARE(whole.events, expected.events);
    QCOMPARE(whole.lastEventId, expected.lastEventId);
    QCOMPARE(whole.retry, expected.retry);
    QCOMPARE(whole.comments, expected.comments);

    // The key property: where the transport happens to cut the stream must never matter.
    // Cuts at the same position produce empty feeds, which must be harmless too.
    const qsizetype size = input.size();
    for (qsizetype first = 0; first <= size; ++first) {
        const Outcome two = parseInPieces(input, { first });
        QVERIFY2(two == expected,
                 QByteArray("split at " + QByteArray::number(first) + ": " + two.describe())
                     .constData());
        for (qsizetype second = first; second <= size; ++second) {
            const Outcome three = parseInPieces(input, { first, second });
            QVERIFY2(three == expected,
                     QByteArray("split at " + QByteArray::number(first) + " and "
                                + QByteArray::number(second) + ": " + three.describe())
                         .constData());
        }
    }

    QList<qsizetype> everyByte;
    for (qsizetype i = 1; i < size; ++i)
        everyByte.append(i);
    const Outcome bytewise = parseInPieces(input, everyByte);
    QVERIFY2(bytewise == expected, QByteArray("byte by byte: " + bytewise.describe()).constData());
}

void TestSseParser::resetRestoresNewStreamState()
{
    SseParser parser;
    EventList events;
    const auto sink = [&events](const SseEvent &event) {
        events.append(event);
    };

    parser.feed("\xEF\xBB\xBFid: 4\nretry: 50\n: c\nevent: e\ndata: half", sink);
    QCOMPARE(parser.lastEventId(), QByteArray("4"));
    QCOMPARE(parser.retry(), std::optional<int>(50));
    QCOMPARE(parser.commentCount(), 1);
    QVERIFY(events.isEmpty());

    parser.reset();
    QCOMPARE(parser.lastEventId(), QByteArray());
    QVERIFY(!parser.retry().has_value());
    QCOMPARE(parser.commentCount(), 0);

    // A new stream may start with a BOM again, and nothing of the old event may leak in.
    parser.feed("\xEF\xBB", sink);
    parser.feed("\xBF"
                "data: fresh\n\n",
                sink);
    QCOMPARE(render(events), render(EventList { ev("fresh") }));

    // A CR pending at reset must not swallow the new stream's leading LF.
    parser.feed("data: x\r", sink);
    parser.reset();
    events.clear();
    parser.feed("\ndata: y\n\n", sink);
    QCOMPARE(render(events), render(EventList { ev("y") }));
}

void TestSseParser::sinkCopiesSurviveLaterEvents()
{
    // The parser reuses its event object, so copies taken by a sink must stay intact.
    SseParser parser;
    EventList events;
    parser.feed("id: 1\nevent: a\ndata: first\n\nid: 2\nevent: b\ndata: second\n\n",
                [&events](const SseEvent &event) { events.append(event); });
    QCOMPARE(render(events), render(EventList { ev("first", "a", "1"), ev("second", "b", "2") }));
}

void TestSseParser::manyEventsInBlocks()
{
    constexpr int count = 100000;
    QByteArray stream = "\xEF\xBB\xBF";
    for (int i = 0; i < count; ++i)
        stream += makeEvent(i);

    const auto run = [&stream](auto nextBlockSize) {
        SseParser parser;
        int received = 0;
        int firstMismatch = -1;
        const auto sink = [&](const SseEvent &event) {
            const QByteArray n = QByteArray::number(received);
            const QByteArray data = "payload " + n + "\nsecond";
            if (firstMismatch < 0 && (event.id != n || event.event != "tick" || event.data != data))
                firstMismatch = received;
            ++received;
        };
        for (qsizetype pos = 0; pos < stream.size();) {
            const qsizetype size = qMin(nextBlockSize(), stream.size() - pos);
            parser.feed(QByteArrayView(stream).sliced(pos, size), sink);
            pos += size;
        }
        return std::make_tuple(received, firstMismatch, parser.commentCount(),
                               parser.lastEventId());
    };

    const auto expected =
        std::make_tuple(count, -1, (count + 6) / 7, QByteArray::number(count - 1));

    QCOMPARE(run([] { return qsizetype(4096); }), expected);

    QRandomGenerator random(20240611); // fixed seed: a failure must be reproducible
    QCOMPARE(run([&random] { return qsizetype(random.bounded(1, 4097)); }), expected);
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
