// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/mcp/mcphttptransport.h"

#include "enginelog.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

namespace {

constexpr int MaxResumes = 5;
constexpr int MaxListenFailures = 5;
constexpr int DeleteTimeoutMs = 5000;

QString methodOf(const QJsonObject &message)
{
    return message.value(QLatin1String("method")).toString();
}

bool isRequest(const QJsonObject &message)
{
    return message.contains(QLatin1String("id")) && message.contains(QLatin1String("method"));
}

} // namespace

McpHttpTransport::McpHttpTransport(const McpServerConfig &config, QNetworkAccessManager *network,
                                   QObject *parent)
    : McpTransport(parent)
    , m_config(config)
    , m_url(config.url)
    , m_network(network)
{ }

McpHttpTransport::~McpHttpTransport()
{
    m_closing = true;
    const auto streams = m_streams;
    m_streams.clear();
    for (auto it = streams.begin(); it != streams.end(); ++it) {
        it.key()->disconnect(this);
        it.key()->abort();
        it.key()->deleteLater();
        delete it.value();
    }
}

QByteArray McpHttpTransport::headerValue(const QString &value)
{
    bool safe = !value.isEmpty() && value.trimmed() == value;
    for (const QChar c : value) {
        if (c.unicode() < 0x20 || c.unicode() > 0x7e) {
            safe = false;
            break;
        }
    }
    if (value.startsWith(QLatin1String("=?base64?")) && value.endsWith(QLatin1String("?=")))
        safe = false;
    if (safe)
        return value.toLatin1();
    return "=?base64?" + value.toUtf8().toBase64() + "?=";
}

void McpHttpTransport::open()
{
    if (!m_url.isValid()
        || (m_url.scheme() != QLatin1String("http") && m_url.scheme() != QLatin1String("https"))) {
        QTimer::singleShot(0, this, [this] {
            Q_EMIT failed(
                QStringLiteral("\"%1\" is not an http:// or https:// URL.").arg(m_config.url));
        });
        return;
    }
    QTimer::singleShot(0, this, &McpTransport::opened);
}

QNetworkRequest McpHttpTransport::request(const QJsonObject &message) const
{
    QNetworkRequest request(m_url);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    for (auto it = m_config.headers.begin(); it != m_config.headers.end(); ++it)
        request.setRawHeader(it.key().toLatin1(), it.value().toUtf8());
    request.setRawHeader("Accept", "application/json, text/event-stream");
    const QString method = methodOf(message);
    // The revision is known once initialize has answered; a stateless request names its own.
    if (!m_protocolVersion.isEmpty() && method != QLatin1String("initialize"))
        request.setRawHeader("MCP-Protocol-Version", m_protocolVersion.toLatin1());
    if (!m_sessionId.isEmpty() && !isStateless())
        request.setRawHeader("Mcp-Session-Id", m_sessionId);
    if (isStateless() && !method.isEmpty()) {
        request.setRawHeader("Mcp-Method", headerValue(method));
        const QJsonObject params = message.value(QLatin1String("params")).toObject();
        const QString name = params.value(QLatin1String("name")).isString()
            ? params.value(QLatin1String("name")).toString()
            : params.value(QLatin1String("uri")).toString();
        if (!name.isEmpty())
            request.setRawHeader("Mcp-Name", headerValue(name));
    }
    return request;
}

void McpHttpTransport::send(const QJsonObject &message, const Headers &headers)
{
    post(message, headers);
}

void McpHttpTransport::notify(const QJsonObject &message, std::function<void()> taken)
{
    if (QNetworkReply *reply = post(message, {}))
        m_streams.value(reply)->taken = std::move(taken);
}

QNetworkReply *McpHttpTransport::post(const QJsonObject &message, const Headers &headers)
{
    if (m_closing) {
        if (isRequest(message))
            Q_EMIT messageReceived(
                errorFor(message, TransportError, QStringLiteral("The connection is closing.")));
        return nullptr;
    }
    QNetworkRequest post = request(message);
    post.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    for (const auto &header : headers)
        post.setRawHeader(header.first, header.second);
    QNetworkReply *reply =
        m_network->post(post, QJsonDocument(message).toJson(QJsonDocument::Compact));
    track(reply, message, false);
    return reply;
}

