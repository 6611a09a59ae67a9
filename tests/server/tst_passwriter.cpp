// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The end of an event-loop pass, which writes what every stream gathered in it (SseStream and
// WsConnection on the wire: tst_wsstreaming, tst_slowclients, tst_apichat).
#include "attachewarnings.h"
#include "http/directwrite.h"

#include <QCoreApplication>
#include <QTest>
#include <QTimer>

#include <functional>

namespace {

class Writer final : public PassWriter
{
public:
    ~Writer() = default;
    void queue() { writeAtPassEnd(); }
    bool queued() const { return writingThisPass(); }

    int writes = 0;
    std::function<void()> onWrite;

protected:
    void writePass() override
    {
        ++writes;
        if (onWrite)
            onWrite();
    }
};

} // namespace

class TestPassWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { failOnAttacheWarnings(); }

    void aWriterWritesOnceWhenThePassEnds()
    {
        Writer writer;
        writer.queue();
        writer.queue();
        QVERIFY(writer.queued());
        QCOMPARE(writer.writes, 0); // not before the pass is over
        QCoreApplication::processEvents();
        QCOMPARE(writer.writes, 1);
        QVERIFY(!writer.queued());
        QCoreApplication::processEvents();
        QCOMPARE(writer.writes, 1); // nothing asked, nothing written
    }

    void theEventLoopEndsThePassItsWriterWasQueuedIn()
    {
        Writer writer;
        int writesSeenByTheNextTimer = -1;
        QTimer::singleShot(0, [&] { writer.queue(); });
        QTimer::singleShot(20, [&] { writesSeenByTheNextTimer = writer.writes; });
        QTRY_COMPARE(writesSeenByTheNextTimer, 1);
    }

    void aWriterGoneBeforeThePassEndsIsForgotten()
    {
        auto *gone = new Writer;
        Writer kept;
        gone->queue();
        kept.queue();
        delete gone;
        QCoreApplication::processEvents();
        QCOMPARE(kept.writes, 1);
    }

    void aWriteMayQueueOrDestroyOthersInTheSamePass()
    {
        Writer first;
        Writer second;
        auto *third = new Writer;
        first.onWrite = [&] {
            second.queue(); // taken in this same pass
            delete third; // queued behind: never written
            third = nullptr;
        };
        first.queue();
        third->queue();
        QCoreApplication::processEvents();
        QCOMPARE(first.writes, 1);
        QCOMPARE(second.writes, 1);
        QVERIFY(!third);
    }
};

QTEST_GUILESS_MAIN(TestPassWriter)
#include "tst_passwriter.moc"
