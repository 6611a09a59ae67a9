// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gateways/openaierror.h"
#include "runs/completion.h"

#include <QJsonObject>

#include <optional>

/** Reading OpenAI's request shapes into the engine's neutral conversation (both APIs). */
namespace OpenAiWire {

using Error = std::optional<OpenAiError>;

/** A message's content: a string, null, or parts whose text ones are joined; other parts are
 * refused, saying that Attache passes text. */
Error text(const QJsonValue &content, const QString &param, QString &out);

/** A function tool of either API: {"type": "function", "function": {…}} or the Responses
 * API's flat {"type": "function", "name", …}. False for another kind of tool (dropped: no
 * provider behind Attache runs them). */
bool isFunctionTool(const QJsonObject &tool);
Error tool(const QJsonObject &tool, const QString &param, ToolSpec &out);

/** "auto", "none", "required", or a named function in either API's shape. */
Error toolChoice(const QJsonValue &value, ToolChoice &out);

/** temperature, top_p, seed, stop and parallel_tool_calls into options; each is consumed from
 * fields (what is left goes on as OpenAI-only fields). */
Error samplingOptions(QJsonObject &fields, ChatOptions &options);

/** A number member that must be an integer ≥ minimum when present. */
Error integer(const QJsonObject &object, QLatin1String key, int minimum, std::optional<int> &out);

/** The session a request names: X-Attache-Session, else metadata.attache_session (which is
 * removed from fields' metadata, so it never reaches the provider). */
Error session(const QByteArray &header, QJsonObject &fields, QString &out);

} // namespace OpenAiWire

/** A POST /v1/chat/completions body, read. */
struct ChatCompletionRequest
{
    CompletionRequest completion;
    bool stream = false;
    bool includeUsage = false; // stream_options.include_usage
};

/** Reads a chat completions body; every field it does not take goes on to the provider. */
std::optional<OpenAiError> parseChatCompletion(const QJsonObject &body,
                                               const QByteArray &sessionHeader,
                                               ChatCompletionRequest &out);
