// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>

class Run;
class QTimer;

/**
 * Counts the remote clients watching each run. A client that drops does not cancel its run:
 * the run goes on so the client (or another) can resume it. Only when nobody has watched a
 * remotely started run for the grace period is it cancelled, so the provider stops billing.
 */
class RunWatchers : public QObject
{
    Q_OBJECT
public:
    explicit RunWatchers(int graceMs, QObject *parent = nullptr);

    void watch(Run *run);
    void unwatch(Run *run);
    /** Says whether a newer turn waits for a run: one nobody watches is then cancelled at once,
     * not after the grace, so the turn behind it starts. */
    void setWaitingTurn(std::function<bool(const Run *)> waiting)
    {
        m_waiting = std::move(waiting);
    }
    /** A newer turn now waits for run: if nobody watches it any more, it goes now. */
    void onTurnWaiting(Run *run);
    int watchers(const Run *run) const;
    int graceMs() const { return m_graceMs; }

private:
    void expire(Run *run);

    int m_graceMs;
    std::function<bool(const Run *)> m_waiting;
    QHash<const Run *, int> m_counts;
    QHash<const Run *, QTimer *> m_timers;
};
