// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "gateways/anthropicgateway.h"

#include "controllers/controller.h"
#include "engine.h"
#include "gateways/anthropicerrors.h"
#include "gateways/anthropicmessages.h"
#include "gateways/anthropicreply.h"
#include "router.h"

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
    out.completion.clientId = AnthropicGateway::clientOf(request);
    return std::nullopt;
}

} // namespace

AnthropicGateway::AnthropicGateway(Engine &engine, StreamHub &hub)
    : m_engine(engine)
    , m_hub(hub)
{ }

void AnthropicGateway::registerRoutes(Router &router)
{
    router.add("POST", MessagesPath,
               [this](const ApiRequest &r, HttpExchange &e) { messages(r, e); });
    router.add("POST", CountTokensPath,
               [this](const ApiRequest &r, HttpExchange &e) { countTokens(r, e); });
    router.setErrorShape({ MessagesPath, CountTokensPath },
                         [](const ApiError &error) { return AnthropicErrors::response(error); });
}

QString AnthropicGateway::clientOf(const ApiRequest &request)
{
    const QByteArray named = request.header("x-attache-client").trimmed();
    if (!named.isEmpty())
        return QString::fromUtf8(named.left(64));
    // "claude-cli/2.0.14 (external, cli)" → "claude-cli"; "Anthropic/JS 0.65.0" → "Anthropic/JS".
    QByteArray product = request.header("user-agent").trimmed();
    product = product.left(product.indexOf(' ') < 0 ? product.size() : product.indexOf(' '));
    const qsizetype slash = product.lastIndexOf('/');
    if (slash > 0 && slash + 1 < product.size() && product.at(slash + 1) >= '0'
        && product.at(slash + 1) <= '9')
        product.truncate(slash);
    return product.isEmpty() ? QStringLiteral("anthropic") : QString::fromUtf8(product.left(64));
}

void AnthropicGateway::messages(const ApiRequest &request, HttpExchange &exchange)
{
    AnthropicMessages::Request parsed;
    if (auto error = read(request, AnthropicMessages::Purpose::Messages, parsed))
        return fail(exchange, *error);
    const Result<Completion *> completion = m_engine.complete(parsed.completion);
    if (!completion.ok()) {
        exchange.respond(AnthropicErrors::response(completion.error()));
        return;
    }
    new AnthropicReply(&exchange, m_hub, completion.value(), parsed.model, parsed.stream);
}

void AnthropicGateway::countTokens(const ApiRequest &request, HttpExchange &exchange)
{
    AnthropicMessages::Request parsed;
    if (auto error = read(request, AnthropicMessages::Purpose::CountTokens, parsed))
        return fail(exchange, *error);
    const QString model = parsed.completion.model;
    const Result<ProviderChoice> choice =
        m_engine.selection().resolve(model == QLatin1String("attache") ? QString() : model);
    if (!choice.ok()) {
        exchange.respond(AnthropicErrors::response(choice.error()));
        return;
    }
    ChatParams params = parsed.completion.params;
    params.model = choice.value().model;
    // Anthropic counts; any other provider's count is an estimate from the characters.
    const std::unique_ptr<Provider> provider = m_engine.makeProvider(*choice.value().entry);
    HttpExchange *answer = &exchange;
    provider->countTokens(params, &exchange, [answer](const Result<qint64> &counted) {
        if (!counted.ok()) {
            answer->respond(AnthropicErrors::response(counted.error()));
            return;
        }
        answer->respond(Controller::json({ { QStringLiteral("input_tokens"), counted.value() } }));
    });
}
