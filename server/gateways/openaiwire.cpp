// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateways/openaiwire.h"

#include "net/jsonschemacheck.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace OpenAiWire {

Error text(const QJsonValue &content, const QString &param, QString &out)
{
    out.clear();
    if (content.isNull() || content.isUndefined())
        return std::nullopt;
    if (content.isString()) {
        out = content.toString();
        return std::nullopt;
    }
    if (!content.isArray())
        return OpenAiError::invalid(
            QStringLiteral("\"%1\" must be a string or an array of parts, not %2.")
                .arg(param, JsonSchemaCheck::kindOf(content)),
            param);
    QStringList texts;
    const QJsonArray parts = content.toArray();
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QJsonObject part = parts.at(i).toObject();
        const QString type = part.value(QLatin1String("type")).toString();
        // Chat parts are "text"; the Responses API's "input_text" and "output_text".
        if (type == QLatin1String("text") || type == QLatin1String("input_text")
            || type == QLatin1String("output_text")) {
            texts.append(part.value(QLatin1String("text")).toString());
            continue;
        }
        if (type == QLatin1String("refusal")) {
            texts.append(part.value(QLatin1String("refusal")).toString());
            continue;
        }
        return OpenAiError::invalid(
            QStringLiteral("%1[%2] is a \"%3\" part; Attache passes text only, so send the "
                           "conversation without it.")
                .arg(param)
                .arg(i)
                .arg(type.isEmpty() ? QStringLiteral("untyped") : type),
            QStringLiteral("%1[%2]").arg(param).arg(i), QStringLiteral("unsupported_content"));
    }
    out = texts.join(QLatin1Char('\n'));
    return std::nullopt;
}

bool isFunctionTool(const QJsonObject &tool)
{
    return tool.value(QLatin1String("type")).toString(QStringLiteral("function"))
        == QLatin1String("function");
}

Error tool(const QJsonObject &tool, const QString &param, ToolSpec &out)
{
    // Chat nests the function; the Responses API has it flat.
    const QJsonValue nested = tool.value(QLatin1String("function"));
    const QJsonObject function = nested.isObject() ? nested.toObject() : tool;
    const QJsonValue name = function.value(QLatin1String("name"));
    if (!name.isString() || name.toString().isEmpty())
        return OpenAiError::invalid(QStringLiteral("%1 needs a \"name\".").arg(param), param);
    out.name = name.toString();
    out.description = function.value(QLatin1String("description")).toString();
    const QJsonValue parameters = function.value(QLatin1String("parameters"));
    out.inputSchema = parameters.isObject()
        ? parameters.toObject()
        : QJsonObject { { QStringLiteral("type"), QStringLiteral("object") },
                        { QStringLiteral("properties"), QJsonObject() } };
    out.strict = function.value(QLatin1String("strict")).toBool();
    return std::nullopt;
}

Error toolChoice(const QJsonValue &value, ToolChoice &out)
{
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    const QString mode = value.toString();
    if (mode == QLatin1String("auto")) {
        out.mode = ToolChoice::Mode::Auto;
        return std::nullopt;
    }
    if (mode == QLatin1String("none")) {
        out.mode = ToolChoice::Mode::None;
        return std::nullopt;
    }
    if (mode == QLatin1String("required")) {
        out.mode = ToolChoice::Mode::Required;
        return std::nullopt;
    }
    const QJsonObject object = value.toObject();
    const QString name = object.value(QLatin1String("function"))
                             .toObject()
                             .value(QLatin1String("name"))
                             .toString(object.value(QLatin1String("name")).toString());
    if (object.value(QLatin1String("type")).toString() == QLatin1String("function")
        && !name.isEmpty()) {
        out.mode = ToolChoice::Mode::Named;
        out.name = name;
        return std::nullopt;
    }
    return OpenAiError::invalid(QStringLiteral("\"tool_choice\" must be \"auto\", \"none\", "
                                               "\"required\" or a function to call by name."),
                                QStringLiteral("tool_choice"));
}

Error integer(const QJsonObject &object, QLatin1String key, int minimum, std::optional<int> &out)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    const double number = value.toDouble(-1e300);
    if (!value.isDouble() || number != double(qint64(number)) || number < minimum || number > 1e9)
        return OpenAiError::invalid(
            QStringLiteral("\"%1\" must be an integer of at least %2.").arg(key).arg(minimum), key);
    out = int(number);
    return std::nullopt;
}

