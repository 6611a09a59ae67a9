// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "runs/completion.h"

#include "engine.h"
#include "runs/conversation.h"
#include "runs/run.h"

#include <QRandomGenerator>

Completion::Completion(Engine &engine, CompletionRequest request, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_request(std::move(request))
{
    const quint64 random = QRandomGenerator::global()->generate64();
    m_id = QString::number(random, 16).rightJustified(16, QLatin1Char('0'));
}

Completion::~Completion()
{
    cancel();
}

Run *Completion::run() const
{
    return m_run;
}

void Completion::start()
{
    m_engine.models().resolve(m_request.model, this,
                              [this](const Result<ProviderChoice> &choice) { onResolved(choice); });
}

void Completion::onResolved(const Result<ProviderChoice> &choice)
{
    if (m_over)
        return;
    if (!choice.ok()) {
        fail(choice.error());
        return;
    }
    const ProviderEntry &entry = *choice.value().entry;
    m_providerId = entry.id;
    m_model = choice.value().model;
    m_request.params.model = m_model;
    if (m_request.session.isEmpty()) {
        auto *turn = new ClientTurn(m_engine.makeProvider(entry), m_request.params, nullptr, this);
        follow(turn);
        turn->start();
        return;
    }

    QString lastUser;
    for (const ChatMessage &message : std::as_const(m_request.params.messages)) {
        if (message.role == QLatin1String("user"))
            lastUser = message.content;
    }
    RunSpec spec { entry.id, entry.name, m_model, lastUser, m_request.clientId };
    const QPointer<Completion> self(this);
    // When the session's queue reaches it: the turn drives the run; what the client sent that
    // the session does not hold yet opens it.
    spec.clientTurn = [self](Run *run, const QList<ChatMessage> &history) -> TurnDriver * {
        if (!self)
            return nullptr;
        const ProviderEntry *entry = self->m_engine.catalog().find(self->m_providerId);
        if (!entry)
            return nullptr;
        auto *turn =
            new ClientTurn(self->m_engine.makeProvider(*entry), self->m_request.params, run, run);
        turn->setInput(Conversation::newMessages(history, self->m_request.params.messages));
        self->follow(turn);
        return turn;
    };
    const Result<Run *> run = m_engine.enqueueClientTurn(m_request.session, std::move(spec));
    if (!run.ok()) {
        fail(run.error());
        return;
    }
    m_run = run.value();
    // The run may end without the turn telling: refused before it started, or stopped from the
    // window or another client.
    connect(m_run, &Run::finished, this, [this] {
        if (m_over || !m_run)
            return;
        if (const auto error = m_run->error()) {
            fail(*error);
        } else if (m_run->state() == Run::State::Cancelled) {
            fail({ ErrorKind::Cancelled,
                   QStringLiteral("The reply was stopped in Attache before it was complete.") });
        }
    });
}

void Completion::follow(ClientTurn *turn)
{
    m_turn = turn;
    connect(turn, &ClientTurn::textReceived, this, &Completion::textReceived);
    connect(turn, &ClientTurn::thinkingReceived, this, &Completion::thinkingReceived);
    connect(turn, &ClientTurn::toolCallReceived, this, &Completion::toolCallReceived);
    connect(turn, &ClientTurn::finished, this, [this](const CompletionResult &result) {
        if (m_over)
            return;
        m_over = true;
        if (!m_run)
            recordUsage(result.usage);
        Q_EMIT finished(result);
    });
    connect(turn, &ClientTurn::failed, this, [this](const EngineError &error) {
        if (m_over)
            return;
        if (!m_run && m_turn && m_turn->produced())
            recordUsage(m_turn->result().usage); // what streamed before it broke is billed
        fail(error);
    });
}

void Completion::fail(const EngineError &error)
{
    if (m_over)
        return;
    m_over = true;
    Q_EMIT failed(error);
}

void Completion::cancel()
{
    if (m_over)
        return;
    m_over = true;
    if (m_run) {
        // Stops the turn and stores what arrived, marked, as a stop from the window would.
        m_run->cancel(QStringLiteral("client_disconnected"));
        return;
    }
    if (m_turn) {
        const bool produced = m_turn->produced();
        const Usage usage = m_turn->usageSoFar();
        m_turn->stop();
        if (produced)
            recordUsage(usage);
    }
}

void Completion::recordUsage(const Usage &usage)
{
    UsageRecord record;
    record.runId = m_id;
    record.clientId = m_request.clientId;
    record.provider = m_providerId;
    record.model = m_model;
    record.promptTokens = usage.promptTokens;
    record.completionTokens = usage.completionTokens;
    record.cost = m_engine.cost(m_providerId, m_model, usage.promptTokens, usage.completionTokens);
    record.estimated = usage.estimated;
    record.at = QDateTime::currentDateTimeUtc();
    m_engine.recordUsage(record);
}
