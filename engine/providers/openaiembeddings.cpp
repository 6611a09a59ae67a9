// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Embeddings through an OpenAI-compatible provider's POST /embeddings.
#include "providers/openaiprovider.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

#include <algorithm>

namespace {

QString providerMessage(const QByteArray &body)
{
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    const QJsonValue error = json.value(QLatin1String("error"));
    QString message = error.isObject() ? error.toObject().value(QLatin1String("message")).toString()
                                       : error.toString();
    if (message.isEmpty())
        message = json.value(QLatin1String("message")).toString();
    if (message.isEmpty())
        message = QString::fromUtf8(body.left(300)).simplified();
    return message.left(500);
}

EngineError errorFor(const QString &provider, int status, const QByteArray &body,
                     const QNetworkReply &reply)
{
    const QString message = providerMessage(body);
    if (status == 401 || status == 403) {
        return { ErrorKind::AuthFailed,
                 QStringLiteral("%1 rejected the API key (HTTP %2: %3). Check the key in Providers "
                                "or the environment variable.")
                     .arg(provider)
                     .arg(status)
                     .arg(message),
                 -1, status };
    }
    if (status == 429) {
        bool ok = false;
        const int retryAfter = reply.rawHeader("Retry-After").toInt(&ok);
        return { ErrorKind::RateLimited,
                 QStringLiteral("%1 is rate limiting requests (%2). Try again shortly.")
                     .arg(provider, message),
                 ok ? retryAfter : -1, status };
    }
    if (status >= 400) {
        return { ErrorKind::UpstreamError,
                 QStringLiteral("%1 failed to make embeddings with HTTP %2: %3")
                     .arg(provider)
                     .arg(status)
                     .arg(message),
                 -1, status };
    }
    return { ErrorKind::UpstreamError,
             QStringLiteral("Could not reach %1 for embeddings: %2. Check that the server is "
                            "running and the base URL is right.")
                 .arg(provider, reply.errorString()) };
}

Result<EmbeddingResult> parse(const QString &provider, const QByteArray &body, qsizetype inputs)
{
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    const QJsonArray data = json.value(QLatin1String("data")).toArray();
    EmbeddingResult result;
    result.model = json.value(QLatin1String("model")).toString();
    result.vectors.resize(inputs);
    QList<bool> seen(inputs, false);
    for (qsizetype i = 0; i < data.size(); ++i) {
        const QJsonObject item = data.at(i).toObject();
        const qsizetype index = item.value(QLatin1String("index")).toInteger(i);
        const QJsonValue embedding = item.value(QLatin1String("embedding"));
        if (index < 0 || index >= inputs || seen.at(index) || !embedding.isArray())
            continue;
        QList<float> &vector = result.vectors[index];
        const QJsonArray values = embedding.toArray();
        vector.reserve(values.size());
        for (const QJsonValue &value : values)
            vector.append(float(value.toDouble()));
        seen[index] = true;
    }
    if (std::find(seen.cbegin(), seen.cend(), false) != seen.cend()) {
        return EngineError { ErrorKind::BadUpstream,
                             QStringLiteral("%1 answered with %2 embeddings for %3 inputs; check "
                                            "that the base URL points at an OpenAI-compatible "
                                            "API.")
                                 .arg(provider)
                                 .arg(data.size())
                                 .arg(inputs) };
    }
    const QJsonObject usage = json.value(QLatin1String("usage")).toObject();
    if (usage.contains(QLatin1String("prompt_tokens"))) {
        result.promptTokens = usage.value(QLatin1String("prompt_tokens")).toInteger();
    } else {
        result.estimated = true; // about four characters a token, as for chats
    }
    return result;
}

} // namespace

QByteArray OpenAiCompatibleProvider::embeddingRequestBody(const EmbeddingRequest &request)
{
    QJsonObject body = request.openAiExtra;
    body.insert(QStringLiteral("model"), request.model);
    body.insert(QStringLiteral("input"), QJsonArray::fromStringList(request.inputs));
    // Attache reads numbers; a client that wants base64 gets it from the gateway.
    body.insert(QStringLiteral("encoding_format"), QStringLiteral("float"));
    if (request.dimensions)
        body.insert(QStringLiteral("dimensions"), *request.dimensions);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

void OpenAiCompatibleProvider::embed(const EmbeddingRequest &request, QObject *context,
                                     EmbeddingCallback callback)
{
    QNetworkRequest req = this->request(QStringLiteral("/embeddings"));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setTransferTimeout(m_timeouts.firstByteMs);
    QNetworkReply *reply = m_network.post(req, embeddingRequestBody(request));
    const QString provider = m_entry.name;
    const qsizetype inputs = request.inputs.size();
    qsizetype estimate = 0;
    for (const QString &input : request.inputs)
        estimate += (input.size() + 3) / 4;
    QMetaObject::Connection answer;
    answer = QObject::connect(reply, &QNetworkReply::finished, context, [=] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray body = reply->readAll();
        if (reply->error() != QNetworkReply::NoError || status >= 300) {
            callback(errorFor(provider, status, body, *reply));
            return;
        }
        Result<EmbeddingResult> result = parse(provider, body, inputs);
        if (result.ok() && result.value().estimated)
            result.value().promptTokens = estimate;
        callback(result);
    });
    // As for model lists: a context gone first takes the request with it, unheard.
    QObject::connect(context, &QObject::destroyed, reply, [reply, answer] {
        QObject::disconnect(answer);
        reply->abort();
        reply->deleteLater();
    });
}
