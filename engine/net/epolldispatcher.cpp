// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/epolldispatcher.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTimerEvent>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <memory>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace {

// The eventfd's key in epoll; a descriptor's key is the descriptor.
constexpr uint64_t wakeKey = ~uint64_t(0);
constexpr int maxEventsPerPass = 512;

constexpr uint32_t eventsFor(QSocketNotifier::Type type)
{
    switch (type) {
    case QSocketNotifier::Read:
        return EPOLLIN;
    case QSocketNotifier::Write:
        return EPOLLOUT;
    case QSocketNotifier::Exception:
        return EPOLLPRI;
    }
    return 0;
}

} // namespace

EpollEventDispatcher::EpollEventDispatcher(QObject *parent)
    : QAbstractEventDispatcher(parent)
    , m_epoll(epoll_create1(EPOLL_CLOEXEC))
    , m_wake(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK))
{
    m_events.resize(maxEventsPerPass);
    if (m_epoll < 0 || m_wake < 0)
        return;
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.u64 = wakeKey;
    if (epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wake, &event) != 0) {
        ::close(m_wake);
        m_wake = -1;
    }
}

bool EpollEventDispatcher::installForMainThread()
{
    if (qEnvironmentVariable("ATTACHE_EVENT_LOOP") == QLatin1String("qt"))
        return false;
    auto dispatcher = std::make_unique<EpollEventDispatcher>();
    if (!dispatcher->isValid())
        return false;
    QCoreApplication::setEventDispatcher(dispatcher.release());
    return true;
}

EpollEventDispatcher::~EpollEventDispatcher()
{
    if (m_wake >= 0)
        ::close(m_wake);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

// Sockets ---------------------------------------------------------------------------------------

uint32_t EpollEventDispatcher::wanted(const Watch &watch)
{
    uint32_t events = 0;
    for (int type = 0; type < 3; ++type) {
        if (watch.notifiers[type])
            events |= eventsFor(QSocketNotifier::Type(type));
    }
    return events;
}

void EpollEventDispatcher::registerSocketNotifier(QSocketNotifier *notifier)
{
    const int fd = int(notifier->socket());
    const int type = int(notifier->type());
    if (fd < 0 || type < 0 || type > 2)
        return;
    if (size_t(fd) >= m_watches.size())
        m_watches.resize(std::max(size_t(fd) + 1, m_watches.size() * 2));
    Watch &watch = m_watches[size_t(fd)];
    if (watch.notifiers[type] && watch.notifiers[type] != notifier) {
        qWarning("EpollEventDispatcher: more than one notifier of one type for socket %d", fd);
        return;
    }
    watch.notifiers[type] = notifier;
    markDirty(fd);
}

void EpollEventDispatcher::unregisterSocketNotifier(QSocketNotifier *notifier)
{
    const size_t fd = size_t(notifier->socket());
    const int type = int(notifier->type());
    if (fd >= m_watches.size() || type < 0 || type > 2)
        return;
    Watch &watch = m_watches[fd];
    if (watch.notifiers[type] != notifier)
        return;
    watch.notifiers[type] = nullptr;
    if (type == QSocketNotifier::Read)
        watch.reader = nullptr; // its socket is closing, or reads through Qt again
    if (watch.queued & (1u << type)) {
        watch.queued &= ~(1u << type);
        std::replace(m_ready.begin(), m_ready.end(), notifier,
                     static_cast<QSocketNotifier *>(nullptr));
    }
    if (wanted(watch) != 0) {
        markDirty(int(fd));
        return;
    }
    // The last one: out of epoll now, while the descriptor is still open. Once closed, a
    // registration that another reference to its file keeps alive could no longer be removed,
    // and its number may be reused by the time the next wait comes.
    if (watch.inKernel) {
        epoll_event event {};
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, int(fd), &event);
        watch.inKernel = 0;
    }
    if (watch.unwatchable) {
        watch.unwatchable = false;
        m_unwatchable.erase(std::find(m_unwatchable.begin(), m_unwatchable.end(), int(fd)));
    }
}

void EpollEventDispatcher::queue(Watch &watch, int type)
{
    if (!watch.notifiers[type] || (watch.queued & (1u << type)))
        return;
    watch.queued |= 1u << type;
    m_ready.push_back(watch.notifiers[type]);
}

void EpollEventDispatcher::markDirty(int fd)
{
    Watch &watch = m_watches[size_t(fd)];
    if (!watch.dirty) {
        watch.dirty = true;
        m_dirty.push_back(fd);
    }
}

