// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessions/storewriter.h"

#include "enginelog.h"
#include "sessions/responsestore.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <iterator>

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

// Runs a kept statement with these values; it is reset afterwards, so it holds no lock.
void run(QSqlQuery &query, std::initializer_list<QVariant> values)
{
    int index = 0;
    for (const QVariant &value : values)
        query.bindValue(index++, value);
    const bool ok = query.exec();
    const QSqlError error = query.lastError();
    query.finish();
    if (!ok)
        throw error;
}

// By StoreWriter::Statement.
const char *const Sql[] = {
    ("INSERT INTO sessions (id, name, created, updated, provider, model, settings)"
     " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name,"
     " updated = excluded.updated, provider = excluded.provider, model = excluded.model,"
     " settings = excluded.settings"),
    "INSERT INTO messages (session_id, role, content, status, extra) VALUES (?, ?, ?, ?, ?)",
    "UPDATE sessions SET updated = ? WHERE id = ?",
    ("INSERT INTO usage (session_id, run_id, client_id, provider, model, prompt_tokens,"
     " completion_tokens, cost, estimated, day, at, cache_read_tokens, cache_write_tokens)"
     " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
    "DELETE FROM messages WHERE session_id = ?",
    "DELETE FROM sessions WHERE id = ?",
    ("DELETE FROM messages WHERE session_id = ? AND id NOT IN"
     " (SELECT id FROM messages WHERE session_id = ? ORDER BY id LIMIT ?)"),
    ("INSERT OR REPLACE INTO responses (id, previous_id, model, created, messages, body)"
     " VALUES (?, ?, ?, ?, ?, ?)"),
};

} // namespace

StoreWriter::StoreWriter(QString path, QString connection)
    : m_path(std::move(path))
    , m_connection(std::move(connection))
{ }

StoreWriter::~StoreWriter() = default;

QSqlQuery &StoreWriter::statement(QSqlDatabase &db, Statement which)
{
    static_assert(std::size(Sql) == StatementCount, "one SQL text per statement");
    std::unique_ptr<QSqlQuery> &query = m_statements[which];
    if (!query) {
        auto prepared = std::make_unique<QSqlQuery>(db);
        if (!prepared->prepare(QString::fromLatin1(Sql[which])))
            throw prepared->lastError();
        query = std::move(prepared);
    }
    return *query;
}

void StoreWriter::close()
{
    for (auto &query : m_statements)
        query.reset();
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
    if (m_grouped) {
        try {
            work(db);
            return true;
        } catch (const QSqlError &) {
            m_groupFailed = true; // told when the write is tried again alone
            return false;
        }
    }
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
        reportFailure(what, error);
    }
    return false;
}

void StoreWriter::reportFailure(const char *what, const QSqlError &error)
{
    const QString message = QStringLiteral("Could not save %1: %2. The conversation is kept in "
                                           "memory; check free disk space and that %3 is writable.")
                                .arg(QLatin1String(what), error.text(), m_path);
    qCWarning(lcEngine, "%s", qUtf8Printable(message));
    Q_EMIT failed(message);
}

void StoreWriter::enqueue(QList<std::function<void()>> writes)
{
    QMutexLocker lock(&m_inboxLock);
    m_inbox.append(std::move(writes));
    if (std::exchange(m_drainPosted, true))
        return;
    lock.unlock();
    QMetaObject::invokeMethod(this, &StoreWriter::drain);
}

void StoreWriter::drain()
{
    QList<std::function<void()>> writes;
    {
        QMutexLocker lock(&m_inboxLock);
        writes = std::exchange(m_inbox, {});
        m_drainPosted = false;
    }
    if (writes.size() == 1)
        writes.constFirst()();
    else if (!writes.isEmpty())
        runGroup(writes);
}

void StoreWriter::runGroup(const QList<std::function<void()>> &writes)
{
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    m_grouped = db.isOpen() && db.transaction();
    if (m_grouped) {
        m_groupFailed = false;
        for (const std::function<void()> &write : writes) {
            write();
            if (m_groupFailed)
                break;
        }
        m_grouped = false;
        if (!m_groupFailed && db.commit()) {
            for (AfterCommit &after : std::exchange(m_afterCommit, {}))
                QMetaObject::invokeMethod(
                    after.receiver, [done = std::move(after.done), ok = after.ok] { done(ok); });
            return;
        }
        // Nothing of the group is kept: each write is tried again, and fails or is reported,
        // on its own, as if it had come alone.
        db.rollback();
        m_afterCommit.clear();
    }
    for (const std::function<void()> &write : writes)
        write();
}

void StoreWriter::whenCommitted(bool ok, QObject *receiver, std::function<void(bool ok)> done)
{
    if (m_grouped) {
        m_afterCommit.push_back({ ok, receiver, std::move(done) });
        return;
    }
    QMetaObject::invokeMethod(receiver, [done = std::move(done), ok] { done(ok); });
}

void StoreWriter::saveSession(const StoredSession &session)
{
    transaction("the session", [&](QSqlDatabase &db) {
        run(statement(db, UpsertSession),
            { textValue(session.id), textValue(session.name), text(session.created),
              text(session.updated), textValue(session.provider), textValue(session.model),
              SessionStore::settingsText(session.settings) });
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
            run(statement(db, KeepFirstMessages), { sessionId, sessionId, keepStored });
        }
        QSqlQuery &insert = statement(db, InsertMessage);
        for (const ChatMessage &message : messages) {
            run(insert,
                { sessionId, textValue(message.role), textValue(message.content),
                  textValue(message.status), SessionStore::extraOf(message) });
        }
        run(statement(db, TouchSession), { text(updated), sessionId });
        if (usage)
            insertUsage(db, *usage);
    });
}

void StoreWriter::replaceMessages(const QString &sessionId, const QList<ChatMessage> &messages)
{
    transaction("the history", [&](QSqlDatabase &db) {
        run(statement(db, DeleteMessages), { sessionId });
        QSqlQuery &insert = statement(db, InsertMessage);
        for (const ChatMessage &message : messages) {
            run(insert,
                { sessionId, textValue(message.role), textValue(message.content),
                  textValue(message.status), SessionStore::extraOf(message) });
        }
    });
}

void StoreWriter::deleteSession(const QString &sessionId)
{
    transaction("the deletion",
                [&](QSqlDatabase &db) { run(statement(db, DeleteSession), { sessionId }); });
}

void StoreWriter::insertUsage(QSqlDatabase &db, const UsageRecord &usage)
{
    run(statement(db, InsertUsage),
        { textValue(usage.sessionId), textValue(usage.runId), textValue(usage.clientId),
          textValue(usage.provider), textValue(usage.model), usage.promptTokens,
          usage.completionTokens, usage.cost, usage.estimated ? 1 : 0,
          usage.at.toUTC().date().toString(Qt::ISODate), text(usage.at), usage.cacheReadTokens,
          usage.cacheWriteTokens });
}

void StoreWriter::appendUsage(const UsageRecord &usage)
{
    transaction("the usage", [&](QSqlDatabase &db) { insertUsage(db, usage); });
}

bool StoreWriter::saveResponse(const StoredResponse &response)
{
    return transaction("the response", [&](QSqlDatabase &db) {
        run(statement(db, InsertResponse),
            { textValue(response.id), textValue(response.previousId), textValue(response.model),
              text(response.created), SessionStore::messagesToJson(response.messages),
              response.body.isNull() ? QByteArray("") : response.body });
    });
}
