// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the WebSocket channel tests share: a server on a free loopback port with a fake provider
// behind it, JSON-RPC clients connected to it, and plain HTTP and raw upgrade requests beside them.
#include "apiserver.h"
#include "attachewarnings.h"
#include "eventorder.h"
#include "fakeprovider.h"
#include "testengine.h"
#include "wsclient.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

namespace {

const QByteArray Token =
    QByteArrayLiteral("feedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedface");

inline int errorCode(const QJsonObject &response)
{
    return response.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt();
}

inline QString chunksText(const QList<QJsonObject> &events)
{
    QString text;
    for (const QJsonObject &e : events) {
        if (e.value(QLatin1String("type")) == QLatin1String("stream_chunk"))
            text += e.value(QLatin1String("data")).toString();
    }
    return text;
}

inline FakeReply tokens(int count, int delayMs)
{
    FakeReply r;
    r.chunks = count;
    r.delayMs = delayMs;
    return r;
}

} // namespace

/** A server on a free loopback port, a fake provider behind it, and clients for /ws and HTTP. */
class WsChannelFixture : public QObject
{
    Q_OBJECT

protected:
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<TestEngine> m_test;
    std::unique_ptr<ApiServer> m_server;
    QNetworkAccessManager m_network;

    /** drainClock: by which peers are judged to read (the system's steady clock if empty). */
    void startServer(int graceMs = 5000, int pingMs = 30000, int silenceMs = 90000,
                     DrainJudge::Clock drainClock = {})
    {
        m_server.reset();
        ServerOptions options;
        options.port = 0;
        options.token = Token;
        options.detachGraceMs = graceMs;
        options.wsPingIntervalMs = pingMs;
        options.wsSilenceLimitMs = silenceMs;
        options.drainClock = std::move(drainClock);
        m_server = std::make_unique<ApiServer>(*m_test->engine, options);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }

    WsClient *connected(const QByteArray &kind = {})
    {
        auto *client = new WsClient(this);
        if (!client->open(m_server->port(), Token, kind))
            qWarning("WebSocket did not connect: %s", qPrintable(client->socket.errorString()));
        return client;
    }

    int httpPost(const QString &path, const QByteArray &body)
    {
        QNetworkRequest req(
            QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(path)));
        req.setRawHeader("Authorization", "Bearer " + Token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_network.post(req, body);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            done.wait(30000);
        reply->deleteLater();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

    /** The raw answer to an upgrade request, for what QWebSocket hides. */
    QByteArray rawUpgrade(const QByteArray &extraHeaders, QTcpSocket &socket)
    {
        QByteArray answer;
        QObject scope; // the lambdas below capture locals: they must not outlive this call
        connect(&socket, &QTcpSocket::connected, &scope, [&] {
            socket.write(
                "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(m_server->port())
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + extraHeaders + "\r\n");
        });
        connect(&socket, &QTcpSocket::readyRead, &scope, [&] { answer += socket.readAll(); });
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        (void)QTest::qWaitFor([&] { return answer.contains("\r\n\r\n"); }, 5000);
        return answer;
    }

protected Q_SLOTS:
    void init()
    {
        failOnAttacheWarnings();
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<TestEngine>(TestEngine::pointingAt(m_fake->baseUrl()));
        startServer();
    }
    void cleanup()
    {
        qDeleteAll(findChildren<WsClient *>());
        m_server.reset();
        m_test.reset();
        delete m_fake;
    }
};
