// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateways/anthropicgateway.h"

#include "controllers/controller.h"
#include "engine.h"
#include "gateways/anthropicerrors.h"
#include "gateways/anthropicmessages.h"
#include "gateways/anthropicreply.h"
#include "router.h"

#include <QJsonArray>
#include <QPointer>

#include <memory>

namespace {

void fail(HttpExchange &exchange, const ApiError &error)
{
    exchange.respond(AnthropicErrors::response(error));
}

// The body as a JSON object, and the door's request read from it.
std::optional<ApiError> read(const ApiRequest &request, AnthropicMessages::Purpose purpose,
                             AnthropicMessages::Request &out)
{
    QJsonObject body;
    if (auto error = Controller::parseObject(request, body))
        return error;
    if (auto error = AnthropicMessages::parse(body, purpose, out))
        return error;
    // Claude Code sends headers of the user's choosing (ANTHROPIC_CUSTOM_HEADERS).
    const QByteArray session = request.header("x-attache-session").trimmed();
    if (!session.isEmpty())
        out.completion.session = QString::fromUtf8(session.left(200));
    return std::nullopt;
}

} // namespace

AnthropicGateway::AnthropicGateway(Engine &engine, StreamHub &hub)
    : m_engine(engine)
    , m_hub(hub)
    , m_clients(engine.presence(), QStringLiteral("Anthropic API"), QStringLiteral("anthropic"))
{ }

QJsonObject AnthropicGateway::describe()
{
    return { { QStringLiteral("base_path"), QStringLiteral("/v1") },
             { QStringLiteral("api_key"),
               QStringLiteral("the token, as x-api-key or as a Bearer") },
             { QStringLiteral("endpoints"),
               QJsonArray { QStringLiteral("POST /v1/messages"),
                            QStringLiteral("POST /v1/messages/count_tokens") } },
             { QStringLiteral("models"),
               QStringLiteral("\"<provider>/<model>\", a claude-* id (Anthropic's), a bare id of "
                              "the current provider, or \"attache\" for the current provider "
                              "and model") },
             { QStringLiteral("session_header"), QStringLiteral("X-Attache-Session") } };
}

void AnthropicGateway::registerRoutes(Router &router)
{
    router.add("POST", MessagesPath,
               [this](const ApiRequest &r, HttpExchange &e) { messages(r, e); });
    router.add("POST", CountTokensPath,
               [this](const ApiRequest &r, HttpExchange &e) { countTokens(r, e); });
    // Longer than the OpenAI door's "/v1/", so this door's errors are Anthropic's.
    router.setErrorShape(MessagesPath,
                         [](const ApiError &error) { return AnthropicErrors::response(error); });
}

void AnthropicGateway::messages(const ApiRequest &request, HttpExchange &exchange)
{
    AnthropicMessages::Request parsed;
    if (auto error = read(request, AnthropicMessages::Purpose::Messages, parsed))
        return fail(exchange, *error);
    parsed.completion.clientId = m_clients.enter(request);
    auto *reply = new AnthropicReply(m_engine, m_hub, m_clients, std::move(parsed), exchange);
    reply->start();
}

void AnthropicGateway::countTokens(const ApiRequest &request, HttpExchange &exchange)
{
    AnthropicMessages::Request parsed;
    if (auto error = read(request, AnthropicMessages::Purpose::CountTokens, parsed))
        return fail(exchange, *error);
    m_clients.seen(request);
    const QPointer<HttpExchange> answer(&exchange);
    Engine &engine = m_engine;
    ChatParams params = std::move(parsed.completion.params);
    engine.models().resolve(
        parsed.completion.model, &exchange,
        [&engine, answer, params](const Result<ProviderChoice> &choice) mutable {
            if (!answer)
                return;
            if (!choice.ok()) {
                answer->respond(AnthropicErrors::response(choice.error()));
                return;
            }
            params.model = choice.value().model;
            // Anthropic counts; any other provider's count is an estimate from the characters.
            const std::unique_ptr<Provider> provider = engine.makeProvider(*choice.value().entry);
            provider->countTokens(params, answer, [answer](const Result<qint64> &counted) {
                if (!answer)
                    return;
                if (!counted.ok()) {
                    answer->respond(AnthropicErrors::response(counted.error()));
                    return;
                }
                answer->respond(
                    Controller::json({ { QStringLiteral("input_tokens"), counted.value() } }));
            });
        });
}
