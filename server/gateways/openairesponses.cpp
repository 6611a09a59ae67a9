// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateways/openairesponses.h"

#include <QJsonDocument>
#include <QRandomGenerator>

using namespace OpenAiWire;

namespace OpenAiResponses {

namespace {

QJsonValue orNull(const QJsonValue &value)
{
    return value.isUndefined() ? QJsonValue(QJsonValue::Null) : value;
}

QString argumentsText(const QJsonValue &arguments)
{
    return arguments.isObject()
        ? QString::fromUtf8(QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Compact))
        : arguments.toString();
}

} // namespace

QString newId(QLatin1String prefix)
{
    QByteArray raw(12, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(raw.data()), 3);
    return prefix + QString::fromLatin1(raw.toHex());
}

std::optional<OpenAiError> inputMessages(const QJsonValue &input, QList<ChatMessage> &out)
{
    if (input.isUndefined() || input.isNull())
        return std::nullopt; // a continuation may bring nothing new but instructions
    if (input.isString()) {
        out.append({ QStringLiteral("user"), input.toString() });
        return std::nullopt;
    }
    if (!input.isArray())
        return OpenAiError::invalid(QStringLiteral("\"input\" must be a string or an array of "
                                                   "input items."),
                                    QStringLiteral("input"));
    const QJsonArray items = input.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString param = QStringLiteral("input[%1]").arg(i);
        const QJsonObject item = items.at(i).toObject();
        const QString type =
            item.value(QLatin1String("type"))
                .toString(item.contains(QLatin1String("role")) ? QStringLiteral("message")
                                                               : QString());
        if (type == QLatin1String("message")) {
            ChatMessage message;
            message.role = item.value(QLatin1String("role")).toString();
            if (message.role == QLatin1String("developer"))
                message.role = QStringLiteral("system");
            if (message.role != QLatin1String("system") && message.role != QLatin1String("user")
                && message.role != QLatin1String("assistant"))
                return OpenAiError::invalid(
                    QStringLiteral("%1.role must be user, assistant, system or developer.")
                        .arg(param),
                    param + QLatin1String(".role"));
            if (auto error = text(item.value(QLatin1String("content")),
                                  param + QLatin1String(".content"), message.content))
                return error;
            out.append(message);
        } else if (type == QLatin1String("function_call")) {
            const ToolCall call { item.value(QLatin1String("call_id")).toString(),
                                  item.value(QLatin1String("name")).toString(),
                                  argumentsText(item.value(QLatin1String("arguments"))) };
            if (call.id.isEmpty() || call.name.isEmpty())
                return OpenAiError::invalid(
                    QStringLiteral("%1 needs a \"call_id\" and a \"name\".").arg(param), param);
            // A turn's text and its calls are one assistant message to a chat provider.
            if (out.isEmpty() || out.constLast().role != QLatin1String("assistant"))
                out.append({ QStringLiteral("assistant"), QString() });
            out.last().toolCalls.append(call);
        } else if (type == QLatin1String("function_call_output")) {
            ChatMessage result;
            result.role = QStringLiteral("tool");
            result.toolCallId = item.value(QLatin1String("call_id")).toString();
            if (result.toolCallId.isEmpty())
                return OpenAiError::invalid(QStringLiteral("%1 needs a \"call_id\".").arg(param),
                                            param);
            if (auto error = text(item.value(QLatin1String("output")),
                                  param + QLatin1String(".output"), result.content))
                return error;
            out.append(result);
        } else if (type.isEmpty()) {
            return OpenAiError::invalid(QStringLiteral("%1 has no \"type\".").arg(param), param);
        }
        // reasoning, item_reference and other kinds: nothing a chat provider takes back.
    }
    return std::nullopt;
}

