// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "runs/completion.h"

#include <QObject>
#include <QPointer>

class GatewayClients;
class HttpExchange;
class SseStream;
class StreamHub;

/**
 * What every door's answer to one request shares, whatever API shape it speaks: it lives as a
 * child of the exchange, its client stays entered in the gateways' ledger until it ends, a
 * streamed answer goes through an SseStream, and a client that leaves cancels the completion,
 * so the provider stops generating (and billing) at once rather than after a grace period.
 * Each door says what the completion's pieces become.
 */
class GatewayReply : public QObject
{
    Q_OBJECT
public:
    ~GatewayReply() override;

protected:
    /** clientId stays entered in clients until this is destroyed; stream: the answer is an
     * event stream. */
    GatewayReply(GatewayClients &clients, const QString &clientId, bool stream, StreamHub &hub,
                 HttpExchange &exchange);

    /** Takes completion (made a child of this) and hears what it says. */
    void watch(Completion *completion);

    virtual void onText(const TextDelta &delta) = 0;
    virtual void onThinking(const QString &text);
    virtual void onSignature(const QString &signature);
    virtual void onToolCall(const ToolCallDelta &delta) = 0;
    virtual void onFinished(const CompletionResult &result) = 0;
    virtual void onFailed(const EngineError &error) = 0;

    HttpExchange &m_exchange;
    SseStream *m_sse = nullptr; // streamed answers only; a child of the exchange
    QPointer<Completion> m_completion;
    bool m_done = false; // answered, failed, or the client left: nothing more is sent

private:
    void onClientGone();

    GatewayClients &m_clients;
    QString m_clientId;
};
