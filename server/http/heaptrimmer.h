// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QTimer>

/**
 * Gives the memory freed after a burst (connections opening or closing, their handshakes, the
 * lists and buffers sent to them) back to the system, at most every IntervalMs while the burst
 * lasts. The C library keeps freed memory resident for reuse; what is allocated later for
 * long-lived connections (socket buffers Qt keeps, barely written) then lands on pages that are
 * already resident and counts in full, where fresh pages would count only as far as they are
 * written.
 *
 * Only with the GNU C library (malloc_trim); elsewhere it does nothing.
 */
class HeapTrimmer : public QObject
{
    Q_OBJECT
public:
    explicit HeapTrimmer(QObject *parent = nullptr);

    /** Something was freed or is about to be: trim soon (not for every call). */
    void activity();

    static constexpr int IntervalMs = 100;

private:
    QTimer m_timer;
};
