// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateways/openaigateway.h"

#include "controllers/controller.h"
#include "engine.h"
#include "gateways/chatcompletionexchange.h"
#include "gateways/openaierror.h"
#include "gateways/responsesexchange.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPointer>
#include <QtEndian>

namespace {

/** The body as a JSON object, or the error to answer with, in OpenAI's shape. */
std::optional<OpenAiError> bodyOf(const ApiRequest &request, QJsonObject &out)
{
    if (auto error = Controller::parseObject(request, out))
        return OpenAiError::fromApi(*error);
    return std::nullopt;
}

QJsonObject modelObject(const ModelRef &model, qint64 created)
{
    return { { QStringLiteral("id"), model.id },
             { QStringLiteral("object"), QStringLiteral("model") },
             { QStringLiteral("created"), created },
             { QStringLiteral("owned_by"),
               model.id == ModelDirectory::CurrentModel ? QStringLiteral("attache")
                                                        : model.providerId } };
}

ApiResponse json(const QJsonObject &object)
{
    return { 200,
             QByteArrayLiteral("application/json"),
             QJsonDocument(object).toJson(QJsonDocument::Compact),
             {} };
}

} // namespace

OpenAiGateway::OpenAiGateway(Engine &engine, StreamHub &hub)
    : m_engine(engine)
    , m_hub(hub)
    , m_clients(engine.presence(), QStringLiteral("OpenAI API"))
    , m_created(QDateTime::currentSecsSinceEpoch())
{ }

QJsonObject OpenAiGateway::describe()
{
    return { { QStringLiteral("base_path"), QStringLiteral("/v1") },
             { QStringLiteral("api_key"), QStringLiteral("the token, as a Bearer") },
             { QStringLiteral("endpoints"),
               QJsonArray { QStringLiteral("GET /v1/models"), QStringLiteral("GET /v1/models/{id}"),
                            QStringLiteral("POST /v1/chat/completions"),
                            QStringLiteral("POST /v1/responses"),
                            QStringLiteral("GET /v1/responses/{id}"),
                            QStringLiteral("POST /v1/embeddings") } },
             { QStringLiteral("models"),
               QStringLiteral("\"<provider>/<model>\", a bare id of the current provider, or "
                              "\"attache\" for the current provider and model") },
             { QStringLiteral("session_header"), QStringLiteral("X-Attache-Session") } };
}

void OpenAiGateway::registerRoutes(Router &router)
{
    router.setErrorShape(QStringLiteral("/v1/"), [](const ApiError &error) {
        return OpenAiError::fromApi(error).response();
    });
    const auto route = [this](auto method) {
        return [this, method](const ApiRequest &r, HttpExchange &e) {
            (this->*method)(r, e);
        };
    };
    router.add("GET", QStringLiteral("/v1/models"), route(&OpenAiGateway::listModels));
    router.add("GET", QStringLiteral("/v1/models/{id*}"), route(&OpenAiGateway::getModel));
    router.add("POST", QStringLiteral("/v1/chat/completions"),
               route(&OpenAiGateway::chatCompletions));
    router.add("POST", QStringLiteral("/v1/responses"), route(&OpenAiGateway::responses));
    router.add("GET", QStringLiteral("/v1/responses/{id}"), route(&OpenAiGateway::getResponse));
    router.add("POST", QStringLiteral("/v1/embeddings"), route(&OpenAiGateway::embeddings));
}

void OpenAiGateway::listModels(const ApiRequest &request, HttpExchange &exchange)
{
    m_clients.seen(request);
    const QPointer<HttpExchange> answer(&exchange);
    m_engine.models().list(&exchange, [this, answer](const QList<ModelRef> &models) {
        QJsonArray data;
        for (const ModelRef &model : models)
            data.append(modelObject(model, m_created));
        if (answer)
            answer->respond(json({ { QStringLiteral("object"), QStringLiteral("list") },
                                   { QStringLiteral("data"), data } }));
    });
}

void OpenAiGateway::getModel(const ApiRequest &request, HttpExchange &exchange)
{
    const QString id = request.params.value(QStringLiteral("id"));
    m_clients.seen(request);
    const QPointer<HttpExchange> answer(&exchange);
    m_engine.models().list(&exchange, [this, answer, id](const QList<ModelRef> &models) {
        if (!answer)
            return;
        for (const ModelRef &model : models) {
            if (model.id == id) {
                answer->respond(json(modelObject(model, m_created)));
                return;
            }
        }
        OpenAiError error = OpenAiError::invalid(
            QStringLiteral("There is no model \"%1\"; GET /v1/models lists the ones Attache can "
                           "reach.")
                .arg(id),
            QStringLiteral("model"), QStringLiteral("model_not_found"));
        error.status = 404;
        answer->respond(error.response());
    });
}

