// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/heaptrimmer.h"

#include "http/serverlog.h"

#include <QElapsedTimer>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

HeapTrimmer::HeapTrimmer(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(IntervalMs);
    connect(&m_timer, &QTimer::timeout, this, [] {
#if defined(__GLIBC__)
        QElapsedTimer clock;
        clock.start();
        const int released = malloc_trim(0);
        qCDebug(lcServer, "heap trimmed in %lld µs%s", clock.nsecsElapsed() / 1000,
                released ? "" : " (nothing to release)");
#endif
    });
}

void HeapTrimmer::activity()
{
#if defined(__GLIBC__)
    // Not restarted: a burst that goes on is trimmed every IntervalMs, not only once it ends.
    if (!m_timer.isActive())
        m_timer.start();
#endif
}
