// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clients/notifications.h"
#include "clients/presence.h"
#include "clients/topicbus.h"
#include "engineerror.h"
#include "keys/apikeys.h"
#include "net/httpconnectionpool.h"
#include "providers/modeldirectory.h"
#include "providers/providercatalog.h"
#include "providers/providerfactory.h"
#include "providers/providerselection.h"
#include "runs/run.h"
#include "runs/runhistory.h"
#include "sessions/responsestore.h"
#include "sessions/session.h"
#include "sessions/sessionmanager.h"
#include "tools/mcp/mcpmanager.h"
#include "tools/toolbox.h"

#include <QNetworkAccessManager>
#include <QObject>

#include <functional>
#include <memory>

class Settings;

struct ChatRequest
{
    QString message;
    QString session; // id or name; a new name starts a session; empty means the current one
    QString code; // optional code the message is about
    QString language;
    QString clientId;
    QString provider; // this chat only; empty: the chosen one
    QString model; // this chat only; empty: the provider's chosen or default model
};

struct CodingTask
{
    QString type; // explain, test, docs, debug, implement, review
    QString content;
    QString language;
    QString filename;
    QString session;
    QString clientId;
};

/** What GET /status reports of the engine. */
struct EngineStatus
{
    QString version;
    QString provider;
    QString model;
    QString session; // the current one's id
    int activeRuns = 0;
    int sessions = 0;
    QString storage; // the database's path, or "memory"
    QString storageWarning; // e.g. a damaged database moved aside
    QString storageError; // the last failed save, until one succeeds
    std::optional<EngineError> setupNeeded; // what to set up before a chat can be sent
};

struct ModelList
{
    QList<ModelInfo> models;
    bool fromProvider = false; // false: the catalog's list (no endpoint, or it failed)
    QString warning;
};

/**
 * The facade every client uses: providers and models, chats and their runs, sessions and
 * their history. Lives on the one event loop; emits signals for every change.
 */
class Engine : public QObject
{
    Q_OBJECT
public:
    /** With a store, sessions and the usage ledger persist; without, they live in memory. */
    Engine(ProviderCatalog &catalog, Settings &settings, SessionStore *store = nullptr,
           QObject *parent = nullptr);
    ~Engine() override;

    /** Makes the wire form of every run's events (the server installs one per run). */
    using EncoderFactory = std::function<std::unique_ptr<RunEventEncoder>(const Run &)>;
    void setEncoderFactory(EncoderFactory factory) { m_encoderFactory = std::move(factory); }

    // Chats and runs
    /** Called with a new run once it has started (its provider asked) or been queued, before
     * the call returns and before any event loop pass: a client follows it from its first event
     * (which it replays) and sees it live from the next. */
    using Watch = std::function<void(Run *)>;
    /** Starts (or queues behind the session's active run) a chat turn. */
    Result<Run *> chat(const ChatRequest &request, const Watch &watch = {});
    /** A chat built from the task's prompt (resources/prompts/<type>.md, a translation first
     * when one exists for the UI language). */
    Result<Run *> codingTask(const CodingTask &task, const Watch &watch = {});
    static QStringList codingTaskTypes();
    /** Asks again for the session's last reply: its last turn (the reply, its tool calls, a
     * failure) is dropped, in memory and, once the new turn is stored, in the store, and the
     * last user message runs again as a new run. Refused while a run is active or queued in the
     * session, or when it has no message to answer. */
    Result<Run *> regenerate(const QString &sessionRef, const QString &clientId);
    /** Edit and resend: the user message at messageIndex and all that followed it are replaced
     * by text, sent as a new turn. */
    Result<Run *> editAndResend(const QString &sessionRef, int messageIndex, const QString &text,
                                const QString &clientId);
    /** Deletes a message: a user message with the reply it had, a reply with its tool calls. */
    Status deleteMessage(const QString &sessionRef, int messageIndex);
    Run *findRun(const QString &runId) const;
    /** The run streaming in a session (the current one when empty), or null. */
    Run *activeRun(const QString &sessionRef = {}) const;
    QList<Run *> activeRuns() const;
    /** The runs under way and those kept for replay. */
    RunHistory &runHistory() { return m_history; }
    bool cancelRun(const QString &runId, const QString &reason = QStringLiteral("cancelled"));
    /** Whether a newer turn in the run's session waits for it. */
    bool hasWaitingTurn(const Run *run) const;

    // Providers and models
    const ProviderCatalog &catalog() const { return m_catalog; }
    /** Which provider and model chats use, and resolving the ones a client names. */
    const ProviderSelection &selection() const { return m_selection; }
    QList<ProviderStatus> providers() const { return m_selection.providers(); }
    /** The chosen provider, else the first usable one; empty when none is usable. */
    QString currentProviderId() const { return m_selection.currentProviderId(); }
    Status setProvider(const QString &providerId) { return m_selection.setProvider(providerId); }
    QString currentModel() const { return m_selection.currentModel(); }
    Status setModel(const QString &model) { return m_selection.setModel(model); }
    /** A key for this run only (nothing stored); keys() saves and forgets stored ones. */
    void setApiKey(const QString &providerId, const QString &key);
    /** The providers' keys: sources, the secret store, the config-file choice. */
    ApiKeys &keys() { return m_keys; }
    const ApiKeys &keys() const { return m_keys; }
    /** Points a provider at another server (saved in the settings; empty: back to the catalog's
     * or providers.json's). ATTACHE_<ID>_BASE_URL in the environment still wins. */
    Status setBaseUrl(const QString &providerId, const QString &url)
    {
        return m_selection.setBaseUrl(providerId, url);
    }
    /** Lists the current provider's models: asks it when it can, else the catalog. */
    void fetchModels(QObject *context, std::function<void(const ModelList &)> callback);
    /** A provider for the entry, talking through the engine's connections. */
    std::unique_ptr<Provider> makeProvider(const ProviderEntry &entry) const;

