// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QBasicTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QString>

#include <deque>

class Run;

/**
 * The runs the engine knows: those under way and the last Kept finished ones, for replay.
 *
 * A finished run that falls out of the history is freed later, not as the next one finishes.
 * Freeing a long reply (a thousand events) takes tens of microseconds, and when runs follow one
 * another the next request is often already waiting to be read. The surplus goes once a run has
 * relayed its first token (freeSoon()), or after a quiet second.
 */
class RunHistory : public QObject
{
public:
    static constexpr size_t Kept = 64;
    static constexpr int QuietMs = 1000;

    explicit RunHistory(QObject *parent = nullptr);
    ~RunHistory() override;

    void add(Run *run);
    Run *find(const QString &runId) const { return m_runs.value(runId); }
    QList<Run *> active() const;
    const QHash<QString, Run *> &runs() const { return m_runs; }

    /** A finished run: kept while it is among the last Kept; older ones are freed later. */
    void retire(Run *run);
    /** Runs retired and not yet freed beyond the Kept ones. */
    size_t surplus() const { return m_finished.size() > Kept ? m_finished.size() - Kept : 0; }
    /** Frees the surplus in the next pass of the event loop, if there is one. */
    void freeSoon();
    /** How long a quiet spell lasts (QuietMs unless set; takes effect at the next retire()): a
     * test sets it long to see the next run free the surplus, or short to see the spell do it. */
    void setQuietMs(int ms) { m_quietMs = ms; }

    /** Frees every run, under way or not. */
    void clear();

    /** True the first time for a run: its turn is then being stored. */
    bool markRecorded(const QString &runId);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    void freeSurplus();

    QHash<QString, Run *> m_runs;
    std::deque<QString> m_finished; // oldest first
    QSet<QString> m_recorded; // runs whose turn is stored
    QBasicTimer m_quiet;
    int m_quietMs = QuietMs;
    bool m_freeQueued = false;
};
