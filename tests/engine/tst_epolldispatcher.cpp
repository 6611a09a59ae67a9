// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The headless engine's event loop: timers, sockets, wake-ups from other threads and files on
// stdin behave as under Qt's own dispatchers. The whole test runs on the epoll dispatcher.
#include "attachewarnings.h"
#include "net/epolldispatcher.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QSocketNotifier>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryFile>
#include <QTest>
#include <QTimer>

#include <atomic>
#include <ctime>
#include <memory>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace {

double cpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) / 1e6;
}

// Runs a blocking event loop (as exec() does) for ms; returns the CPU time it used.
double loopFor(int ms)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    const double before = cpuMs();
    loop.exec();
    return cpuMs() - before;
}

} // namespace

class TestEpollDispatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { failOnAttacheWarnings(); }

    void theLoopRunsOnEpoll()
    {
        QVERIFY(qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance()));
    }

    void timersFireInOrderAndOnTime()
    {
        QStringList fired;
        QElapsedTimer clock;
        clock.start();
        qint64 late = -1;
        QTimer::singleShot(60, this, [&] {
            fired << QStringLiteral("60");
            late = clock.elapsed();
        });
        QTimer::singleShot(20, this, [&] { fired << QStringLiteral("20"); });
        QTimer::singleShot(40, Qt::PreciseTimer, this, [&] { fired << QStringLiteral("40"); });
        QTRY_COMPARE(fired.size(), 3);
        QCOMPARE(
            fired,
            (QStringList { QStringLiteral("20"), QStringLiteral("40"), QStringLiteral("60") }));
        QVERIFY2(late >= 60, qPrintable(QString::number(late)));
    }

    void aRepeatingTimerRepeatsUntilStoppedFromItsHandler()
    {
        QTimer timer;
        timer.setInterval(5);
        int ticks = 0;
        connect(&timer, &QTimer::timeout, this, [&] {
            if (++ticks == 5)
                timer.stop();
        });
        timer.start();
        QVERIFY(timer.remainingTime() >= 0 && timer.remainingTime() <= 5);
        const auto registered = QAbstractEventDispatcher::instance()->registeredTimers(&timer);
        QCOMPARE(registered.size(), 1);
        QCOMPARE(registered.constFirst().interval, 5);
        QTRY_VERIFY(!timer.isActive());
        QTest::qWait(30);
        QCOMPARE(ticks, 5);
        QCOMPARE(QAbstractEventDispatcher::instance()->registeredTimers(&timer).size(), 0);
    }

    void aZeroTimerRunsEveryPassWithoutBlocking()
    {
        QTimer idle;
        idle.setInterval(0);
        int passes = 0;
        connect(&idle, &QTimer::timeout, this, [&] { ++passes; });
        idle.start();
        QEventLoop loop;
        QTimer::singleShot(50, &loop, &QEventLoop::quit);
        loop.exec();
        idle.stop();
        QVERIFY2(passes > 10, qPrintable(QString::number(passes)));
    }

    void aTimerDoesNotFireInsideItsOwnHandler()
    {
        QTimer timer;
        timer.setInterval(1);
        int depth = 0;
        int deepest = 0;
        int ticks = 0;
        connect(&timer, &QTimer::timeout, this, [&] {
            ++ticks;
            deepest = std::max(deepest, ++depth);
            if (ticks == 1)
                QTest::qWait(20); // a nested loop, while this timer comes due again
            --depth;
            if (ticks == 3)
                timer.stop();
        });
        timer.start();
        QTRY_VERIFY(!timer.isActive());
        QCOMPARE(deepest, 1);
    }

    void objectsDeletedWithTimersLeaveNothingBehind()
    {
        auto owner = std::make_unique<QObject>();
        const int first = owner->startTimer(1000);
        const int second = owner->startTimer(2000);
        QVERIFY(first > 0 && second > 0);
        QCOMPARE(QAbstractEventDispatcher::instance()->registeredTimers(owner.get()).size(), 2);
        QVERIFY(QAbstractEventDispatcher::instance()->remainingTime(second) > 1000);
        owner.reset();
        QCOMPARE(QAbstractEventDispatcher::instance()->remainingTime(first), -1);
        QCOMPARE(QAbstractEventDispatcher::instance()->remainingTime(second), -1);
    }

    void aWakeUpFromAnotherThreadEndsTheWait()
    {
        QEventLoop loop;
        bool ran = false;
        std::thread other([&] {
            QThread::msleep(20);
            QMetaObject::invokeMethod(&loop, [&] {
                ran = true;
                loop.quit();
            });
        });
        QTimer::singleShot(10000, &loop, &QEventLoop::quit); // a guard only
        QElapsedTimer clock;
        clock.start();
        loop.exec();
        other.join();
        QVERIFY(ran);
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString::number(clock.elapsed())));
    }

    void noWakeUpIsLostWhileAnotherThreadPostsAStorm()
    {
        // Another thread (the store's writer) posts while the loop wakes and sleeps; every post
        // must wake it, however the two interleave. The loop has nothing else to wake it: a lost
        // wake-up leaves the last post waiting for the guard.
        QEventLoop loop;
        std::atomic<int> received { 0 };
        const int posts = 20000;
        QObject target;
        std::thread poster([&] {
            for (int i = 0; i < posts; ++i) {
                QMetaObject::invokeMethod(&target, [&] {
                    if (++received == posts)
                        loop.quit();
                });
                if (i % 64 == 0)
                    std::this_thread::yield();
            }
        });
        QTimer::singleShot(20000, &loop, &QEventLoop::quit); // the guard
        loop.exec();
        poster.join();
        QCOMPARE(received.load(), posts); // not the guard: every post woke the loop
    }

    void socketsTalkBothWaysAndSeeTheirPeerGo()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, server.serverPort());
        QVERIFY(client.waitForConnected(5000) || client.state() == QAbstractSocket::ConnectedState);
        QTRY_VERIFY(server.hasPendingConnections());
        std::unique_ptr<QTcpSocket> accepted(server.nextPendingConnection());

        // More than the kernel's buffers hold: the rest goes when the socket can take it.
        const QByteArray big(8 * 1024 * 1024, 'x');
        client.write(big);
        QByteArray received;
        connect(accepted.get(), &QTcpSocket::readyRead, this,
                [&] { received += accepted->readAll(); });
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), big.size(), 30000);
        QCOMPARE(client.bytesToWrite(), 0);

        accepted->write("bye");
        QTRY_COMPARE(client.bytesAvailable(), 3);
        QCOMPARE(client.readAll(), QByteArray("bye"));
        QSignalSpy gone(&client, &QTcpSocket::disconnected);
        accepted->close();
        QVERIFY(gone.wait(5000));
    }

    void aNotifierRemovedByAnotherHandlerOfThePassIsNotCalled()
    {
        // Two sockets readable in the same pass; whichever is handled first deletes the other's
        // notifier, which must then not be called.
        int a[2];
        int b[2];
        QCOMPARE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, a), 0);
        QCOMPARE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, b), 0);
        auto onA = std::make_unique<QSocketNotifier>(a[0], QSocketNotifier::Read);
        auto onB = std::make_unique<QSocketNotifier>(b[0], QSocketNotifier::Read);
        int calls = 0;
        connect(onA.get(), &QSocketNotifier::activated, this, [&] {
            ++calls;
            onA->setEnabled(false);
            onB.reset();
        });
        connect(onB.get(), &QSocketNotifier::activated, this, [&] {
            ++calls;
            onB->setEnabled(false);
            onA.reset();
        });
        QCOMPARE(::write(a[1], "1", 1), 1);
        QCOMPARE(::write(b[1], "2", 1), 1);
        QTest::qWait(50);
        QCOMPARE(calls, 1);
        onA.reset();
        onB.reset();
        for (const int fd : { a[0], a[1], b[0], b[1] })
            ::close(fd);
    }

    void aRegularFileIsAlwaysReady()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write("one line\n");
        file.flush();
        file.seek(0);
        QSocketNotifier notifier(file.handle(), QSocketNotifier::Read);
        int calls = 0;
        connect(&notifier, &QSocketNotifier::activated, this, [&] {
            if (++calls == 3)
                notifier.setEnabled(false);
        });
        QTRY_COMPARE(calls, 3);
        QTest::qWait(20);
        QCOMPARE(calls, 3);
    }

    // The loops below block as exec() does: a wait too long, or one that never blocks, shows.

    void aFileOnStdinIsReadAtOnceByABlockingLoop()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write("{\"id\":1}\n");
        file.flush();
        file.seek(0);
        QEventLoop loop;
        QSocketNotifier notifier(file.handle(), QSocketNotifier::Read);
        connect(&notifier, &QSocketNotifier::activated, &loop, [&] {
            notifier.setEnabled(false);
            loop.quit();
        });
        bool guardEnded = false;
        // The only other thing that could end the wait; before the fix it did.
        QTimer::singleShot(5000, &loop, [&] {
            guardEnded = true;
            loop.quit();
        });
        loop.exec();
        QVERIFY(!guardEnded);
        QVERIFY(!notifier.isEnabled());
    }

    void aNestedLoopInATimersHandlerDoesNotSpin()
    {
        QTimer timer;
        timer.setInterval(1);
        double cpu = -1;
        connect(&timer, &QTimer::timeout, this, [&] {
            if (cpu >= 0)
                return;
            cpu = loopFor(300); // the timer is overdue all along, and may not fire in here
            timer.stop();
        });
        timer.start();
        QTRY_VERIFY(cpu >= 0);
        QVERIFY2(cpu < 150, qPrintable(QString::number(cpu)));
    }

    void aNestedLoopDoesNotCallANotifierTwice()
    {
        // Two sockets readable in one pass; the first handler runs a nested loop, which must not
        // call the other notifier again once it has run (a blocking read would then hang).
        int a[2];
        int b[2];
        QCOMPARE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, a), 0);
        QCOMPARE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, b), 0);
        QCOMPARE(::write(a[1], "x", 1), 1);
        QCOMPARE(::write(b[1], "y", 1), 1);
        int calls = 0;
        int empty = 0;
        bool nested = false;
        const auto handle = [&](int fd) {
            ++calls;
            int waiting = 0;
            ioctl(fd, FIONREAD, &waiting);
            if (waiting == 0) {
                ++empty;
                return;
            }
            char byte;
            QCOMPARE(::read(fd, &byte, 1), 1);
            if (!std::exchange(nested, true))
                loopFor(50);
        };
        QSocketNotifier onA(a[0], QSocketNotifier::Read);
        QSocketNotifier onB(b[0], QSocketNotifier::Read);
        connect(&onA, &QSocketNotifier::activated, this, [&] { handle(a[0]); });
        connect(&onB, &QSocketNotifier::activated, this, [&] { handle(b[0]); });
        loopFor(150);
        QCOMPARE(calls, 2);
        QCOMPARE(empty, 0);
        onA.setEnabled(false);
        onB.setEnabled(false);
        for (const int fd : { a[0], a[1], b[0], b[1] })
            ::close(fd);
    }

    void aClosedSocketWhoseFileLivesOnIsForgotten()
    {
        // Its file is still open elsewhere (a dup here; a child between fork and exec in the
        // app), its notifier went and it was closed in one pass, and then it became readable.
        int s[2];
        QCOMPARE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s), 0);
        auto notifier = std::make_unique<QSocketNotifier>(s[0], QSocketNotifier::Read);
        loopFor(10); // the kernel knows it
        const int other = ::dup(s[0]);
        notifier.reset();
        ::close(s[0]);
        QCOMPARE(::write(s[1], "z", 1), 1);
        const double cpu = loopFor(300);
        ::close(other);
        ::close(s[1]);
        QVERIFY2(cpu < 150, qPrintable(QString::number(cpu)));
    }

    void aHangUpWakesAnExceptionNotifierAlone()
    {
        int s[2];
        QCOMPARE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s), 0);
        QSocketNotifier notifier(s[0], QSocketNotifier::Exception);
        int calls = 0;
        connect(&notifier, &QSocketNotifier::activated, this, [&] {
            ++calls;
            notifier.setEnabled(false);
        });
        ::close(s[1]);
        const double cpu = loopFor(300);
        ::close(s[0]);
        QCOMPARE(calls, 1);
        QVERIFY2(cpu < 150, qPrintable(QString::number(cpu)));
    }

    // A reader set for a descriptor is called in place of its read notifier, until it is unset
    // or that notifier goes: a notifier made later for the same number never reaches it.
    void aReaderTakesTheReadNotificationsWhileItsNotifierLasts()
    {
        struct Drain : EpollEventDispatcher::Reader
        {
            int fd = -1;
            int calls = 0;
            void readable() override
            {
                ++calls;
                char bytes[16];
                QVERIFY(::read(fd, bytes, sizeof bytes) > 0);
            }
        } reader;
        int s[2];
        QCOMPARE(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s), 0);
        reader.fd = s[0];
        EpollEventDispatcher *dispatcher = EpollEventDispatcher::forThisThread();
        QVERIFY(dispatcher);
        QVERIFY(!dispatcher->setReader(s[0], &reader)); // no read notifier yet
        auto notifier = std::make_unique<QSocketNotifier>(s[0], QSocketNotifier::Read);
        int notified = 0;
        const auto count = [&](QSocketNotifier *n) {
            connect(n, &QSocketNotifier::activated, this, [&notified, fd = s[0]] {
                ++notified;
                char bytes[16];
                QVERIFY(::read(fd, bytes, sizeof bytes) > 0);
            });
        };
        count(notifier.get());
        QVERIFY(dispatcher->setReader(s[0], &reader));
        QCOMPARE(::write(s[1], "a", 1), 1);
        QTRY_COMPARE(reader.calls, 1);
        QCOMPARE(notified, 0);
        QVERIFY(dispatcher->setReader(s[0], nullptr));
        QCOMPARE(::write(s[1], "b", 1), 1);
        QTRY_COMPARE(notified, 1);
        QVERIFY(dispatcher->setReader(s[0], &reader));
        notifier.reset(); // as a socket's notifier goes before it closes
        notifier = std::make_unique<QSocketNotifier>(s[0], QSocketNotifier::Read);
        count(notifier.get());
        QCOMPARE(::write(s[1], "c", 1), 1);
        QTRY_COMPARE(notified, 2);
        QCOMPARE(reader.calls, 1);
        notifier.reset();
        ::close(s[0]);
        ::close(s[1]);
    }
};

int main(int argc, char *argv[])
{
    QCoreApplication::setEventDispatcher(new EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    TestEpollDispatcher test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_epolldispatcher.moc"