void McpHttpTransport::track(QNetworkReply *reply, const QJsonObject &message, bool isListen)
{
    auto *stream = new Stream;
    stream->message = message;
    stream->requestId = isRequest(message) ? message.value(QLatin1String("id")) : QJsonValue();
    stream->isListen = isListen;
    stream->sessionId = m_sessionId;
    m_streams.insert(reply, stream);
    connect(reply, &QNetworkReply::metaDataChanged, this, [this, reply] { onHeaders(reply); });
    connect(reply, &QNetworkReply::readyRead, this, [this, reply] { onData(reply); });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

void McpHttpTransport::onHeaders(QNetworkReply *reply)
{
    Stream *stream = m_streams.value(reply);
    if (!stream)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray session = reply->rawHeader("Mcp-Session-Id");
    if (status >= 200 && status < 300 && !session.isEmpty() && !isStateless())
        m_sessionId = session;
    stream->isSse = reply->header(QNetworkRequest::ContentTypeHeader)
                        .toString()
                        .startsWith(QLatin1String("text/event-stream"));
}

void McpHttpTransport::onData(QNetworkReply *reply)
{
    Stream *stream = m_streams.value(reply);
    if (!stream || !stream->isSse)
        return; // JSON bodies and errors are read whole when they finish
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status < 200 || status >= 300)
        return;
    if (stream->isListen)
        m_listenFailures = 0;
    const QByteArray bytes = reply->readAll();
    stream->parser.feed(bytes, [this, stream](const SseEvent &event) {
        if (!event.data.isEmpty()
            && (event.event.isEmpty() || event.event == QByteArrayLiteral("message")))
            deliver(*stream, event.data);
    });
}

void McpHttpTransport::deliver(Stream &stream, const QByteArray &json)
{
    const QList<QJsonObject> messages = messagesIn(QJsonDocument::fromJson(json));
    if (messages.isEmpty()) {
        qCWarning(lcEngine, "mcp %s: not a JSON-RPC message: %s", qUtf8Printable(m_config.name),
                  json.left(200).constData());
        return;
    }
    for (const QJsonObject &message : std::as_const(messages)) {
        if (!message.contains(QLatin1String("method"))
            && message.value(QLatin1String("id")) == stream.requestId)
            stream.answered = true;
        Q_EMIT messageReceived(message);
    }
}

void McpHttpTransport::onFinished(QNetworkReply *reply)
{
    reply->deleteLater();
    Stream *found = m_streams.take(reply);
    if (!found)
        return;
    std::unique_ptr<Stream> stream(found);
    if (m_closing)
        return;
    if (stream->taken) // after what follows here (a 404 starts a new session first)
        QTimer::singleShot(0, this, std::move(stream->taken));
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const bool isCall = stream->requestId.isString() || stream->requestId.isDouble();
    const QString method = methodOf(stream->message);

    if (stream->isListen) {
        if (status == 405 || status == 404)
            return; // no stream for server-initiated messages, which is allowed
        ++m_listenFailures;
        if (m_listenFailures > MaxListenFailures)
            return;
        const int delay = stream->parser.retry().value_or(1000) * m_listenFailures;
        const QByteArray lastId = stream->parser.lastEventId();
        QTimer::singleShot(delay, this, [this, lastId] {
            if (m_closing || m_listen)
                return;
            QNetworkRequest get = this->request({});
            if (!lastId.isEmpty())
                get.setRawHeader("Last-Event-ID", lastId);
            m_listen = m_network->get(get);
            track(m_listen, {}, true);
        });
        return;
    }
    if (status == 404 && !stream->sessionId.isEmpty() && !isStateless() && !method.isEmpty()
        && method != QLatin1String("initialize")) {
        // The server forgot the session (it restarted, or expired it). Only the session the
        // request was sent in ended: a late 404 from an older one sends the call again in the
        // current session, or after the new one is made if that is under way.
        if (stream->sessionId != m_sessionId) {
            if (!isCall)
                return;
            if (m_sessionId.isEmpty())
                Q_EMIT sessionExpired(stream->message);
            else
                send(stream->message, {});
            return;
        }
        m_sessionId.clear();
        if (m_listen) {
            // The old session's stream: a new one opens with the new session.
            QNetworkReply *listening = m_listen;
            m_listen = nullptr;
            delete m_streams.take(listening);
            listening->disconnect(this);
            if (listening->isRunning())
                listening->abort();
            listening->deleteLater();
        }
        // A notification met it too: the session must be made again all the same.
        Q_EMIT sessionExpired(isCall ? stream->message : QJsonObject());
        return;
    }
    if (status >= 400 || (status == 0 && reply->error() != QNetworkReply::NoError)) {
        const QByteArray body = reply->readAll();
        if (!isCall) {
            qCWarning(lcEngine, "mcp %s: %s answered HTTP %d", qUtf8Printable(m_config.name),
                      qUtf8Printable(method), status);
            return;
        }
        const QJsonObject parsed = QJsonDocument::fromJson(body).object();
        if (parsed.value(QLatin1String("error")).isObject()) {
            // A JSON-RPC error in an HTTP error: the client needs both to tell the eras apart.
            QJsonObject response = parsed;
            QJsonObject error = response.value(QLatin1String("error")).toObject();
            QJsonObject data = error.value(QLatin1String("data")).toObject();
            if (!error.value(QLatin1String("data")).isObject()
                && !error.value(QLatin1String("data")).isUndefined())
                data.insert(QStringLiteral("value"), error.value(QLatin1String("data")));
            data.insert(QStringLiteral("httpStatus"), status);
            error.insert(QStringLiteral("data"), data);
            response.insert(QStringLiteral("error"), error);
            response.insert(QStringLiteral("id"), stream->requestId);
            Q_EMIT messageReceived(response);
            return;
        }
        // A web server's error page says nothing a user needs here.
        const bool page = body.trimmed().isEmpty() || body.trimmed().startsWith('<');
        const QString text = status == 0
            ? QStringLiteral("%1 cannot be reached: %2.").arg(m_config.url, reply->errorString())
            : QStringLiteral("%1 answered HTTP %2%3")
                  .arg(m_config.url)
                  .arg(status)
                  .arg(page ? QStringLiteral(".")
                            : QStringLiteral(": ") + QString::fromUtf8(body.trimmed().left(300)));
        Q_EMIT messageReceived(errorFor(stream->message, TransportError, text,
                                        { { QStringLiteral("httpStatus"), status } }));
        return;
    }
    if (!stream->isSse) {
        const QByteArray body = reply->readAll();
        if (!body.trimmed().isEmpty())
            deliver(*stream, body);
    } else {
        Stream *open = stream.get();
        open->parser.feed(reply->readAll(), [this, open](const SseEvent &event) {
            if (!event.data.isEmpty()
                && (event.event.isEmpty() || event.event == QByteArrayLiteral("message")))
                deliver(*open, event.data);
        });
    }
    if (!isCall || stream->answered)
        return;
    if (status == 202)
        return; // the answer comes on the GET stream
    const QByteArray lastId = stream->parser.lastEventId();
    if (stream->isSse && !isStateless() && !lastId.isEmpty() && stream->resumes < MaxResumes) {
        resume(*stream, lastId);
        return;
    }
    Q_EMIT messageReceived(errorFor(stream->message, TransportError,
                                    QStringLiteral("The server closed the stream before it "
                                                   "answered.")));
}