Error samplingOptions(QJsonObject &fields, ChatOptions &options)
{
    for (const auto &[key, target] :
         { std::pair { QLatin1String("temperature"), &options.temperature },
           std::pair { QLatin1String("top_p"), &options.topP } }) {
        const QJsonValue value = fields.take(key);
        if (value.isUndefined() || value.isNull())
            continue;
        if (!value.isDouble())
            return OpenAiError::invalid(QStringLiteral("\"%1\" must be a number.").arg(key), key);
        *target = value.toDouble();
    }
    const QJsonValue seed = fields.take(QLatin1String("seed"));
    if (seed.isDouble())
        options.seed = qint64(seed.toDouble());
    else if (!seed.isUndefined() && !seed.isNull())
        return OpenAiError::invalid(QStringLiteral("\"seed\" must be an integer."),
                                    QStringLiteral("seed"));
    const QJsonValue stop = fields.take(QLatin1String("stop"));
    if (stop.isString()) {
        options.stop = { stop.toString() };
    } else if (stop.isArray()) {
        for (const QJsonValue &item : stop.toArray()) {
            if (!item.isString())
                return OpenAiError::invalid(
                    QStringLiteral("\"stop\" must be a string or an array of strings."),
                    QStringLiteral("stop"));
            options.stop.append(item.toString());
        }
    } else if (!stop.isUndefined() && !stop.isNull()) {
        return OpenAiError::invalid(
            QStringLiteral("\"stop\" must be a string or an array of strings."),
            QStringLiteral("stop"));
    }
    const QJsonValue parallel = fields.take(QLatin1String("parallel_tool_calls"));
    if (parallel.isBool())
        options.parallelToolCalls = parallel.toBool();
    else if (!parallel.isUndefined() && !parallel.isNull())
        return OpenAiError::invalid(QStringLiteral("\"parallel_tool_calls\" must be true or "
                                                   "false."),
                                    QStringLiteral("parallel_tool_calls"));
    return std::nullopt;
}

Error session(const QByteArray &header, QJsonObject &fields, QString &out)
{
    out = QString::fromUtf8(header).trimmed();
    const QJsonValue metadata = fields.value(QLatin1String("metadata"));
    if (!metadata.isObject())
        return std::nullopt;
    QJsonObject object = metadata.toObject();
    const QJsonValue named = object.take(QLatin1String("attache_session"));
    if (object.isEmpty())
        fields.remove(QLatin1String("metadata"));
    else
        fields.insert(QStringLiteral("metadata"), object);
    if (named.isUndefined() || named.isNull() || !out.isEmpty())
        return std::nullopt;
    if (!named.isString())
        return OpenAiError::invalid(
            QStringLiteral("\"metadata.attache_session\" must be a session's id or name."),
            QStringLiteral("metadata.attache_session"));
    out = named.toString().trimmed();
    if (out.size() > 200)
        return OpenAiError::invalid(QStringLiteral("A session name has at most 200 characters."),
                                    QStringLiteral("metadata.attache_session"));
    return std::nullopt;
}

} // namespace OpenAiWire

using namespace OpenAiWire;

