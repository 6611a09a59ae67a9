// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/drainjudge.h"

#include <QTimer>

#include <memory>

/**
 * A clock for the server's reader judge (ServerOptions::drainClock) that moves only while this
 * thread's event loop turns, 2 ms a turn at most. A client in the test reads only when the loop
 * turns; on a busy machine one pass may last a second, which was not a second the client had to
 * read in. A client that stops reading is still judged: the loop goes on turning.
 */
class LoopClock
{
public:
    LoopClock()
    {
        QObject::connect(&m_tick, &QTimer::timeout, [ms = m_ms] { *ms += 2; });
        m_tick.start(2);
    }
    DrainJudge::Clock clock() const
    {
        return [ms = m_ms] {
            return *ms;
        };
    }

private:
    std::shared_ptr<qint64> m_ms = std::make_shared<qint64>(0);
    QTimer m_tick;
};
