// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sessions/sessionstore.h"

#include <QMutex>
#include <QObject>

#include <array>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

class QSqlDatabase;
class QSqlQuery;

/**
 * Lives on the store's thread; owns the writing connection.
 *
 * Writes arrive in batches (enqueue(), from any thread). Every batch waiting when the thread
 * wakes is written in one transaction: a thousand chats that end together cost one commit and one
 * sync instead of a thousand. Should any write of the group, or its commit, fail, the group is
 * undone and each write is tried again in a transaction of its own, as if it had come alone:
 * what fails is reported for itself, and nothing else is lost.
 */
class StoreWriter : public QObject
{
    Q_OBJECT
public:
    StoreWriter(QString path, QString connection);
    ~StoreWriter() override;

    void open();
    void close();
    /** Queues writes to run on the writer's thread, in order; callable from any thread. */
    void enqueue(QList<std::function<void()>> writes);
    /** Calls done(ok) on receiver's thread once what a write reported is final: now for a write
     * alone, after its group's commit for one in a group. */
    void whenCommitted(bool ok, QObject *receiver, std::function<void(bool ok)> done);
    void saveSession(const StoredSession &session);
    bool appendTurn(const QString &sessionId, const QList<ChatMessage> &messages,
                    const std::optional<UsageRecord> &usage, const QDateTime &updated,
                    int keepStored = -1);
    void replaceMessages(const QString &sessionId, const QList<ChatMessage> &messages);
    void deleteSession(const QString &sessionId);
    void appendUsage(const UsageRecord &usage);
    bool saveResponse(const StoredResponse &response);

Q_SIGNALS:
    void failed(const QString &message);

private:
    enum Statement {
        UpsertSession,
        InsertMessage,
        TouchSession,
        InsertUsage,
        DeleteMessages,
        DeleteSession,
        KeepFirstMessages,
        InsertResponse,
        StatementCount
    };
    template<typename F> bool transaction(const char *what, F &&work);
    void drain();
    void runGroup(const QList<std::function<void()>> &writes);
    void reportFailure(const char *what, const QSqlError &error);
    void insertUsage(QSqlDatabase &db, const UsageRecord &usage);
    /** The statement, prepared on first use and kept: SQLite parses each SQL text once. */
    QSqlQuery &statement(QSqlDatabase &db, Statement which);

    QString m_path;
    QString m_connection;
    std::array<std::unique_ptr<QSqlQuery>, StatementCount> m_statements;

    QMutex m_inboxLock;
    QList<std::function<void()>> m_inbox; // guarded by m_inboxLock
    bool m_drainPosted = false; // guarded by m_inboxLock
    bool m_grouped = false; // a group's transaction is open
    bool m_groupFailed = false;
    struct AfterCommit
    {
        bool ok;
        QObject *receiver;
        std::function<void(bool)> done;
    };
    std::vector<AfterCommit> m_afterCommit;
};
