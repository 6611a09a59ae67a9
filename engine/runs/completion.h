// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/providerselection.h"
#include "runs/clientturn.h"

#include <QObject>
#include <QPointer>

class Engine;
class Run;

/** A completion a client asks for through a gateway. */
struct CompletionRequest
{
    QString model; // as the client named it: "<provider>/<model>", a bare id, "attache" or ""
    ChatParams params; // the conversation as the client sent it, its tools and options
    QString clientId; // who asked, for the usage ledger and the window
    QString session; // id or name: the turn is also a run of that session; empty: none
};

/**
 * The engine's way in for a client-driven completion (the OpenAI- and Anthropic-shaped doors):
 * the model resolved as ModelDirectory does, then one ClientTurn, either on its own (its usage
 * goes to the ledger) or, when a session is named, as that session's run: queued behind its
 * active run, shown live to the window and every client, stored like a turn.
 *
 * Emits the turn's pieces as they come, then exactly one of finished() or failed(), unless
 * cancel() came first, after which it emits nothing.
 */
class Completion : public QObject
{
    Q_OBJECT
public:
    Completion(Engine &engine, CompletionRequest request, QObject *parent = nullptr);
    /** Cancels what is still under way. */
    ~Completion() override;

    /** Resolves the model and asks the provider (perhaps after the session's active run). */
    void start();
    /** Stops at once: the upstream request is aborted, a session run ends as cancelled. */
    void cancel();

    QString id() const { return m_id; }
    /** Known once started: the provider and the model it was asked for. */
    QString providerId() const { return m_providerId; }
    QString model() const { return m_model; }
    /** The session's run, when a session was named. */
    Run *run() const;

Q_SIGNALS:
    void textReceived(const TextDelta &delta);
    void thinkingReceived(const QString &text);
    void toolCallReceived(const ToolCallDelta &delta);
    void finished(const CompletionResult &result);
    void failed(const EngineError &error);

private:
    void onResolved(const Result<ProviderChoice> &choice);
    void follow(ClientTurn *turn);
    void fail(const EngineError &error);
    /** The ledger, for a completion of no session (a session's run is stored with its turn). */
    void recordUsage(const Usage &usage);

    Engine &m_engine;
    CompletionRequest m_request;
    QString m_id;
    QString m_providerId;
    QString m_model;
    QPointer<Run> m_run;
    QPointer<ClientTurn> m_turn;
    bool m_over = false; // finished, failed or cancelled: nothing more is emitted
};
