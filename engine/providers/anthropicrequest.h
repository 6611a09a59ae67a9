// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/provider.h"

#include <QByteArray>

/**
 * The neutral conversation in the Messages API's request shape: the system prompt as the
 * top-level "system", roles alternating (consecutive turns of one role merged, empty text
 * dropped), tool calls as "tool_use" and their results as "tool_result" blocks, max_tokens always
 * set, and with prompt caching on, "cache_control" on the system prompt, the tool definitions and
 * the conversation's last turn.
 */
namespace AnthropicRequest {

/** What a request is for: a reply (streamed), or a count of the prompt's tokens. */
enum class Purpose { Messages, CountTokens };

QByteArray body(const ChatParams &params, const ProviderEntry &entry,
                Purpose purpose = Purpose::Messages);

/** max_tokens for a chat: the chat's own, else the provider's setting, else the model's. */
int maxTokens(const ChatParams &params, const ProviderEntry &entry);
/** Thinking budget in tokens for a chat, 0 when it does not think. */
int thinkingBudget(const ChatParams &params, const ProviderEntry &entry);

constexpr int DefaultMaxTokens = 8192;
constexpr int MinThinkingBudget = 1024; // the API's smallest
/** What the reply may still say once the model has thought its full budget. */
constexpr int AnswerAfterThinking = 4096;

} // namespace AnthropicRequest
