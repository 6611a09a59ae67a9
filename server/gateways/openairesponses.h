// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "gateways/openaiwire.h"

#include <QJsonArray>
#include <QJsonObject>

/** A POST /v1/responses body, read. */
struct ResponsesRequest
{
    CompletionRequest completion; // model, tools, options, session; the messages come later
    QList<ChatMessage> input; // this request's input, as messages
    QString instructions; // a system message before the conversation, not carried over
    QString previousId; // previous_response_id: the stored conversation it continues
    bool stream = false;
    bool store = true;
    QJsonObject echo; // what the response object repeats of the request
};

/**
 * The Responses API in and out: its input items as the neutral conversation, and a completion
 * as its response object and output items.
 */
namespace OpenAiResponses {

/** Reads a body. Fields the Responses API has and chat completions have too go on to the
 * provider (text.format as response_format, reasoning.effort, max_output_tokens, user, …);
 * the rest are accepted and dropped. */
std::optional<OpenAiError> parse(const QJsonObject &body, const QByteArray &sessionHeader,
                                 ResponsesRequest &out);

/** Input items as messages: messages, function calls (joined to the assistant message before
 * them, as one turn) and their outputs; reasoning and references are dropped. */
std::optional<OpenAiError> inputMessages(const QJsonValue &input, QList<ChatMessage> &out);

/** An item or response id: prefix and 24 random hex digits. */
QString newId(QLatin1String prefix);

/** The output items of a completion: its text as a message, then its calls. */
struct OutputIds
{
    QString message; // msg_…
    QStringList calls; // fc_…, one per tool call, in order
};
QJsonObject messageItem(const QString &id, const QString &text, const QString &status);
QJsonObject functionCallItem(const QString &id, const ToolCall &call, const QString &status);
QJsonArray outputItems(const CompletionResult &result, const OutputIds &ids);
/** The messages the output adds to the conversation (stored for a continuation). */
QList<ChatMessage> outputMessages(const CompletionResult &result);

/** usage as the Responses API counts it. */
QJsonObject usageJson(const Usage &usage);

/** A response object: status in_progress, completed, incomplete or failed. */
struct ResponseState
{
    QString id;
    qint64 createdAt = 0;
    QString model;
    QString status = QStringLiteral("in_progress");
    QJsonArray output;
    QJsonValue usage = QJsonValue::Null;
    QJsonValue error = QJsonValue::Null;
    QString incompleteReason; // max_output_tokens, content_filter
    QString previousId;
    QString instructions;
    bool store = true;
};
QJsonObject responseObject(const ResponseState &state, const QJsonObject &echo);
/** "completed", or "incomplete" with its reason, for a finish reason. */
QString statusFor(const QString &finishReason, QString *incompleteReason);

} // namespace OpenAiResponses
