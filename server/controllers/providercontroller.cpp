// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "controllers/providercontroller.h"

#include "controllers/controller.h"
#include "engine.h"

using namespace Controller;

ProviderController::ProviderController(Engine &engine)
    : m_engine(engine)
{ }

void ProviderController::registerRoutes(Router &router)
{
    router.add("GET", QStringLiteral("/providers"),
               [this](const ApiRequest &, HttpExchange &e) { listProviders(e); });
    router.add("POST", QStringLiteral("/provider"),
               [this](const ApiRequest &r, HttpExchange &e) { setProvider(r, e); });
    router.add("GET", QStringLiteral("/models"),
               [this](const ApiRequest &, HttpExchange &e) { listModels(e); });
    router.add("POST", QStringLiteral("/model"),
               [this](const ApiRequest &r, HttpExchange &e) { setModel(r, e); });
}

void ProviderController::listProviders(HttpExchange &exchange)
{
    QJsonArray list;
    for (const ProviderStatus &p : m_engine.providers()) {
        list.append(QJsonObject { { QStringLiteral("id"), p.id },
                                  { QStringLiteral("name"), p.name },
                                  { QStringLiteral("has_api_key"), p.hasApiKey },
                                  { QStringLiteral("ready"), p.ready },
                                  { QStringLiteral("current"), p.current },
                                  { QStringLiteral("base_url"), p.baseUrl } });
    }
    exchange.respond(jsonArray(list));
}

void ProviderController::setProvider(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    if (auto error = parseObject(request, body))
        return fail(exchange, *error);
    const QJsonValue provider = body.value(QLatin1String("provider"));
    if (!provider.isString() || provider.toString().isEmpty())
        return fail(exchange,
                    ApiError::badRequest(QStringLiteral(
                        "\"provider\" is required: one of the ids GET /providers lists.")));
    const Status status = m_engine.setProvider(provider.toString());
    if (!status)
        return fail(exchange, ApiError::fromEngine(status.error()));
    exchange.respond(json({ { QStringLiteral("provider"), m_engine.currentProviderId() },
                            { QStringLiteral("model"), m_engine.currentModel() } }));
}

void ProviderController::listModels(HttpExchange &exchange)
{
    m_engine.fetchModels(&exchange, [exchange = &exchange](const ModelList &list) {
        QJsonArray models;
        for (const ModelInfo &model : list.models) {
            models.append(QJsonObject { { QStringLiteral("id"), model.id },
                                        { QStringLiteral("name"), model.name },
                                        { QStringLiteral("description"), model.description } });
        }
        ApiResponse response = jsonArray(models);
        response.headers.append(
            { "X-Attache-Models-Source",
              list.fromProvider ? QByteArrayLiteral("provider") : QByteArrayLiteral("catalog") });
        exchange->respond(response);
    });
}

void ProviderController::setModel(const ApiRequest &request, HttpExchange &exchange)
{
    QJsonObject body;
    if (auto error = parseObject(request, body))
        return fail(exchange, *error);
    const QJsonValue model = body.value(QLatin1String("model"));
    if (!model.isString())
        return fail(
            exchange,
            ApiError::badRequest(QStringLiteral("\"model\" is required and must be a string.")));
    const Status status = m_engine.setModel(model.toString());
    if (!status)
        return fail(exchange, ApiError::fromEngine(status.error()));
    exchange.respond(json({ { QStringLiteral("provider"), m_engine.currentProviderId() },
                            { QStringLiteral("model"), m_engine.currentModel() } }));
}
