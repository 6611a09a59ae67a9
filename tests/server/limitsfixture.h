// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apiserver.h"
#include "attachewarnings.h"
#include "fakeprovider.h"
#include "rawclient.h"
#include "testengine.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <algorithm>
#include <sys/resource.h>

namespace {

const QByteArray Token =
    QByteArrayLiteral("c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff");
const QByteArray Auth = "Authorization: Bearer " + Token + "\r\n";
const QByteArray Editor = QByteArrayLiteral("vscode-webview://1a2b3c");
constexpr int SlowClients = 500;

inline QByteArray chunk(const QByteArray &data)
{
    return QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n";
}

} // namespace

/** A server on a free loopback port, a fake provider behind it, and ways to talk to it. */
class LimitsFixture : public QObject
{
    Q_OBJECT

protected:
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<TestEngine> m_test;
    std::unique_ptr<ApiServer> m_server;
    QNetworkAccessManager m_network;
    rlim_t m_openFiles = 0;

    /** Many sockets at once need more than the usual soft limit of 1,024 open files. */
    void raiseOpenFileLimit()
    {
        rlimit limit {};
        QCOMPARE(getrlimit(RLIMIT_NOFILE, &limit), 0);
        limit.rlim_cur = std::max(limit.rlim_cur, std::min<rlim_t>(limit.rlim_max, 1 << 16));
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
        m_openFiles = limit.rlim_cur;
    }
    /** A fake provider, an engine pointing at it and a server in front, warnings failing. */
    void startEngineAndServer()
    {
        failOnAttacheWarnings();
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<TestEngine>(TestEngine::pointingAt(m_fake->baseUrl()));
        startServer();
    }
    void tearDownServer()
    {
        qDeleteAll(findChildren<RawClient *>(QString(), Qt::FindDirectChildrenOnly));
        m_server.reset();
        m_test.reset();
        delete m_fake;
        m_fake = nullptr;
    }

    /** drainClock: by which event streams judge whether their reader still reads. */
    void startServer(const ConnectionLimits &limits = {}, DrainJudge::Clock drainClock = {})
    {
        m_server.reset();
        m_network.clearConnectionCache();
        ServerOptions options;
        options.port = 0;
        options.token = Token;
        options.limits = limits;
        options.drainClock = std::move(drainClock);
        m_server = std::make_unique<ApiServer>(*m_test->engine, options);
        QString error;
        QVERIFY2(m_server->start(&error), qPrintable(error));
    }
    QByteArray host() const
    {
        return "Host: 127.0.0.1:" + QByteArray::number(m_server->port()) + "\r\n";
    }

    /**
     * A connection whose first bytes are already on their way when the server first looks at it:
     * connected and written without the event loop (the system accepts the connection for the
     * listening server). However busy the machine, the server then reads them before its header
     * time-out can fire, which a short time-out in a test would otherwise race.
     */
    RawClient *raw(const QByteArray &bytes = {})
    {
        auto *client = new RawClient(m_server->port(), this);
        if (!client->socket.waitForConnected(30000))
            qWarning("raw client did not connect");
        if (!bytes.isEmpty()) {
            client->socket.write(bytes);
            client->socket.waitForBytesWritten(30000);
        }
        return client;
    }

    /** Sends bytes in small pieces, each in its own segment, and waits for the answer. */
    RawClient *trickle(const QByteArray &bytes, int piece = 3000)
    {
        RawClient *client = raw();
        client->socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
        for (qsizetype at = 0; at < bytes.size() && !client->closed; at += piece) {
            client->socket.write(bytes.mid(at, piece));
            client->socket.flush();
            // Pacing, not a condition: the server may read a piece alone or several together, and
            // must answer the same either way.
            QTest::qWait(2);
        }
        if (!client->waitAnswer(30000))
            qWarning("no answer to the trickled request");
        return client;
    }

    /** method path with the token, through Qt's client; the status, and the JSON answer in *json.
     */
    int send(const QByteArray &method, const QString &path, const QByteArray &body = {},
             const QByteArray &token = Token, QJsonObject *json = nullptr)
    {
        QNetworkRequest request(
            QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(path)));
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        std::unique_ptr<QNetworkReply> reply(m_network.sendCustomRequest(request, method, body));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 60000))
            return -1;
        if (json)
            *json = QJsonDocument::fromJson(reply->readAll()).object();
        return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }

    QByteArray upgradeRequest(const QByteArray &token, const QByteArray &lineEnd = "\r\n") const
    {
        QByteArray request = "GET /ws HTTP/1.1\r\n" + host()
            + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
              "Authorization: Bearer "
            + token + "\r\n\r\n";
        return request.replace("\r\n", lineEnd);
    }
};
