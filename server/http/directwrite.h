// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>

#include <initializer_list>

class QAbstractSocket;

/**
 * Writes parts, in order, to a connected socket: straight to the kernel in one call when nothing
 * of the socket's is queued ahead of them; only what the kernel does not take goes through Qt's
 * write buffer.
 *
 * QAbstractSocket would copy every write into its buffer and send it on the next event-loop pass,
 * and the buffer keeps a block of up to 16 KiB allocated per connection after it drained: a
 * thousand idle event streams held 14 MB that way. Errors are left to the socket: on anything
 * but EAGAIN the bytes go to Qt, which meets the error on its own write and reports it as usual.
 */
void writeDirect(QAbstractSocket *socket, const QByteArrayView *parts, qsizetype count);
inline void writeDirect(QAbstractSocket *socket, std::initializer_list<QByteArrayView> parts)
{
    writeDirect(socket, parts.begin(), qsizetype(parts.size()));
}

/**
 * Lets the reader that a write has just woken run before the rest of a burst is relayed: called
 * after the first frame that leaves at once after a quiet spell, and at most once per pass of the
 * event loop.
 *
 * Linux wakes a socket's reader on the writer's CPU, expecting the writer to sleep next. Attache
 * goes on relaying the rest of the burst, and the reader waited for the CPU it was put on, up
 * to a time slice, while the other CPU idled.
 */
void yieldToReader();

/** The most parts one write takes. */
constexpr qsizetype MaxWriteParts = 16;
