// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Engine: completions that clients drive themselves (the API gateways).
#include "engine.h"

#include <QPointer>
#include <QRandomGenerator>

namespace {

QString completionId()
{
    return QStringLiteral("c_")
        + QString::number(QRandomGenerator::global()->generate64(), 16).rightJustified(16, u'0');
}

// What of the client's conversation a session does not have yet: all of it for a new session,
// else what came after the model's last reply (the user's new words, the tools' results).
QList<ChatMessage> newMessages(const Session &session, const QList<ChatMessage> &conversation)
{
    qsizetype from = 0;
    if (!session.messages.isEmpty()) {
        for (qsizetype i = conversation.size() - 1; i >= 0; --i) {
            if (conversation.at(i).role == QLatin1String("assistant")) {
                from = i + 1;
                break;
            }
        }
    }
    QList<ChatMessage> added;
    for (qsizetype i = from; i < conversation.size(); ++i) {
        if (conversation.at(i).role != QLatin1String("system"))
            added.append(conversation.at(i));
    }
    return added;
}

} // namespace

Result<Completion *> Engine::complete(CompletionRequest request)
{
    const QString named = request.model == QLatin1String("attache") ? QString() : request.model;
    const Result<ProviderChoice> choice = m_selection.resolve(named);
    if (!choice.ok())
        return choice.error();
    const ProviderEntry &entry = *choice.value().entry;
    request.params.model = choice.value().model;
    const QPointer<Engine> self(this);
    auto *completion = new Completion(
        completionId(), makeProvider(entry), std::move(request),
        [self](const Completion &done, const CompletionOutcome &outcome) {
            if (self)
                self->bookCompletion(done, outcome);
        },
        this);
    completion->start();
    return completion;
}

void Engine::bookCompletion(const Completion &completion, const CompletionOutcome &outcome)
{
    const CompletionRequest &request = completion.request();
    Usage usage = outcome.usage;
    if (!outcome.hasUsage) {
        // The provider said nothing (a client that left, a stream cut short): an estimate, marked.
        usage = Usage();
        usage.promptTokens = Provider::estimateTokens(request.params);
        usage.completionTokens = (QString::fromUtf8(completion.text()).size() + 3) / 4;
        usage.estimated = true;
    }
    const QString providerId = completion.provider().id;
    UsageRecord record { {},
                         completion.id(),
                         request.clientId,
                         providerId,
                         completion.model(),
                         usage.promptTokens,
                         usage.completionTokens,
                         cost(providerId, completion.model(), usage),
                         usage.estimated,
                         QDateTime::currentDateTimeUtc() };
    record.cacheReadTokens = usage.cacheReadTokens;
    record.cacheWriteTokens = usage.cacheWriteTokens;
    if (request.session.isEmpty()) {
        // No session: the ledger alone, under no session.
        if (m_store)
            m_store->appendTurn(QString(), {}, record, record.at);
        return;
    }
    Session *session = m_sessions.find(request.session);
    if (!session)
        session = &m_sessions.create(request.session);
    record.sessionId = session->id;
    QList<ChatMessage> turn = newMessages(*session, request.params.messages);
    turn += outcome.reply;
    session->messages += turn;
    m_sessions.setProviderAndModel(*session, providerId, completion.model());
    m_sessions.recordTurn(*session, turn, record);
}
