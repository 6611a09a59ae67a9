// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the sessions tests share: sessions, history, export/import and the usage ledger over
// HTTP, on an engine that keeps them in a real SQLite store, as the app runs it; a restart is a
// fresh engine on the same directory.
#include "apiserver.h"
#include "attachewarnings.h"
#include "fakeprovider.h"
#include "sessions/sessionstore.h"
#include "settings.h"
#include "testengine.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <memory>

namespace sessionstest {

inline const QByteArray Token =
    QByteArrayLiteral("5e55105e55105e55105e55105e55105e55105e55105e55105e55105e55105e55");

struct Answer
{
    int status = 0;
    QJsonObject json;
    QByteArray body;
    QByteArray contentType;
    QByteArray disposition;

    QString errorCode() const
    {
        return json[QLatin1String("error")][QLatin1String("code")].toString();
    }
    QString errorMessage() const
    {
        return json[QLatin1String("error")][QLatin1String("message")].toString();
    }
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
        catalog = ProviderCatalog::load({}, TestEngine::pointingAt(provider));
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

inline FakeReply replyOf(const QStringList &tokens, int delayMs = 0)
{
    FakeReply reply;
    reply.tokens = tokens;
    reply.delayMs = delayMs;
    return reply;
}

} // namespace sessionstest
using namespace sessionstest;

/** A persistent app on a fresh directory, a fake provider behind it, and ways to talk to it. */
class SessionsFixture : public QObject
{
    Q_OBJECT

protected Q_SLOTS:
    void init()
    {
        failOnAttacheWarnings();
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_startedAt = QDateTime::currentDateTimeUtc();
        // Noon tomorrow: later than anything the app dates by the wall clock, and a day of
        // changes away from midnight.
        m_now = QDateTime(m_startedAt.date().addDays(1), QTime(12, 0), Qt::UTC);
        start();
    }
    void cleanup()
    {
        m_app.reset();
        delete m_fake;
        m_fake = nullptr;
        m_dir.reset();
    }

protected:
    std::unique_ptr<QTemporaryDir> m_dir;
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<PersistentApp> m_app;
    QNetworkAccessManager m_network;
    QDateTime m_startedAt; // before the first start
    QDateTime m_now; // the sessions' clock: the last time it gave (UTC)

    void start()
    {
        m_app = std::make_unique<PersistentApp>(m_dir->path(), m_fake->baseUrl());
        QVERIFY2(m_app->opened.ok(),
                 qPrintable(m_app->opened.ok() ? QString() : m_app->opened.error().message));
        QVERIFY2(m_app->started, qPrintable(m_app->error));
        // Sessions and their turns change a second apart on a clock of the test's: which one
        // changed last, and on which day, never hangs on how fast the machine is.
        m_app->engine->sessionManager().setClock([this] { return m_now = m_now.addSecs(1); });
    }

    Answer send(const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {})
    {
        QNetworkRequest req(QUrl(
            QStringLiteral("http://127.0.0.1:%1%2").arg(m_app->server->port()).arg(pathAndQuery)));
        req.setRawHeader("Authorization", "Bearer " + Token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_network.sendCustomRequest(req, method, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(60000);
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
    Answer chat(const QString &message, const QString &session = {},
                const FakeReply &reply = FakeReply())
    {
        m_fake->enqueueReply(reply);
        QJsonObject body { { QStringLiteral("message"), message },
                           { QStringLiteral("stream"), false } };
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

    QJsonArray sessions()
    {
        return get(QStringLiteral("/sessions")).json[QLatin1String("sessions")].toArray();
    }
    QString currentId()
    {
        return get(QStringLiteral("/sessions")).json[QLatin1String("current")].toString();
    }
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
                                               : query(QStringLiteral("/history"),
                                                       { { QStringLiteral("session"), session } }));
        return a.json[QLatin1String("messages")].toArray();
    }
    qint64 topic(const QString &name)
    {
        return get(QStringLiteral("/topics")).json[name].toInteger();
    }
    QJsonObject usage(const QList<QPair<QString, QString>> &filter = {})
    {
        return get(query(QStringLiteral("/usage"), filter)).json;
    }

    static QJsonArray turn(const QString &user, const QString &assistant)
    {
        return { QJsonObject { { QStringLiteral("role"), QStringLiteral("user") },
                               { QStringLiteral("content"), user } },
                 QJsonObject { { QStringLiteral("role"), QStringLiteral("assistant") },
                               { QStringLiteral("content"), assistant } } };
    }
};