void McpHttpTransport::resume(const Stream &stream, const QByteArray &lastEventId)
{
    // The server replays what it sent on that stream after lastEventId, the answer included.
    QNetworkRequest get = request({});
    get.setRawHeader("Accept", "text/event-stream");
    get.setRawHeader("Last-Event-ID", lastEventId);
    QNetworkReply *reply = m_network->get(get);
    track(reply, stream.message, false);
    m_streams.value(reply)->resumes = stream.resumes + 1;
}

void McpHttpTransport::listen()
{
    if (m_closing || m_listen || isStateless())
        return;
    QNetworkRequest get = request({});
    get.setRawHeader("Accept", "text/event-stream");
    m_listen = m_network->get(get);
    track(m_listen, {}, true);
}

void McpHttpTransport::cancel(const QJsonValue &id, const QString &reason)
{
    // The handshake revisions: notifications/cancelled, and the stream is closed on our side as
    // well, since a server does not answer a cancelled request (its stream would stay open, and
    // after a few such calls every connection Qt allows to the server would be held). The
    // stateless revision: closing the request's stream is the cancellation.
    if (!isStateless())
        McpTransport::cancel(id, reason);
    dropStreamOf(id);
}

void McpHttpTransport::dropStreamOf(const QJsonValue &id)
{
    for (auto it = m_streams.begin(); it != m_streams.end(); ++it) {
        if (it.value()->requestId == id) {
            QNetworkReply *reply = it.key();
            delete m_streams.take(reply);
            reply->disconnect(this);
            reply->abort();
            reply->deleteLater();
            return;
        }
    }
}

void McpHttpTransport::close()
{
    if (m_closing)
        return;
    m_closing = true;
    const auto streams = m_streams;
    m_streams.clear();
    for (auto it = streams.begin(); it != streams.end(); ++it) {
        it.key()->disconnect(this);
        it.key()->abort();
        it.key()->deleteLater();
        delete it.value();
    }
    if (m_sessionId.isEmpty() || isStateless()) {
        QTimer::singleShot(0, this, &McpTransport::closed);
        return;
    }
    // The session ends on our side: tell the server, so it can free what it holds for it.
    QNetworkRequest request(m_url);
    for (auto it = m_config.headers.begin(); it != m_config.headers.end(); ++it)
        request.setRawHeader(it.key().toLatin1(), it.value().toUtf8());
    request.setRawHeader("Mcp-Session-Id", m_sessionId);
    request.setTransferTimeout(DeleteTimeoutMs); // a server that never answers is not waited for
    if (!m_protocolVersion.isEmpty())
        request.setRawHeader("MCP-Protocol-Version", m_protocolVersion.toLatin1());
    m_sessionId.clear();
    QNetworkReply *reply = m_network->deleteResource(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        Q_EMIT closed();
    });
}
