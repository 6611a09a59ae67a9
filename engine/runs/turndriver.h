// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/provider.h"

#include <QObject>

#include <functional>

class Run;

/**
 * What drives a session run's turn once the session's queue reaches it: Attache's tool loop
 * (RunDriver), or a conversation a client sent through a gateway (ClientTurn). A child of its
 * run; the engine stores what it reports as the turn.
 */
class TurnDriver : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void start() = 0;
    /** The messages that open the turn in the session: the user's message, or what a client
     * sent that the session does not hold yet. */
    virtual QList<ChatMessage> input() const = 0;
    /** The messages this turn added after its input: tool calls and results, the answer. */
    virtual QList<ChatMessage> turnMessages() const = 0;

    /** Runs before the final stream_end, which waits for proceed(): the engine stores the turn
     * first, so a client never sees a turn complete that a crash could still lose. */
    using BeforeComplete = std::function<void(std::function<void()> proceed)>;
    void setBeforeComplete(BeforeComplete hook) { m_beforeComplete = std::move(hook); }

protected:
    /** Completes run with finishReason once the hook has let it, then calls after. */
    void completeRun(Run *run, const QString &finishReason, std::function<void()> after = {});

private:
    BeforeComplete m_beforeComplete;
};
