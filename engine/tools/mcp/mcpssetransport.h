// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/sseparser.h"
#include "tools/mcp/mcpconfig.h"
#include "tools/mcp/mcptransport.h"

#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;
class QNetworkReply;

/**
 * The older HTTP+SSE transport (2024-11-05), for servers that refuse Streamable HTTP: a GET
 * opens an event stream whose first "endpoint" event names where to POST messages; every
 * answer comes back on the stream.
 */
class McpSseTransport : public McpTransport
{
    Q_OBJECT
public:
    McpSseTransport(const McpServerConfig &config, QNetworkAccessManager *network,
                    QObject *parent = nullptr);
    ~McpSseTransport() override;

    QString kind() const override { return QStringLiteral("sse"); }
    void open() override;
    void send(const QJsonObject &message, const Headers &headers = {}) override;
    void notify(const QJsonObject &message, std::function<void()> taken) override;
    void close() override;

    QUrl endpoint() const { return m_endpoint; }

private:
    void post(const QJsonObject &message, std::function<void()> taken);
    void onData();
    void onFinished();

    McpServerConfig m_config;
    QUrl m_url;
    QUrl m_endpoint;
    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_stream;
    SseParser m_parser;
    bool m_closing = false;
    bool m_failed = false;
};
