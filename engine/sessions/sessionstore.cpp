// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessions/sessionstore.h"

#include "enginelog.h"
#include "sessions/storewriter.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimerEvent>
#include <QUuid>

namespace {

const char *const SchemaV1[] = {
    "CREATE TABLE sessions (id TEXT PRIMARY KEY, name TEXT NOT NULL, created TEXT NOT NULL,"
    " updated TEXT NOT NULL, provider TEXT NOT NULL DEFAULT '', model TEXT NOT NULL DEFAULT '')",
    "CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
    " role TEXT NOT NULL, content TEXT NOT NULL, status TEXT NOT NULL DEFAULT '')",
    "CREATE INDEX messages_by_session ON messages(session_id, id)",
    // The ledger outlives the sessions it counts: no foreign key.
    "CREATE TABLE usage (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL,"
    " run_id TEXT NOT NULL, client_id TEXT NOT NULL DEFAULT '', provider TEXT NOT NULL,"
    " model TEXT NOT NULL, prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL,"
    " cost REAL NOT NULL, estimated INTEGER NOT NULL, day TEXT NOT NULL, at TEXT NOT NULL)",
    "CREATE INDEX usage_by_day ON usage(day)",
};

// v2: tool calls and results are part of the conversation.
const char *const SchemaV2[] = {
    "ALTER TABLE messages ADD COLUMN extra TEXT NOT NULL DEFAULT ''",
};

// v3: stored responses, continued by id through the gateways.
const char *const SchemaV3[] = {
    "CREATE TABLE responses (id TEXT PRIMARY KEY, previous_id TEXT NOT NULL DEFAULT '',"
    " model TEXT NOT NULL, created TEXT NOT NULL, messages TEXT NOT NULL, body BLOB NOT NULL)",
};

// v4: prompt tokens read from and written to a provider's cache, priced apart.
const char *const SchemaV4[] = {
    "ALTER TABLE usage ADD COLUMN cache_read_tokens INTEGER NOT NULL DEFAULT 0",
    "ALTER TABLE usage ADD COLUMN cache_write_tokens INTEGER NOT NULL DEFAULT 0",
};

// v5: a conversation's own settings (system prompt, temperature, maximum tokens).
const char *const SchemaV5[] = {
    "ALTER TABLE sessions ADD COLUMN settings TEXT NOT NULL DEFAULT ''",
};

QJsonObject statsJson(const ReplyStats &stats)
{
    QJsonObject json { { QStringLiteral("provider"), stats.provider },
                       { QStringLiteral("model"), stats.model },
                       { QStringLiteral("prompt_tokens"), stats.promptTokens },
                       { QStringLiteral("completion_tokens"), stats.completionTokens },
                       { QStringLiteral("cost"), stats.cost } };
    if (stats.firstTokenMs >= 0)
        json.insert(QStringLiteral("first_token_ms"), stats.firstTokenMs);
    if (stats.tokensPerSecond > 0)
        json.insert(QStringLiteral("tokens_per_second"), stats.tokensPerSecond);
    return json;
}

ReplyStats statsFrom(const QJsonObject &json)
{
    ReplyStats stats;
    stats.provider = json.value(QLatin1String("provider")).toString();
    stats.model = json.value(QLatin1String("model")).toString();
    stats.firstTokenMs = json.value(QLatin1String("first_token_ms")).toInteger(-1);
    stats.tokensPerSecond = json.value(QLatin1String("tokens_per_second")).toDouble();
    stats.promptTokens = json.value(QLatin1String("prompt_tokens")).toInteger();
    stats.completionTokens = json.value(QLatin1String("completion_tokens")).toInteger();
    stats.cost = json.value(QLatin1String("cost")).toDouble();
    return stats;
}

QDateTime fromText(const QString &text)
{
    return QDateTime::fromString(text, Qt::ISODateWithMs);
}

bool exec(QSqlDatabase &db, const QString &sql, QString *error = nullptr)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return true;
    if (error)
        *error = query.lastError().text();
    return false;
}

} // namespace