std::optional<OpenAiError> parse(const QJsonObject &body, const QByteArray &sessionHeader,
                                 ResponsesRequest &out)
{
    QJsonObject fields = body;
    CompletionRequest &request = out.completion;
    ChatOptions &options = request.params.options;
    const QJsonValue model = fields.value(QLatin1String("model"));
    if (!model.isUndefined() && !model.isNull() && !model.isString())
        return OpenAiError::invalid(QStringLiteral("\"model\" must be a string."),
                                    QStringLiteral("model"));
    request.model = model.toString();
    if (auto error = inputMessages(fields.value(QLatin1String("input")), out.input))
        return error;
    const QJsonValue instructions = fields.value(QLatin1String("instructions"));
    out.instructions = instructions.toString();
    const QJsonValue previous = fields.value(QLatin1String("previous_response_id"));
    if (!previous.isUndefined() && !previous.isNull() && !previous.isString())
        return OpenAiError::invalid(QStringLiteral("\"previous_response_id\" must be a string."),
                                    QStringLiteral("previous_response_id"));
    out.previousId = previous.toString();
    out.stream = fields.value(QLatin1String("stream")).toBool(false);
    out.store = fields.value(QLatin1String("store")).toBool(true);

    const QJsonArray tools = fields.value(QLatin1String("tools")).toArray();
    for (qsizetype i = 0; i < tools.size(); ++i) {
        const QJsonObject object = tools.at(i).toObject();
        if (!isFunctionTool(object))
            continue; // hosted tools (web search, files, …) run at OpenAI, not behind Attache
        ToolSpec spec;
        if (auto error = tool(object, QStringLiteral("tools[%1]").arg(i), spec))
            return error;
        request.params.tools.append(spec);
    }
    if (auto error = toolChoice(fields.value(QLatin1String("tool_choice")), options.toolChoice))
        return error;
    QJsonObject sampling { { QStringLiteral("temperature"),
                             fields.value(QLatin1String("temperature")) },
                           { QStringLiteral("top_p"), fields.value(QLatin1String("top_p")) },
                           { QStringLiteral("parallel_tool_calls"),
                             fields.value(QLatin1String("parallel_tool_calls")) } };
    if (auto error = samplingOptions(sampling, options))
        return error;
    std::optional<int> limit;
    if (auto error = integer(fields, QLatin1String("max_output_tokens"), 1, limit))
        return error;
    options.maxTokens = limit;

    // What chat completions know under other names goes on by those.
    QJsonObject &extra = options.openAiExtra;
    if (limit)
        extra.insert(QStringLiteral("max_completion_tokens"), *limit);
    const QJsonObject format =
        fields.value(QLatin1String("text")).toObject().value(QLatin1String("format")).toObject();
    const QString formatType = format.value(QLatin1String("type")).toString();
    if (formatType == QLatin1String("json_schema")) {
        QJsonObject schema = format;
        schema.remove(QStringLiteral("type"));
        extra.insert(QStringLiteral("response_format"),
                     QJsonObject { { QStringLiteral("type"), formatType },
                                   { QStringLiteral("json_schema"), schema } });
    } else if (formatType == QLatin1String("json_object")) {
        extra.insert(QStringLiteral("response_format"),
                     QJsonObject { { QStringLiteral("type"), formatType } });
    }
    const QJsonValue verbosity =
        fields.value(QLatin1String("text")).toObject().value(QLatin1String("verbosity"));
    if (verbosity.isString())
        extra.insert(QStringLiteral("verbosity"), verbosity);
    const QJsonValue effort =
        fields.value(QLatin1String("reasoning")).toObject().value(QLatin1String("effort"));
    if (effort.isString())
        extra.insert(QStringLiteral("reasoning_effort"), effort);
    for (const char *key : { "user", "service_tier", "prompt_cache_key", "safety_identifier" }) {
        const QJsonValue value = fields.value(QLatin1String(key));
        if (!value.isUndefined() && !value.isNull())
            extra.insert(QLatin1String(key), value);
    }
    if (auto error = session(sessionHeader, fields, request.session))
        return error;

    out.echo = {
        { QStringLiteral("tools"),
          fields.value(QLatin1String("tools")).isArray() ? fields.value(QLatin1String("tools"))
                                                         : QJsonValue(QJsonArray()) },
        { QStringLiteral("tool_choice"),
          fields.value(QLatin1String("tool_choice")).isUndefined()
              ? QJsonValue(QStringLiteral("auto"))
              : fields.value(QLatin1String("tool_choice")) },
        { QStringLiteral("parallel_tool_calls"),
          fields.value(QLatin1String("parallel_tool_calls")).toBool(true) },
        { QStringLiteral("temperature"), orNull(fields.value(QLatin1String("temperature"))) },
        { QStringLiteral("top_p"), orNull(fields.value(QLatin1String("top_p"))) },
        { QStringLiteral("max_output_tokens"), limit ? QJsonValue(*limit) : QJsonValue() },
        { QStringLiteral("metadata"),
          fields.value(QLatin1String("metadata")).isObject()
              ? fields.value(QLatin1String("metadata"))
              : QJsonValue(QJsonObject()) },
        { QStringLiteral("text"),
          fields.value(QLatin1String("text")).isObject()
              ? fields.value(QLatin1String("text"))
              : QJsonValue(QJsonObject {
                  { QStringLiteral("format"),
                    QJsonObject { { QStringLiteral("type"), QStringLiteral("text") } } } }) },
        { QStringLiteral("reasoning"),
          fields.value(QLatin1String("reasoning")).isObject()
              ? fields.value(QLatin1String("reasoning"))
              : QJsonValue(QJsonObject { { QStringLiteral("effort"), QJsonValue::Null },
                                         { QStringLiteral("summary"), QJsonValue::Null } }) },
        { QStringLiteral("user"), orNull(fields.value(QLatin1String("user"))) },
    };
    return std::nullopt;
}

