// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "storewriter.h"

#include "logging.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

namespace {

QString text(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

// A null QString binds as SQL NULL; the schema wants text.
QVariant textValue(const QString &value)
{
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

void check(QSqlQuery &query)
{
    if (!query.exec())
        throw query.lastError();
}

} // namespace

StoreWriter::StoreWriter(QString path, QString connection)
    : m_path(std::move(path))
    , m_connection(std::move(connection))
{ }

StoreWriter::~StoreWriter() = default;

void StoreWriter::close()
{
    // On the writer's thread: a connection may only be used, and removed, where it was made.
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

void StoreWriter::open()
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        Q_EMIT failed(
            QStringLiteral("Cannot open %1 for writing: %2").arg(m_path, db.lastError().text()));
        return;
    }
    QSqlQuery pragma(db);
    pragma.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
    // FULL: a completed turn is on disk before the next one starts, whatever happens next.
    pragma.exec(QStringLiteral("PRAGMA synchronous=FULL"));
}

template<typename F> bool StoreWriter::transaction(const char *what, F &&work)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    // Exceptions stay inside this function: they never cross the event loop.
    try {
        if (!db.isOpen())
            throw QSqlError(QStringLiteral("the database is not open"), {},
                            QSqlError::ConnectionError);
        if (!db.transaction())
            throw db.lastError();
        work(db);
        if (!db.commit())
            throw db.lastError();
        return true;
    } catch (const QSqlError &error) {
        db.rollback();
        const QString message =
            QStringLiteral("Could not save %1: %2. The conversation is kept in "
                           "memory; check free disk space and that %3 is writable.")
                .arg(QLatin1String(what), error.text(), m_path);
        qCWarning(lcEngine, "%s", qUtf8Printable(message));
        Q_EMIT failed(message);
    }
    return false;
}

void StoreWriter::saveSession(const StoredSession &session)
{
    transaction("the session", [&](QSqlDatabase &db) {
        QSqlQuery query(db);
        query.prepare(QStringLiteral(
            "INSERT INTO sessions (id, name, created, updated, provider, model) VALUES (?, ?, ?, "
            "?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET name = excluded.name, updated = excluded.updated,"
            " provider = excluded.provider, model = excluded.model"));
        for (const QVariant &v : { textValue(session.id), textValue(session.name),
                                   QVariant(text(session.created)), QVariant(text(session.updated)),
                                   textValue(session.provider), textValue(session.model) })
            query.addBindValue(v);
        check(query);
    });
}

bool StoreWriter::appendTurn(const QString &sessionId, const QList<ChatMessage> &messages,
                             const std::optional<UsageRecord> &usage, const QDateTime &updated,
                             int keepStored)
{
    return transaction("the reply", [&](QSqlDatabase &db) {
        if (keepStored >= 0) {
            // A regenerated turn replaces the old one in the same transaction: a crash leaves
            // one or the other, never neither.
            QSqlQuery drop(db);
            drop.prepare(QStringLiteral(
                "DELETE FROM messages WHERE session_id = ? AND id NOT IN"
                " (SELECT id FROM messages WHERE session_id = ? ORDER BY id LIMIT ?)"));
            drop.addBindValue(sessionId);
            drop.addBindValue(sessionId);
            drop.addBindValue(keepStored);
            check(drop);
        }
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral("INSERT INTO messages (session_id, role, content, status, "
                                      "extra) VALUES (?, ?, ?, ?, ?)"));
        for (const ChatMessage &message : messages) {
            insert.addBindValue(sessionId);
            insert.addBindValue(textValue(message.role));
            insert.addBindValue(textValue(message.content));
            insert.addBindValue(textValue(message.status));
            insert.addBindValue(SessionStore::extraOf(message));
            check(insert);
        }
        QSqlQuery touch(db);
        touch.prepare(QStringLiteral("UPDATE sessions SET updated = ? WHERE id = ?"));
        touch.addBindValue(text(updated));
        touch.addBindValue(sessionId);
        check(touch);
        if (usage) {
            QSqlQuery ledger(db);
            ledger.prepare(QStringLiteral(
                "INSERT INTO usage (session_id, run_id, client_id, provider, model, prompt_tokens,"
                " completion_tokens, cost, estimated, day, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?)"));
            for (const QVariant &v :
                 { textValue(usage->sessionId), textValue(usage->runId), textValue(usage->clientId),
                   textValue(usage->provider), textValue(usage->model),
                   QVariant(usage->promptTokens), QVariant(usage->completionTokens),
                   QVariant(usage->cost), QVariant(usage->estimated ? 1 : 0),
                   QVariant(usage->at.toUTC().date().toString(Qt::ISODate)),
                   QVariant(text(usage->at)) })
                ledger.addBindValue(v);
            check(ledger);
        }
    });
}

void StoreWriter::replaceMessages(const QString &sessionId, const QList<ChatMessage> &messages)
{
    transaction("the history", [&](QSqlDatabase &db) {
        QSqlQuery clear(db);
        clear.prepare(QStringLiteral("DELETE FROM messages WHERE session_id = ?"));
        clear.addBindValue(sessionId);
        check(clear);
        QSqlQuery insert(db);
        insert.prepare(QStringLiteral("INSERT INTO messages (session_id, role, content, status, "
                                      "extra) VALUES (?, ?, ?, ?, ?)"));
        for (const ChatMessage &message : messages) {
            insert.addBindValue(sessionId);
            insert.addBindValue(textValue(message.role));
            insert.addBindValue(textValue(message.content));
            insert.addBindValue(textValue(message.status));
            insert.addBindValue(SessionStore::extraOf(message));
            check(insert);
        }
    });
}

void StoreWriter::deleteSession(const QString &sessionId)
{
    transaction("the deletion", [&](QSqlDatabase &db) {
        QSqlQuery remove(db);
        remove.prepare(QStringLiteral("DELETE FROM sessions WHERE id = ?"));
        remove.addBindValue(sessionId);
        check(remove);
    });
}