SessionStore::SessionStore(QString path, QObject *parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_connection(QStringLiteral("attache-store-")
                   + QUuid::createUuid().toString(QUuid::WithoutBraces))
{ }

SessionStore::~SessionStore()
{
    dispatch(true);
    if (m_writer) {
        QMetaObject::invokeMethod(m_writer, &StoreWriter::close, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
        delete m_writer;
    }
    if (QSqlDatabase::contains(readConnection())) {
        QSqlDatabase::database(readConnection(), false).close();
        QSqlDatabase::removeDatabase(readConnection());
    }
}

Status SessionStore::openFile(bool *damaged)
{
    *damaged = false;
    QSqlDatabase db = QSqlDatabase::contains(readConnection())
        ? QSqlDatabase::database(readConnection(), false)
        : QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), readConnection());
    db.setDatabaseName(m_path);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!db.open()) {
        qCWarning(lcEngine, "cannot open %s: %s", qUtf8Printable(m_path),
                  qUtf8Printable(db.lastError().text()));
        return EngineError::make(
            isDiskFull(db.lastError()) ? ErrorKind::StorageFull : ErrorKind::Storage,
            QT_TRANSLATE_NOOP("Engine", "Cannot open the session database %1: %2"),
            { m_path, db.lastError().text() });
    }
    QSqlQuery check(db);
    if (!check.exec(QStringLiteral("PRAGMA quick_check")) || !check.next()
        || check.value(0).toString() != QLatin1String("ok")) {
        // Expected for a damaged file: the caller moves it aside and warns once, so say the
        // SQLite details at info level only.
        qCInfo(lcEngine, "the database in %s failed its check: %s", qUtf8Printable(m_path),
               qUtf8Printable(check.lastError().text()));
        db.close();
        *damaged = true;
        return EngineError::make(ErrorKind::Storage,
                                 QT_TRANSLATE_NOOP("Engine",
                                                   "The session database could not be read or "
                                                   "written; Attache's log says why."));
    }
    return {};
}

Status SessionStore::open()
{
    const QFileInfo info(m_path);
    if (!QDir().mkpath(info.absolutePath())) {
        return EngineError::make(
            ErrorKind::Storage,
            QT_TRANSLATE_NOOP("Engine", "Cannot create %1; sessions are kept in memory only."),
            { info.absolutePath() });
    }
    bool damaged = false;
    Status opened = openFile(&damaged);
    if (!opened && damaged) {
        // Damaged or not a database: keep it for the user, start afresh.
        const QString aside = m_path + QLatin1String(".damaged-")
            + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
        QFile::rename(m_path, aside);
        QFile::remove(m_path + QLatin1String("-wal"));
        QFile::remove(m_path + QLatin1String("-shm"));
        m_warning =
            QStringLiteral("The session database was damaged and has been moved aside to %1; "
                           "a fresh one was started.")
                .arg(aside);
        qCWarning(lcEngine, "%s", qUtf8Printable(m_warning));
        opened = openFile(&damaged);
    }
    if (!opened)
        return opened;
    if (Status migrated = migrate(); !migrated)
        return migrated;

    m_writer = new StoreWriter(m_path, m_connection);
    m_writer->moveToThread(&m_thread);
    connect(m_writer, &StoreWriter::failed, this, &SessionStore::writeFailed);
    m_thread.setObjectName(QStringLiteral("attache-store"));
    m_thread.start();
    QMetaObject::invokeMethod(m_writer, &StoreWriter::open, Qt::BlockingQueuedConnection);
    return {};
}