void OpenAiGateway::chatCompletions(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    ChatCompletionRequest chat;
    if (auto error = bodyOf(request, body))
        return exchange.respond(error->response());
    if (auto error = parseChatCompletion(body, request.header("x-attache-session"), chat))
        return exchange.respond(error->response());
    const QString client = m_clients.enter(request);
    auto *answer =
        new ChatCompletionExchange(m_engine, m_hub, m_clients, client, std::move(chat), exchange);
    answer->start();
}

void OpenAiGateway::responses(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    ResponsesRequest parsed;
    if (auto error = bodyOf(request, body))
        return exchange.respond(error->response());
    if (auto error = OpenAiResponses::parse(body, request.header("x-attache-session"), parsed))
        return exchange.respond(error->response());
    const QString client = m_clients.enter(request);
    auto *answer =
        new ResponsesExchange(m_engine, m_hub, m_clients, client, std::move(parsed), exchange);
    answer->start();
}

void OpenAiGateway::getResponse(const ApiRequest &request, HttpExchange &exchange)
{
    const QString id = request.params.value(QStringLiteral("id"));
    m_clients.seen(request);
    const std::optional<StoredResponse> stored = m_engine.responses().find(id);
    if (!stored) {
        OpenAiError error = OpenAiError::invalid(
            QStringLiteral("There is no stored response \"%1\" (responses sent with \"store\": "
                           "false are not kept).")
                .arg(id));
        error.status = 404;
        return exchange.respond(error.response());
    }
    exchange.respond({ 200, QByteArrayLiteral("application/json"), stored->body, {} });
}

void OpenAiGateway::embeddings(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    if (auto error = bodyOf(request, body))
        return exchange.respond(error->response());
    EmbeddingRequest embed;
    embed.model = body.take(QLatin1String("model")).toString();
    const QJsonValue input = body.take(QLatin1String("input"));
    const QJsonArray inputs = input.isArray() ? input.toArray() : QJsonArray { input };
    for (const QJsonValue &value : inputs) {
        if (!value.isString()) {
            return exchange.respond(
                OpenAiError::invalid(QStringLiteral("\"input\" must be a string or an array of "
                                                    "strings; Attache does not take token "
                                                    "arrays."),
                                     QStringLiteral("input"))
                    .response());
        }
        embed.inputs.append(value.toString());
    }
    if (embed.inputs.isEmpty())
        return exchange.respond(
            OpenAiError::invalid(QStringLiteral("\"input\" is required."), QStringLiteral("input"))
                .response());
    std::optional<int> dimensions;
    if (auto error = OpenAiWire::integer(body, QLatin1String("dimensions"), 1, dimensions))
        return exchange.respond(error->response());
    embed.dimensions = dimensions;
    body.remove(QStringLiteral("dimensions"));
    const bool base64 =
        body.take(QLatin1String("encoding_format")).toString() == QLatin1String("base64");
    embed.openAiExtra = body; // user, and whatever else the client sends
    const QString named = embed.model;
    const QString client = m_clients.seen(request);
    const QPointer<HttpExchange> answer(&exchange);
    m_engine.embed(
        embed, client, &exchange, [answer, base64, named](const Result<EmbeddingResult> &result) {
            if (!answer)
                return;
            if (!result.ok())
                return answer->respond(OpenAiError::fromEngine(result.error()).response());
            QJsonArray data;
            const QList<QList<float>> &vectors = result.value().vectors;
            for (qsizetype i = 0; i < vectors.size(); ++i) {
                QJsonValue embedding;
                if (base64) {
                    // Little-endian float32, as OpenAI sends it (and its SDKs ask for it).
                    QByteArray raw(vectors.at(i).size() * qsizetype(sizeof(float)),
                                   Qt::Uninitialized);
                    char *to = raw.data();
                    for (const float value : vectors.at(i)) {
                        qToLittleEndian(value, to);
                        to += sizeof(float);
                    }
                    embedding = QString::fromLatin1(raw.toBase64());
                } else {
                    QJsonArray values;
                    for (const float value : vectors.at(i))
                        values.append(double(value));
                    embedding = values;
                }
                data.append(QJsonObject { { QStringLiteral("object"), QStringLiteral("embedding") },
                                          { QStringLiteral("index"), int(i) },
                                          { QStringLiteral("embedding"), embedding } });
            }
            const qint64 tokens = result.value().promptTokens;
            answer->respond(
                json({ { QStringLiteral("object"), QStringLiteral("list") },
                       { QStringLiteral("data"), data },
                       { QStringLiteral("model"), named.isEmpty() ? result.value().model : named },
                       { QStringLiteral("usage"),
                         QJsonObject { { QStringLiteral("prompt_tokens"), tokens },
                                       { QStringLiteral("total_tokens"), tokens } } } }));
        });
}