// Tells epoll what changed since the last wait. A descriptor left epoll when its last notifier
// went (unregisterSocketNotifier), so one that gets notifiers again is added anew, even if its
// number now belongs to another socket; the retries cover a descriptor epoll already knows, or
// no longer does.
void EpollEventDispatcher::tellKernel()
{
    for (const int fd : m_dirty) {
        Watch &watch = m_watches[size_t(fd)];
        watch.dirty = false;
        const uint32_t events = wanted(watch);
        if (watch.unwatchable || events == watch.inKernel)
            continue; // also a descriptor whose last notifier went: it left epoll then
        epoll_event event {};
        event.events = events;
        event.data.u64 = uint64_t(fd);
        const bool add = !watch.inKernel;
        int result = epoll_ctl(m_epoll, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event);
        if (result != 0 && errno == EEXIST)
            result = epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event);
        else if (result != 0 && errno == ENOENT)
            result = epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
        if (result == 0) {
            watch.inKernel = events;
        } else if (errno == EPERM) {
            watch.inKernel = 0;
            watch.unwatchable = true;
            m_unwatchable.push_back(fd);
        } else {
            watch.inKernel = 0;
            qWarning("EpollEventDispatcher: cannot watch socket %d: %s", fd, strerror(errno));
        }
    }
    m_dirty.clear();
}

EpollEventDispatcher *EpollEventDispatcher::forThisThread()
{
    return qobject_cast<EpollEventDispatcher *>(QAbstractEventDispatcher::instance());
}

bool EpollEventDispatcher::setReader(int fd, Reader *reader)
{
    if (fd < 0 || size_t(fd) >= m_watches.size()
        || !m_watches[size_t(fd)].notifiers[QSocketNotifier::Read])
        return false;
    m_watches[size_t(fd)].reader = reader;
    return true;
}

int EpollEventDispatcher::activateSockets()
{
    int activated = 0;
    // A handler that runs a nested event loop walks what is left of the list and clears it; the
    // sockets it did not reach are still ready and come back on the next wait.
    for (size_t i = 0; i < m_ready.size(); ++i) {
        QSocketNotifier *notifier = std::exchange(m_ready[i], nullptr);
        if (!notifier)
            continue;
        Watch &watch = m_watches[size_t(notifier->socket())];
        const int type = int(notifier->type());
        watch.queued &= ~(1u << type);
        ++activated;
        if (type == QSocketNotifier::Read && watch.reader) {
            watch.reader->readable();
            continue;
        }
        QEvent event(QEvent::SockAct);
        QCoreApplication::sendEvent(notifier, &event);
    }
    m_ready.clear();
    return activated;
}

// Timers ----------------------------------------------------------------------------------------

void EpollEventDispatcher::registerTimer(int timerId, qint64 interval, Qt::TimerType timerType,
                                         QObject *object)
{
    if (timerId <= 0 || !object)
        return;
    unregisterTimer(timerId);
    Timer timer;
    timer.object = object;
    timer.interval = std::max<qint64>(interval, 0);
    timer.type = timerType;
    timer.deadline = Clock::now() + std::chrono::milliseconds(timer.interval);
    m_deadlines.emplace(timer.deadline, timerId);
    m_timersOf.emplace(object, timerId);
    m_timers.emplace(timerId, timer);
}

void EpollEventDispatcher::forgetTimer(std::unordered_map<int, Timer>::iterator it)
{
    const int id = it->first;
    m_deadlines.erase({ it->second.deadline, id });
    auto [from, to] = m_timersOf.equal_range(it->second.object);
    for (auto of = from; of != to; ++of) {
        if (of->second == id) {
            m_timersOf.erase(of);
            break;
        }
    }
    m_timers.erase(it);
}

bool EpollEventDispatcher::unregisterTimer(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return false;
    forgetTimer(it);
    return true;
}

bool EpollEventDispatcher::unregisterTimers(QObject *object)
{
    auto [from, to] = m_timersOf.equal_range(object);
    if (from == to)
        return false;
    std::vector<int> ids;
    for (auto of = from; of != to; ++of)
        ids.push_back(of->second);
    for (const int id : ids)
        unregisterTimer(id);
    return true;
}

QList<QAbstractEventDispatcher::TimerInfo>
EpollEventDispatcher::registeredTimers(QObject *object) const
{
    QList<TimerInfo> list;
    auto [from, to] = m_timersOf.equal_range(object);
    for (auto of = from; of != to; ++of) {
        const Timer &timer = m_timers.at(of->second);
        list.append(TimerInfo(of->second, int(timer.interval), timer.type));
    }
    return list;
}

int EpollEventDispatcher::remainingTime(int timerId)
{
    const auto it = m_timers.find(timerId);
    if (it == m_timers.end())
        return -1;
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(it->second.deadline - Clock::now());
    return int(std::max<qint64>(left.count(), 0));
}

// The wait until the first timer is due, in whole milliseconds rounded up so that the loop does
// not wake just before it; -1 without timers.
int EpollEventDispatcher::waitTimeout() const
{
    // A timer whose handler runs (a nested loop) does not fire before it returns: not a reason
    // to wake, as in QTimerInfoList::timerWait.
    for (const auto &[deadline, id] : m_deadlines) {
        if (m_timers.at(id).running)
            continue;
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
        return int(std::clamp<qint64>(left.count(), 0, std::numeric_limits<int>::max()));
    }
    return -1;
}

