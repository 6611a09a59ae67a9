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

/** The most parts one write takes. */
constexpr qsizetype MaxWriteParts = 16;