Status SessionStore::migrate()
{
    QSqlDatabase db = QSqlDatabase::database(readConnection(), false);
    QString error;
    // WAL: readers never wait for the writer, and a crash never tears a committed transaction.
    exec(db, QStringLiteral("PRAGMA journal_mode=WAL"));
    QSqlQuery version(db);
    version.exec(QStringLiteral("PRAGMA user_version"));
    const int current = version.next() ? version.value(0).toInt() : 0;
    if (current > SchemaVersion) {
        return EngineError::make(ErrorKind::Storage,
                                 QT_TRANSLATE_NOOP("Engine",
                                                   "The session database %1 was written by a "
                                                   "newer Attache (schema %2); update Attache to "
                                                   "open it."),
                                 { m_path, QString::number(current) });
    }
    if (current == SchemaVersion)
        return {};
    if (!db.transaction())
        return storageError(db.lastError(), "start the schema update");
    bool ok = true;
    if (current < 1) {
        for (const char *statement : SchemaV1)
            ok = ok && exec(db, QLatin1String(statement), &error);
    }
    if (current < 2) {
        for (const char *statement : SchemaV2)
            ok = ok && exec(db, QLatin1String(statement), &error);
    }
    if (current < 3) {
        for (const char *statement : SchemaV3)
            ok = ok && exec(db, QLatin1String(statement), &error);
    }
    if (current < 4) {
        for (const char *statement : SchemaV4)
            ok = ok && exec(db, QLatin1String(statement), &error);
    }
    if (current < 5) {
        for (const char *statement : SchemaV5)
            ok = ok && exec(db, QLatin1String(statement), &error);
    }
    ok = ok && exec(db, QStringLiteral("PRAGMA user_version=%1").arg(SchemaVersion), &error);
    if (!ok || !db.commit()) {
        db.rollback();
        return EngineError::make(
            isDiskFull(db.lastError()) ? ErrorKind::StorageFull : ErrorKind::Storage,
            QT_TRANSLATE_NOOP("Engine", "Cannot prepare the session database %1: %2"),
            { m_path, error.isEmpty() ? db.lastError().text() : error });
    }
    return {};
}

QList<StoredSession> SessionStore::sessions() const
{
    QList<StoredSession> list;
    QSqlQuery query(QSqlDatabase::database(readConnection(), false));
    query.exec(QStringLiteral("SELECT s.id, s.name, s.created, s.updated, s.provider, s.model,"
                              " (SELECT COUNT(*) FROM messages m WHERE m.session_id = s.id),"
                              " s.settings, (SELECT substr(content, 1, 400) FROM messages m"
                              " WHERE m.session_id = s.id AND m.role = 'user' ORDER BY m.id"
                              " LIMIT 1) FROM sessions s ORDER BY s.updated DESC"));
    while (query.next()) {
        list.append({ query.value(0).toString(), query.value(1).toString(),
                      fromText(query.value(2).toString()), fromText(query.value(3).toString()),
                      query.value(4).toString(), query.value(5).toString(), query.value(6).toInt(),
                      settingsFrom(query.value(7).toString()), query.value(8).toString() });
    }
    return list;
}

QStringList SessionStore::sessionsContaining(const QString &text) const
{
    QStringList ids;
    QSqlQuery query(QSqlDatabase::database(readConnection(), false));
    // instr() over lower(): no LIKE wildcards to escape in what the user typed.
    query.prepare(QStringLiteral("SELECT DISTINCT session_id FROM messages WHERE role IN"
                                 " ('user', 'assistant') AND instr(lower(content), lower(?)) > 0"));
    query.addBindValue(text);
    query.exec();
    while (query.next())
        ids.append(query.value(0).toString());
    return ids;
}

QString SessionStore::settingsText(const ChatSettings &settings)
{
    if (settings.isDefault())
        return QStringLiteral("");
    QJsonObject json;
    if (!settings.systemPrompt.isEmpty())
        json.insert(QStringLiteral("system_prompt"), settings.systemPrompt);
    if (settings.temperature)
        json.insert(QStringLiteral("temperature"), *settings.temperature);
    if (settings.maxTokens)
        json.insert(QStringLiteral("max_tokens"), *settings.maxTokens);
    return QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact));
}

