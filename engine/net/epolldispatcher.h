// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractEventDispatcher>

#include <atomic>
#include <chrono>
#include <set>
#include <sys/epoll.h>
#include <unordered_map>
#include <utility>
#include <vector>

/**
 * An event dispatcher for a thread without windows, over Linux's epoll.
 *
 * Qt's dispatchers (GLib's and its own) hand the kernel a list of every socket on each pass of
 * the event loop and then walk it for the few that are ready: with a thousand streams open, that
 * poll was a fifth of what the engine spent. epoll keeps the list in the kernel and answers with
 * the ready sockets only. Changes to what a socket waits for are gathered and told to the kernel
 * once, before the next wait, so a notifier switched off and on within one pass costs nothing
 * while its descriptor has another; a descriptor's last notifier leaves epoll at once, while the
 * descriptor is still open.
 *
 * It keeps Qt's behaviour: posted events first, then sockets, then timers; `awake()` and
 * `aboutToBlock()` as Qt emits them; a notifier called once per pass at most, even from a nested
 * loop; a hang-up or an error wakes every notifier of the descriptor; a timer never runs inside
 * its own handler, nor wakes the loop while it runs. Timers fire on
 * their millisecond whatever their type. A descriptor epoll cannot watch (a regular file on
 * stdin) is treated as poll treats it: always ready.
 *
 * Construct it before QCoreApplication and hand it to QCoreApplication::setEventDispatcher(), or
 * call installForMainThread().
 */
class EpollEventDispatcher final : public QAbstractEventDispatcher
{
    Q_OBJECT
public:
    explicit EpollEventDispatcher(QObject *parent = nullptr);
    ~EpollEventDispatcher() override;

    /** Whether the kernel gave the dispatcher what it needs; if not, use Qt's. */
    bool isValid() const { return m_epoll >= 0 && m_wake >= 0; }

    /** Before QCoreApplication: makes one the main thread's dispatcher, unless the environment
     * says ATTACHE_EVENT_LOOP=qt or the kernel refuses what it needs. Whether it did. */
    static bool installForMainThread();
    /** The calling thread's dispatcher if it is one of these, else null. */
    static EpollEventDispatcher *forThisThread();

    /** Reads a descriptor in place of its read notifier. */
    class Reader
    {
    public:
        /** When the read notifier would have been activated; it is not. */
        virtual void readable() = 0;

    protected:
        ~Reader() = default;
    };
    /**
     * reader is called instead of fd's read notifier from now on, until it is set to null or
     * that notifier goes (as it does before its socket closes). False if fd has no read
     * notifier: nothing changes.
     */
    bool setReader(int fd, Reader *reader);

    bool processEvents(QEventLoop::ProcessEventsFlags flags) override;

    void registerSocketNotifier(QSocketNotifier *notifier) override;
    void unregisterSocketNotifier(QSocketNotifier *notifier) override;

    void registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                       QObject *object) override;
    bool unregisterTimer(int timerId) override;
    bool unregisterTimers(QObject *object) override;
    QList<TimerInfo> registeredTimers(QObject *object) const override;
    int remainingTime(int timerId) override;

    void wakeUp() override;
    void interrupt() override;

private:
    using Clock = std::chrono::steady_clock;

    // What one descriptor waits for: one notifier per QSocketNotifier::Type at most.
    struct Watch
    {
        QSocketNotifier *notifiers[3] = {};
        uint32_t inKernel = 0; // the events epoll was last told
        bool dirty = false; // in m_dirty, to be told before the next wait
        uint8_t queued = 0; // bit per type: its notifier is in m_ready
        bool unwatchable = false; // epoll refused it: always ready
        Reader *reader = nullptr; // called in place of the read notifier
    };
    struct Timer
    {
        QObject *object = nullptr;
        qint64 interval = 0;
        Qt::TimerType type = Qt::CoarseTimer;
        Clock::time_point deadline;
        bool running = false; // its handler runs
    };
    static uint32_t wanted(const Watch &watch);
    void markDirty(int fd);
    void tellKernel();
    int waitTimeout() const;
    int activateSockets();
    void queue(Watch &watch, int type);
    int activateTimers();
    void drainWake();
    void forgetTimer(std::unordered_map<int, Timer>::iterator it);

    int m_epoll = -1;
    int m_wake = -1; // an eventfd
    std::atomic<bool> m_interrupted { false };
    std::atomic<bool> m_wakePending { false };

    std::vector<Watch> m_watches; // by descriptor
    std::vector<int> m_dirty;
    std::vector<int> m_unwatchable;
    std::vector<epoll_event> m_events;
    std::vector<QSocketNotifier *> m_ready; // the notifiers of one pass, cleared as they go away

    std::unordered_map<int, Timer> m_timers;
    std::set<std::pair<Clock::time_point, int>> m_deadlines;
    std::unordered_multimap<QObject *, int> m_timersOf;
};
