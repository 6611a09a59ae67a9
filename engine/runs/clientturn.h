// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "runs/turndriver.h"

#include <QHash>
#include <QPointer>

#include <memory>

class Run;

/** What a client-driven turn produced. */
struct CompletionResult
{
    QString finishReason; // one of FinishReason's
    QByteArray text; // the reply, UTF-8
    QString thinking;
    QString thinkingSignature; // the provider's seal on the thinking, for the next turn
    QList<ToolCall> toolCalls; // as they streamed: the same ids, in the order they began
    Usage usage; // the provider's count, else an estimate (usage.estimated)
};

/**
 * One turn of a conversation a client sent through a gateway: the messages as they came, the
 * client's tools offered but never run here (the turn ends with the calls), no history and no
 * prompt of Attache's. Tool calls stream normalised, whatever the provider does: counted from 0
 * in the order they begin, the first piece of each with its id and name, the rest with more of
 * its arguments.
 *
 * In a session it drives that session's run (a child of it), which the window and other clients
 * follow and the engine stores as a turn; on its own it is a child of whoever asked.
 */
class ClientTurn : public TurnDriver, private ChatStream::Receiver
{
    Q_OBJECT
public:
    /** run: the session run it drives, or null (then parent owns it). */
    ClientTurn(std::unique_ptr<Provider> provider, ChatParams params, Run *run, QObject *parent);
    ~ClientTurn() override;

    void setInput(QList<ChatMessage> input) { m_input = std::move(input); }
    void start() override;
    QList<ChatMessage> input() const override { return m_input; }
    QList<ChatMessage> turnMessages() const override;
    /** Stops the upstream request at once; nothing is emitted after. */
    void stop();

    const CompletionResult &result() const { return m_result; }
    /** Whether anything of a reply arrived (so the provider counts it). */
    bool produced() const { return !m_result.text.isEmpty() || !m_calls.isEmpty(); }
    /** The usage so far: the provider's count, else an estimate. */
    Usage usageSoFar() const;

Q_SIGNALS:
    void textReceived(const TextDelta &delta);
    void thinkingReceived(const QString &text);
    void thinkingSigned(const QString &signature);
    void toolCallReceived(const ToolCallDelta &delta);
    /** The turn is over (and, in a session, stored). */
    void finished(const CompletionResult &result);
    void failed(const EngineError &error);

private:
    struct Call
    {
        ToolCall call;
        QString pending; // arguments that arrived before the call's name
        int index = -1; // as the client sees it; -1 until announced
    };
    void streamDelta(const TextDelta &delta) override;
    void streamThinking(const QString &text) override;
    void streamThinkingSigned(const QString &signature) override;
    void streamToolCall(const ToolCallDelta &delta) override;
    void streamUsage(const Usage &usage) override;
    void streamRetrying(const EngineError &reason, int attempt, int delayMs) override;
    void streamFinished(const QString &finishReason, const QList<ToolCall> &calls) override;
    void streamFailed(const EngineError &error) override;
    void announce(Call &call, const QString &arguments);
    void releaseStream();

    std::unique_ptr<Provider> m_provider;
    ChatParams m_params;
    QPointer<Run> m_run;
    QList<ChatMessage> m_input;
    QPointer<ChatStream> m_stream;
    QList<Call> m_calls; // in the order they first appeared
    QHash<int, qsizetype> m_byProviderIndex; // the provider's index → m_calls
    int m_announced = 0;
    std::optional<Usage> m_usage;
    CompletionResult m_result;
    bool m_done = false;
};
