// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "runs/runhistory.h"

#include "runs/run.h"

#include <QMetaObject>
#include <QTimerEvent>

#include <utility>

RunHistory::RunHistory(QObject *parent)
    : QObject(parent)
{ }

RunHistory::~RunHistory()
{
    clear();
}

void RunHistory::clear()
{
    m_quiet.stop();
    m_finished.clear();
    m_recorded.clear();
    qDeleteAll(std::exchange(m_runs, {}));
}

void RunHistory::add(Run *run)
{
    m_runs.insert(run->id(), run);
}

QList<Run *> RunHistory::active() const
{
    QList<Run *> list;
    for (Run *run : m_runs) {
        if (!run->isFinished())
            list.append(run);
    }
    return list;
}

void RunHistory::retire(Run *run)
{
    m_finished.push_back(run->id());
    if (surplus() > 0 && !m_quiet.isActive())
        m_quiet.start(m_quietMs, Qt::CoarseTimer, this);
}

void RunHistory::freeSoon()
{
    if (surplus() == 0 || m_freeQueued)
        return;
    m_freeQueued = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_freeQueued = false;
            freeSurplus();
        },
        Qt::QueuedConnection);
}

bool RunHistory::markRecorded(const QString &runId)
{
    if (m_recorded.contains(runId))
        return false;
    m_recorded.insert(runId);
    return true;
}

void RunHistory::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_quiet.timerId())
        return QObject::timerEvent(event);
    freeSurplus();
}

void RunHistory::freeSurplus()
{
    m_quiet.stop();
    while (m_finished.size() > Kept) {
        const QString id = m_finished.front();
        m_finished.pop_front();
        m_recorded.remove(id);
        if (Run *run = m_runs.take(id))
            run->deleteLater(); // a caller below a nested event loop may still hold it
    }
}