// Fires every timer that was due when the pass began, once, in the order of their deadlines;
// timers started by a handler wait for the next pass, as in Qt's dispatchers.
int EpollEventDispatcher::activateTimers()
{
    if (m_deadlines.empty())
        return 0;
    const Clock::time_point now = Clock::now();
    std::vector<int> due;
    for (auto it = m_deadlines.begin(); it != m_deadlines.end() && it->first <= now; ++it)
        due.push_back(it->second);
    int fired = 0;
    for (const int id : due) {
        auto it = m_timers.find(id);
        if (it == m_timers.end() || it->second.running || it->second.deadline > now)
            continue;
        Timer &timer = it->second;
        m_deadlines.erase({ timer.deadline, id });
        timer.deadline += std::chrono::milliseconds(timer.interval);
        if (timer.deadline < now)
            timer.deadline = now + std::chrono::milliseconds(timer.interval);
        m_deadlines.emplace(timer.deadline, id);
        timer.running = true;
        QObject *object = timer.object;
        QTimerEvent event(id);
        QCoreApplication::sendEvent(object, &event);
        ++fired;
        it = m_timers.find(id); // the handler may have stopped it, and another may have its id
        if (it != m_timers.end())
            it->second.running = false;
    }
    return fired;
}

// The loop ------------------------------------------------------------------------------------

void EpollEventDispatcher::wakeUp()
{
    if (!m_wakePending.exchange(true)) {
        const uint64_t one = 1;
        [[maybe_unused]] const ssize_t written = ::write(m_wake, &one, sizeof one);
    }
}

void EpollEventDispatcher::interrupt()
{
    m_interrupted.store(true);
    wakeUp();
}

// Read, then clear: a wake-up between the two finds the flag still set and writes nothing, and
// what it was for (an event posted before it) is sent when the next pass starts. Cleared first,
// a wake-up in between would write, be read here, and leave the flag set with the eventfd empty:
// every later wake-up from another thread would then be lost.
void EpollEventDispatcher::drainWake()
{
    uint64_t count = 0;
    [[maybe_unused]] const ssize_t read = ::read(m_wake, &count, sizeof count);
    m_wakePending.store(false);
}

bool EpollEventDispatcher::processEvents(QEventLoop::ProcessEventsFlags flags)
{
    m_interrupted.store(false);
    emit awake();
    QCoreApplication::sendPostedEvents();

    const bool withSockets = !flags.testFlag(QEventLoop::ExcludeSocketNotifiers);
    const bool withTimers = !flags.testFlag(QEventLoop::X11ExcludeTimers);
    const bool canWait = flags.testFlag(QEventLoop::WaitForMoreEvents) && !m_interrupted.load();
    if (canWait)
        emit aboutToBlock();
    if (m_interrupted.load())
        return false;

    if (withSockets)
        tellKernel(); // first: it may find a descriptor epoll refuses, which is always ready
    int timeout = 0;
    if (canWait && (withSockets ? m_unwatchable.empty() : true))
        timeout = withTimers ? waitTimeout() : -1;

    int handled = 0;
    if (!withSockets) {
        // Only a wake-up or a timer may end this wait: the sockets stay as they are.
        pollfd wake { m_wake, POLLIN, 0 };
        if (::poll(&wake, 1, timeout) > 0) {
            drainWake();
            ++handled;
        }
    } else {
        const int count = epoll_wait(m_epoll, m_events.data(), int(m_events.size()), timeout);
        for (int i = 0; i < count; ++i) {
            const epoll_event &event = m_events[size_t(i)];
            if (event.data.u64 == wakeKey) {
                drainWake();
                ++handled;
                continue;
            }
            Watch &watch = m_watches[size_t(event.data.u64)];
            const uint32_t what = event.events;
            // As QEventDispatcherUNIX: a hang-up or an error wakes every notifier of the
            // descriptor (epoll reports both whether asked or not).
            const uint32_t always = EPOLLHUP | EPOLLERR;
            if (what & (EPOLLIN | always))
                queue(watch, QSocketNotifier::Read);
            if (what & (EPOLLOUT | always))
                queue(watch, QSocketNotifier::Write);
            if (what & (EPOLLPRI | always))
                queue(watch, QSocketNotifier::Exception);
        }
        for (const int fd : m_unwatchable) {
            Watch &watch = m_watches[size_t(fd)];
            queue(watch, QSocketNotifier::Read); // poll says IN|OUT for a regular file
            queue(watch, QSocketNotifier::Write);
        }
        handled += activateSockets();
    }
    if (withTimers)
        handled += activateTimers();
    return handled > 0;
}
