// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "runs/conversation.h"

#include <QSet>

namespace Conversation {

bool same(const ChatMessage &a, const ChatMessage &b)
{
    if (a.role != b.role || a.content != b.content || a.toolCallId != b.toolCallId
        || a.toolCalls.size() != b.toolCalls.size())
        return false;
    for (qsizetype i = 0; i < a.toolCalls.size(); ++i) {
        const ToolCall &x = a.toolCalls.at(i);
        const ToolCall &y = b.toolCalls.at(i);
        if (x.id != y.id || x.name != y.name || x.arguments != y.arguments)
            return false;
    }
    return true;
}

QList<ChatMessage> newMessages(const QList<ChatMessage> &history, const QList<ChatMessage> &sent)
{
    bool prefix = history.size() <= sent.size();
    for (qsizetype i = 0; prefix && i < history.size(); ++i)
        prefix = same(history.at(i), sent.at(i));
    if (prefix)
        return sent.mid(history.size());
    qsizetype lastAssistant = sent.size() - 1;
    while (lastAssistant >= 0 && sent.at(lastAssistant).role != QLatin1String("assistant"))
        --lastAssistant;
    QList<ChatMessage> rest = sent.mid(lastAssistant + 1);
    if (lastAssistant < 0) {
        // A conversation of its own in a session that holds another: its system prompt is
        // not part of what was said.
        rest.removeIf([](const ChatMessage &m) { return m.role == QLatin1String("system"); });
    }
    return rest;
}

QList<ChatMessage> withoutMarks(const QList<ChatMessage> &messages)
{
    QList<ChatMessage> out;
    out.reserve(messages.size());
    for (const ChatMessage &message : messages) {
        if (message.role == QLatin1String("assistant") && message.content.isEmpty()
            && message.toolCalls.isEmpty()
            && (!message.status.isEmpty() || !message.variants.isEmpty()))
            continue;
        out.append(message);
    }
    return out;
}

QList<ChatMessage> withAnswers(const QList<ChatMessage> &messages)
{
    QList<ChatMessage> out;
    out.reserve(messages.size());
    QList<ToolCall> open; // calls of the last assistant message still without a result
    const auto closeOpen = [&out, &open] {
        for (const ToolCall &call : std::as_const(open)) {
            ChatMessage result;
            result.role = QStringLiteral("tool");
            result.toolCallId = call.id;
            result.isError = true;
            result.content = QStringLiteral("The client that asked for %1 sent no result; it did "
                                            "not run here.")
                                 .arg(call.name);
            out.append(result);
        }
        open.clear();
    };
    for (const ChatMessage &message : messages) {
        if (message.role == QLatin1String("tool")) {
            open.removeIf(
                [&message](const ToolCall &call) { return call.id == message.toolCallId; });
        } else {
            closeOpen();
        }
        out.append(message);
        if (message.role == QLatin1String("assistant"))
            open = message.toolCalls;
    }
    closeOpen();
    return out;
}

} // namespace Conversation
