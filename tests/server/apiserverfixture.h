// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the API server tests share: a server on a free loopback port over a test engine, a fake
// provider behind it, and requests with or without the token.
#include "apiserver.h"
#include "attachewarnings.h"
#include "eventorder.h"
#include "fakeprovider.h"
#include "sseclient.h"
#include "testengine.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTest>

namespace apitest {

inline const QByteArray Token =
    QByteArrayLiteral("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
// Longer than any test runs: what waits this long has not happened when the test looks.
constexpr int NeverMs = 24 * 60 * 60 * 1000;

struct Answer
{
    int status = 0;
    QJsonObject json;
    QJsonArray array;
    QByteArray body;
    QNetworkReply *reply = nullptr;
    QByteArray header(const char *name) const { return reply->rawHeader(name); }
};

inline FakeReply slowReply(int tokens, int delayMs)
{
    FakeReply r;
    r.tokens.clear();
    for (int i = 0; i < tokens; ++i)
        r.tokens.append(QStringLiteral("t%1 ").arg(i));
    r.delayMs = delayMs;
    return r;
}

} // namespace apitest
using namespace apitest;

/** A server over a test engine with a fake provider behind it, and ways to talk to it. */
class ApiServerFixture : public QObject
{
    Q_OBJECT

protected Q_SLOTS:
    void init()
    {
        failOnAttacheWarnings();
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<TestEngine>(TestEngine::pointingAt(m_fake->baseUrl()));
        startServer(0);
    }
    void cleanup()
    {
        m_server.reset();
        m_test.reset();
        delete m_fake;
    }

protected:
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<TestEngine> m_test;
    std::unique_ptr<ApiServer> m_server;
    QNetworkAccessManager m_network;

    QNetworkRequest request(const QString &path, bool withToken = true) const
    {
        QNetworkRequest req(
            QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(path)));
        if (withToken)
            req.setRawHeader("Authorization", "Bearer " + Token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        return req;
    }

    Answer send(const QByteArray &method, const QNetworkRequest &req, const QByteArray &body = {})
    {
        QNetworkReply *reply = m_network.sendCustomRequest(req, method, body);
        reply->setParent(this);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(10000);
        Answer answer;
        answer.reply = reply;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        const QJsonDocument doc = QJsonDocument::fromJson(answer.body);
        answer.json = doc.object();
        answer.array = doc.array();
        return answer;
    }
    Answer get(const QString &path, bool withToken = true)
    {
        return send("GET", request(path, withToken));
    }
    Answer post(const QString &path, const QByteArray &body = {})
    {
        return send("POST", request(path), body);
    }

    SseClient *streamChat(const QByteArray &body)
    {
        QNetworkRequest req = request(QStringLiteral("/chat"));
        req.setRawHeader("Accept", "text/event-stream");
        return new SseClient(m_network.post(req, body), this);
    }

    static QString errorCode(const Answer &a)
    {
        return a.json[QLatin1String("error")][QLatin1String("code")].toString();
    }

    /** (Re)starts the server; graceMs is how long a run nobody watches goes on. */
    void startServer(int graceMs)
    {
        m_server.reset();
        ServerOptions options;
        options.port = 0;
        options.token = Token;
        options.detachGraceMs = graceMs;
        m_server = std::make_unique<ApiServer>(*m_test->engine, options);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }
};
