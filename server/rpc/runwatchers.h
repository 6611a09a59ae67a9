// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>

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
    int watchers(const Run *run) const;
    int graceMs() const { return m_graceMs; }

private:
    void expire(Run *run);

    int m_graceMs;
    QHash<const Run *, int> m_counts;
    QHash<const Run *, QTimer *> m_timers;
};
