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

/**
 * A writer that gathers what one pass of the event loop sends and writes it when the pass ends.
 *
 * One hook on the event dispatcher ends the pass for every writer queued in it. A queued call
 * per writer would cost, for each stream an event goes to, an allocation, a wake-up write to the
 * dispatcher's eventfd and one more pass of the event loop with its poll over every connection:
 * at a model's pace, where each event is alone in its pass, that was about a third of what
 * relaying it cost.
 */
class PassWriter
{
public:
    PassWriter() = default;
    PassWriter(const PassWriter &) = delete;
    PassWriter &operator=(const PassWriter &) = delete;

protected:
    ~PassWriter();
    /** Asks for writePass() when this pass of the event loop ends; once per pass. */
    void writeAtPassEnd();
    /** Whether writePass() is due at the end of this pass: something was written in it. */
    bool writingThisPass() const { return m_queued; }
    virtual void writePass() = 0;

private:
    static void endPass();
    bool m_queued = false;
};

/** The most parts one write takes. */
constexpr qsizetype MaxWriteParts = 16;
