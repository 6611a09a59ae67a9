// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/mcp/mcpssetransport.h"

#include "enginelog.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

McpSseTransport::McpSseTransport(const McpServerConfig &config, QNetworkAccessManager *network,
                                 QObject *parent)
    : McpTransport(parent)
    , m_config(config)
    , m_url(config.url)
    , m_network(network)
{ }

McpSseTransport::~McpSseTransport()
{
    m_closing = true;
    if (m_stream) {
        m_stream->disconnect(this);
        m_stream->abort();
        m_stream->deleteLater();
    }
}

void McpSseTransport::open()
{
    QNetworkRequest get(m_url);
    for (auto it = m_config.headers.begin(); it != m_config.headers.end(); ++it)
        get.setRawHeader(it.key().toLatin1(), it.value().toUtf8());
    get.setRawHeader("Accept", "text/event-stream");
    get.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    m_stream = m_network->get(get);
    connect(m_stream, &QNetworkReply::readyRead, this, &McpSseTransport::onData);
    connect(m_stream, &QNetworkReply::finished, this, &McpSseTransport::onFinished);
}

void McpSseTransport::onData()
{
    const int status = m_stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200)
        return; // told when it finishes
    m_parser.feed(m_stream->readAll(), [this](const SseEvent &event) {
        if (event.event == QByteArrayLiteral("endpoint")) {
            const QUrl endpoint = m_url.resolved(QUrl(QString::fromUtf8(event.data.trimmed())));
            // Messages go to the server we were pointed at, nowhere else.
            if (endpoint.scheme() != m_url.scheme() || endpoint.host() != m_url.host()
                || endpoint.port(m_url.scheme() == QLatin1String("https") ? 443 : 80)
                    != m_url.port(m_url.scheme() == QLatin1String("https") ? 443 : 80)) {
                m_failed = true;
                m_stream->abort();
                Q_EMIT failed(QStringLiteral("The server named an endpoint on another origin "
                                             "(%1); Attache does not follow it.")
                                  .arg(endpoint.toString()));
                return;
            }
            const bool first = m_endpoint.isEmpty();
            m_endpoint = endpoint;
            if (first)
                Q_EMIT opened();
            return;
        }
        if (event.data.isEmpty())
            return;
        const QList<QJsonObject> messages = messagesIn(QJsonDocument::fromJson(event.data));
        if (messages.isEmpty())
            qCWarning(lcEngine, "mcp %s: not a JSON-RPC message: %s", qUtf8Printable(m_config.name),
                      event.data.left(200).constData());
        for (const QJsonObject &message : messages)
            Q_EMIT messageReceived(message);
    });
}

void McpSseTransport::onFinished()
{
    if (!m_stream)
        return;
    m_stream->deleteLater();
    if (m_closing || m_failed)
        return;
    const int status = m_stream->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    QString reason;
    if (status == 0)
        reason =
            QStringLiteral("%1 cannot be reached: %2.").arg(m_config.url, m_stream->errorString());
    else if (status != 200)
        reason = QStringLiteral("%1 answered HTTP %2 to the event stream's GET; it speaks "
                                "neither Streamable HTTP nor HTTP+SSE there.")
                     .arg(m_config.url)
                     .arg(status);
    else
        reason = QStringLiteral("The server closed its event stream.");
    m_failed = true;
    Q_EMIT failed(reason);
}

void McpSseTransport::send(const QJsonObject &message, const Headers &headers)
{
    Q_UNUSED(headers)
    post(message, {});
}

void McpSseTransport::notify(const QJsonObject &message, std::function<void()> taken)
{
    post(message, std::move(taken));
}

void McpSseTransport::post(const QJsonObject &message, std::function<void()> taken)
{
    const bool request =
        message.contains(QLatin1String("id")) && message.contains(QLatin1String("method"));
    if (m_endpoint.isEmpty() || m_closing || m_failed) {
        if (request)
            Q_EMIT messageReceived(
                errorFor(message, TransportError, QStringLiteral("The event stream is not open.")));
        return;
    }
    QNetworkRequest post(m_endpoint);
    for (auto it = m_config.headers.begin(); it != m_config.headers.end(); ++it)
        post.setRawHeader(it.key().toLatin1(), it.value().toUtf8());
    post.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply =
        m_network->post(post, QJsonDocument(message).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, message, request, taken] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (taken && !m_closing)
            taken();
        if (m_closing || (status >= 200 && status < 300))
            return; // the answer comes on the event stream
        if (request)
            Q_EMIT messageReceived(
                errorFor(message, TransportError,
                         QStringLiteral("The server refused the message: HTTP %1 %2")
                             .arg(status)
                             .arg(QString::fromUtf8(reply->readAll().trimmed().left(300))),
                         { { QStringLiteral("httpStatus"), status } }));
    });
}

void McpSseTransport::close()
{
    m_closing = true;
    if (m_stream)
        m_stream->abort();
    QTimer::singleShot(0, this, &McpTransport::closed);
}
