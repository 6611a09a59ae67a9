// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The /v1/messages door of a real server, with a real store, in front of two fakes: the
// OpenAI-compatible provider (the current one) and Anthropic's API (claude-* models).
#include "apiserver.h"
#include "fakeanthropic.h"
#include "fakeprovider.h"
#include "net/sseparser.h"
#include "sessions/sessionstore.h"
#include "settings.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace doortest {

inline const QByteArray Token =
    QByteArrayLiteral("a11a11a11a11a11a11a11a11a11a11a11a11a11a11a11a11a11a11a11a11a11a");

struct Answer
{
    int status = 0;
    QJsonObject json;
    QByteArray body;
    QNetworkReply *reply = nullptr;
    QByteArray header(const char *name) const { return reply->rawHeader(name); }
    QString errorType() const
    {
        return json[QLatin1String("error")][QLatin1String("type")].toString();
    }
    QString errorMessage() const
    {
        return json[QLatin1String("error")][QLatin1String("message")].toString();
    }
};

/** An Anthropic event stream as the SDKs read it: event names and their JSON. */
class EventReader : public QObject
{
    Q_OBJECT
public:
    struct Event
    {
        QByteArray name;
        QJsonObject data;
    };
    explicit EventReader(QNetworkReply *reply, QObject *parent)
        : QObject(parent)
        , reply(reply)
    {
        connect(reply, &QNetworkReply::readyRead, this, [this] {
            const QByteArray bytes = this->reply->readAll();
            body += bytes;
            m_parser.feed(bytes, [this](const SseEvent &e) {
                if (!e.event.isEmpty() || !e.data.isEmpty())
                    events.append({ e.event, QJsonDocument::fromJson(e.data).object() });
                Q_EMIT eventRead();
            });
        });
        connect(reply, &QNetworkReply::finished, this, [this] { finished = true; });
    }
    bool waitFinished()
    {
        return QTest::qWaitFor([this] { return finished; }, 15000);
    }
    QList<QByteArray> names() const
    {
        QList<QByteArray> list;
        for (const Event &e : events)
            list.append(e.name);
        return list;
    }
    /** The text of every text_delta, joined. */
    QString text(const QString &deltaType = QStringLiteral("text_delta"),
                 const QString &field = QStringLiteral("text")) const
    {
        QString joined;
        for (const Event &e : events) {
            const QJsonObject delta = e.data[QLatin1String("delta")].toObject();
            if (delta[QLatin1String("type")].toString() == deltaType)
                joined += delta[field].toString();
        }
        return joined;
    }
    Event first(const QByteArray &name) const
    {
        for (const Event &e : events) {
            if (e.name == name)
                return e;
        }
        return {};
    }
    int status() const
    {
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

    QNetworkReply *reply;
    QList<Event> events;
    QByteArray body; // every byte of the answer, as it came (an error is not an event stream)
    bool finished = false;

Q_SIGNALS:
    void eventRead();

private:
    SseParser m_parser;
};

} // namespace doortest
using namespace doortest;

class AnthropicDoorFixture : public QObject
{
    Q_OBJECT

protected Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_openai = new FakeProvider(this);
        m_anthropic = new FakeAnthropic(this);
        // The gateways take only models a provider lists (ModelDirectory).
        m_anthropic->setModels(
            { QStringLiteral("claude-haiku-4-5"), QStringLiteral("claude-sonnet-4-6") });
        QVERIFY(m_openai->listen() && m_anthropic->listen());
        m_settings = std::make_unique<Settings>(m_dir->filePath(QStringLiteral("settings.ini")));
        m_settings->setValue(Settings::RetryBaseMs, 20);
        m_store = std::make_unique<SessionStore>(m_dir->filePath(QStringLiteral("attache.db")));
        QVERIFY(m_store->open().ok());
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("ATTACHE_OPENAI_BASE_URL"),
                           m_openai->baseUrl().toString());
        environment.insert(QStringLiteral("ATTACHE_ANTHROPIC_BASE_URL"),
                           m_anthropic->baseUrl().toString());
        environment.insert(QStringLiteral("ANTHROPIC_API_KEY"), QStringLiteral("sk-ant-upstream"));
        m_catalog = ProviderCatalog::load({}, environment);
        m_engine = std::make_unique<Engine>(m_catalog, *m_settings, m_store.get());
        QVERIFY(m_engine->setProvider(QStringLiteral("openai")).ok());
        ServerOptions options;
        options.port = 0;
        options.token = Token;
        m_server = std::make_unique<ApiServer>(*m_engine, options);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }
    void cleanup()
    {
        m_server.reset();
        m_engine.reset();
        m_store->flush();
        m_store.reset();
        m_settings.reset();
        delete m_openai;
        delete m_anthropic;
        m_dir.reset();
    }

protected:
    std::unique_ptr<QTemporaryDir> m_dir;
    FakeProvider *m_openai = nullptr;
    FakeAnthropic *m_anthropic = nullptr;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<SessionStore> m_store;
    ProviderCatalog m_catalog;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<ApiServer> m_server;
    QNetworkAccessManager m_network;

    /** A request as Anthropic's SDKs make it: the token as x-api-key, the API version. */
    QNetworkRequest request(const QString &path, const QByteArray &apiKey = Token) const
    {
        QNetworkRequest req(
            QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(path)));
        if (!apiKey.isEmpty())
            req.setRawHeader("x-api-key", apiKey);
        req.setRawHeader("anthropic-version", "2023-06-01");
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        return req;
    }
    Answer send(const QByteArray &method, const QNetworkRequest &req, const QByteArray &body = {})
    {
        QNetworkReply *reply = m_network.sendCustomRequest(req, method, body);
        reply->setParent(this);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(15000);
        Answer answer;
        answer.reply = reply;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        answer.json = QJsonDocument::fromJson(answer.body).object();
        return answer;
    }
    Answer messages(const QJsonObject &body, QNetworkRequest req = {})
    {
        if (req.url().isEmpty())
            req = request(QStringLiteral("/v1/messages"));
        return send("POST", req, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    EventReader *stream(QJsonObject body, QNetworkRequest req = {})
    {
        if (req.url().isEmpty())
            req = request(QStringLiteral("/v1/messages"));
        body.insert(QStringLiteral("stream"), true);
        return new EventReader(
            m_network.post(req, QJsonDocument(body).toJson(QJsonDocument::Compact)), this);
    }
    static QJsonObject ask(const QString &model, const QString &text, int maxTokens = 100)
    {
        return { { QStringLiteral("model"), model },
                 { QStringLiteral("max_tokens"), maxTokens },
                 { QStringLiteral("messages"),
                   QJsonArray { QJsonObject { { QStringLiteral("role"), QStringLiteral("user") },
                                              { QStringLiteral("content"), text } } } } };
    }
};
