// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "rpc/runwatchers.h"

#include "runs/run.h"

#include <QTimer>

RunWatchers::RunWatchers(int graceMs, QObject *parent)
    : QObject(parent)
    , m_graceMs(graceMs)
{ }

void RunWatchers::watch(Run *run)
{
    if (!m_counts.contains(run)) {
        connect(run, &QObject::destroyed, this, [this, run] {
            m_counts.remove(run);
            delete m_timers.take(run);
        });
    }
    ++m_counts[run];
    delete m_timers.take(run); // someone came back in time
}

void RunWatchers::unwatch(Run *run)
{
    auto it = m_counts.find(run);
    if (it == m_counts.end() || it.value() == 0 || --it.value() > 0)
        return;
    if (run->isFinished() || run->spec().clientId == QLatin1String("gui"))
        return; // the window shows every run it starts; it never walks away from one
    if (m_graceMs <= 0 || (m_waiting && m_waiting(run))) {
        expire(run);
        return;
    }
    auto *timer = new QTimer(this);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, this, [this, run] { expire(run); });
    m_timers.insert(run, timer);
    timer->start(m_graceMs);
}

void RunWatchers::onTurnWaiting(Run *run)
{
    // Only a run that had remote watchers and lost them all: one that nobody ever watched from
    // here (the window's, a non-streamed request's) is not this server's to end.
    if (m_counts.contains(run) && m_counts.value(run) == 0 && !run->isFinished()
        && run->spec().clientId != QLatin1String("gui"))
        expire(run);
}

int RunWatchers::watchers(const Run *run) const
{
    return m_counts.value(run);
}

void RunWatchers::expire(Run *run)
{
    if (QTimer *timer = m_timers.take(run))
        timer->deleteLater();
    if (m_counts.value(run) == 0 && !run->isFinished())
        run->cancel(QStringLiteral("client_disconnected"));
}
