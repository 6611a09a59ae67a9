// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Sessions, history, export/import and the usage ledger over HTTP, on an engine that keeps them
// in a real SQLite store, as the app runs it; a restart is a fresh engine on the same directory.
#include "apiserver.h"
#include "fakeprovider.h"
#include "sessionstore.h"
#include "settings.h"
#include "sseclient.h"
#include "testengine.h"
#include "wsclient.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <algorithm>
#include <memory>

namespace {

const QByteArray Token = QByteArrayLiteral("5e55105e55105e55105e55105e55105e55105e55105e55105e55105e55105e55");

// The openai catalog entry's prices for its default model, USD per million tokens.
constexpr double InputPrice = 0.15;
constexpr double OutputPrice = 0.6;
constexpr int PromptTokens = 7; // what the fake reports for every request

struct Answer
{
    int status = 0;
    QJsonObject json;
    QByteArray body;
    QByteArray contentType;
    QByteArray disposition;

    QString errorCode() const { return json[QLatin1String("error")][QLatin1String("code")].toString(); }
    QString errorMessage() const { return json[QLatin1String("error")][QLatin1String("message")].toString(); }
    QJsonObject session() const { return json[QLatin1String("session")].toObject(); }
};

/** Engine, store and server as the app builds them; destroying it is a clean shutdown. */
struct PersistentApp
{
    PersistentApp(const QString &dir, const QUrl &provider)
        : settings(dir + QStringLiteral("/settings.ini"))
        , store(dir + QStringLiteral("/attache.db"))
    {
        opened = store.open();
        QFile builtIn(QStringLiteral(":/attache/providers.json"));
        builtIn.open(QIODevice::ReadOnly);
        catalog = ProviderCatalog::fromJson(builtIn.readAll(), {}, TestEngine::pointingAt(provider)).value();
        engine = std::make_unique<Engine>(catalog, settings, &store);
        ServerOptions options;
        options.port = 0;
        options.token = Token;
        server = std::make_unique<ApiServer>(*engine, options);
        started = server->start(&error);
    }
    ~PersistentApp()
    {
        server.reset();
        engine.reset();
        store.flush();
    }

    Settings settings;
    SessionStore store;
    Status opened;
    ProviderCatalog catalog;
    std::unique_ptr<Engine> engine;
    std::unique_ptr<ApiServer> server;
    bool started = false;
    QString error;
};

FakeReply replyOf(const QStringList &tokens, int delayMs = 0)
{
    FakeReply reply;
    reply.tokens = tokens;
    reply.delayMs = delayMs;
    return reply;
}

} // namespace

class TestSessionsApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<PersistentApp> m_app;
    QNetworkAccessManager m_network;

    void start()
    {
        m_app = std::make_unique<PersistentApp>(m_dir->path(), m_fake->baseUrl());
        QVERIFY2(m_app->opened.ok(), qPrintable(m_app->opened.ok() ? QString() : m_app->opened.error().message));
        QVERIFY2(m_app->started, qPrintable(m_app->error));
    }
    void restart()
    {
        m_app.reset();
        m_network.clearConnectionCache();
        start();
    }

    Answer send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {})
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_app->server->port()).arg(pathAndQuery)));
        req.setRawHeader("Authorization", "Bearer " + Token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_network.sendCustomRequest(req, method, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(10000);
        Answer answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        answer.json = QJsonDocument::fromJson(answer.body).object();
        answer.contentType = reply->rawHeader("Content-Type");
        answer.disposition = reply->rawHeader("Content-Disposition");
        reply->deleteLater();
        return answer;
    }
    Answer get(const QString &pathAndQuery) { return send("GET", pathAndQuery); }
    Answer post(const QString &path, const QJsonObject &body)
    {
        return send("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }

    /** A chat answered in one piece; the reply is reply.joinedText(). */
    Answer chat(const QString &message, const QString &session = {}, const FakeReply &reply = FakeReply())
    {
        m_fake->enqueueReply(reply);
        QJsonObject body { { QStringLiteral("message"), message }, { QStringLiteral("stream"), false } };
        if (!session.isEmpty())
            body.insert(QStringLiteral("session"), session);
        return post(QStringLiteral("/chat"), body);
    }

    static QString query(const QString &path, const QList<QPair<QString, QString>> &items)
    {
        QUrlQuery query;
        for (const auto &item : items)
            query.addQueryItem(item.first, QString::fromUtf8(QUrl::toPercentEncoding(item.second)));
        return path + QLatin1Char('?') + query.toString(QUrl::FullyEncoded);
    }

    QJsonArray sessions() { return get(QStringLiteral("/sessions")).json[QLatin1String("sessions")].toArray(); }
    QString currentId() { return get(QStringLiteral("/sessions")).json[QLatin1String("current")].toString(); }
    QJsonObject sessionNamed(const QString &name)
    {
        for (const QJsonValue &s : sessions()) {
            if (s[QLatin1String("name")].toString() == name)
                return s.toObject();
        }
        return {};
    }
    QJsonArray history(const QString &session = {})
    {
        const Answer a = get(session.isEmpty() ? QStringLiteral("/history")
                                               : query(QStringLiteral("/history"), { { QStringLiteral("session"), session } }));
        return a.json[QLatin1String("messages")].toArray();
    }
    qint64 topic(const QString &name) { return get(QStringLiteral("/topics")).json[name].toInteger(); }
    QJsonObject usage(const QList<QPair<QString, QString>> &filter = {})
    {
        return get(query(QStringLiteral("/usage"), filter)).json;
    }

    static QJsonArray turn(const QString &user, const QString &assistant)
    {
        return { QJsonObject { { QStringLiteral("role"), QStringLiteral("user") }, { QStringLiteral("content"), user } },
                 QJsonObject { { QStringLiteral("role"), QStringLiteral("assistant") }, { QStringLiteral("content"), assistant } } };
    }
    static QJsonArray sortedById(QJsonArray list)
    {
        QList<QJsonObject> items;
        for (const QJsonValue &v : list)
            items.append(v.toObject());
        std::sort(items.begin(), items.end(), [](const QJsonObject &a, const QJsonObject &b) {
            return a[QLatin1String("id")].toString() < b[QLatin1String("id")].toString();
        });
        QJsonArray sorted;
        for (const QJsonObject &o : items)
            sorted.append(o);
        return sorted;
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        start();
    }
    void cleanup()
    {
        m_app.reset();
        delete m_fake;
        m_fake = nullptr;
        m_dir.reset();
    }

    void listsSessionsWithTheirFields()
    {
        const Answer fresh = get(QStringLiteral("/sessions"));
        QCOMPARE(fresh.status, 200);
        const QJsonArray list = fresh.json[QLatin1String("sessions")].toArray();
        QCOMPARE(list.size(), 1);
        const QJsonObject first = list.at(0).toObject();
        QStringList keys = first.keys();
        keys.sort();
        QCOMPARE(keys, QStringList({ QStringLiteral("created"), QStringLiteral("current"), QStringLiteral("id"),
                                     QStringLiteral("message_count"), QStringLiteral("model"), QStringLiteral("name"),
                                     QStringLiteral("provider"), QStringLiteral("updated") }));
        QCOMPARE(first[QLatin1String("name")].toString(), QStringLiteral("Default"));
        QCOMPARE(first[QLatin1String("current")].toBool(), true);
        QCOMPARE(fresh.json[QLatin1String("current")].toString(), first[QLatin1String("id")].toString());
        QCOMPARE(first[QLatin1String("message_count")].toInt(), 0);
        const QDateTime created = QDateTime::fromString(first[QLatin1String("created")].toString(), Qt::ISODateWithMs);
        QVERIFY2(created.isValid(), qPrintable(first[QLatin1String("created")].toString()));
        QVERIFY(qAbs(created.secsTo(QDateTime::currentDateTimeUtc())) < 60);

        QTest::qWait(5);
        QCOMPARE(chat(QStringLiteral("What is a monad?")).status, 200);
        QTest::qWait(5);
        QCOMPARE(chat(QStringLiteral("Plan the week"), QStringLiteral("Side project")).status, 200);

        const QJsonArray after = sessions();
        QCOMPARE(after.size(), 2);
        // Most recently updated first.
        QCOMPARE(after.at(0)[QLatin1String("name")].toString(), QStringLiteral("Side project"));
        QCOMPARE(after.at(0)[QLatin1String("current")].toBool(), false); // chatting in it does not switch
        QCOMPARE(after.at(1)[QLatin1String("name")].toString(), QStringLiteral("Default"));
        QCOMPARE(after.at(1)[QLatin1String("current")].toBool(), true);
        for (const QJsonValue &s : after) {
            QCOMPARE(s[QLatin1String("message_count")].toInt(), 2);
            QCOMPARE(s[QLatin1String("provider")].toString(), QStringLiteral("openai"));
            QCOMPARE(s[QLatin1String("model")].toString(), QStringLiteral("gpt-4o-mini"));
        }
        const QDateTime updated = QDateTime::fromString(after.at(1)[QLatin1String("updated")].toString(), Qt::ISODateWithMs);
        QVERIFY2(updated > created, qPrintable(after.at(1)[QLatin1String("updated")].toString()));
        QCOMPARE(after.at(1)[QLatin1String("created")].toString(), first[QLatin1String("created")].toString());
    }

    void newSessionIsCreatedAndLoaded()
    {
        const qint64 before = topic(QStringLiteral("sessions"));
        const Answer work = post(QStringLiteral("/session/new"), { { QStringLiteral("name"), QStringLiteral("Work") } });
        QCOMPARE(work.status, 201);
        const QString id = work.session()[QLatin1String("id")].toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(work.session()[QLatin1String("name")].toString(), QStringLiteral("Work"));
        QCOMPARE(work.session()[QLatin1String("message_count")].toInt(), 0);
        QCOMPARE(work.session()[QLatin1String("current")].toBool(), true);
        QCOMPARE(currentId(), id);
        QVERIFY(topic(QStringLiteral("sessions")) > before);

        const Answer duplicate = post(QStringLiteral("/session/new"), { { QStringLiteral("name"), QStringLiteral("Work") } });
        QCOMPARE(duplicate.status, 400);
        QCOMPARE(duplicate.errorCode(), QStringLiteral("invalid_request"));
        QVERIFY2(duplicate.errorMessage().contains(QLatin1String("Work")), duplicate.body);
        QCOMPARE(post(QStringLiteral("/session/new"), { { QStringLiteral("name"), QStringLiteral("   ") } }).status, 400);
        QCOMPARE(sessions().size(), 2);
        QCOMPARE(currentId(), id);

        // No name: one is made up, unique; "load": false leaves the current one alone.
        const Answer unnamed = post(QStringLiteral("/session/new"), { { QStringLiteral("load"), false } });
        QCOMPARE(unnamed.status, 201);
        const QString made = unnamed.session()[QLatin1String("name")].toString();
        QVERIFY(!made.trimmed().isEmpty());
        QVERIFY(made != QLatin1String("Work") && made != QLatin1String("Default"));
        QCOMPARE(unnamed.session()[QLatin1String("current")].toBool(), false);
        QCOMPARE(currentId(), id);
        QCOMPARE(sessions().size(), 3);
    }

    void loadMakesItCurrent()
    {
        const QString alpha = post(QStringLiteral("/session/new"), { { QStringLiteral("name"), QStringLiteral("Alpha") } })
                                      .session()[QLatin1String("id")].toString();
        const QString beta = post(QStringLiteral("/session/new"), { { QStringLiteral("name"), QStringLiteral("Beta") } })
                                     .session()[QLatin1String("id")].toString();
        QCOMPARE(currentId(), beta);

        const qint64 before = topic(QStringLiteral("sessions"));
        const Answer loaded = post(QStringLiteral("/session/load"), { { QStringLiteral("session"), QStringLiteral("Alpha") } });
        QCOMPARE(loaded.status, 200);
        QCOMPARE(loaded.session()[QLatin1String("id")].toString(), alpha);
        QCOMPARE(loaded.session()[QLatin1String("current")].toBool(), true);
        QCOMPARE(currentId(), alpha);
        QVERIFY(topic(QStringLiteral("sessions")) > before);

        // A chat that names no session lands in the loaded one.
        const Answer answer = chat(QStringLiteral("Which one am I in?"), {}, replyOf({ QStringLiteral("Alpha.") }));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json[QLatin1String("session")].toString(), alpha);
        const Answer current = get(QStringLiteral("/history"));
        QCOMPARE(current.json[QLatin1String("session")].toString(), alpha);
        QCOMPARE(current.json[QLatin1String("messages")].toArray(), turn(QStringLiteral("Which one am I in?"), QStringLiteral("Alpha.")));
        QCOMPARE(history(QStringLiteral("Beta")), QJsonArray());
        QCOMPARE(sessionNamed(QStringLiteral("Alpha"))[QLatin1String("message_count")].toInt(), 2);

        // By id as well as by name.
        QCOMPARE(post(QStringLiteral("/session/load"), { { QStringLiteral("session"), beta } }).status, 200);
        QCOMPARE(currentId(), beta);
        QCOMPARE(history(), QJsonArray());

        const Answer unknown = post(QStringLiteral("/session/load"), { { QStringLiteral("session"), QStringLiteral("Gamma") } });
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.errorCode(), QStringLiteral("not_found"));
        QVERIFY2(unknown.errorMessage().contains(QLatin1String("Gamma")), unknown.body);
        QCOMPARE(post(QStringLiteral("/session/load"), {}).status, 400);
        QCOMPARE(currentId(), beta);
    }

    void renameKeepsTheConversation()
    {
        QCOMPARE(chat(QStringLiteral("Milk, eggs"), {}, replyOf({ QStringLiteral("Noted.") })).status, 200);
        const QString id = currentId();
        const qint64 before = topic(QStringLiteral("sessions"));
        const Answer renamed = post(QStringLiteral("/session/rename"),
                                    { { QStringLiteral("session"), QStringLiteral("Default") },
                                      { QStringLiteral("name"), QStringLiteral("Groceries") } });
        QCOMPARE(renamed.status, 200);
        QCOMPARE(renamed.session()[QLatin1String("id")].toString(), id);
        QCOMPARE(renamed.session()[QLatin1String("name")].toString(), QStringLiteral("Groceries"));
        QCOMPARE(renamed.session()[QLatin1String("message_count")].toInt(), 2);
        QVERIFY(topic(QStringLiteral("sessions")) > before);
        QVERIFY(sessionNamed(QStringLiteral("Default")).isEmpty());
        QCOMPARE(sessionNamed(QStringLiteral("Groceries"))[QLatin1String("id")].toString(), id);
        QCOMPARE(history(QStringLiteral("Groceries")), turn(QStringLiteral("Milk, eggs"), QStringLiteral("Noted.")));

        QCOMPARE(post(QStringLiteral("/session/new"), { { QStringLiteral("name"), QStringLiteral("Other") } }).status, 201);
        const Answer taken = post(QStringLiteral("/session/rename"), { { QStringLiteral("session"), QStringLiteral("Other") },
                                                                       { QStringLiteral("name"), QStringLiteral("Groceries") } });
        QCOMPARE(taken.status, 400);
        QVERIFY2(taken.errorMessage().contains(QLatin1String("Groceries")), taken.body);
        QCOMPARE(post(QStringLiteral("/session/rename"), { { QStringLiteral("session"), QStringLiteral("Other") },
                                                           { QStringLiteral("name"), QString() } })
                         .status,
                 400);
        QCOMPARE(post(QStringLiteral("/session/rename"), { { QStringLiteral("session"), QStringLiteral("Nope") },
                                                           { QStringLiteral("name"), QStringLiteral("Whatever") } })
                         .status,
                 404);
        // Without "session": the current one ("Other", just created and loaded).
        const Answer current = post(QStringLiteral("/session/rename"), { { QStringLiteral("name"), QStringLiteral("Errands") } });
        QCOMPARE(current.status, 200);
        QCOMPARE(current.session()[QLatin1String("current")].toBool(), true);
        QStringList names;
        for (const QJsonValue &s : sessions())
            names.append(s[QLatin1String("name")].toString());
        names.sort();
        QCOMPARE(names, QStringList({ QStringLiteral("Errands"), QStringLiteral("Groceries") }));
    }

    void saveAsCopiesTheMessages()
    {
        QCOMPARE(chat(QStringLiteral("First"), {}, replyOf({ QStringLiteral("One.") })).status, 200);
        QCOMPARE(chat(QStringLiteral("Second"), {}, replyOf({ QStringLiteral("Two.") })).status, 200);
        const QString original = currentId();
        const QJsonArray messages = history();
        QCOMPARE(messages.size(), 4);

        const Answer copy = post(QStringLiteral("/session/save"), { { QStringLiteral("session"), QStringLiteral("Default") },
                                                                    { QStringLiteral("name"), QStringLiteral("Snapshot") } });
        QCOMPARE(copy.status, 201);
        const QString copyId = copy.session()[QLatin1String("id")].toString();
        QVERIFY(copyId != original);
        QCOMPARE(copy.session()[QLatin1String("name")].toString(), QStringLiteral("Snapshot"));
        QCOMPARE(copy.session()[QLatin1String("message_count")].toInt(), 4);
        QCOMPARE(currentId(), original); // saving a copy does not switch to it
        QCOMPARE(history(QStringLiteral("Snapshot")), messages);

        // The two go their own ways.
        QCOMPARE(chat(QStringLiteral("Third"), QStringLiteral("Snapshot"), replyOf({ QStringLiteral("Three.") })).status, 200);
        QCOMPARE(history(QStringLiteral("Snapshot")).size(), 6);
        QCOMPARE(history(QStringLiteral("Default")), messages);

        // Without a name it is a checkpoint of the session itself.
        const Answer checkpoint = post(QStringLiteral("/session/save"), { { QStringLiteral("session"), QStringLiteral("Default") } });
        QCOMPARE(checkpoint.status, 200);
        QCOMPARE(checkpoint.session()[QLatin1String("id")].toString(), original);
        QCOMPARE(sessions().size(), 2);

        QCOMPARE(post(QStringLiteral("/session/save"), { { QStringLiteral("session"), QStringLiteral("Nope") },
                                                         { QStringLiteral("name"), QStringLiteral("X") } })
                         .status,
                 404);
        const Answer taken = post(QStringLiteral("/session/save"), { { QStringLiteral("session"), QStringLiteral("Default") },
                                                                     { QStringLiteral("name"), QStringLiteral("Snapshot") } });
        QCOMPARE(taken.status, 400);
        QCOMPARE(sessions().size(), 2);
    }

    void deleteSession()
    {
        QCOMPARE(chat(QStringLiteral("Scratch this"), QStringLiteral("Doomed")).status, 200);
        const QString doomed = sessionNamed(QStringLiteral("Doomed"))[QLatin1String("id")].toString();
        QVERIFY(!doomed.isEmpty());
        const qint64 before = topic(QStringLiteral("sessions"));
        const Answer deleted = post(QStringLiteral("/session/delete"), { { QStringLiteral("session"), QStringLiteral("Doomed") } });
        QCOMPARE(deleted.status, 200);
        QCOMPARE(deleted.json[QLatin1String("deleted")].toBool(), true);
        QVERIFY(topic(QStringLiteral("sessions")) > before);
        QVERIFY(sessionNamed(QStringLiteral("Doomed")).isEmpty());
        QCOMPARE(get(query(QStringLiteral("/history"), { { QStringLiteral("session"), doomed } })).status, 404);

        const Answer unknown = post(QStringLiteral("/session/delete"), { { QStringLiteral("session"), QStringLiteral("Doomed") } });
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.errorCode(), QStringLiteral("not_found"));
        QCOMPARE(post(QStringLiteral("/session/delete"), {}).status, 400);

        // Deleting the current session moves "current" to one that exists.
        QCOMPARE(post(QStringLiteral("/session/new"), { { QStringLiteral("name"), QStringLiteral("Keep") } }).status, 201);
        QCOMPARE(post(QStringLiteral("/session/load"), { { QStringLiteral("session"), QStringLiteral("Default") } }).status, 200);
        const QString defaultId = currentId();
        const Answer current = post(QStringLiteral("/session/delete"), { { QStringLiteral("session"), QStringLiteral("Default") } });
        QCOMPARE(current.status, 200);
        const QString now = current.json[QLatin1String("current")].toString();
        QVERIFY(now != defaultId);
        QCOMPARE(now, sessionNamed(QStringLiteral("Keep"))[QLatin1String("id")].toString());
        QCOMPARE(currentId(), now);
    }

    void deletingASessionWithARunningReplyIsRefused()
    {
        FakeReply slow;
        slow.tokens = QStringList { QStringLiteral("still "), QStringLiteral("going "), QStringLiteral("on "),
                                    QStringLiteral("and "), QStringLiteral("on.") };
        slow.delayMs = 80;
        m_fake->enqueueReply(slow);
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/chat").arg(m_app->server->port())));
        req.setRawHeader("Authorization", "Bearer " + Token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        auto *stream = new SseClient(m_network.post(req, R"({"message":"Talk slowly","session":"Busy"})"), this);
        QTRY_VERIFY_WITH_TIMEOUT(stream->types().contains(QStringLiteral("stream_chunk")), 5000);

        const Answer refused = post(QStringLiteral("/session/delete"), { { QStringLiteral("session"), QStringLiteral("Busy") } });
        QCOMPARE(refused.status, 400);
        QVERIFY2(refused.errorMessage().contains(QLatin1String("Busy"))
                         && (refused.errorMessage().contains(QLatin1String("stream"))
                             || refused.errorMessage().contains(QLatin1String("running"))),
                 refused.body);
        QVERIFY(!sessionNamed(QStringLiteral("Busy")).isEmpty());

        // The reply goes on to its end and is kept.
        QTRY_VERIFY_WITH_TIMEOUT(stream->finished, 10000);
        QCOMPARE(stream->types().mid(stream->types().size() - 2),
                 QStringList({ QStringLiteral("stream_end"), QStringLiteral("[DONE]") }));
        QCOMPARE(history(QStringLiteral("Busy")), turn(QStringLiteral("Talk slowly"), slow.joinedText()));
        // Once it is done, the session can go.
        QCOMPARE(post(QStringLiteral("/session/delete"), { { QStringLiteral("session"), QStringLiteral("Busy") } }).status, 200);
    }

    void exportsMarkdown()
    {
        QCOMPARE(post(QStringLiteral("/session/new"), { { QStringLiteral("name"), QStringLiteral("Trip notes") } }).status, 201);
        QCOMPARE(chat(QStringLiteral("Where should we go?"), {}, replyOf({ QStringLiteral("Lisbon "), QStringLiteral("in May.") })).status, 200);

        const Answer md = get(query(QStringLiteral("/session/export"), { { QStringLiteral("session"), QStringLiteral("Trip notes") },
                                                                         { QStringLiteral("format"), QStringLiteral("markdown") } }));
        QCOMPARE(md.status, 200);
        QVERIFY2(md.contentType.startsWith("text/markdown"), md.contentType);
        QVERIFY2(md.disposition.startsWith("attachment"), md.disposition);
        QVERIFY2(md.disposition.contains("filename=\"Trip-notes.md\""), md.disposition);
        const QString text = QString::fromUtf8(md.body);
        QVERIFY2(text.startsWith(QLatin1String("# Trip notes\n")), qPrintable(text));
        const qsizetype question = text.indexOf(QLatin1String("## You\n\nWhere should we go?\n"));
        const qsizetype answer = text.indexOf(QLatin1String("## Attache\n\nLisbon in May.\n"));
        QVERIFY2(question > 0 && answer > question, qPrintable(text));

        // Markdown is the default format; the current session the default session.
        const Answer plain = get(QStringLiteral("/session/export"));
        QCOMPARE(plain.status, 200);
        QCOMPARE(plain.body.mid(plain.body.indexOf("\n## ")), md.body.mid(md.body.indexOf("\n## ")));

        QCOMPARE(get(query(QStringLiteral("/session/export"), { { QStringLiteral("format"), QStringLiteral("pdf") } })).status, 400);
        QCOMPARE(get(query(QStringLiteral("/session/export"), { { QStringLiteral("session"), QStringLiteral("Nope") } })).status, 404);
    }

    void exportedJsonImportsBack()
    {
        QCOMPARE(post(QStringLiteral("/session/new"), { { QStringLiteral("name"), QStringLiteral("Recipes") } }).status, 201);
        QCOMPARE(chat(QStringLiteral("Bread?"), {}, replyOf({ QStringLiteral("Flour, water, salt, time.") })).status, 200);
        QCOMPARE(chat(QStringLiteral("And \"sourdough\"?"), {}, replyOf({ QStringLiteral("A starter: ünïcödé ✓.") })).status, 200);
        const QJsonArray messages = history();
        QCOMPARE(messages.size(), 4);

        const Answer exported = get(query(QStringLiteral("/session/export"), { { QStringLiteral("session"), QStringLiteral("Recipes") },
                                                                               { QStringLiteral("format"), QStringLiteral("json") } }));
        QCOMPARE(exported.status, 200);
        QVERIFY2(exported.contentType.startsWith("application/json"), exported.contentType);
        QVERIFY2(exported.disposition.startsWith("attachment") && exported.disposition.contains("filename=\"Recipes.json\""),
                 exported.disposition);
        QCOMPARE(exported.json[QLatin1String("name")].toString(), QStringLiteral("Recipes"));
        QCOMPARE(exported.json[QLatin1String("messages")].toArray(), messages);

        const qint64 sessionsBefore = topic(QStringLiteral("sessions"));
        const qint64 historyBefore = topic(QStringLiteral("history"));
        const Answer imported = send("POST", QStringLiteral("/session/import"), exported.body);
        QCOMPARE(imported.status, 201);
        const QString id = imported.session()[QLatin1String("id")].toString();
        QVERIFY(!id.isEmpty() && id != currentId());
        const QString name = imported.session()[QLatin1String("name")].toString();
        QVERIFY2(name != QLatin1String("Recipes") && name.startsWith(QLatin1String("Recipes")), qPrintable(name));
        QCOMPARE(imported.session()[QLatin1String("message_count")].toInt(), 4);
        QCOMPARE(history(id), messages);
        QVERIFY(topic(QStringLiteral("sessions")) > sessionsBefore);
        QVERIFY(topic(QStringLiteral("history")) > historyBefore);

        const Answer garbage = send("POST", QStringLiteral("/session/import"), "{\"not\": ");
        QCOMPARE(garbage.status, 400);
        QCOMPARE(send("POST", QStringLiteral("/session/import"), R"({"name":"Empty","messages":[]})").status, 400);
        QCOMPARE(sessions().size(), 3);
    }

    void usageTotalsAndFilters()
    {
        // One chat over HTTP in "Alpha", one from an editor over the WebSocket in "Beta".
        QCOMPARE(chat(QStringLiteral("Count to three"), QStringLiteral("Alpha"),
                      replyOf({ QStringLiteral("1 "), QStringLiteral("2 "), QStringLiteral("3") }))
                         .status,
                 200);
        // A client holding its answer finds the request counted.
        const QJsonObject first = usage()[QLatin1String("totals")].toObject();
        QVERIFY2(first[QLatin1String("requests")].toInt() == 1,
                 qPrintable(QStringLiteral("GET /usage right after a chat's answer does not count the chat: %1")
                                    .arg(QString::fromUtf8(QJsonDocument(first).toJson(QJsonDocument::Compact)))));
        WsClient editor;
        QVERIFY(editor.open(m_app->server->port(), Token, "vscode"));
        const QJsonObject hello = editor.callAndWait(QStringLiteral("hello"), { { QStringLiteral("kind"), QStringLiteral("vscode") },
                                                                                { QStringLiteral("name"), QStringLiteral("test") } });
        const QString client = hello[QLatin1String("result")][QLatin1String("client")].toString();
        QVERIFY2(!client.isEmpty(), QJsonDocument(hello).toJson());
        m_fake->enqueueReply(replyOf({ QStringLiteral("a "), QStringLiteral("b "), QStringLiteral("c "), QStringLiteral("d "), QStringLiteral("e") }));
        const QJsonObject started = editor.callAndWait(QStringLiteral("chat"), { { QStringLiteral("message"), QStringLiteral("Five letters") },
                                                                                 { QStringLiteral("session"), QStringLiteral("Beta") } });
        const QString run = started[QLatin1String("result")][QLatin1String("run")].toString();
        QVERIFY2(!run.isEmpty(), QJsonDocument(started).toJson());
        QTRY_VERIFY_WITH_TIMEOUT(editor.runEnded(run), 5000);
        QCOMPARE(editor.events(run).constLast()[QLatin1String("type")].toString(), QStringLiteral("stream_end"));
        const QString alpha = sessionNamed(QStringLiteral("Alpha"))[QLatin1String("id")].toString();
        const QString beta = sessionNamed(QStringLiteral("Beta"))[QLatin1String("id")].toString();
        QVERIFY(!alpha.isEmpty() && !beta.isEmpty());

        const auto cost = [](int prompt, int completion) { return (prompt * InputPrice + completion * OutputPrice) / 1e6; };
        const auto check = [&](const QJsonObject &usage, int requests, int completion, const char *what) {
            const QJsonObject totals = usage[QLatin1String("totals")].toObject();
            const QByteArray where = QByteArray(what) + ": " + QJsonDocument(totals).toJson(QJsonDocument::Compact);
            QVERIFY2(totals[QLatin1String("requests")].toInt() == requests, where);
            QVERIFY2(totals[QLatin1String("prompt_tokens")].toInt() == requests * PromptTokens, where);
            QVERIFY2(totals[QLatin1String("completion_tokens")].toInt() == completion, where);
            QVERIFY2(totals[QLatin1String("total_tokens")].toInt() == requests * PromptTokens + completion, where);
            QVERIFY2(qAbs(totals[QLatin1String("cost")].toDouble() - cost(requests * PromptTokens, completion)) < 1e-12, where);
        };

        const QJsonObject all = usage();
        check(all, 2, 8, "all");
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(all[QLatin1String("by_session")].toArray().size(), 2);
        QCOMPARE(all[QLatin1String("by_model")].toArray().size(), 1);
        QCOMPARE(all[QLatin1String("by_model")][0][QLatin1String("model")].toString(), QStringLiteral("gpt-4o-mini"));
        QCOMPARE(all[QLatin1String("by_provider")][0][QLatin1String("provider")].toString(), QStringLiteral("openai"));

        check(usage({ { QStringLiteral("session"), alpha } }), 1, 3, "session=<Alpha's id>");
        check(usage({ { QStringLiteral("session"), QStringLiteral("Beta") } }), 1, 5, "session=Beta (by name)");
        check(usage({ { QStringLiteral("client"), client } }), 1, 5, "client=<the editor>");
        check(usage({ { QStringLiteral("client"), client }, { QStringLiteral("session"), QStringLiteral("Alpha") } }), 0, 0,
              "client=<the editor>&session=Alpha");

        const QDate today = QDateTime::currentDateTimeUtc().date();
        const QString yesterday = today.addDays(-1).toString(Qt::ISODate);
        const QString tomorrow = today.addDays(1).toString(Qt::ISODate);
        check(usage({ { QStringLiteral("from"), today.toString(Qt::ISODate) } }), 2, 8, "from=today");
        check(usage({ { QStringLiteral("from"), yesterday }, { QStringLiteral("to"), today.toString(Qt::ISODate) } }), 2, 8,
              "from=yesterday&to=today");
        check(usage({ { QStringLiteral("to"), yesterday } }), 0, 0, "to=yesterday");
        check(usage({ { QStringLiteral("from"), tomorrow } }), 0, 0, "from=tomorrow");
        QCOMPARE(usage({ { QStringLiteral("from"), today.toString(Qt::ISODate) } })[QLatin1String("by_day")][0][QLatin1String("day")].toString(),
                 today.toString(Qt::ISODate));

        for (const QString &bad : { QStringLiteral("2024-13-40"), QStringLiteral("yesterday"), QStringLiteral("22/11/2026") }) {
            const Answer from = get(query(QStringLiteral("/usage"), { { QStringLiteral("from"), bad } }));
            QCOMPARE(from.status, 400);
            QCOMPARE(from.errorCode(), QStringLiteral("invalid_request"));
            QCOMPARE(get(query(QStringLiteral("/usage"), { { QStringLiteral("to"), bad } })).status, 400);
        }

        // The ledger outlives what it counts.
        QCOMPARE(post(QStringLiteral("/session/delete"), { { QStringLiteral("session"), QStringLiteral("Alpha") } }).status, 200);
        check(usage(), 2, 8, "after deleting Alpha");
    }

    void everyChangeBumpsItsTopic_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("topic");
        const QString sessions = QStringLiteral("sessions");
        const QString history = QStringLiteral("history");
        QTest::newRow("new") << QStringLiteral("new") << sessions;
        QTest::newRow("load") << QStringLiteral("load") << sessions;
        QTest::newRow("rename") << QStringLiteral("rename") << sessions;
        QTest::newRow("save as") << QStringLiteral("save as") << sessions;
        QTest::newRow("delete") << QStringLiteral("delete") << sessions;
        QTest::newRow("import: sessions") << QStringLiteral("import") << sessions;
        QTest::newRow("import: history") << QStringLiteral("import") << history;
        QTest::newRow("chat in a new session: sessions") << QStringLiteral("chat new") << sessions;
        QTest::newRow("chat") << QStringLiteral("chat") << history;
        QTest::newRow("clear history") << QStringLiteral("clear") << history;
    }
    void everyChangeBumpsItsTopic()
    {
        QFETCH(QString, change);
        QFETCH(QString, topic);
        QCOMPARE(chat(QStringLiteral("hello")).status, 200);
        QCOMPARE(post(QStringLiteral("/session/new"), { { QStringLiteral("name"), QStringLiteral("Spare") }, { QStringLiteral("load"), false } }).status, 201);
        const QByteArray exported = get(query(QStringLiteral("/session/export"), { { QStringLiteral("format"), QStringLiteral("json") } })).body;

        const qint64 before = this->topic(topic);
        int status = 0;
        if (change == QLatin1String("new"))
            status = post(QStringLiteral("/session/new"), { { QStringLiteral("name"), QStringLiteral("Fresh") } }).status;
        else if (change == QLatin1String("load"))
            status = post(QStringLiteral("/session/load"), { { QStringLiteral("session"), QStringLiteral("Spare") } }).status;
        else if (change == QLatin1String("rename"))
            status = post(QStringLiteral("/session/rename"), { { QStringLiteral("session"), QStringLiteral("Spare") },
                                                               { QStringLiteral("name"), QStringLiteral("Reserve") } }).status;
        else if (change == QLatin1String("save as"))
            status = post(QStringLiteral("/session/save"), { { QStringLiteral("name"), QStringLiteral("Copy") } }).status;
        else if (change == QLatin1String("delete"))
            status = post(QStringLiteral("/session/delete"), { { QStringLiteral("session"), QStringLiteral("Spare") } }).status;
        else if (change == QLatin1String("import"))
            status = send("POST", QStringLiteral("/session/import"), exported).status;
        else if (change == QLatin1String("chat new"))
            status = chat(QStringLiteral("again"), QStringLiteral("Brand new")).status;
        else if (change == QLatin1String("chat"))
            status = chat(QStringLiteral("again")).status;
        else if (change == QLatin1String("clear"))
            status = post(QStringLiteral("/history/clear"), {}).status;
        QVERIFY2(status >= 200 && status < 300, qPrintable(QString::number(status)));
        QVERIFY2(this->topic(topic) > before, qPrintable(QStringLiteral("%1 stayed at %2").arg(topic).arg(before)));
    }

    void restartKeepsEverything()
    {
        QCOMPARE(chat(QStringLiteral("Hi"), {}, replyOf({ QStringLiteral("Hello!") })).status, 200);
        QCOMPARE(post(QStringLiteral("/session/new"), { { QStringLiteral("name"), QStringLiteral("Work") } }).status, 201);
        QCOMPARE(chat(QStringLiteral("Standup notes?"), {}, replyOf({ QStringLiteral("Shipped "), QStringLiteral("the fix.") })).status, 200);
        QCOMPARE(chat(QStringLiteral("Next?"), {}, replyOf({ QStringLiteral("Write the tests.") })).status, 200);
        QCOMPARE(post(QStringLiteral("/session/rename"), { { QStringLiteral("session"), QStringLiteral("Work") },
                                                           { QStringLiteral("name"), QStringLiteral("Job") } }).status,
                 200);
        QCOMPARE(post(QStringLiteral("/session/save"), { { QStringLiteral("session"), QStringLiteral("Job") },
                                                         { QStringLiteral("name"), QStringLiteral("Job copy") } }).status,
                 201);
        QCOMPARE(post(QStringLiteral("/session/new"), { { QStringLiteral("name"), QStringLiteral("Temp") } }).status, 201);
        QCOMPARE(chat(QStringLiteral("Throwaway")).status, 200);
        QCOMPARE(post(QStringLiteral("/session/delete"), { { QStringLiteral("session"), QStringLiteral("Temp") } }).status, 200);
        const QByteArray exported = get(query(QStringLiteral("/session/export"), { { QStringLiteral("session"), QStringLiteral("Job") },
                                                                                   { QStringLiteral("format"), QStringLiteral("json") } }))
                                            .body;
        QCOMPARE(send("POST", QStringLiteral("/session/import"), exported).status, 201);
        QCOMPARE(post(QStringLiteral("/history/clear"), { { QStringLiteral("session"), QStringLiteral("Default") } }).status, 200);
        QCOMPARE(chat(QStringLiteral("After the clear"), QStringLiteral("Default"), replyOf({ QStringLiteral("Fresh start.") })).status, 200);
        QCOMPARE(post(QStringLiteral("/session/load"), { { QStringLiteral("session"), QStringLiteral("Job") } }).status, 200);

        const Answer listBefore = get(QStringLiteral("/sessions"));
        const QJsonArray sessionsBefore = listBefore.json[QLatin1String("sessions")].toArray();
        QCOMPARE(sessionsBefore.size(), 4); // Default, Job, Job copy, the import
        QHash<QString, QJsonArray> historiesBefore;
        for (const QJsonValue &s : sessionsBefore)
            historiesBefore.insert(s[QLatin1String("id")].toString(), history(s[QLatin1String("id")].toString()));
        const QJsonObject usageBefore = usage();
        QCOMPARE(usageBefore[QLatin1String("totals")][QLatin1String("requests")].toInt(), 5);

        restart();
        if (QTest::currentTestFailed())
            return;

        const Answer listAfter = get(QStringLiteral("/sessions"));
        QCOMPARE(listAfter.json[QLatin1String("current")].toString(), listBefore.json[QLatin1String("current")].toString());
        QCOMPARE(sortedById(listAfter.json[QLatin1String("sessions")].toArray()), sortedById(sessionsBefore));
        for (auto it = historiesBefore.cbegin(); it != historiesBefore.cend(); ++it)
            QCOMPARE(history(it.key()), it.value());
        QCOMPARE(history(QStringLiteral("Default")), turn(QStringLiteral("After the clear"), QStringLiteral("Fresh start.")));
        QCOMPARE(usage(), usageBefore);

        // The restored conversation is what the model gets with the next turn.
        QCOMPARE(chat(QStringLiteral("Where were we?"), {}, replyOf({ QStringLiteral("At the tests.") })).status, 200);
        const QJsonArray sent = m_fake->chatRequests().constLast()[QLatin1String("messages")].toArray();
        QCOMPARE(sent.size(), 5);
        QCOMPARE(sent.at(0)[QLatin1String("content")].toString(), QStringLiteral("Standup notes?"));
        QCOMPARE(sent.at(3)[QLatin1String("content")].toString(), QStringLiteral("Write the tests."));
    }

    void restartKeepsTheCurrentSessionAfterDeletingIt()
    {
        // The user deletes the session on screen; Attache shows another one; a later restart
        // must come back to that one, whatever was chatted elsewhere in between.
        QCOMPARE(post(QStringLiteral("/session/new"), { { QStringLiteral("name"), QStringLiteral("Notes") } }).status, 201);
        QCOMPARE(chat(QStringLiteral("note one")).status, 200);
        QCOMPARE(post(QStringLiteral("/session/new"), { { QStringLiteral("name"), QStringLiteral("Scratch") } }).status, 201);
        const Answer deleted = post(QStringLiteral("/session/delete"), { { QStringLiteral("session"), QStringLiteral("Scratch") } });
        QCOMPARE(deleted.status, 200);
        const QString shown = deleted.json[QLatin1String("current")].toString();
        QCOMPARE(shown, sessionNamed(QStringLiteral("Notes"))[QLatin1String("id")].toString());
        QTest::qWait(5);
        QCOMPARE(chat(QStringLiteral("meanwhile, elsewhere"), QStringLiteral("Default")).status, 200);
        QCOMPARE(currentId(), shown);

        restart();
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(currentId() == shown,
                 qPrintable(QStringLiteral("after a restart the current session is \"%1\", not \"Notes\", which was current "
                                           "when Attache stopped")
                                    .arg(sessionNamed(QStringLiteral("Default"))[QLatin1String("id")].toString() == currentId()
                                                 ? QStringLiteral("Default")
                                                 : currentId())));
    }
};

QTEST_GUILESS_MAIN(TestSessionsApi)
#include "tst_sessionsapi.moc"
