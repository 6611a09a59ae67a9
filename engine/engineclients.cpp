// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// What the engine offers clients that bring their own conversation: the gateways' completions
// (runs/completion.h) in a session, the ledger for those of none, embeddings.
#include "engine.h"

#include <QPointer>

#include <memory>

Result<Run *> Engine::enqueueClientTurn(const QString &sessionRef, RunSpec spec)
{
    if (!spec.clientTurn)
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("A client's turn needs its driver.") };
    // The new session's row waits with the run's first token, as for chat().
    const SessionStore::Hold hold(m_store);
    Session *session = m_sessions.find(sessionRef);
    if (!session)
        session = &m_sessions.create(sessionRef);
    return enqueue(*session, std::move(spec));
}

void Engine::recordUsage(const UsageRecord &usage)
{
    if (m_store)
        m_store->appendUsage(usage);
    Q_EMIT usageRecorded();
}

void Engine::embed(EmbeddingRequest request, const QString &clientId, QObject *context,
                   EmbedCallback callback)
{
    const QPointer<QObject> alive(context);
    m_models.resolve(
        request.model, context,
        [this, request, clientId, alive, callback](const Result<ProviderChoice> &choice) mutable {
            if (!alive)
                return;
            if (!choice.ok()) {
                callback(choice.error());
                return;
            }
            const ProviderEntry &entry = *choice.value().entry;
            request.model = choice.value().model;
            const QString providerId = entry.id;
            const QString model = request.model;
            const std::unique_ptr<Provider> provider = makeProvider(entry);
            provider->embed(request, alive, [=](const Result<EmbeddingResult> &result) {
                if (result.ok()) {
                    const qint64 tokens = result.value().promptTokens;
                    UsageRecord usage;
                    usage.runId = QStringLiteral("embeddings");
                    usage.clientId = clientId;
                    usage.provider = providerId;
                    usage.model = model;
                    usage.promptTokens = tokens;
                    usage.cost = cost(providerId, model, tokens, 0);
                    usage.estimated = result.value().estimated;
                    usage.at = QDateTime::currentDateTimeUtc();
                    recordUsage(usage);
                }
                callback(result);
            });
        });
}
