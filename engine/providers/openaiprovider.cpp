// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/openaiprovider.h"

#include "net/httpconnectionpool.h"
#include "net/httpstreamclient.h"
#include "net/jsonwriter.h"
#include "providers/openaichatstream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>

OpenAiCompatibleProvider::OpenAiCompatibleProvider(ProviderEntry entry,
                                                   QNetworkAccessManager &network,
                                                   HttpConnectionPool &pool,
                                                   NetworkTimeouts timeouts)
    : m_entry(std::move(entry))
    , m_network(network)
    , m_pool(pool)
    , m_timeouts(timeouts)
{ }

QNetworkRequest OpenAiCompatibleProvider::request(const QString &path) const
{
    QUrl url = m_entry.baseUrl;
    url.setPath(url.path() + path);
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::UserAgentHeader,
                      QByteArrayLiteral("Attache/" ATTACHE_VERSION));
    if (m_entry.hasApiKey())
        request.setRawHeader("Authorization", "Bearer " + m_entry.apiKey.toUtf8());
    // Streams must reach the user as they arrive; nothing in between may buffer them.
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    return request;
}

QByteArray OpenAiCompatibleProvider::chatRequestBody(const ChatParams &params) const
{
    // Written by hand: a QJsonDocument of the whole conversation was most of the cost of
    // starting a chat.
    qsizetype size = 128 + params.model.size();
    for (const ChatMessage &message : params.messages)
        size += 64 + message.content.size() + message.content.size() / 4;
    QByteArray out;
    out.reserve(size);
    out += "{\"model\":";
    JsonWriter::appendString(out, params.model);
    out += ",\"messages\":[";
    bool first = true;
    for (const ChatMessage &message : params.messages) {
        if (message.content.isEmpty() && message.toolCalls.isEmpty()
            && message.role != QLatin1String("tool"))
            continue;
        if (!first)
            out += ',';
        first = false;
        out += "{\"role\":";
        JsonWriter::appendString(out, message.role);
        out += ",\"content\":";
        JsonWriter::appendString(out, message.content);
        if (!message.toolCalls.isEmpty()) {
            out += ",\"tool_calls\":[";
            for (qsizetype i = 0; i < message.toolCalls.size(); ++i) {
                const ToolCall &call = message.toolCalls.at(i);
                out += i > 0 ? ",{\"id\":" : "{\"id\":";
                JsonWriter::appendString(out, call.id);
                out += ",\"type\":\"function\",\"function\":{\"name\":";
                JsonWriter::appendString(out, call.name);
                out += ",\"arguments\":";
                JsonWriter::appendString(out, call.arguments);
                out += "}}";
            }
            out += ']';
        }
        if (!message.toolCallId.isEmpty()) {
            out += ",\"tool_call_id\":";
            JsonWriter::appendString(out, message.toolCallId);
        }
        out += '}';
    }
    out += "],\"stream\":true";
    if (!params.tools.isEmpty()) {
        QJsonArray tools;
        for (const ToolSpec &tool : params.tools) {
            QJsonObject function { { QStringLiteral("name"), tool.name },
                                   { QStringLiteral("description"), tool.description },
                                   { QStringLiteral("parameters"), tool.inputSchema } };
            if (tool.strict)
                function.insert(QStringLiteral("strict"), true);
            tools.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("function") },
                                       { QStringLiteral("function"), function } });
        }
        out += ",\"tools\":";
        out += QJsonDocument(tools).toJson(QJsonDocument::Compact);
    }
    appendOptions(out, params);
    if (m_entry.streamUsage)
        out += ",\"stream_options\":{\"include_usage\":true}";
    out += '}';
    return out;
}

