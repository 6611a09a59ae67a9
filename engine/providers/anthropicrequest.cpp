// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/anthropicrequest.h"

#include "net/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace AnthropicRequest {

namespace {

// A content block written out but for its closing brace, so that cache_control can still go in.
using Block = QByteArray;

struct Turn
{
    bool user = true;
    QList<Block> blocks;
};

Block textBlock(QStringView text)
{
    Block block = "{\"type\":\"text\",\"text\":";
    JsonWriter::appendString(block, text);
    return block;
}

QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// The blocks of one neutral message, in the order the API wants them: an assistant's sealed
// thinking first, then its text, then its calls; a tool's result as a tool_result.
QList<Block> blocksOf(const ChatMessage &message, bool lastMessage)
{
    QList<Block> blocks;
    if (message.role == QLatin1String("tool")) {
        Block block = "{\"type\":\"tool_result\",\"tool_use_id\":";
        JsonWriter::appendString(block, message.toolCallId);
        if (!message.content.isEmpty()) {
            block += ",\"content\":";
            JsonWriter::appendString(block, message.content);
        }
        if (message.isError)
            block += ",\"is_error\":true";
        blocks.append(block);
        return blocks;
    }
    const bool assistant = message.role == QLatin1String("assistant");
    if (assistant && !message.thinkingSignature.isEmpty() && !message.toolCalls.isEmpty()) {
        // With thinking on, a turn that called tools must hand its thinking back as it came.
        Block block = "{\"type\":\"thinking\",\"thinking\":";
        JsonWriter::appendString(block, message.thinking);
        block += ",\"signature\":";
        JsonWriter::appendString(block, message.thinkingSignature);
        blocks.append(block);
    }
    QStringView text(message.content);
    // A reply to continue (the last message, the model's) may not end in white space.
    if (assistant && lastMessage) {
        while (!text.isEmpty() && text.back().isSpace())
            text.chop(1);
    }
    if (!text.trimmed().isEmpty())
        blocks.append(textBlock(text));
    for (const ToolCall &call : message.toolCalls) {
        Block block = "{\"type\":\"tool_use\",\"id\":";
        JsonWriter::appendString(block, call.id);
        block += ",\"name\":";
        JsonWriter::appendString(block, call.name);
        const QJsonDocument input = QJsonDocument::fromJson(call.arguments.toUtf8());
        block += ",\"input\":";
        block += input.isObject() ? compactJson(input.object()) : QByteArrayLiteral("{}");
        blocks.append(block);
    }
    return blocks;
}

// Alternating user and assistant turns: system messages left out, consecutive turns of one
// role merged (tool results are the user's), turns without content dropped.
QList<Turn> turnsOf(const QList<ChatMessage> &messages)
{
    QList<Turn> turns;
    qsizetype last = messages.size() - 1;
    while (last >= 0 && messages.at(last).role == QLatin1String("system"))
        --last;
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const ChatMessage &message = messages.at(i);
        if (message.role == QLatin1String("system"))
            continue;
        const QList<Block> blocks = blocksOf(message, i == last);
        if (blocks.isEmpty())
            continue;
        const bool user = message.role != QLatin1String("assistant");
        if (turns.isEmpty() || turns.constLast().user != user)
            turns.append(Turn { user, {} });
        turns.last().blocks += blocks;
    }
    // The API wants the user to speak first.
    if (!turns.isEmpty() && !turns.constFirst().user)
        turns.prepend(Turn { true, { textBlock(u"(The conversation continues.)") } });
    return turns;
}

void closeBlock(QByteArray &out, const Block &block, bool cacheHere)
{
    out += block;
    if (cacheHere)
        out += ",\"cache_control\":{\"type\":\"ephemeral\"}";
    out += '}';
}

void appendSystem(QByteArray &out, const QList<ChatMessage> &messages, bool cache)
{
    QList<Block> blocks;
    for (const ChatMessage &message : messages) {
        if (message.role == QLatin1String("system") && !message.content.trimmed().isEmpty())
            blocks.append(textBlock(message.content));
    }
    if (blocks.isEmpty())
        return;
    out += ",\"system\":[";
    for (qsizetype i = 0; i < blocks.size(); ++i) {
        if (i > 0)
            out += ',';
        closeBlock(out, blocks.at(i), cache && i == blocks.size() - 1);
    }
    out += ']';
}

