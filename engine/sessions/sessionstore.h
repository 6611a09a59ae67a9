// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"
#include "providers/provider.h"
#include "sessions/session.h"

#include <QBasicTimer>
#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QSqlError>
#include <QThread>

#include <functional>

class StoreWriter;
struct StoredResponse;

struct StoredSession
{
    QString id;
    QString name;
    QDateTime created;
    QDateTime updated;
    QString provider;
    QString model;
    int messageCount = 0;
    ChatSettings settings;
    QString firstMessage; // the first user message, for the title (read, never written)
};

struct UsageRecord
{
    QString sessionId;
    QString runId;
    QString clientId;
    QString provider;
    QString model;
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    double cost = 0; // USD; 0 when the price is unknown
    bool estimated = false;
    QDateTime at;
    qint64 cacheReadTokens = 0; // of the prompt tokens, read from the provider's cache
    qint64 cacheWriteTokens = 0; // of the prompt tokens, written to the provider's cache
};

struct UsageFilter
{
    QDate from; // inclusive, invalid = open
    QDate to; // inclusive
    QString sessionId;
    QString clientId;
};

/** The usage ledger's sums for everything, or for one group (a provider, a model, …). */
struct UsageTotals
{
    /** What the group is: {provider}, {provider, model}, {session id}, {client id} or {day as
     * yyyy-MM-dd}; empty for everything. */
    QStringList group;
    qint64 requests = 0;
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    double cost = 0; // USD
    bool includesEstimates = false; // some counts are estimates (the provider sent none)
    qint64 cacheReadTokens = 0; // of the prompt tokens, read from the provider's cache
    qint64 cacheWriteTokens = 0; // of the prompt tokens, written to it

    qint64 totalTokens() const { return promptTokens + completionTokens; }
};

struct UsageReport
{
    UsageTotals totals;
    QList<UsageTotals> byProvider;
    QList<UsageTotals> byModel;
    QList<UsageTotals> bySession;
    QList<UsageTotals> byClient;
    QList<UsageTotals> byDay; // oldest first
};

/**
 * Sessions, messages and the usage ledger in SQLite (WAL). Reads are indexed and quick, so they
 * run on the caller's thread; every write goes, in order, to a writer thread with its own
 * connection, so an fsync never stalls the window. A completed turn is one transaction: a crash
 * at any moment leaves every completed turn readable.
 */
class SessionStore : public QObject
{
    Q_OBJECT
public:
    explicit SessionStore(QString path, QObject *parent = nullptr);
    ~SessionStore() override;

    /** Opens, recovers (a damaged file is moved aside and a fresh one started) and migrates. */
    Status open();
    QString path() const { return m_path; }
    /** What the user should know about the database (moved aside, read-only …), or empty. */
    QString warning() const { return m_warning; }
    static constexpr int SchemaVersion = 5;

    /** Tool calls, a tool message's call id, a reply's stats and variants, as stored beside
     * the text. */
    static QString extraOf(const ChatMessage &message);
    static void applyExtra(ChatMessage &message, const QString &extra);
    static QString settingsText(const ChatSettings &settings);
    static ChatSettings settingsFrom(const QString &text);

    // Reads
    QList<StoredSession> sessions() const;
    QList<ChatMessage> messages(const QString &sessionId) const;
    /** The sessions with a user or assistant message containing text (any case). */
    QStringList sessionsContaining(const QString &text) const;
    /** {totals, by_provider, by_model, by_session, by_client, by_day} for the filter. */
    Result<UsageReport> usage(const UsageFilter &filter) const;
    /** A stored response (sessions/storedresponses.cpp); its body only when asked for. */
    std::optional<StoredResponse> response(const QString &id, bool withBody) const;

    // Writes, queued in order to the writer thread
    void saveSession(const StoredSession &session);
    /** One completed turn: its messages and its usage, all or nothing. committed runs here,
     * on this object's thread, once the transaction is on disk (ok) or has failed. With
     * keepStored >= 0 the turn replaces every message of the session after the first
     * keepStored (a regenerated reply), in the same transaction. */
    void appendTurn(const QString &sessionId, const QList<ChatMessage> &messages,
                    const std::optional<UsageRecord> &usage, const QDateTime &updated,
                    std::function<void(bool ok)> committed = {}, int keepStored = -1);
    void replaceMessages(const QString &sessionId, const QList<ChatMessage> &messages);
    void deleteSession(const QString &sessionId);
    /** Usage of a request that belongs to no session (a gateway's). */
    void appendUsage(const UsageRecord &usage);
    /** committed runs here once the response is on disk (ok) or could not be written. */
    void saveResponse(const StoredResponse &response, std::function<void(bool ok)> committed);
    /** Messages as a stored response keeps them, and back. */
    static QString messagesToJson(const QList<ChatMessage> &messages);
    static QList<ChatMessage> messagesFromJson(const QString &json);
    /** Blocks until every queued write is done (shutdown, tests). */
    void flush();

    /** While held (a chat waits for its first token), writes nobody waits for stay queued, for
     * at most the hold limit (100 ms unless set): the writer thread would take a CPU that the
     * provider and the first events need. A write somebody waits for (a turn before its stream_end)
     * takes the queue along, in order. */
    void holdWrites() { ++m_holds; }
    void releaseWrites();
    /** Holds the writes for a scope (a chat being set up, before its run holds them). */
    class Hold
    {
    public:
        explicit Hold(SessionStore *store)
            : m_store(store)
        {
            if (m_store)
                m_store->holdWrites();
        }
        ~Hold()
        {
            if (m_store)
                m_store->releaseWrites();
        }
        Hold(const Hold &) = delete;
        Hold &operator=(const Hold &) = delete;

    private:
        SessionStore *m_store;
    };
    bool writesHeld() const { return m_holds > 0; }
    /** Writes not yet handed to the writer thread (held ones, or those of this pass). */
    qsizetype queuedWrites() const { return m_outbox.size(); }
    void setHoldLimitMs(int ms) { m_holdLimitMs = ms; }

Q_SIGNALS:
    /** A write failed (disk full, read-only, …); what is in memory is kept. */
    void writeFailed(const QString &message);

protected:
    bool event(QEvent *event) override;
    void timerEvent(QTimerEvent *event) override;

private:
    /** Queues a write for the writer thread, after what this event-loop pass still has to do;
     * one somebody waits for (awaited) goes at once, with the writes queued before it. */
    void post(std::function<void()> write, bool awaited = false);
    void scheduleDispatch();
    void dispatch(bool force);
    /** Opens the file; *damaged says it is not a sound database (then it is moved aside). */
    Status openFile(bool *damaged);
    Status migrate();
    /** A failed query as clients see it: full disk, or another failure, details in the log. */
    EngineError storageError(const QSqlError &error, const char *what) const;
    static bool isDiskFull(const QSqlError &error);
    QString readConnection() const { return m_connection + QLatin1String("-read"); }

    QString m_path;
    QString m_connection;
    QString m_warning;
    QThread m_thread;
    StoreWriter *m_writer = nullptr;
    QList<std::function<void()>> m_outbox; // writes of this pass, in order
    bool m_dispatchPosted = false;
    int m_holds = 0;
    int m_holdLimitMs = 100;
    QBasicTimer m_holdLimit; // runs while held writes wait
};