ChatSettings SessionStore::settingsFrom(const QString &text)
{
    ChatSettings settings;
    const QJsonObject json = QJsonDocument::fromJson(text.toUtf8()).object();
    settings.systemPrompt = json.value(QLatin1String("system_prompt")).toString();
    if (json.value(QLatin1String("temperature")).isDouble())
        settings.temperature = json.value(QLatin1String("temperature")).toDouble();
    if (json.value(QLatin1String("max_tokens")).isDouble())
        settings.maxTokens = json.value(QLatin1String("max_tokens")).toInt();
    return settings;
}

QList<ChatMessage> SessionStore::messages(const QString &sessionId) const
{
    QList<ChatMessage> list;
    QSqlQuery query(QSqlDatabase::database(readConnection(), false));
    query.prepare(QStringLiteral(
        "SELECT role, content, status, extra FROM messages WHERE session_id = ? ORDER BY id"));
    query.addBindValue(sessionId);
    query.exec();
    while (query.next()) {
        ChatMessage message {
            query.value(0).toString(), query.value(1).toString(), query.value(2).toString(), {}, {}
        };
        applyExtra(message, query.value(3).toString());
        list.append(message);
    }
    return list;
}

QString SessionStore::extraOf(const ChatMessage &message)
{
    if (message.toolCalls.isEmpty() && message.toolCallId.isEmpty() && message.stats.isEmpty()
        && message.variants.isEmpty())
        return QStringLiteral("");
    QJsonObject extra;
    if (!message.stats.isEmpty())
        extra.insert(QStringLiteral("stats"), statsJson(message.stats));
    QJsonArray variants;
    for (const ReplyVariant &variant : message.variants) {
        variants.append(QJsonObject { { QStringLiteral("content"), variant.content },
                                      { QStringLiteral("stats"), statsJson(variant.stats) } });
    }
    if (!variants.isEmpty())
        extra.insert(QStringLiteral("variants"), variants);
    if (!message.toolCallId.isEmpty())
        extra.insert(QStringLiteral("tool_call_id"), message.toolCallId);
    if (message.isError) // a failed or refused call, one that never ran: shown as such
        extra.insert(QStringLiteral("is_error"), true);
    QJsonArray calls;
    for (const ToolCall &call : message.toolCalls) {
        calls.append(QJsonObject { { QStringLiteral("id"), call.id },
                                   { QStringLiteral("name"), call.name },
                                   { QStringLiteral("arguments"), call.arguments } });
    }
    if (!calls.isEmpty())
        extra.insert(QStringLiteral("tool_calls"), calls);
    return QString::fromUtf8(QJsonDocument(extra).toJson(QJsonDocument::Compact));
}

void SessionStore::applyExtra(ChatMessage &message, const QString &extra)
{
    if (extra.isEmpty())
        return;
    const QJsonObject json = QJsonDocument::fromJson(extra.toUtf8()).object();
    message.toolCallId = json.value(QLatin1String("tool_call_id")).toString();
    message.isError = json.value(QLatin1String("is_error")).toBool();
    for (const QJsonValue &value : json.value(QLatin1String("tool_calls")).toArray()) {
        const QJsonObject call = value.toObject();
        message.toolCalls.append({ call.value(QLatin1String("id")).toString(),
                                   call.value(QLatin1String("name")).toString(),
                                   call.value(QLatin1String("arguments")).toString() });
    }
    if (json.contains(QLatin1String("stats")))
        message.stats = statsFrom(json.value(QLatin1String("stats")).toObject());
    for (const QJsonValue &value : json.value(QLatin1String("variants")).toArray()) {
        const QJsonObject variant = value.toObject();
        message.variants.append({ variant.value(QLatin1String("content")).toString(),
                                  statsFrom(variant.value(QLatin1String("stats")).toObject()) });
    }
}

