// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/provider.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

/** A completion a client drives itself, as the API gateways receive them. */
struct CompletionRequest
{
    /** "<provider>/<model>", a bare id of the current provider, "attache" or empty for the current
     * provider and model. */
    QString model;
    ChatParams params; // the conversation as the client sent it, and its tools
    QString clientId; // whose usage it is
    QString session; // a session (id or name) to keep the exchange in; empty: none
};

/** How a completion ended, for the books. */
struct CompletionOutcome
{
    QList<ChatMessage> reply; // the model's message, with its calls (none when it failed early)
    Usage usage;
    bool hasUsage = false;
    std::optional<EngineError> error;
};

/**
 * One completion of a client's own conversation: the provider's stream, passed on as it comes.
 * The client's tools are offered to the model and never run by Attache: a reply that calls them
 * ends with the calls. Attache adds no system prompt and no history. When it ends (or the client
 * leaves), the engine books it: usage in the ledger under the client and, when a session was
 * named, the exchange in that session. After finished() or failed() (or abort()) it deletes
 * itself.
 */
class Completion : public QObject
{
    Q_OBJECT
public:
    using Booker = std::function<void(const Completion &, const CompletionOutcome &)>;

    Completion(QString id, std::unique_ptr<Provider> provider, CompletionRequest request,
               Booker booker, QObject *parent);
    ~Completion() override;

    QString id() const { return m_id; }
    const ProviderEntry &provider() const { return m_provider->entry(); }
    QString model() const { return m_request.params.model; }
    const CompletionRequest &request() const { return m_request; }
    /** The reply so far, UTF-8. */
    const QByteArray &text() const { return m_text; }

    /** Sends the request to the provider. */
    void start();
    /** The client went away: the upstream request is closed at once, what was used is booked,
     * and nothing more is emitted. */
    void abort();

Q_SIGNALS:
    void deltaReceived(const TextDelta &delta);
    void thinkingReceived(const QString &text);
    void thinkingSigned(const QString &signature);
    void toolCallDelta(const ToolCallDelta &delta);
    void usageReceived(const Usage &usage);
    void retrying(const EngineError &reason, int attempt, int delayMs);
    void finished(const QString &finishReason, const QList<ToolCall> &calls);
    void failed(const EngineError &error);

private:
    void book(const QList<ToolCall> &calls, const std::optional<EngineError> &error);

    QString m_id;
    std::unique_ptr<Provider> m_provider;
    CompletionRequest m_request;
    Booker m_booker;
    QPointer<ChatStream> m_stream;
    QByteArray m_text;
    QString m_thinking;
    QString m_signature;
    Usage m_usage;
    bool m_hasUsage = false;
    bool m_booked = false;
};
