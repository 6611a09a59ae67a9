// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/provider.h"
#include "runs/turndriver.h"
#include "tools/tool.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class Run;
class ToolBox;

/**
 * Drives one turn: asks the provider, and while the model calls tools, runs them (asking the
 * user where the policy says so), sends the results back and asks again — at most the
 * configured number of rounds — until a final answer. Lives as a child of its run.
 */
class RunDriver : public TurnDriver, private ChatStream::Receiver
{
    Q_OBJECT
public:
    /** params' last message is the user's, which opens the turn. */
    RunDriver(Run *run, std::unique_ptr<Provider> provider, ChatParams params, ToolBox *tools);
    ~RunDriver() override;

    void start() override;
    QList<ChatMessage> input() const override { return { m_input }; }
    /** The messages this turn added after the user's: tool calls and results, the answer. */
    QList<ChatMessage> turnMessages() const override;

private:
    void startRound();
    void streamDelta(const TextDelta &delta) override;
    void streamThinking(const QString &text) override;
    void streamThinkingSigned(const QString &signature) override;
    void streamToolCall(const ToolCallDelta &) override { } // the calls come whole at the end
    void streamUsage(const Usage &usage) override;
    void streamRetrying(const EngineError &reason, int attempt, int delayMs) override;
    void streamFinished(const QString &finishReason, const QList<ToolCall> &calls) override;
    void streamFailed(const EngineError &error) override;
    void nextCall();
    void runCall(const ToolCall &call, Tool *tool, const QJsonObject &arguments);
    void finishCall(const ToolCall &call, const ToolResult &result);
    void stop();

    Run *m_run;
    std::unique_ptr<Provider> m_provider;
    ChatParams m_params;
    ToolBox *m_tools;
    int m_round = 0;
    QByteArray m_roundText; // what the model wrote in the current round, UTF-8
    QString m_roundThinking; // what it thought in the current round
    QString m_roundThinkingSignature; // the provider's seal on it, sent back with tool results
    QList<ToolCall> m_calls; // calls of the current round still to run
    QList<ChatMessage> m_added;
    QPointer<ChatStream> m_stream;
    QPointer<QObject> m_callContext; // owns the running call; deleting it cancels
    ChatMessage m_input;
};