namespace {

Error message(const QJsonValue &value, int i, ChatMessage &out)
{
    const QString param = QStringLiteral("messages[%1]").arg(i);
    const QJsonObject object = value.toObject();
    if (!value.isObject())
        return OpenAiError::invalid(QStringLiteral("%1 must be an object.").arg(param), param);
    QString role = object.value(QLatin1String("role")).toString();
    if (role == QLatin1String("developer"))
        role = QStringLiteral("system"); // what every provider knows it as
    if (role != QLatin1String("system") && role != QLatin1String("user")
        && role != QLatin1String("assistant") && role != QLatin1String("tool")) {
        return OpenAiError::invalid(
            QStringLiteral("%1.role must be system, developer, user, assistant or tool.")
                .arg(param),
            param + QLatin1String(".role"));
    }
    out.role = role;
    if (auto error = text(object.value(QLatin1String("content")), param + QLatin1String(".content"),
                          out.content))
        return error;
    if (role == QLatin1String("tool")) {
        out.toolCallId = object.value(QLatin1String("tool_call_id")).toString();
        if (out.toolCallId.isEmpty())
            return OpenAiError::invalid(
                QStringLiteral("%1 is a tool result without \"tool_call_id\".").arg(param),
                param + QLatin1String(".tool_call_id"));
    }
    const QJsonArray calls = object.value(QLatin1String("tool_calls")).toArray();
    for (qsizetype c = 0; role == QLatin1String("assistant") && c < calls.size(); ++c) {
        const QJsonObject call = calls.at(c).toObject();
        const QJsonObject function = call.value(QLatin1String("function")).toObject();
        const QJsonValue arguments = function.value(QLatin1String("arguments"));
        ToolCall toolCall { call.value(QLatin1String("id")).toString(),
                            function.value(QLatin1String("name")).toString(),
                            arguments.isObject() ? QString::fromUtf8(
                                QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Compact))
                                                 : arguments.toString() };
        if (toolCall.id.isEmpty() || toolCall.name.isEmpty())
            return OpenAiError::invalid(
                QStringLiteral("%1.tool_calls[%2] needs an \"id\" and a function \"name\".")
                    .arg(param)
                    .arg(c),
                QStringLiteral("%1.tool_calls[%2]").arg(param).arg(c));
        out.toolCalls.append(toolCall);
    }
    return std::nullopt;
}

} // namespace

std::optional<OpenAiError> parseChatCompletion(const QJsonObject &body,
                                               const QByteArray &sessionHeader,
                                               ChatCompletionRequest &out)
{
    QJsonObject fields = body;
    CompletionRequest &request = out.completion;
    ChatOptions &options = request.params.options;
    const QJsonValue model = fields.take(QLatin1String("model"));
    if (!model.isUndefined() && !model.isNull() && !model.isString())
        return OpenAiError::invalid(QStringLiteral("\"model\" must be a string."),
                                    QStringLiteral("model"));
    request.model = model.toString();

    const QJsonValue messages = fields.take(QLatin1String("messages"));
    if (!messages.isArray() || messages.toArray().isEmpty())
        return OpenAiError::invalid(QStringLiteral("\"messages\" is required: an array of at "
                                                   "least one message."),
                                    QStringLiteral("messages"));
    const QJsonArray list = messages.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        ChatMessage m;
        if (auto error = message(list.at(i), int(i), m))
            return error;
        request.params.messages.append(m);
    }

    const QJsonValue stream = fields.take(QLatin1String("stream"));
    out.stream = stream.toBool(false);
    const QJsonValue streamOptions = fields.take(QLatin1String("stream_options"));
    out.includeUsage =
        out.stream && streamOptions.toObject().value(QLatin1String("include_usage")).toBool(false);

    const QJsonArray tools = fields.take(QLatin1String("tools")).toArray();
    for (qsizetype i = 0; i < tools.size(); ++i) {
        const QJsonObject object = tools.at(i).toObject();
        if (!isFunctionTool(object))
            continue;
        ToolSpec spec;
        if (auto error = tool(object, QStringLiteral("tools[%1]").arg(i), spec))
            return error;
        request.params.tools.append(spec);
    }
    if (auto error = toolChoice(fields.take(QLatin1String("tool_choice")), options.toolChoice))
        return error;
    if (auto error = samplingOptions(fields, options))
        return error;

    std::optional<int> n;
    if (auto error = integer(fields, QLatin1String("n"), 1, n))
        return error;
    if (n && *n > 1)
        return OpenAiError::invalid(QStringLiteral("Attache answers with one choice; send \"n\": "
                                                   "1 or leave it out."),
                                    QStringLiteral("n"));
    fields.remove(QLatin1String("n"));
    // max_completion_tokens stays among the OpenAI fields as well: an OpenAI-compatible
    // provider gets it by that name, which newer models require.
    std::optional<int> limit;
    if (auto error = integer(fields, QLatin1String("max_completion_tokens"), 1, limit))
        return error;
    if (!limit) {
        if (auto error = integer(fields, QLatin1String("max_tokens"), 1, limit))
            return error;
        fields.remove(QLatin1String("max_tokens"));
    }
    options.maxTokens = limit;
    if (auto error = session(sessionHeader, fields, request.session))
        return error;
    options.openAiExtra = fields; // everything else, as the client sent it
    return std::nullopt;
}
