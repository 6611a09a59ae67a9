// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sessions/sessionstore.h"

#include <QObject>

#include <array>
#include <memory>

class QSqlDatabase;
class QSqlQuery;

/** Lives on the store's thread; owns the writing connection. */
class StoreWriter : public QObject
{
    Q_OBJECT
public:
    StoreWriter(QString path, QString connection);
    ~StoreWriter() override;

    void open();
    void close();
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
    void insertUsage(QSqlDatabase &db, const UsageRecord &usage);
    /** The statement, prepared on first use and kept: SQLite parses each SQL text once. */
    QSqlQuery &statement(QSqlDatabase &db, Statement which);

    QString m_path;
    QString m_connection;
    std::array<std::unique_ptr<QSqlQuery>, StatementCount> m_statements;
};