Result<UsageReport> SessionStore::usage(const UsageFilter &filter) const
{
    QString where = QStringLiteral(" WHERE 1=1");
    QVariantList binds;
    if (filter.from.isValid()) {
        where += QStringLiteral(" AND day >= ?");
        binds.append(filter.from.toString(Qt::ISODate));
    }
    if (filter.to.isValid()) {
        where += QStringLiteral(" AND day <= ?");
        binds.append(filter.to.toString(Qt::ISODate));
    }
    if (!filter.sessionId.isEmpty()) {
        where += QStringLiteral(" AND session_id = ?");
        binds.append(filter.sessionId);
    }
    if (!filter.clientId.isEmpty()) {
        where += QStringLiteral(" AND client_id = ?");
        binds.append(filter.clientId);
    }
    std::optional<EngineError> failure;
    auto breakdown = [&](const QString &keys) {
        QList<UsageTotals> rows;
        if (failure)
            return rows;
        QSqlQuery query(QSqlDatabase::database(readConnection(), false));
        const QString group = keys.isEmpty()
            ? QString()
            : QStringLiteral(" GROUP BY ") + keys + QStringLiteral(" ORDER BY ") + keys;
        const bool ran =
            query.prepare(QStringLiteral("SELECT %1%2 COUNT(*), SUM(prompt_tokens), "
                                         "SUM(completion_tokens), SUM(cost), MAX(estimated), "
                                         "SUM(cache_read_tokens), SUM(cache_write_tokens) "
                                         "FROM usage")
                              .arg(keys, keys.isEmpty() ? QString() : QStringLiteral(","))
                          + where + group)
            && [&] {
                   for (const QVariant &bind : binds)
                       query.addBindValue(bind);
                   return query.exec();
               }();
        if (!ran) {
            failure = storageError(query.lastError(), "read the usage ledger");
            return rows;
        }
        const qsizetype keyCount = keys.isEmpty() ? 0 : keys.count(QLatin1Char(',')) + 1;
        while (query.next()) {
            UsageTotals row;
            int column = 0;
            for (qsizetype i = 0; i < keyCount; ++i)
                row.group.append(query.value(column++).toString());
            row.requests = query.value(column++).toLongLong();
            row.promptTokens = query.value(column++).toLongLong();
            row.completionTokens = query.value(column++).toLongLong();
            row.cost = query.value(column++).toDouble();
            row.includesEstimates = query.value(column++).toInt() != 0;
            row.cacheReadTokens = query.value(column++).toLongLong();
            row.cacheWriteTokens = query.value(column++).toLongLong();
            rows.append(row);
        }
        return rows;
    };
    UsageReport report;
    const QList<UsageTotals> totals = breakdown({});
    report.totals = totals.value(0);
    report.byProvider = breakdown(QStringLiteral("provider"));
    report.byModel = breakdown(QStringLiteral("provider,model"));
    report.bySession = breakdown(QStringLiteral("session_id"));
    report.byClient = breakdown(QStringLiteral("client_id"));
    report.byDay = breakdown(QStringLiteral("day"));
    if (failure)
        return *failure;
    return report;
}

EngineError SessionStore::storageError(const QSqlError &error, const char *what) const
{
    // The details go to the log; the client gets words it can act on.
    qCWarning(lcEngine, "could not %s in %s: %s (%s)", what, qUtf8Printable(m_path),
              qUtf8Printable(error.text()), qUtf8Printable(error.nativeErrorCode()));
    if (isDiskFull(error)) {
        return EngineError::make(ErrorKind::StorageFull,
                                 QT_TRANSLATE_NOOP("Engine",
                                                   "The disk that holds the session database is "
                                                   "full; free some space and try again."));
    }
    return EngineError::make(ErrorKind::Storage,
                             QT_TRANSLATE_NOOP("Engine",
                                               "The session database could not be read or "
                                               "written; Attache's log says why."));
}