    // What clients that bring their own conversation use (the gateways; engineclients.cpp).
    // A completion of theirs is a Completion (runs/completion.h).
    /** The models such clients may name, and what a name resolves to. */
    ModelDirectory &models() { return m_models; }
    /**
     * Queues a turn a client drives in a session (created when the name is new), behind the
     * session's active run as chat() queues the user's; spec.clientTurn makes its driver.
     */
    Result<Run *> enqueueClientTurn(const QString &sessionRef, RunSpec spec);
    /** Adds usage that belongs to no session to the ledger (usageRecorded() follows). */
    void recordUsage(const UsageRecord &usage);
    /** Responses such clients continue by id. */
    ResponseStore &responses() { return m_responses; }
    using EmbedCallback = std::function<void(const Result<EmbeddingResult> &)>;
    /** Embeddings from the provider request.model resolves to (as models() resolves); the
     * usage goes to the ledger under clientId. The callback runs only while context lives. */
    void embed(EmbeddingRequest request, const QString &clientId, QObject *context,
               EmbedCallback callback);

    // Sessions, history and usage
    QString currentSessionId() const { return m_sessions.currentId(); }
    const Session *session(const QString &ref = {}) const { return m_sessions.find(ref); }
    QList<const Session *> sessions() const { return m_sessions.list(); }
    SessionManager &sessionManager() { return m_sessions; }
    const SessionManager &sessionManager() const { return m_sessions; }
    Result<QList<ChatMessage>> history(const QString &sessionRef = {}) const;
    Status clearHistory(const QString &sessionRef = {});
    /** The usage ledger: totals and breakdowns; empty without a store. */
    Result<UsageReport> usage(const UsageFilter &filter) const;
    /** Cost in USD of a number of tokens at the catalog's (or the user's) prices; 0 if unknown. */
    double cost(const QString &providerId, const QString &model, qint64 promptTokens,
                qint64 completionTokens) const;
    /** The same for a reply's usage: prompt tokens read from or written to the provider's cache
     * at the model's cache prices (the input price where the catalog has none). */
    double cost(const QString &providerId, const QString &model, const Usage &usage) const;

    EngineStatus status() const;
    NetworkTimeouts timeouts() const;

    // What every attached client shares
    TopicBus &topics() { return m_topics; }
    Presence &presence() { return m_presence; }
    NotificationCenter &notifications() { return m_notifications; }
    ToolBox &tools() { return m_tools; }
    /** The MCP servers whose tools sit beside the built-in ones (mcp.json). */
    McpManager &mcp() { return m_mcp; }
    /** Whether words naming workspace files attach those files, as "@path" always does. */
    bool autoInject() const;
    void setAutoInject(bool enabled);

Q_SIGNALS:
    void runCreated(Run *run);
    void runFinished(Run *run);
    /** A turn waits for an earlier one in its session (it was told so: a queued event). */
    void runQueued(Run *run, Run *ahead);
    void providerChanged(const QString &providerId);
    void modelChanged(const QString &model);
    void historyChanged(const QString &sessionId);
    void sessionsChanged();
    void currentSessionChanged(const QString &sessionId);
    /** Saving failed (disk full, read-only); the conversation is kept in memory. */
    void storageFailed(const QString &message);
    /** Usage of no session was added to the ledger (a session's comes with runFinished). */
    void usageRecorded();

private:
    Run *enqueue(Session &session, RunSpec spec, const Watch &watch = {});
    void announceQueued(Session &session, Run *run);
    void onKeyChanged(const QString &providerId);
    void startNext(Session &session);
    void onRunFinished(Run *run);
    /**
     * While the run waits for its first token the store's writes wait (bounded); once it is out,
     * runs that fell out of the history are freed.
     */
    void holdUntilFirstEvent(Run *run);
    /** Stores the run's turn once (in memory and on disk); committed runs when it is stored. */
    void recordTurn(Run *run, std::function<void()> committed);
    /** The turn's reply gets its stats and the answers it replaced; a turn cut short before
     * any text gets an empty reply that carries its mark. */
    static void markReply(QList<ChatMessage> &added, const Run &run, const UsageRecord &usage);
    /** The answers to the message at userIndex so far: its reply's variants and its text. */
    static QList<ReplyVariant> earlierAnswers(const Session &session, qsizetype userIndex);
    /** What is sent: the system prompt first, the marks of empty failed turns left out. */
    static QList<ChatMessage> conversationFor(const Session &session);

    ProviderCatalog &m_catalog;
    Settings &m_settings;
    mutable QNetworkAccessManager m_network; // providers are built in const look-ups
    mutable HttpConnectionPool m_upstream; // streamed chats' connections, kept alive
    SessionStore *m_store;
    SessionManager m_sessions;
    QString m_storageError; // the last failed save, until one succeeds
    RunHistory m_history; // declared after the network: its runs are freed first
    TopicBus m_topics;
    Presence m_presence;
    NotificationCenter m_notifications;
    ToolBox m_tools;
    McpManager m_mcp; // after the tool box: it withdraws its tools from it
    ApiKeys m_keys;
    ProviderSelection m_selection;
    ModelDirectory m_models;
    ResponseStore m_responses;
    EncoderFactory m_encoderFactory;
};