QJsonObject messageItem(const QString &id, const QString &text, const QString &status)
{
    QJsonArray content;
    if (status != QLatin1String("in_progress")) {
        content.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("output_text") },
                                     { QStringLiteral("text"), text },
                                     { QStringLiteral("annotations"), QJsonArray() },
                                     { QStringLiteral("logprobs"), QJsonArray() } });
    }
    return { { QStringLiteral("id"), id },
             { QStringLiteral("type"), QStringLiteral("message") },
             { QStringLiteral("status"), status },
             { QStringLiteral("role"), QStringLiteral("assistant") },
             { QStringLiteral("content"), content } };
}

QJsonObject functionCallItem(const QString &id, const ToolCall &call, const QString &status)
{
    return { { QStringLiteral("id"), id },
             { QStringLiteral("type"), QStringLiteral("function_call") },
             { QStringLiteral("status"), status },
             { QStringLiteral("call_id"), call.id },
             { QStringLiteral("name"), call.name },
             { QStringLiteral("arguments"), call.arguments } };
}

QJsonArray outputItems(const CompletionResult &result, const OutputIds &ids)
{
    QJsonArray output;
    if (!result.text.isEmpty())
        output.append(
            messageItem(ids.message, QString::fromUtf8(result.text), QStringLiteral("completed")));
    for (qsizetype i = 0; i < result.toolCalls.size(); ++i) {
        output.append(functionCallItem(ids.calls.value(i, newId(QLatin1String("fc_"))),
                                       result.toolCalls.at(i), QStringLiteral("completed")));
    }
    return output;
}

QList<ChatMessage> outputMessages(const CompletionResult &result)
{
    if (result.text.isEmpty() && result.toolCalls.isEmpty())
        return {};
    ChatMessage reply { QStringLiteral("assistant"), QString::fromUtf8(result.text) };
    reply.toolCalls = result.toolCalls;
    return { reply };
}

QJsonObject usageJson(const Usage &usage)
{
    return { { QStringLiteral("input_tokens"), usage.promptTokens },
             { QStringLiteral("input_tokens_details"),
               QJsonObject { { QStringLiteral("cached_tokens"), usage.cacheReadTokens } } },
             { QStringLiteral("output_tokens"), usage.completionTokens },
             { QStringLiteral("output_tokens_details"),
               QJsonObject { { QStringLiteral("reasoning_tokens"), 0 } } },
             { QStringLiteral("total_tokens"), usage.totalTokens() } };
}

QString statusFor(const QString &finishReason, QString *incompleteReason)
{
    if (finishReason == FinishReason::Length) {
        *incompleteReason = QStringLiteral("max_output_tokens");
        return QStringLiteral("incomplete");
    }
    if (finishReason == FinishReason::ContentFilter || finishReason == FinishReason::Refusal) {
        *incompleteReason = QStringLiteral("content_filter");
        return QStringLiteral("incomplete");
    }
    return QStringLiteral("completed");
}

QJsonObject responseObject(const ResponseState &state, const QJsonObject &echo)
{
    QJsonObject response = echo;
    response.insert(QStringLiteral("id"), state.id);
    response.insert(QStringLiteral("object"), QStringLiteral("response"));
    response.insert(QStringLiteral("created_at"), state.createdAt);
    response.insert(QStringLiteral("status"), state.status);
    response.insert(QStringLiteral("background"), false);
    response.insert(QStringLiteral("error"), state.error);
    response.insert(
        QStringLiteral("incomplete_details"),
        state.incompleteReason.isEmpty()
            ? QJsonValue(QJsonValue::Null)
            : QJsonValue(QJsonObject { { QStringLiteral("reason"), state.incompleteReason } }));
    response.insert(QStringLiteral("instructions"),
                    state.instructions.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                 : QJsonValue(state.instructions));
    response.insert(QStringLiteral("model"), state.model);
    response.insert(QStringLiteral("output"), state.output);
    response.insert(QStringLiteral("previous_response_id"),
                    state.previousId.isEmpty() ? QJsonValue(QJsonValue::Null)
                                               : QJsonValue(state.previousId));
    response.insert(QStringLiteral("store"), state.store);
    response.insert(QStringLiteral("truncation"), QStringLiteral("disabled"));
    response.insert(QStringLiteral("usage"), state.usage);
    return response;
}

} // namespace OpenAiResponses
