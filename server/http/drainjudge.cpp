// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/drainjudge.h"

#include <chrono>

qint64 DrainJudge::now(const Clock &clock)
{
    if (clock)
        return clock();
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

DrainJudge::Verdict DrainJudge::judge(qint64 queued, qint64 taken, qint64 cap)
{
    if (queued > cap * HardCapFactor)
        return Verdict::Drop;
    if (queued <= cap) {
        m_takenAtMark = -1;
        return Verdict::Keep;
    }
    const qint64 now = DrainJudge::now(m_clock);
    if (m_takenAtMark < 0) {
        m_takenAtMark = taken;
        m_markedAtMs = now;
        return Verdict::Watch;
    }
    if (now - m_markedAtMs < GraceMs)
        return Verdict::Watch;
    if (taken <= m_takenAtMark)
        return Verdict::Drop; // a whole grace period above the cap without reading a byte
    m_takenAtMark = taken;
    m_markedAtMs = now;
    return Verdict::Watch;
}
