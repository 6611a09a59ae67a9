// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/provider.h"

/** What a session's conversation and the one a client sends have to do with each other. */
namespace Conversation {

/**
 * What of sent (a client's whole conversation, as OpenAI-shaped clients send it every time) a
 * session holding history does not have yet: the rest after history when history begins sent,
 * else the messages after sent's last assistant message (the new words and tool results).
 */
QList<ChatMessage> newMessages(const QList<ChatMessage> &history, const QList<ChatMessage> &sent);

/**
 * messages with a result for every tool call that has none: a client that asked for a call
 * through a gateway may never send its result, and no provider takes a conversation with an
 * unanswered call.
 */
QList<ChatMessage> withAnswers(const QList<ChatMessage> &messages);

/**
 * messages without the places kept for turns that said nothing (an empty reply marked failed or
 * stopped, or holding only earlier answers): they are for the reader, never sent to a provider nor
 * compared with a client's conversation.
 */
QList<ChatMessage> withoutMarks(const QList<ChatMessage> &messages);

/** Whether a and b are the same message as far as a provider sees it. */
bool same(const ChatMessage &a, const ChatMessage &b);

} // namespace Conversation
