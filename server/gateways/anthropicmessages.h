// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/apierror.h"
#include "runs/completion.h"

#include <QJsonObject>

#include <optional>

/**
 * Anthropic's Messages request and reply shapes, translated to and from the neutral conversation:
 * system (a string or text blocks), messages of text, tool_use, tool_result and thinking blocks,
 * tools, tool_choice, thinking, sampling; the reply as a Message object with its usage.
 */
namespace AnthropicMessages {

struct Request
{
    CompletionRequest completion;
    QString model; // as the client wrote it, echoed in the reply
    bool stream = false;
};

enum class Purpose { Messages, CountTokens };

/** Reads a request body; a 400 in Anthropic's words ("messages.0.role: …") when it cannot. */
std::optional<ApiError> parse(const QJsonObject &body, Purpose purpose, Request &out);

/** The neutral finish reason as Anthropic's stop reason (stop → end_turn, length → max_tokens…). */
QByteArray stopReason(const QString &finishReason);

/** The usage object of a reply: input tokens without the cached ones, and those apart. */
QByteArray usageJson(const Usage &usage);

/** A whole Message object, for a reply that was not streamed. */
QByteArray message(const QString &id, const QString &model, const QString &text,
                   const QString &thinking, const QString &signature, const QList<ToolCall> &calls,
                   const QString &finishReason, const Usage &usage);

/** The model a client named, as Attache resolves it: a bare claude-* id is Anthropic's. */
QString resolvable(const QString &model);

} // namespace AnthropicMessages
