// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachewarnings.h"
#include "fakeprovider.h"
#include "persistentengine.h"
#include "sessions/sessionstore.h"
#include "testengine.h"

#include <QDir>
#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>

class TestSessionStore : public QObject, protected PersistentEngineFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        failOnAttacheWarnings();
        QVERIFY(setUp(this));
    }
    void cleanup() { tearDown(); }

    void freshDatabaseIsWalWithTheSchema()
    {
        auto app = start();
        QVERIFY(app->opened.ok());
        QVERIFY(app->store.warning().isEmpty());
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
        db.setDatabaseName(app->store.path());
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
        QCOMPARE(q.value(0).toInt(), SessionStore::SchemaVersion);
        q = QSqlQuery();
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));
    }

    void everyTurnSurvivesARestart()
    {
        QString sessionId;
        {
            auto app = start();
            m_fake->enqueueReply(FakeReply { { QStringLiteral("Paris.") } });
            QVERIFY(PersistentEngine::finish(app->chat(QStringLiteral("Capital of France?"))));
            m_fake->enqueueReply(FakeReply { { QStringLiteral("Berlin.") } });
            QVERIFY(PersistentEngine::finish(app->chat(QStringLiteral("And Germany?"))));
            sessionId = app->engine->currentSessionId();
        }
        auto app = start();
        QCOMPARE(app->engine->currentSessionId(), sessionId);
        const QList<ChatMessage> history = app->engine->history().value();
        QCOMPARE(history.size(), 4);
        QCOMPARE(history[0].content, QStringLiteral("Capital of France?"));
        QCOMPARE(history[3].content, QStringLiteral("Berlin."));
        QCOMPARE(app->engine->session()->model, QStringLiteral("gpt-4o-mini"));
        // The restored history goes to the model with the next turn.
        QVERIFY(PersistentEngine::finish(app->chat(QStringLiteral("And Spain?"))));
        QCOMPARE(m_fake->chatRequests().constLast()[QLatin1String("messages")].toArray().size(), 5);
    }

    void cutShortRepliesAreKeptMarked()
    {
        {
            auto app = start();
            FakeReply held { { QStringLiteral("Once "), QStringLiteral("upon "),
                               QStringLiteral("a time") } };
            held.holdAfter = 1; // still streaming when it is cancelled
            m_fake->setDefaultReply(held);
            Run *run = app->chat(QStringLiteral("Tell me a story"));
            QTRY_COMPARE_WITH_TIMEOUT(run->reply(), QStringLiteral("Once "), 30000);
            QVERIFY(run->cancel());
            FakeReply broken { { QStringLiteral("Half") } };
            broken.fault = FakeReply::Fault::DropMidStream;
            broken.faultAfter = 1;
            m_fake->setDefaultReply(broken);
            QVERIFY(PersistentEngine::finish(app->chat(QStringLiteral("Again"))));
        }
        const QList<ChatMessage> history = start()->engine->history().value();
        QCOMPARE(history.size(), 4);
        QCOMPARE(history[1].status, QStringLiteral("cancelled"));
        QVERIFY(history[1].content.startsWith(QLatin1String("Once")));
        QCOMPARE(history[3].status, QStringLiteral("failed"));
        QCOMPARE(history[3].content, QStringLiteral("Half"));
    }

    void aTurnThatFailedBeforeAnyTextKeepsItsPlace()
    {
        {
            auto app = start();
            FakeReply broken { { QStringLiteral("x") } };
            broken.fault = FakeReply::Fault::ServerError;
            m_fake->enqueueReply(broken);
            QVERIFY(PersistentEngine::finish(app->chat(QStringLiteral("First"))));
        }
        auto app = start();
        const QList<ChatMessage> history = app->engine->history().value();
        QCOMPARE(history.size(), 2);
        QCOMPARE(history[1].role, QStringLiteral("assistant"));
        QCOMPARE(history[1].status, QStringLiteral("failed"));
        QVERIFY(history[1].content.isEmpty());
        // Never sent: the provider sees the user's messages, not an empty reply.
        m_fake->enqueueReply(FakeReply { { QStringLiteral("Fine.") } });
        QVERIFY(PersistentEngine::finish(app->chat(QStringLiteral("Second"))));
        const QJsonArray sent =
            m_fake->chatRequests().constLast().value(QLatin1String("messages")).toArray();
        QCOMPARE(sent.size(), 2);
        QCOMPARE(sent.at(0).toObject().value(QLatin1String("content")).toString(),
                 QStringLiteral("First"));
    }

    void chatSettingsAreKeptAndSent()
    {
        ChatSettings settings;
        settings.systemPrompt = QStringLiteral("You are a pirate.");
        settings.temperature = 1.5;
        settings.maxTokens = 300;
        {
            auto app = start();
            QVERIFY(app->engine->sessionManager().setSettings({}, settings).ok());
            QVERIFY(
                !app->engine->sessionManager().setSettings({}, ChatSettings { {}, 3.0, {} }).ok());
        }
        auto app = start();
        QVERIFY(app->engine->session()->settings == settings);
        m_fake->enqueueReply(FakeReply { { QStringLiteral("Arr.") } });
        QVERIFY(PersistentEngine::finish(app->chat(QStringLiteral("Hello"))));
        const QJsonObject sent = m_fake->chatRequests().constLast();
        QCOMPARE(sent.value(QLatin1String("temperature")).toDouble(), 1.5);
        const QJsonArray messages = sent.value(QLatin1String("messages")).toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages.at(0).toObject().value(QLatin1String("content")).toString(),
                 settings.systemPrompt);
        QCOMPARE(app->engine->history().value().size(), 2); // the prompt is no message
    }

    void variantsStatsAndTitlesSurviveARestart()
    {
        QString id;
        {
            auto app = start();
            id = app->engine->sessionManager().newSession({}).value();
            m_fake->enqueueReply(FakeReply { { QStringLiteral("Red.") } });
            QVERIFY(PersistentEngine::finish(
                app->chat(QStringLiteral("Name a colour\nany colour"), id)));
            m_fake->enqueueReply(FakeReply { { QStringLiteral("Blue"), QStringLiteral(".") } });
            const Result<Run *> again = app->engine->regenerate(id, QStringLiteral("c_test"));
            QVERIFY(again.ok());
            QVERIFY(PersistentEngine::finish(again.value()));
        }
        auto app = start();
        const Session *session = app->engine->session(id);
        QCOMPARE(session->title, QStringLiteral("Name a colour"));
        QCOMPARE(SessionManager::shownName(*session), QStringLiteral("Name a colour"));
        const QList<ChatMessage> history = app->engine->history(id).value();
        QCOMPARE(history.size(), 2);
        QCOMPARE(history[1].content, QStringLiteral("Blue."));
        QCOMPARE(history[1].variants.size(), 1);
        QCOMPARE(history[1].variants[0].content, QStringLiteral("Red."));
        QCOMPARE(history[1].variants[0].stats.completionTokens, 1);
        QCOMPARE(history[1].stats.completionTokens, 2);
        QCOMPARE(history[1].stats.model, QStringLiteral("gpt-4o-mini"));
        QVERIFY(history[1].stats.firstTokenMs >= 0);
        // The message's text is searched, in the store, in any case.
        QCOMPARE(app->engine->sessionManager().search(QStringLiteral("ANY COLOUR")),
                 QStringList { id });
        QCOMPARE(app->engine->sessionManager().search(QStringLiteral("blue.")), QStringList { id });
        QVERIFY(app->engine->sessionManager().search(QStringLiteral("green")).isEmpty());
    }

    void editAndDeleteRewriteTheStoredConversation()
    {
        {
            auto app = start();
            m_fake->enqueueReply(FakeReply { { QStringLiteral("One.") } });
            QVERIFY(PersistentEngine::finish(app->chat(QStringLiteral("First"))));
            m_fake->enqueueReply(FakeReply { { QStringLiteral("Two.") } });
            QVERIFY(PersistentEngine::finish(app->chat(QStringLiteral("Second"))));
            m_fake->enqueueReply(FakeReply { { QStringLiteral("Three.") } });
            QVERIFY(PersistentEngine::finish(app->chat(QStringLiteral("Third"))));
            QVERIFY(app->engine->deleteMessage({}, 0).ok()); // "First" and "One."
            const Result<Run *> edited = app->engine->editAndResend(
                {}, 2, QStringLiteral("Third, edited"), QStringLiteral("c_test"));
            QVERIFY(edited.ok());
            m_fake->enqueueReply(FakeReply { { QStringLiteral("Edited.") } });
            QVERIFY(PersistentEngine::finish(edited.value()));
            QVERIFY(!app->engine->editAndResend({}, 1, QStringLiteral("x"), {}).ok()); // a reply
        }
        const QList<ChatMessage> history = start()->engine->history().value();
        QCOMPARE(history.size(), 4);
        QCOMPARE(history[0].content, QStringLiteral("Second"));
        QCOMPARE(history[1].content, QStringLiteral("Two."));
        QCOMPARE(history[2].content, QStringLiteral("Third, edited"));
        QCOMPARE(history[3].content, QStringLiteral("Edited."));
    }

    void regeneratedReplyReplacesTheStoredOne()
    {
        {
            auto app = start();
            m_fake->enqueueReply(FakeReply { { QStringLiteral("Paris.") } });
            QVERIFY(PersistentEngine::finish(app->chat(QStringLiteral("Capital of France?"))));
            m_fake->enqueueReply(FakeReply { { QStringLiteral("Bonn.") } });
            QVERIFY(PersistentEngine::finish(app->chat(QStringLiteral("And Germany?"))));
            m_fake->enqueueReply(FakeReply { { QStringLiteral("Berlin.") } });
            const Result<Run *> again = app->engine->regenerate({}, QStringLiteral("c_test"));
            QVERIFY(again.ok());
            QVERIFY(PersistentEngine::finish(again.value()));
        }
        auto app = start();
        const QList<ChatMessage> history = app->engine->history().value();
        QCOMPARE(history.size(), 4);
        QCOMPARE(history[1].content, QStringLiteral("Paris."));
        QCOMPARE(history[2].content, QStringLiteral("And Germany?"));
        QCOMPARE(history[3].content, QStringLiteral("Berlin."));
        QCOMPARE(app->engine->sessionManager().messageCount(*app->engine->session()), 4);
    }

    void sessionsAreManagedAndKept()
    {
        {
            auto app = start();
            SessionManager &sessions = app->engine->sessionManager();
            const QString work = sessions.newSession(QStringLiteral("Work")).value();
            QCOMPARE(sessions.newSession(QStringLiteral("Work")).error().kind, ErrorKind::Conflict);
            QVERIFY(sessions.load(QStringLiteral("Work")).ok());
            QCOMPARE(app->engine->currentSessionId(), work);
            QVERIFY(PersistentEngine::finish(app->chat(QStringLiteral("hi"))));
            QVERIFY(sessions.rename(QStringLiteral("Work"), QStringLiteral("Job")).ok());
            QVERIFY(sessions.saveAs(QStringLiteral("Job"), QStringLiteral("Job copy")).ok());
            QVERIFY(sessions.remove(QStringLiteral("Default")).ok());
            QVERIFY(!sessions.remove(QStringLiteral("Nope")).ok());
        }
        auto app = start();
        QStringList names;
        for (const Session *s : app->engine->sessions())
            names.append(s->name);
        names.sort();
        QCOMPARE(names, QStringList({ QStringLiteral("Job"), QStringLiteral("Job copy") }));
        QCOMPARE(app->engine->session()->name, QStringLiteral("Job")); // the last loaded
        QCOMPARE(app->engine->session(QStringLiteral("Job copy"))->messages.size(), 2);
        QCOMPARE(app->engine->sessionManager().messageCount(
                     *app->engine->session(QStringLiteral("Job"))),
                 2);
    }

    void namesFollowRenamesAndRemovals()
    {
        auto app = start();
        SessionManager &sessions = app->engine->sessionManager();
        const QString id = sessions.newSession(QStringLiteral("Draft")).value();
        QVERIFY(sessions.rename(QStringLiteral("Draft"), QStringLiteral("Final")).ok());
        QVERIFY(!sessions.find(QStringLiteral("Draft")));
        QCOMPARE(sessions.find(QStringLiteral("Final"))->id, id);
        QCOMPARE(sessions.find(id)->name, QStringLiteral("Final")); // by id as well
        // The old name is free again, the new one taken.
        QVERIFY(sessions.newSession(QStringLiteral("Draft")).ok());
        QCOMPARE(sessions.newSession(QStringLiteral("Final")).error().kind, ErrorKind::Conflict);
        QVERIFY(sessions.remove(QStringLiteral("Final")).ok());
        QVERIFY(!sessions.find(QStringLiteral("Final")));
        QVERIFY(sessions.newSession(QStringLiteral("Final")).ok());
        // Unnamed sessions get the next free "Chat N".
        const QString first = sessions.newSession({}).value();
        const QString second = sessions.newSession({}).value();
        QVERIFY(sessions.find(first)->name != sessions.find(second)->name);
        QCOMPARE(sessions.find(sessions.find(second)->name)->id, second);
    }

    void exportAndImport()
    {
        auto app = start();
        m_fake->setDefaultReply(FakeReply { { QStringLiteral("Use `std::span`.") } });
        QVERIFY(PersistentEngine::finish(
            app->chat(QStringLiteral("How do I pass a view of an array?"))));
        SessionManager &sessions = app->engine->sessionManager();
        const QString markdown =
            QString::fromUtf8(sessions.exportSession({}, QStringLiteral("markdown")).value());
        QVERIFY(markdown.startsWith(QLatin1String("# Default\n")));
        QVERIFY(markdown.contains(QLatin1String("## You\n\nHow do I pass a view of an array?")));
        QVERIFY(markdown.contains(QLatin1String("## Attache\n\nUse `std::span`.")));
        const QByteArray json = sessions.exportSession({}, QStringLiteral("json")).value();
        QCOMPARE(sessions.exportSession({}, QStringLiteral("pdf")).error().code(),
                 QStringLiteral("invalid_request"));

        const QString copy = sessions.importSession(json).value();
        QVERIFY(copy != app->engine->currentSessionId());
        QCOMPARE(app->engine->session(copy)->name, QStringLiteral("Default 1"));
        QCOMPARE(app->engine->session(copy)->messages.size(), 2);

        const QByteArray ppxai =
            R"({"session_name": "From ppxai", "provider": "perplexity", "model": "sonar",
            "messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"},
                         {"role": "tool", "content": "ignored"}]})";
        const QString imported = sessions.importSession(ppxai).value();
        QCOMPARE(app->engine->session(imported)->name, QStringLiteral("From ppxai"));
        QCOMPARE(app->engine->session(imported)->messages.size(), 2);
        QCOMPARE(app->engine->session(imported)->model, QStringLiteral("sonar"));
        QVERIFY(!sessions.importSession("{\"messages\": []}").ok());
        QVERIFY(!sessions.importSession("not json").ok());
    }

    void usageLedgerCountsTokensAndCost()
    {
        auto app = start();
        FakeReply priced { { QStringLiteral("a"), QStringLiteral("b") } };
        priced.promptTokens = 1000000; // a million prompt tokens at 0.15 USD per million
        m_fake->setDefaultReply(priced);
        QVERIFY(PersistentEngine::finish(app->chat(QStringLiteral("one"))));
        QVERIFY(
            PersistentEngine::finish(app->chat(QStringLiteral("two"), QStringLiteral("other"))));
        app->store.flush();
        const Result<UsageReport> usage = app->engine->usage({});
        QVERIFY(usage.ok());
        const UsageTotals &totals = usage.value().totals;
        QCOMPARE(totals.requests, 2);
        QCOMPARE(totals.promptTokens, 2000000);
        QCOMPARE(totals.completionTokens, 4);
        QVERIFY(qAbs(totals.cost - (0.30 + 4 * 0.6 / 1e6)) < 1e-9);
        QCOMPARE(usage.value().bySession.size(), 2);
        QCOMPARE(usage.value().byModel.constFirst().group.constLast(),
                 QStringLiteral("gpt-4o-mini"));
        QCOMPARE(usage.value().byClient.constFirst().group.constFirst(), QStringLiteral("c_test"));
        UsageFilter oneSession;
        oneSession.sessionId = app->engine->session(QStringLiteral("other"))->id;
        QCOMPARE(app->engine->usage(oneSession).value().totals.requests, 1);
        UsageFilter future;
        future.from = QDate::currentDate().addDays(2);
        QCOMPARE(app->engine->usage(future).value().totals.requests, 0);
    }

    void damagedDatabaseIsMovedAsideAndTheAppGoesOn()
    {
        {
            QFile garbage(m_dir.filePath(QStringLiteral("attache.db")));
            QVERIFY(garbage.open(QIODevice::WriteOnly));
            garbage.write(QByteArray(8192, '\x5a'));
        }
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral(
                                 "^attache\\.engine: The session database was damaged and has "
                                 "been moved aside to .*; a fresh one was started\\.$")));
        auto app = start();
        QVERIFY(app->opened.ok());
        QVERIFY2(app->store.warning().contains(QLatin1String("moved aside")),
                 qPrintable(app->store.warning()));
        const QStringList aside =
            QDir(m_dir.path()).entryList({ QStringLiteral("attache.db.damaged-*") });
        QCOMPARE(aside.size(), 1);
        QCOMPARE(QFileInfo(m_dir.filePath(aside.constFirst())).size(), 8192);
        QVERIFY(PersistentEngine::finish(app->chat(QStringLiteral("still works"))));
        QCOMPARE(app->engine->status().storageWarning, app->store.warning());
    }

    void aStoreOfSchemaV3IsUpgraded()
    {
        // A database as Attache left it at schema 3: sessions, messages with extras, the
        // ledger and the gateways' stored responses, but no per-chat settings yet.
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v3"));
            db.setDatabaseName(m_dir.filePath(QStringLiteral("attache.db")));
            QVERIFY(db.open());
            const char *const statements[] = {
                "CREATE TABLE sessions (id TEXT PRIMARY KEY, name TEXT NOT NULL, created TEXT NOT"
                " NULL, updated TEXT NOT NULL, provider TEXT NOT NULL DEFAULT '', model TEXT NOT"
                " NULL DEFAULT '')",
                "CREATE TABLE messages (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT"
                " NULL REFERENCES sessions(id) ON DELETE CASCADE, role TEXT NOT NULL, content"
                " TEXT NOT NULL, status TEXT NOT NULL DEFAULT '', extra TEXT NOT NULL DEFAULT '')",
                "CREATE INDEX messages_by_session ON messages(session_id, id)",
                "CREATE TABLE usage (id INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT"
                " NULL, run_id TEXT NOT NULL, client_id TEXT NOT NULL DEFAULT '', provider TEXT"
                " NOT NULL, model TEXT NOT NULL, prompt_tokens INTEGER NOT NULL, completion_tokens"
                " INTEGER NOT NULL, cost REAL NOT NULL, estimated INTEGER NOT NULL, day TEXT NOT"
                " NULL, at TEXT NOT NULL)",
                "CREATE INDEX usage_by_day ON usage(day)",
                "CREATE TABLE responses (id TEXT PRIMARY KEY, previous_id TEXT NOT NULL DEFAULT"
                " '', model TEXT NOT NULL, created TEXT NOT NULL, messages TEXT NOT NULL, body"
                " BLOB NOT NULL)",
                "INSERT INTO sessions (id, name, created, updated) VALUES ('s_old', 'Old',"
                " '2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05.000Z')",
                "INSERT INTO messages (session_id, role, content) VALUES ('s_old', 'user', 'Hi')",
                "INSERT INTO messages (session_id, role, content) VALUES ('s_old', 'assistant',"
                " 'Hello')",
                "PRAGMA user_version=3",
            };
            for (const char *statement : statements) {
                QSqlQuery query(db);
                QVERIFY2(query.exec(QLatin1String(statement)), statement);
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("v3"));

        ChatSettings settings;
        settings.systemPrompt = QStringLiteral("Be brief.");
        {
            auto app = start();
            QVERIFY2(app->opened.ok(),
                     qPrintable(app->opened.ok() ? QString() : app->opened.error().message));
            QVERIFY(app->engine->sessionManager().load(QStringLiteral("Old")).ok());
            const Result<QList<ChatMessage>> history = app->engine->history();
            QVERIFY(history.ok());
            QCOMPARE(history.value().size(), 2);
            QCOMPARE(history.value().constLast().content, QStringLiteral("Hello"));
            QVERIFY(
                app->engine->sessionManager().setSettings(QStringLiteral("Old"), settings).ok());
        }
        auto app = start();
        QVERIFY(app->opened.ok());
        QVERIFY(app->engine->session(QStringLiteral("Old"))->settings == settings);
        QSqlDatabase db =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("v5"));
        db.setDatabaseName(app->store.path());
        QVERIFY(db.open());
        {
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version")) && q.next());
            QCOMPARE(q.value(0).toInt(), 5);
            QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM responses")) && q.next());
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("v5"));
    }

    void newerSchemaIsRefusedClearly()
    {
        {
            auto app = start();
        }
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("bump"));
            db.setDatabaseName(m_dir.filePath(QStringLiteral("attache.db")));
            QVERIFY(db.open());
            QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version=99"));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("bump"));
        SessionStore store(m_dir.filePath(QStringLiteral("attache.db")));
        const Status status = store.open();
        QVERIFY(!status.ok());
        QVERIFY(status.error().message.contains(QLatin1String("newer Attache")));
    }
};

QTEST_GUILESS_MAIN(TestSessionStore)
#include "tst_sessionstore.moc"