bool SessionStore::isDiskFull(const QSqlError &error)
{
    // SQLITE_FULL (13), and the errors a full disk gives before SQLite names it as such.
    const QString code = error.nativeErrorCode();
    return code == QLatin1String("13") || code.startsWith(QLatin1String("13 "))
        || error.text().contains(QLatin1String("disk is full"), Qt::CaseInsensitive)
        || error.text().contains(QLatin1String("No space left"), Qt::CaseInsensitive);
}

namespace {
const QEvent::Type DispatchWrites = QEvent::Type(QEvent::registerEventType());
}

void SessionStore::post(std::function<void()> write, bool awaited)
{
    m_outbox.append(std::move(write));
    if (awaited) {
        // Someone waits for it (a stream_end): it goes now, with the queue before it, and not
        // after the rest of this pass, which with many streams open is milliseconds of work.
        dispatch(true);
        return;
    }
    scheduleDispatch();
}

void SessionStore::scheduleDispatch()
{
    if (m_holds > 0) {
        // Goes when the hold ends, or at its limit: nothing to wake the event loop for now.
        if (!m_holdLimit.isActive())
            m_holdLimit.start(m_holdLimitMs, this);
        return;
    }
    if (m_dispatchPosted)
        return;
    m_dispatchPosted = true;
    // Low priority: the writer thread wakes after this pass's other work (the provider request
    // a chat has just started, the first events to the clients), which it would otherwise
    // compete with; and the writes of one pass go over in one hop.
    QCoreApplication::postEvent(this, new QEvent(DispatchWrites), Qt::LowEventPriority);
}

bool SessionStore::event(QEvent *event)
{
    if (event->type() != DispatchWrites)
        return QObject::event(event);
    m_dispatchPosted = false;
    dispatch(false);
    return true;
}

void SessionStore::timerEvent(QTimerEvent *event)
{
    if (event->timerId() == m_holdLimit.timerId())
        dispatch(true);
    else
        QObject::timerEvent(event);
}

void SessionStore::releaseWrites()
{
    if (m_holds > 0 && --m_holds == 0 && !m_outbox.isEmpty())
        scheduleDispatch();
}

void SessionStore::dispatch(bool force)
{
    if (!m_writer)
        m_outbox.clear();
    if (m_outbox.isEmpty())
        return;
    if (m_holds > 0 && !force) {
        if (!m_holdLimit.isActive())
            m_holdLimit.start(m_holdLimitMs, this);
        return;
    }
    m_holdLimit.stop();
    m_writer->enqueue(std::exchange(m_outbox, {}));
}

void SessionStore::saveSession(const StoredSession &session)
{
    post([w = m_writer, session] { w->saveSession(session); });
}

void SessionStore::appendTurn(const QString &sessionId, const QList<ChatMessage> &messages,
                              const std::optional<UsageRecord> &usage, const QDateTime &updated,
                              std::function<void(bool ok)> committed, int keepStored)
{
    auto write = [=, w = m_writer] {
        const bool ok = w->appendTurn(sessionId, messages, usage, updated, keepStored);
        if (committed)
            w->whenCommitted(ok, this, committed);
    };
    post(std::move(write), bool(committed)); // a stream_end waits for it
}

void SessionStore::appendUsage(const UsageRecord &usage)
{
    post([=, w = m_writer] { w->appendUsage(usage); });
}

void SessionStore::replaceMessages(const QString &sessionId, const QList<ChatMessage> &messages)
{
    post([=, w = m_writer] { w->replaceMessages(sessionId, messages); });
}

void SessionStore::deleteSession(const QString &sessionId)
{
    post([=, w = m_writer] { w->deleteSession(sessionId); });
}

void SessionStore::flush()
{
    dispatch(true);
    if (m_writer && m_thread.isRunning())
        QMetaObject::invokeMethod(
            m_writer, [] {}, Qt::BlockingQueuedConnection);
}
