// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// What the user does with the replies of a session: regenerate one (the earlier answers kept as
// variants), edit a message and send it again, delete a turn; and how a reply is marked and sent
// back to a provider.
#include "engine.h"
#include "runs/conversation.h"

#include <algorithm>

Result<Run *> Engine::regenerate(const QString &sessionRef, const QString &clientId)
{
    Session *session = m_sessions.find(sessionRef);
    if (!session)
        return EngineError { ErrorKind::NotFound,
                             QStringLiteral("There is no session \"%1\".").arg(sessionRef) };
    const bool waiting =
        std::any_of(session->queue.cbegin(), session->queue.cend(),
                    [](const QPointer<Run> &run) { return run && !run->isFinished(); });
    if (session->active || waiting) {
        return EngineError::make(ErrorKind::Conflict,
                                 QT_TRANSLATE_NOOP("Engine",
                                                   "A reply is still being written in this "
                                                   "session; stop it or wait for it to finish, "
                                                   "then regenerate."));
    }
    qsizetype lastUser = session->messages.size() - 1;
    while (lastUser >= 0 && session->messages.at(lastUser).role != QLatin1String("user"))
        --lastUser;
    if (lastUser < 0) {
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("There is no reply to regenerate: this session has no "
                                            "message yet.") };
    }
    // Checked before anything is dropped: a refusal leaves the conversation as it was.
    const Result<const ProviderEntry *> provider = m_selection.resolveCurrent();
    if (!provider.ok())
        return provider.error();
    const ProviderEntry &entry = *provider.value();
    // The message as it was sent (attached files included), not injected a second time.
    const QString message = session->messages.at(lastUser).content;
    QList<ReplyVariant> variants = earlierAnswers(*session, lastUser);
    session->messages.erase(session->messages.begin() + lastUser, session->messages.end());
    RunSpec spec { entry.id, entry.name,   m_selection.modelFor(entry), message, clientId,
                   {},       int(lastUser) };
    spec.variants = std::move(variants);
    return enqueue(*session, std::move(spec));
}

Result<Run *> Engine::editAndResend(const QString &sessionRef, int messageIndex,
                                    const QString &text, const QString &clientId)
{
    const Session *session = m_sessions.find(sessionRef);
    if (!session)
        return EngineError { ErrorKind::NotFound,
                             QStringLiteral("There is no session \"%1\".").arg(sessionRef) };
    if (messageIndex < 0 || messageIndex >= session->messages.size()
        || session->messages.at(messageIndex).role != QLatin1String("user"))
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("Only a message of the user can be edited.") };
    if (text.trimmed().isEmpty())
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("The message is empty: write something to send.") };
    // Checked before anything is dropped: a refusal leaves the conversation as it was.
    if (const Result<const ProviderEntry *> provider = m_selection.resolveCurrent(); !provider.ok())
        return provider.error();
    const QString id = session->id;
    const Status kept = m_sessions.replaceMessages(id, session->messages.mid(0, messageIndex));
    if (!kept)
        return kept.error();
    ChatRequest request;
    request.message = text;
    request.session = id;
    request.clientId = clientId;
    return chat(request);
}

Status Engine::deleteMessage(const QString &sessionRef, int messageIndex)
{
    const Session *session = m_sessions.find(sessionRef);
    if (!session)
        return EngineError { ErrorKind::NotFound,
                             QStringLiteral("There is no session \"%1\".").arg(sessionRef) };
    QList<ChatMessage> messages = session->messages;
    if (messageIndex < 0 || messageIndex >= messages.size())
        return EngineError { ErrorKind::NotFound, QStringLiteral("There is no such message.") };
    // A reply goes with its tool calls and results; a user message with its reply: the turn
    // that stays is one a provider accepts.
    qsizetype from = messageIndex;
    if (messages.at(from).role != QLatin1String("user")) {
        while (from > 0 && messages.at(from - 1).role != QLatin1String("user"))
            --from;
    }
    qsizetype to = messageIndex + 1;
    while (to < messages.size() && messages.at(to).role != QLatin1String("user"))
        ++to;
    messages.erase(messages.begin() + from, messages.begin() + to);
    return m_sessions.replaceMessages(session->id, messages);
}

void Engine::markReply(QList<ChatMessage> &added, const Run &run, const UsageRecord &usage)
{
    const bool cutShort = run.state() == Run::State::Cancelled || run.state() == Run::State::Failed;
    const bool endsWithReply =
        !added.isEmpty() && added.constLast().role == QLatin1String("assistant");
    if (!endsWithReply && (cutShort || !run.spec().variants.isEmpty())) {
        // A turn that failed or stopped before any text still has its place (and its mark):
        // the conversation never shows two messages of the user in a row. A regenerated turn
        // that ended with nothing to say keeps its place for its earlier answers, unmarked.
        ChatMessage reply;
        reply.role = QStringLiteral("assistant");
        if (cutShort) {
            reply.status = run.state() == Run::State::Cancelled ? QStringLiteral("cancelled")
                                                                : QStringLiteral("failed");
        }
        added.append(reply);
    }
    if (added.isEmpty() || added.constLast().role != QLatin1String("assistant"))
        return;
    ChatMessage &reply = added.last();
    reply.stats.provider = usage.provider;
    reply.stats.model = usage.model;
    reply.stats.firstTokenMs = run.firstTokenMs();
    reply.stats.tokensPerSecond = run.tokensPerSecond();
    reply.stats.promptTokens = usage.promptTokens;
    reply.stats.completionTokens = usage.completionTokens;
    reply.stats.cost = usage.cost;
    reply.variants = run.spec().variants;
}

QList<ReplyVariant> Engine::earlierAnswers(const Session &session, qsizetype userIndex)
{
    QList<ReplyVariant> variants;
    for (qsizetype i = session.messages.size() - 1; i > userIndex; --i) {
        const ChatMessage &message = session.messages.at(i);
        if (message.role != QLatin1String("assistant"))
            continue;
        variants = message.variants;
        if (!message.content.isEmpty())
            variants.append({ message.content, message.stats });
        break;
    }
    return variants;
}

QList<ChatMessage> Engine::conversationFor(const Session &session)
{
    QList<ChatMessage> messages;
    if (!session.settings.systemPrompt.trimmed().isEmpty())
        messages.append({ QStringLiteral("system"), session.settings.systemPrompt, {}, {}, {} });
    messages.append(Conversation::withoutMarks(session.messages));
    return messages;
}
