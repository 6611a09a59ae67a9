// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/provider.h"

#include <QJsonDocument>

Usage &Usage::operator+=(const Usage &other)
{
    promptTokens += other.promptTokens;
    completionTokens += other.completionTokens;
    cacheReadTokens += other.cacheReadTokens;
    cacheWriteTokens += other.cacheWriteTokens;
    estimated = estimated || other.estimated;
    return *this;
}

qint64 Provider::estimateTokens(const ChatParams &params)
{
    qsizetype characters = 0;
    for (const ChatMessage &message : params.messages) {
        characters += message.content.size() + message.thinking.size();
        for (const ToolCall &call : message.toolCalls)
            characters += call.name.size() + call.arguments.size();
    }
    for (const ToolSpec &tool : params.tools) {
        characters += tool.name.size() + tool.description.size()
            + QJsonDocument(tool.inputSchema).toJson(QJsonDocument::Compact).size();
    }
    return (characters + 3) / 4;
}

void Provider::countTokens(const ChatParams &params, QObject *context, CountCallback callback)
{
    Q_UNUSED(context)
    callback(estimateTokens(params));
}

void Provider::embed(const EmbeddingRequest &, QObject *, EmbeddingCallback callback)
{
    callback(EngineError { ErrorKind::InvalidRequest,
                           QStringLiteral("%1 does not make embeddings; name a model of a provider "
                                          "that does (an OpenAI-compatible one).")
                               .arg(entry().name) });
}
