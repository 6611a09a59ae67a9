// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/anthropicprovider.h"

#include "net/httpconnectionpool.h"
#include "providers/anthropicrequest.h"
#include "providers/anthropicstream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QUrlQuery>

#include <memory>

namespace {

// Runs callback with the reply once it is finished, only while context lives; a context that
// goes first aborts the request (it is half destroyed by then: its connections are not gone yet).
void whenFinished(QNetworkReply *reply, QObject *context,
                  std::function<void(QNetworkReply *reply)> callback)
{
    QMetaObject::Connection answer;
    answer = QObject::connect(reply, &QNetworkReply::finished, context, [reply, callback] {
        reply->deleteLater();
        callback(reply);
    });
    QObject::connect(context, &QObject::destroyed, reply, [reply, answer] {
        QObject::disconnect(answer);
        reply->abort();
        reply->deleteLater();
    });
}

QString errorMessage(QNetworkReply *reply)
{
    const QJsonObject error =
        QJsonDocument::fromJson(reply->readAll()).object().value(QLatin1String("error")).toObject();
    const QString message = error.value(QLatin1String("message")).toString();
    return message.isEmpty() ? reply->errorString() : message.left(300);
}

} // namespace

AnthropicProvider::AnthropicProvider(ProviderEntry entry, QNetworkAccessManager &network,
                                     HttpConnectionPool &pool, NetworkTimeouts timeouts)
    : m_entry(std::move(entry))
    , m_network(network)
    , m_pool(pool)
    , m_timeouts(timeouts)
{ }

QUrl AnthropicProvider::url(const QString &path) const
{
    QUrl url = m_entry.baseUrl;
    QString root = url.path();
    // The OpenAI-compatible entries' base URLs end in /v1; someone may write Anthropic's so too.
    if (root.endsWith(QLatin1String("/v1")))
        root.chop(3);
    url.setPath(root + QLatin1String("/v1") + path);
    return url;
}

HttpStreamClient::Headers AnthropicProvider::headers() const
{
    HttpStreamClient::Headers headers {
        { QByteArrayLiteral("User-Agent"), QByteArrayLiteral("Attache/" ATTACHE_VERSION) },
        { QByteArrayLiteral("anthropic-version"), m_entry.anthropicVersion.toUtf8() },
    };
    if (m_entry.hasApiKey())
        headers.append({ QByteArrayLiteral("x-api-key"), m_entry.apiKey.toUtf8() });
    return headers;
}

QNetworkRequest AnthropicProvider::request(const QString &path) const
{
    QNetworkRequest request(url(path));
    for (const auto &header : headers())
        request.setRawHeader(header.first, header.second);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    return request;
}

ChatStream *AnthropicProvider::startChat(const ChatParams &params, QObject *parent)
{
    // Through the pool's connections, as OpenAiCompatibleProvider does, for the same reasons.
    HttpStreamClient::Headers all = headers();
    all += {
        { QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") },
        { QByteArrayLiteral("Accept"), QByteArrayLiteral("text/event-stream") },
        { QByteArrayLiteral("Accept-Encoding"), QByteArrayLiteral("identity") },
        { QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache") },
    };
    // The same request for every try: made once, shared by the retries.
    auto body = std::make_shared<const QByteArray>(AnthropicRequest::body(params, m_entry));
    HttpConnectionPool *pool = &m_pool;
    const QUrl target = url(QStringLiteral("/messages"));
    auto *stream = new AnthropicStream(
        [pool, target, all, body] {
            auto *client = new HttpStreamClient(*pool);
            client->start(QByteArrayLiteral("POST"), target, all, *body);
            return client;
        },
        m_entry, m_timeouts, parent);
    stream->start();
    return stream;
}

void AnthropicProvider::fetchModels(QObject *context, ModelsCallback callback)
{
    if (!m_entry.modelsEndpoint) {
        callback(
            EngineError { ErrorKind::NotFound,
                          QStringLiteral("%1 has no model list endpoint.").arg(m_entry.name) });
        return;
    }
    QNetworkRequest req = request(QStringLiteral("/models"));
    QUrl listUrl = req.url();
    listUrl.setQuery(QStringLiteral("limit=1000")); // the API pages by 20 otherwise
    req.setUrl(listUrl);
    req.setTransferTimeout(m_timeouts.modelsMs);
    const ProviderEntry entry = m_entry;
    whenFinished(m_network.get(req), context, [entry, callback](QNetworkReply *reply) {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || status >= 400) {
            callback(EngineError { status == 401 || status == 403 ? ErrorKind::AuthFailed
                                                                  : ErrorKind::UpstreamError,
                                   QStringLiteral("%1 did not list its models: %2")
                                       .arg(entry.name, errorMessage(reply)),
                                   -1, status });
            return;
        }
        const QJsonValue data =
            QJsonDocument::fromJson(reply->readAll()).object().value(QLatin1String("data"));
        if (!data.isArray()) {
            callback(EngineError {
                ErrorKind::BadUpstream,
                QStringLiteral("%1 sent a model list Attache cannot read.").arg(entry.name) });
            return;
        }
        QList<ModelInfo> models;
        for (const QJsonValue &value : data.toArray()) {
            const QJsonObject json = value.toObject();
            const QString id = json.value(QLatin1String("id")).toString();
            if (id.isEmpty())
                continue;
            // The catalog's description and prices where it knows the model (or its alias).
            ModelInfo model;
            if (const ModelInfo *known = entry.findModel(id))
                model = *known;
            model.id = id;
            model.name = json.value(QLatin1String("display_name")).toString(model.name);
            if (model.name.isEmpty())
                model.name = id;
            models.append(model);
        }
        callback(models);
    });
}

void AnthropicProvider::countTokens(const ChatParams &params, QObject *context,
                                    CountCallback callback)
{
    QNetworkRequest req = request(QStringLiteral("/messages/count_tokens"));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setTransferTimeout(m_timeouts.modelsMs);
    const QString name = m_entry.name;
    const QByteArray body =
        AnthropicRequest::body(params, m_entry, AnthropicRequest::Purpose::CountTokens);
    whenFinished(m_network.post(req, body), context, [name, callback](QNetworkReply *reply) {
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || status >= 400) {
            const ErrorKind kind = status == 401 || status == 403 ? ErrorKind::AuthFailed
                : status == 429                                   ? ErrorKind::RateLimited
                                                                  : ErrorKind::UpstreamError;
            callback(EngineError {
                kind,
                QStringLiteral("%1 did not count the tokens: %2").arg(name, errorMessage(reply)),
                -1, status });
            return;
        }
        const QJsonValue tokens =
            QJsonDocument::fromJson(reply->readAll()).object().value(QLatin1String("input_tokens"));
        if (!tokens.isDouble()) {
            callback(EngineError {
                ErrorKind::BadUpstream,
                QStringLiteral("%1 sent a token count Attache cannot read.").arg(name) });
            return;
        }
        callback(tokens.toInteger());
    });
}