void appendTools(QByteArray &out, const ChatParams &params, bool cache)
{
    if (params.tools.isEmpty())
        return;
    out += ",\"tools\":[";
    for (qsizetype i = 0; i < params.tools.size(); ++i) {
        const ToolSpec &tool = params.tools.at(i);
        QJsonObject schema = tool.inputSchema;
        if (!schema.contains(QLatin1String("type")))
            schema.insert(QStringLiteral("type"), QStringLiteral("object"));
        if (i > 0)
            out += ',';
        out += "{\"name\":";
        JsonWriter::appendString(out, tool.name);
        if (!tool.description.isEmpty()) {
            out += ",\"description\":";
            JsonWriter::appendString(out, tool.description);
        }
        out += ",\"input_schema\":";
        out += compactJson(schema);
        if (cache && i == params.tools.size() - 1)
            out += ",\"cache_control\":{\"type\":\"ephemeral\"}";
        out += '}';
    }
    out += ']';
    const ChatOptions &options = params.options;
    QJsonObject choice;
    switch (options.toolChoice.mode) {
    case ToolChoice::Mode::Auto:
        choice.insert(QStringLiteral("type"), QStringLiteral("auto"));
        break;
    case ToolChoice::Mode::None:
        choice.insert(QStringLiteral("type"), QStringLiteral("none"));
        break;
    case ToolChoice::Mode::Required:
        choice.insert(QStringLiteral("type"), QStringLiteral("any"));
        break;
    case ToolChoice::Mode::Named:
        choice.insert(QStringLiteral("type"), QStringLiteral("tool"));
        choice.insert(QStringLiteral("name"), options.toolChoice.name);
        break;
    }
    const bool parallelOff = options.parallelToolCalls && !*options.parallelToolCalls;
    if (parallelOff && options.toolChoice.mode != ToolChoice::Mode::None)
        choice.insert(QStringLiteral("disable_parallel_tool_use"), true);
    // "auto" is what the API assumes; it is written only to carry the parallel setting.
    if (options.toolChoice.mode != ToolChoice::Mode::Auto || parallelOff) {
        out += ",\"tool_choice\":";
        out += compactJson(choice);
    }
}

} // namespace

int thinkingBudget(const ChatParams &params, const ProviderEntry &entry)
{
    const int budget = params.options.thinkingBudget.value_or(entry.thinkingBudget);
    return budget <= 0 ? 0 : qMax(budget, MinThinkingBudget);
}

int maxTokens(const ChatParams &params, const ProviderEntry &entry)
{
    int tokens = DefaultMaxTokens;
    if (params.options.maxTokens && *params.options.maxTokens > 0)
        tokens = *params.options.maxTokens;
    else if (entry.maxTokens > 0)
        tokens = entry.maxTokens;
    else if (const ModelInfo *model = entry.findModel(params.model); model && model->maxTokens > 0)
        tokens = model->maxTokens;
    // The budget for thinking is part of max_tokens, and must leave room for an answer.
    const int budget = thinkingBudget(params, entry);
    if (budget > 0 && tokens <= budget)
        tokens = budget + AnswerAfterThinking;
    return tokens;
}

QByteArray body(const ChatParams &params, const ProviderEntry &entry, Purpose purpose)
{
    const bool counting = purpose == Purpose::CountTokens;
    const bool cache = entry.promptCaching && !counting;
    qsizetype size = 256 + params.model.size();
    for (const ChatMessage &message : params.messages)
        size += 96 + message.content.size() + message.content.size() / 4;
    QByteArray out;
    out.reserve(size);
    out += "{\"model\":";
    JsonWriter::appendString(out, params.model);
    if (!counting)
        out += ",\"max_tokens\":" + QByteArray::number(maxTokens(params, entry));
    appendSystem(out, params.messages, cache);
    out += ",\"messages\":[";
    const QList<Turn> turns = turnsOf(params.messages);
    for (qsizetype t = 0; t < turns.size(); ++t) {
        const Turn &turn = turns.at(t);
        out += t > 0 ? ",{\"role\":" : "{\"role\":";
        out += turn.user ? "\"user\"" : "\"assistant\"";
        out += ",\"content\":[";
        for (qsizetype b = 0; b < turn.blocks.size(); ++b) {
            if (b > 0)
                out += ',';
            // The last turn is where the next request's cached prefix ends.
            closeBlock(out, turn.blocks.at(b),
                       cache && t == turns.size() - 1 && b == turn.blocks.size() - 1);
        }
        out += "]}";
    }
    out += ']';
    appendTools(out, params, cache);

    const ChatOptions &options = params.options;
    const int budget = thinkingBudget(params, entry);
    if (budget > 0) {
        out += ",\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":" + QByteArray::number(budget)
            + '}';
    }
    if (!counting) {
        // While it thinks, the API takes no temperature or top_k, and top_p only from 0.95.
        // Anthropic takes 0 to 1, where OpenAI-shaped APIs take 0 to 2.
        if (options.temperature && budget == 0)
            out += ",\"temperature\":" + QByteArray::number(qBound(0.0, *options.temperature, 1.0));
        if (options.topP && (budget == 0 || *options.topP >= 0.95))
            out += ",\"top_p\":" + QByteArray::number(*options.topP);
        if (options.topK && budget == 0)
            out += ",\"top_k\":" + QByteArray::number(*options.topK);
        if (!options.stop.isEmpty()) {
            out += ",\"stop_sequences\":";
            out += QJsonDocument(QJsonArray::fromStringList(options.stop))
                       .toJson(QJsonDocument::Compact);
        }
        out += ",\"stream\":true";
    }
    out += '}';
    return out;
}

} // namespace AnthropicRequest
