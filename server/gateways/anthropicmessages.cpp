// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateways/anthropicmessages.h"

#include "net/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace AnthropicMessages {

namespace {

// Attache relays text; an image or a document becomes a note that says what was left out.
const QString NotRelayed = QStringLiteral("[%1 left out: Attache relays text only]");

ApiError invalid(const QString &message)
{
    return ApiError::badRequest(message);
}

QString compact(const QJsonValue &value)
{
    return QString::fromUtf8(value.isArray()
                                 ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                 : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
}

// The text of a tool_result's content: a string, or blocks (text kept, the rest noted).
QString resultText(const QJsonValue &content)
{
    if (content.isString())
        return content.toString();
    QStringList parts;
    for (const QJsonValue &value : content.toArray()) {
        const QJsonObject block = value.toObject();
        const QString type = block.value(QLatin1String("type")).toString();
        if (type == QLatin1String("text"))
            parts.append(block.value(QLatin1String("text")).toString());
        else
            parts.append(NotRelayed.arg(type.isEmpty() ? QStringLiteral("content") : type));
    }
    return parts.join(QLatin1String("\n\n"));
}

// One message of the request, as one or more neutral messages: a user's tool results become
// tool messages (first, as the API orders them), its text a user message; an assistant's text,
// calls and sealed thinking one assistant message.
std::optional<ApiError> readMessage(const QJsonValue &value, int index, QList<ChatMessage> &out)
{
    const QString at = QStringLiteral("messages.%1").arg(index);
    const QJsonObject json = value.toObject();
    const QString role = json.value(QLatin1String("role")).toString();
    if (!value.isObject() || (role != QLatin1String("user") && role != QLatin1String("assistant")))
        return invalid(at + QStringLiteral(".role: Input should be 'user' or 'assistant'"));
    const QJsonValue content = json.value(QLatin1String("content"));
    ChatMessage message;
    message.role = role;
    if (content.isString()) {
        message.content = content.toString();
        out.append(message);
        return std::nullopt;
    }
    if (!content.isArray())
        return invalid(at
                       + QStringLiteral(".content: Input should be a string or a list of blocks"));
    QStringList texts;
    const QJsonArray blocks = content.toArray();
    for (int b = 0; b < blocks.size(); ++b) {
        const QJsonObject block = blocks.at(b).toObject();
        const QString type = block.value(QLatin1String("type")).toString();
        const QString where = at + QStringLiteral(".content.%1").arg(b);
        if (type == QLatin1String("text")) {
            texts.append(block.value(QLatin1String("text")).toString());
        } else if (type == QLatin1String("tool_result") && role == QLatin1String("user")) {
            ChatMessage result;
            result.role = QStringLiteral("tool");
            result.toolCallId = block.value(QLatin1String("tool_use_id")).toString();
            if (result.toolCallId.isEmpty())
                return invalid(where + QStringLiteral(".tool_use_id: Field required"));
            result.content = resultText(block.value(QLatin1String("content")));
            result.isError = block.value(QLatin1String("is_error")).toBool();
            out.append(result);
        } else if (type == QLatin1String("tool_use") && role == QLatin1String("assistant")) {
            const QString name = block.value(QLatin1String("name")).toString();
            if (name.isEmpty())
                return invalid(where + QStringLiteral(".name: Field required"));
            const QJsonValue input = block.value(QLatin1String("input"));
            message.toolCalls.append({ block.value(QLatin1String("id")).toString(), name,
                                       input.isObject() ? compact(input) : QStringLiteral("{}") });
        } else if (type == QLatin1String("thinking") && role == QLatin1String("assistant")) {
            message.thinking += block.value(QLatin1String("thinking")).toString();
            message.thinkingSignature = block.value(QLatin1String("signature")).toString();
        } else if (type == QLatin1String("image") || type == QLatin1String("document")) {
            texts.append(NotRelayed.arg(type));
        } else if (type.isEmpty()) {
            return invalid(where + QStringLiteral(".type: Field required"));
        }
        // redacted_thinking, server tools' blocks, and kinds added later: nothing to relay.
    }
    message.content = texts.join(QLatin1String("\n\n"));
    if (!message.content.isEmpty() || !message.toolCalls.isEmpty() || !message.thinking.isEmpty())
        out.append(message);
    return std::nullopt;
}

std::optional<ApiError> readTools(const QJsonObject &body, ChatParams &params)
{
    const QJsonValue tools = body.value(QLatin1String("tools"));
    if (tools.isUndefined() || tools.isNull())
        return std::nullopt;
    if (!tools.isArray())
        return invalid(QStringLiteral("tools: Input should be a valid list"));
    const QJsonArray list = tools.toArray();
    for (int i = 0; i < list.size(); ++i) {
        const QJsonObject tool = list.at(i).toObject();
        const QString type = tool.value(QLatin1String("type")).toString();
        // Anthropic's own server tools (web search, code execution, …) run at Anthropic only.
        if (!type.isEmpty() && type != QLatin1String("custom")
            && !tool.contains(QLatin1String("input_schema")))
            continue;
        const QString name = tool.value(QLatin1String("name")).toString();
        if (name.isEmpty())
            return invalid(QStringLiteral("tools.%1.name: Field required").arg(i));
        params.tools.append({ name, tool.value(QLatin1String("description")).toString(),
                              tool.value(QLatin1String("input_schema")).toObject() });
    }
    const QJsonObject choice = body.value(QLatin1String("tool_choice")).toObject();
    const QString mode = choice.value(QLatin1String("type")).toString();
    ToolChoice &toolChoice = params.options.toolChoice;
    if (mode == QLatin1String("any")) {
        toolChoice.mode = ToolChoice::Mode::Required;
    } else if (mode == QLatin1String("none")) {
        toolChoice.mode = ToolChoice::Mode::None;
    } else if (mode == QLatin1String("tool")) {
        toolChoice.mode = ToolChoice::Mode::Named;
        toolChoice.name = choice.value(QLatin1String("name")).toString();
        if (toolChoice.name.isEmpty())
            return invalid(QStringLiteral("tool_choice.name: Field required"));
    }
    if (choice.value(QLatin1String("disable_parallel_tool_use")).toBool())
        params.options.parallelToolCalls = false;
    return std::nullopt;
}

void readOptions(const QJsonObject &body, ChatOptions &options)
{
    if (body.value(QLatin1String("temperature")).isDouble())
        options.temperature = body.value(QLatin1String("temperature")).toDouble();
    if (body.value(QLatin1String("top_p")).isDouble())
        options.topP = body.value(QLatin1String("top_p")).toDouble();
    if (body.value(QLatin1String("top_k")).isDouble())
        options.topK = body.value(QLatin1String("top_k")).toInt();
    for (const QJsonValue &stop : body.value(QLatin1String("stop_sequences")).toArray())
        options.stop.append(stop.toString());
    // Thinking only when asked for, as the API does it; "adaptive" leaves the size to Attache.
    const QJsonObject thinking = body.value(QLatin1String("thinking")).toObject();
    const QString type = thinking.value(QLatin1String("type")).toString();
    if (type == QLatin1String("enabled"))
        options.thinkingBudget = thinking.value(QLatin1String("budget_tokens")).toInt(1024);
    else if (type == QLatin1String("adaptive"))
        options.thinkingBudget = qBound(1024, options.maxTokens.value_or(8192) / 2, 16000);
    else
        options.thinkingBudget = 0;
}

} // namespace

QString resolvable(const QString &model)
{
    if (model.startsWith(QLatin1String("claude")) && !model.contains(QLatin1Char('/')))
        return QStringLiteral("anthropic/") + model;
    return model;
}

std::optional<ApiError> parse(const QJsonObject &body, Purpose purpose, Request &out)
{
    const QJsonValue model = body.value(QLatin1String("model"));
    if (!model.isString() || model.toString().isEmpty())
        return invalid(QStringLiteral("model: Field required"));
    out.model = model.toString();
    out.completion.model = resolvable(out.model);
    ChatParams &params = out.completion.params;
    if (purpose == Purpose::Messages) {
        const QJsonValue maxTokens = body.value(QLatin1String("max_tokens"));
        if (!maxTokens.isDouble() || maxTokens.toDouble() < 1)
            return invalid(QStringLiteral("max_tokens: Field required, a number of at least 1"));
        params.options.maxTokens = maxTokens.toInt();
        out.stream = body.value(QLatin1String("stream")).toBool();
    }
    const QJsonValue system = body.value(QLatin1String("system"));
    if (system.isString() && !system.toString().isEmpty()) {
        params.messages.append({ QStringLiteral("system"), system.toString() });
    } else if (system.isArray()) {
        for (const QJsonValue &block : system.toArray()) {
            const QString text = block.toObject().value(QLatin1String("text")).toString();
            if (!text.isEmpty())
                params.messages.append({ QStringLiteral("system"), text });
        }
    }
    const QJsonValue messages = body.value(QLatin1String("messages"));
    if (!messages.isArray())
        return invalid(QStringLiteral("messages: Field required"));
    const QJsonArray list = messages.toArray();
    for (int i = 0; i < list.size(); ++i) {
        if (auto error = readMessage(list.at(i), i, params.messages))
            return error;
    }
    if (auto error = readTools(body, params))
        return error;
    readOptions(body, params.options);
    out.completion.session = body.value(QLatin1String("metadata"))
                                 .toObject()
                                 .value(QLatin1String("attache_session"))
                                 .toString();
    return std::nullopt;
}

QByteArray stopReason(const QString &finishReason)
{
    if (finishReason == FinishReason::ToolCalls)
        return QByteArrayLiteral("tool_use");
    if (finishReason == FinishReason::Length)
        return QByteArrayLiteral("max_tokens");
    if (finishReason == FinishReason::Refusal || finishReason == FinishReason::ContentFilter)
        return QByteArrayLiteral("refusal");
    return QByteArrayLiteral("end_turn");
}

QByteArray usageJson(const Usage &usage)
{
    const qint64 uncached =
        qMax<qint64>(0, usage.promptTokens - usage.cacheReadTokens - usage.cacheWriteTokens);
    return "{\"input_tokens\":" + QByteArray::number(uncached)
        + ",\"cache_creation_input_tokens\":" + QByteArray::number(usage.cacheWriteTokens)
        + ",\"cache_read_input_tokens\":" + QByteArray::number(usage.cacheReadTokens)
        + ",\"output_tokens\":" + QByteArray::number(usage.completionTokens) + '}';
}

QByteArray message(const QString &id, const QString &model, const QString &text,
                   const QString &thinking, const QString &signature, const QList<ToolCall> &calls,
                   const QString &finishReason, const Usage &usage)
{
    QByteArray out = "{\"id\":";
    JsonWriter::appendString(out, id);
    out += ",\"type\":\"message\",\"role\":\"assistant\",\"model\":";
    JsonWriter::appendString(out, model);
    out += ",\"content\":[";
    bool first = true;
    const auto separate = [&] {
        if (!first)
            out += ',';
        first = false;
    };
    if (!thinking.isEmpty()) {
        separate();
        out += "{\"type\":\"thinking\",\"thinking\":";
        JsonWriter::appendString(out, thinking);
        out += ",\"signature\":";
        JsonWriter::appendString(out, signature);
        out += '}';
    }
    if (!text.isEmpty()) {
        separate();
        out += "{\"type\":\"text\",\"text\":";
        JsonWriter::appendString(out, text);
        out += '}';
    }
    for (const ToolCall &call : calls) {
        separate();
        const QJsonDocument input = QJsonDocument::fromJson(call.arguments.toUtf8());
        out += "{\"type\":\"tool_use\",\"id\":";
        JsonWriter::appendString(out, call.id);
        out += ",\"name\":";
        JsonWriter::appendString(out, call.name);
        out += ",\"input\":";
        out += input.isObject() ? input.toJson(QJsonDocument::Compact) : QByteArrayLiteral("{}");
        out += '}';
    }
    out += "],\"stop_reason\":\"" + stopReason(finishReason)
        + "\",\"stop_sequence\":null,\"usage\":" + usageJson(usage) + '}';
    return out;
}

} // namespace AnthropicMessages