void OpenAiCompatibleProvider::appendOptions(QByteArray &out, const ChatParams &params)
{
    const ChatOptions &options = params.options;
    QJsonObject fields;
    if (options.temperature)
        fields.insert(QStringLiteral("temperature"), *options.temperature);
    if (options.topP)
        fields.insert(QStringLiteral("top_p"), *options.topP);
    // A client that named max_completion_tokens (which newer OpenAI models require) gets it as
    // it sent it, below, and not max_tokens beside it, which those models refuse.
    if (options.maxTokens && !options.openAiExtra.contains(QLatin1String("max_completion_tokens")))
        fields.insert(QStringLiteral("max_tokens"), *options.maxTokens);
    if (!options.stop.isEmpty())
        fields.insert(QStringLiteral("stop"), QJsonArray::fromStringList(options.stop));
    if (options.seed)
        fields.insert(QStringLiteral("seed"), *options.seed);
    if (!params.tools.isEmpty()) {
        switch (options.toolChoice.mode) {
        case ToolChoice::Mode::Auto:
            break;
        case ToolChoice::Mode::None:
            fields.insert(QStringLiteral("tool_choice"), QStringLiteral("none"));
            break;
        case ToolChoice::Mode::Required:
            fields.insert(QStringLiteral("tool_choice"), QStringLiteral("required"));
            break;
        case ToolChoice::Mode::Named:
            fields.insert(QStringLiteral("tool_choice"),
                          QJsonObject { { QStringLiteral("type"), QStringLiteral("function") },
                                        { QStringLiteral("function"),
                                          QJsonObject { { QStringLiteral("name"),
                                                          options.toolChoice.name } } } });
            break;
        }
        if (options.parallelToolCalls)
            fields.insert(QStringLiteral("parallel_tool_calls"), *options.parallelToolCalls);
    }
    // What only OpenAI-shaped APIs take goes on as the client sent it; what Attache decides
    // (the model, the conversation, streaming) is not overridden.
    static const QStringList reserved { QStringLiteral("model"), QStringLiteral("messages"),
                                        QStringLiteral("stream"), QStringLiteral("tools"),
                                        QStringLiteral("stream_options") };
    for (auto it = options.openAiExtra.begin(); it != options.openAiExtra.end(); ++it) {
        if (!reserved.contains(it.key()) && !fields.contains(it.key()))
            fields.insert(it.key(), it.value());
    }
    if (fields.isEmpty())
        return;
    QByteArray json = QJsonDocument(fields).toJson(QJsonDocument::Compact);
    out += ',';
    out += QByteArrayView(json).sliced(1, json.size() - 2); // the members, without the braces
}

ChatStream *OpenAiCompatibleProvider::startChat(const ChatParams &params, QObject *parent)
{
    // Not through QNetworkAccessManager: it allows six connections per host (so the seventh
    // concurrent chat would wait for one of the first six to end), reads in another thread and
    // hands replies over late. The same headers as request() sets, for the same reasons.
    QUrl url = m_entry.baseUrl;
    url.setPath(url.path() + QLatin1String("/chat/completions"));
    HttpStreamClient::Headers headers {
        { QByteArrayLiteral("User-Agent"), QByteArrayLiteral("Attache/" ATTACHE_VERSION) },
        { QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") },
        { QByteArrayLiteral("Accept"), QByteArrayLiteral("text/event-stream") },
        { QByteArrayLiteral("Accept-Encoding"), QByteArrayLiteral("identity") },
        { QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache") },
    };
    if (m_entry.hasApiKey())
        headers.append({ QByteArrayLiteral("Authorization"), "Bearer " + m_entry.apiKey.toUtf8() });
    auto *client = new HttpStreamClient(m_pool);
    auto *stream = new OpenAiChatStream(client, m_entry, m_timeouts, parent);
    client->start(QByteArrayLiteral("POST"), url, headers, chatRequestBody(params));
    return stream;
}

void OpenAiCompatibleProvider::fetchModels(QObject *context, ModelsCallback callback)
{
    if (!m_entry.modelsEndpoint) {
        callback(
            EngineError { ErrorKind::NotFound,
                          QStringLiteral("%1 has no model list endpoint.").arg(m_entry.name) });
        return;
    }
    QNetworkRequest req = request(QStringLiteral("/models"));
    req.setTransferTimeout(m_timeouts.modelsMs);
    QNetworkReply *reply = m_network.get(req);
    const ProviderEntry entry = m_entry;
    QMetaObject::Connection answer;
    answer = QObject::connect(reply, &QNetworkReply::finished, context, [reply, entry, callback] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError || status >= 400) {
            callback(EngineError { ErrorKind::UpstreamError,
                                   QStringLiteral("%1 did not list its models: %2")
                                       .arg(entry.name, reply->errorString()),
                                   -1, status });
            return;
        }
        const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll());
        const QJsonValue data =
            doc.isArray() ? QJsonValue(doc.array()) : doc.object().value(QLatin1String("data"));
        if (!data.isArray()) {
            callback(EngineError {
                ErrorKind::BadUpstream,
                QStringLiteral("%1 sent a model list Attache cannot read.").arg(entry.name) });
            return;
        }
        QList<ModelInfo> models;
        for (const QJsonValue &value : data.toArray()) {
            const QString id = value.toObject().value(QLatin1String("id")).toString();
            if (id.isEmpty())
                continue;
            // Keep the catalog's friendly name, description and price where it knows the model.
            const ModelInfo *known = entry.findModel(id);
            models.append(known ? *known : ModelInfo { id, id, {}, -1, -1 });
        }
        callback(models);
    });
    // A context destroyed before the answer must not leave the request running, nor hear of its
    // end: it is half destroyed by now (destroyed() comes before its connections go).
    QObject::connect(context, &QObject::destroyed, reply, [reply, answer] {
        QObject::disconnect(answer);
        reply->abort();
        reply->deleteLater();
    });
}
