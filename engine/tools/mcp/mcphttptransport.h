// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/sseparser.h"
#include "tools/mcp/mcpconfig.h"
#include "tools/mcp/mcptransport.h"

#include <QHash>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

/**
 * Streamable HTTP: each message is a POST to the server's one endpoint, answered with JSON or an
 * SSE stream. With the handshake revisions (2025-03-26 to 2025-11-25) it keeps the session the
 * server assigns (Mcp-Session-Id), resumes a broken stream with Last-Event-ID, listens on a GET
 * stream for what the server sends unasked, and DELETEs the session on close; a 404 for the
 * session means the server forgot it. With the stateless revision (2026-07-28) there is none of
 * that: every POST carries Mcp-Method and Mcp-Name, and closing a stream cancels its request.
 */
class McpHttpTransport : public McpTransport
{
    Q_OBJECT
public:
    McpHttpTransport(const McpServerConfig &config, QNetworkAccessManager *network,
                     QObject *parent = nullptr);
    ~McpHttpTransport() override;

    QString kind() const override { return QStringLiteral("http"); }
    void open() override;
    void send(const QJsonObject &message, const Headers &headers = {}) override;
    void notify(const QJsonObject &message, std::function<void()> taken) override;
    void cancel(const QJsonValue &id, const QString &reason) override;
    void close() override;

    QString sessionId() const { return QString::fromLatin1(m_sessionId); }
    /** Opens the GET stream for server-initiated messages (handshake revisions only); a server
     * that has none (405) is fine. */
    void listen();
    /** A header value as the stateless revision carries it: plain when it is safe ASCII,
     * else "=?base64?…?=". */
    static QByteArray headerValue(const QString &value);

private:
    struct Stream
    {
        QJsonValue requestId; // the request this POST carried; undefined for GET streams
        QJsonObject message;
        QByteArray sessionId; // the session it was sent in (a 404 ends that one only)
        SseParser parser;
        bool isSse = false;
        bool answered = false;
        bool isListen = false;
        int resumes = 0;
        std::function<void()> taken; // a notification's: runs when its POST is answered
    };
    /** POSTs message; the reply, or null when closing. */
    QNetworkReply *post(const QJsonObject &message, const Headers &headers);
    QNetworkRequest request(const QJsonObject &message) const;
    void track(QNetworkReply *reply, const QJsonObject &message, bool isListen);
    void onHeaders(QNetworkReply *reply);
    void onData(QNetworkReply *reply);
    void onFinished(QNetworkReply *reply);
    /** Closes our end of the stream answering request id, if one is open. */
    void dropStreamOf(const QJsonValue &id);
    void deliver(Stream &stream, const QByteArray &json);
    void resume(const Stream &stream, const QByteArray &lastEventId);

    McpServerConfig m_config;
    QUrl m_url;
    QNetworkAccessManager *m_network;
    QByteArray m_sessionId;
    QHash<QNetworkReply *, Stream *> m_streams;
    QPointer<QNetworkReply> m_listen;
    int m_listenFailures = 0;
    bool m_closing = false;
};
