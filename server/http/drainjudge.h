// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

#include <functional>

/**
 * Decides when a client that is sent more than it reads must be dropped. A queue above the cap
 * right after a burst says nothing: a healthy reader drains it a moment later. So a client is
 * judged by whether its queue drains: still above the cap after GraceMs in which it took no
 * byte, it has stopped reading. A hard ceiling, several times the cap, bounds the memory a
 * client can hold whatever it does.
 *
 * The owner calls judge() after writing to the client, and again (from a timer it keeps while
 * watching() is true) about every GraceMs, until the verdict is no longer Watch.
 */
class DrainJudge
{
public:
    enum class Verdict {
        Keep, // at or below the cap
        Watch, // above the cap, draining or not yet judged: ask again later
        Drop, // stopped reading, or past the hard ceiling
    };

    /** Milliseconds on a steady clock. Unset, the system's: a test sets one that moves with its
     * reader, so a machine too busy to run the reader for a second does not count as one. */
    using Clock = std::function<qint64()>;
    void setClock(Clock clock) { m_clock = std::move(clock); }

    /** The time on clock, or on the system's steady clock when clock is empty. */
    static qint64 now(const Clock &clock);

    /** queued: bytes accepted for the client and not yet taken; taken: bytes it took so far. */
    Verdict judge(qint64 queued, qint64 taken, qint64 cap);
    bool watching() const { return m_takenAtMark >= 0; }

    /** The cap of every HTTP and JSON-RPC client's queue. */
    static constexpr qint64 Cap = 8 * 1024 * 1024;
    static constexpr int GraceMs = 1000;
    static constexpr int HardCapFactor = 4;

private:
    Clock m_clock;
    qint64 m_takenAtMark = -1; // -1: not above the cap when last judged
    qint64 m_markedAtMs = 0;
};
