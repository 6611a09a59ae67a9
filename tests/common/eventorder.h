// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// For asserting that something did not happen: after an event that must come later, never after
// a sleep.

#include <QMetaObject>
#include <QObject>
#include <QTest>

/**
 * Returns once every event posted to this thread before the call (queued signals, queued
 * invocations, deleteLater excepted) has been delivered: a marker posted now is delivered after
 * them, however slow the machine. False only when the event loop did not get to it at all.
 */
inline bool postedEventsDelivered(int timeoutMs = 60000)
{
    QObject marker;
    bool delivered = false;
    QMetaObject::invokeMethod(
        &marker, [&delivered] { delivered = true; }, Qt::QueuedConnection);
    return QTest::qWaitFor([&delivered] { return delivered; }, timeoutMs);
}
