// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "runs/clientturn.h"

#include "runs/run.h"

#include <QRandomGenerator>

namespace {

QString newCallId()
{
    return QStringLiteral("call_")
        + QString::number(QRandomGenerator::global()->generate64() & 0xffffffffffffull, 16);
}

} // namespace

ClientTurn::ClientTurn(std::unique_ptr<Provider> provider, ChatParams params, Run *run,
                       QObject *parent)
    : TurnDriver(parent)
    , m_provider(std::move(provider))
    , m_params(std::move(params))
    , m_run(run)
{
    if (m_run)
        connect(m_run, &Run::cancelRequested, this, &ClientTurn::stop);
}

ClientTurn::~ClientTurn()
{
    stop();
}

void ClientTurn::start()
{
    if (m_run)
        m_run->begin();
    m_stream = m_provider->startChat(m_params, this);
    m_stream->setReceiver(this);
}

void ClientTurn::streamThinking(const QString &text)
{
    m_result.thinking += text;
    if (m_run)
        m_run->appendThinking(text);
    Q_EMIT thinkingReceived(text);
}

void ClientTurn::streamThinkingSigned(const QString &signature)
{
    m_result.thinkingSignature = signature;
    Q_EMIT thinkingSigned(signature);
}

void ClientTurn::streamUsage(const Usage &usage)
{
    if (m_usage)
        *m_usage += usage;
    else
        m_usage = usage;
}

void ClientTurn::streamRetrying(const EngineError &reason, int attempt, int delayMs)
{
    if (m_run)
        m_run->appendEvent(EventType::Retrying, RetryInfo { reason, attempt, delayMs });
}

void ClientTurn::stop()
{
    m_done = true;
    releaseStream();
}

void ClientTurn::releaseStream()
{
    if (!m_stream)
        return;
    m_stream->setReceiver(nullptr);
    m_stream->abort(); // after an end it has nothing left to stop
    m_stream->deleteLater();
    m_stream = nullptr;
}

void ClientTurn::streamDelta(const TextDelta &delta)
{
    if (m_done)
        return;
    m_result.text += delta.utf8;
    if (m_run)
        m_run->appendChunk(delta);
    Q_EMIT textReceived(delta);
}

void ClientTurn::announce(Call &call, const QString &arguments)
{
    // The client's index counts the calls it was told of, so it never skips one (a provider may
    // number them as it likes, or leave one unnamed).
    call.index = m_announced++;
    if (call.call.id.isEmpty())
        call.call.id = newCallId();
    Q_EMIT toolCallReceived({ call.index, call.call.id, call.call.name, arguments });
}

void ClientTurn::streamToolCall(const ToolCallDelta &delta)
{
    if (m_done)
        return;
    auto found = m_byProviderIndex.constFind(delta.index);
    if (found == m_byProviderIndex.cend()) {
        found = m_byProviderIndex.insert(delta.index, m_calls.size());
        m_calls.append(Call());
    }
    Call &call = m_calls[found.value()];
    // Some providers repeat the id and name in every piece; the first ones stand.
    if (call.call.id.isEmpty() && call.index < 0)
        call.call.id = delta.id;
    if (call.call.name.isEmpty())
        call.call.name = delta.name;
    call.call.arguments += delta.arguments;
    if (call.index >= 0) {
        if (!delta.arguments.isEmpty())
            Q_EMIT toolCallReceived({ call.index, {}, {}, delta.arguments });
        return;
    }
    if (call.call.name.isEmpty()) {
        call.pending += delta.arguments; // held until the call has a name to announce it by
        return;
    }
    announce(call, std::exchange(call.pending, {}) + delta.arguments);
}

void ClientTurn::streamFinished(const QString &finishReason, const QList<ToolCall> &calls)
{
    if (m_done)
        return;
    releaseStream();
    // A provider that reports calls only at the end (none streamed) has them told now.
    if (m_calls.isEmpty()) {
        for (const ToolCall &call : calls) {
            m_calls.append({ call, {}, -1 });
            announce(m_calls.last(), call.arguments);
        }
    }
    for (const Call &call : std::as_const(m_calls)) {
        if (call.index >= 0)
            m_result.toolCalls.append(call.call);
    }
    QString reason = finishReason.isEmpty() ? FinishReason::Stop : finishReason;
    if (!m_result.toolCalls.isEmpty())
        reason = FinishReason::ToolCalls;
    m_result.finishReason = reason;
    m_result.usage = usageSoFar();
    m_done = true;
    if (!m_run) {
        Q_EMIT finished(m_result);
        return;
    }
    m_run->addUsage(m_result.usage);
    const QPointer<ClientTurn> self(this);
    completeRun(m_run, reason, [self] {
        if (self)
            Q_EMIT self->finished(self->m_result);
    });
}

void ClientTurn::streamFailed(const EngineError &error)
{
    if (m_done)
        return;
    m_done = true;
    releaseStream();
    m_result.usage = usageSoFar();
    if (m_run) {
        if (m_usage)
            m_run->addUsage(*m_usage);
        m_run->fail(error);
    }
    Q_EMIT failed(error);
}

Usage ClientTurn::usageSoFar() const
{
    if (m_usage)
        return *m_usage;
    // The provider did not count; estimate (about four characters a token) so the ledger
    // still has a figure, and say it is an estimate.
    Usage estimate;
    qsizetype prompt = 0;
    for (const ChatMessage &message : m_params.messages) {
        prompt += message.content.size();
        for (const ToolCall &call : message.toolCalls)
            prompt += call.name.size() + call.arguments.size();
    }
    qsizetype completion = QString::fromUtf8(m_result.text).size();
    for (const Call &call : m_calls)
        completion += call.call.name.size() + call.call.arguments.size();
    estimate.promptTokens = (prompt + 3) / 4;
    estimate.completionTokens = (completion + 3) / 4;
    estimate.estimated = true;
    return estimate;
}

QList<ChatMessage> ClientTurn::turnMessages() const
{
    ChatMessage reply;
    reply.role = QStringLiteral("assistant");
    reply.content = QString::fromUtf8(m_result.text);
    reply.thinking = m_result.thinking;
    reply.thinkingSignature = m_result.thinkingSignature;
    if (m_run && m_run->state() == Run::State::Cancelled)
        reply.status = QStringLiteral("cancelled");
    else if (m_run && m_run->state() == Run::State::Failed)
        reply.status = QStringLiteral("failed");
    else
        reply.toolCalls = m_result.toolCalls; // a cut-short call is not one to answer
    if (reply.content.isEmpty() && reply.toolCalls.isEmpty())
        return {};
    return { reply };
}
