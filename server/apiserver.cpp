// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiserver.h"

#include "engine.h"
#include "http/connectionguard.h"
#include "http/httpexchange.h"
#include "http/serverlog.h"
#include "rpc/wsconnection.h"
#include "rpc/wshandshake.h"
#include "wire/runeventjson.h"

#include <QCoreApplication>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace {

bool isJsonContentType(const QByteArray &contentType)
{
    const QByteArray type = contentType.split(';').first().trimmed().toLower();
    return type == "application/json";
}

} // namespace

ApiServer::ApiServer(Engine &engine, ServerOptions options, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_options(std::move(options))
    , m_connections(m_options.limits)
    , m_guard(m_options.token.isEmpty() ? Guard::generateToken() : m_options.token,
              m_options.allowedOrigins)
    , m_system(engine,
               [this] {
                   return QJsonObject { { QStringLiteral("port"), m_port },
                                        { QStringLiteral("url"), url().toString() } };
               })
    , m_watchers(m_options.detachGraceMs)
    , m_streams(engine)
    , m_chat(engine, m_watchers, m_streams)
    , m_events(engine, m_streams)
    , m_providers(engine)
    , m_history(engine)
    , m_sessions(engine)
    , m_tools(engine)
    , m_mcp(engine)
    , m_app([this] {
        if (m_hasWindow)
            Q_EMIT showWindowRequested();
        return m_hasWindow;
    })
    , m_openAi(engine, m_streams)
    , m_anthropic(engine, m_streams)
    , m_rpc(engine, m_watchers,
            [this](ApiRequest &request, HttpExchange &exchange) { dispatch(request, exchange); })
{
    // Every run's events are made into JSON once, as they happen, for every transport.
    engine.setEncoderFactory([](const Run &run) { return std::make_unique<RunEventJson>(run); });
    m_connections.setDrainClock(m_options.drainClock);
    m_streams.setDrainClock(m_options.drainClock);
    m_rpc.setDrainClock(m_options.drainClock);
    m_system.registerRoutes(m_router);
    m_system.setRpcMethods([this] { return m_rpc.methods(); });
    m_watchers.setWaitingTurn([&engine](const Run *run) { return engine.hasWaitingTurn(run); });
    connect(&engine, &Engine::runQueued, &m_watchers,
            [this](Run *, Run *ahead) { m_watchers.onTurnWaiting(ahead); });
    m_chat.registerRoutes(m_router);
    m_events.registerRoutes(m_router);
    m_providers.registerRoutes(m_router);
    m_history.registerRoutes(m_router);
    m_sessions.registerRoutes(m_router);
    m_tools.registerRoutes(m_router);
    m_mcp.registerRoutes(m_router);
    m_app.registerRoutes(m_router);
    m_openAi.registerRoutes(m_router);
    m_system.addGateway(QStringLiteral("openai"), OpenAiGateway::describe());
    m_anthropic.registerRoutes(m_router);
    m_system.addGateway(QStringLiteral("anthropic"), AnthropicGateway::describe());
    // For the window's "reset token" and scripts: answered first, then every connection
    // (this one included) is closed and the discovery file holds the new token.
    m_router.add(
        "POST", QStringLiteral("/token/reset"), [this](const ApiRequest &, HttpExchange &e) {
            e.respond(
                { 200,
                  QByteArrayLiteral("application/json"),
                  QByteArrayLiteral(
                      "{\"reset\":true,\"hint\":\"read the new token from the discovery file\"}"),
                  {} });
            QTimer::singleShot(0, this, &ApiServer::resetToken);
        });
    m_rpc.setHeartbeatInterval(m_options.wsPingIntervalMs);
    m_connections.setSink(this);
}

bool ApiServer::start(QString *error)
{
    const int attempts = m_options.port == 0 ? 1 : qMax(1, m_options.portAttempts);
    for (int i = 0; i < attempts; ++i) {
        const quint16 candidate = m_options.port == 0 ? 0 : quint16(m_options.port + i);
        auto v4 = std::make_unique<LimitedTcpServer>(&m_connections);
        if (!v4->listen(QHostAddress::LocalHost, candidate)) {
            if (error)
                *error = v4->errorString();
            continue;
        }
        m_port = v4->serverPort();
        v4->setParent(this);
        m_listeners.append(v4.release());
        // Same port on IPv6 loopback when the system has it; IPv4 alone is enough to serve.
        auto v6 = std::make_unique<LimitedTcpServer>(&m_connections);
        if (v6->listen(QHostAddress::LocalHostIPv6, m_port)) {
            v6->setParent(this);
            m_listeners.append(v6.release());
        } else {
            qCDebug(lcServer, "not listening on [::1]:%u: %s", m_port,
                    qUtf8Printable(v6->errorString()));
        }
        if (m_options.port != 0 && m_port != m_options.port)
            qCInfo(lcServer, "port %u is taken; using %u", m_options.port, m_port);
        return true;
    }
    if (error) {
        *error = QStringLiteral("Could not listen on 127.0.0.1 ports %1–%2: %3")
                     .arg(m_options.port)
                     .arg(m_options.port + attempts - 1)
                     .arg(*error);
    }
    return false;
}

QUrl ApiServer::url() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_port);
    return url;
}

void ApiServer::dispatch(ApiRequest &request, HttpExchange &exchange)
{
    const bool tokenFree = request.method == "GET" && request.path == QLatin1String("/health");
    if (!request.trusted) {
        if (auto error = m_guard.check(request, m_port, tokenFree)) {
            exchange.respond(m_router.errorResponse(request.path, *error));
            return;
        }
    }
    const Router::Match match = m_router.match(request);
    if (!match.handler) {
        const ApiError error = match.pathKnown
            ? ApiError::methodNotAllowed(request.method, request.path, match.allowedMethods)
            : ApiError::notFound(request.path);
        exchange.respond(m_router.errorResponse(request.path, error));
        return;
    }
    if (request.method == "POST" && !request.body.isEmpty()
        && !isJsonContentType(request.header("content-type"))) {
        exchange.respond(m_router.errorResponse(
            request.path,
            ApiError { 415,
                       QStringLiteral("unsupported_media_type"),
                       QStringLiteral("Send the body as JSON with \"Content-Type: "
                                      "application/json\"."),
                       {} }));
        return;
    }
    (*match.handler)(request, exchange);
}

std::optional<ApiError> ApiServer::upgradeError(const ApiRequest &request) const
{
    if (auto error = m_guard.check(request, m_port, false))
        return error;
    if (request.path != QLatin1String("/ws"))
        return ApiError::notFound(request.path);
    return std::nullopt;
}

void ApiServer::resetToken()
{
    m_guard.setToken(Guard::generateToken());
    qCInfo(lcServer, "token reset: closing %d open connections", m_connections.count());
    // 1008 (policy violation): the client must read the new token before it reconnects.
    m_connections.closeAll(1008, QByteArrayLiteral("token reset"));
    Q_EMIT tokenChanged();
}

void ApiServer::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    for (QTcpServer *listener : std::as_const(m_listeners)) {
        if (paused)
            listener->pauseAccepting();
        else
            listener->resumeAccepting();
    }
    if (paused) {
        qCInfo(lcServer, "paused: closing %d open connections", m_connections.count());
        // 1001 (going away): the server is there but not serving for now.
        m_connections.closeAll(1001, QByteArrayLiteral("server paused"));
    } else {
        qCInfo(lcServer, "resumed");
    }
    Q_EMIT pausedChanged(paused);
}

ApiResponse ApiServer::preflight(const ApiRequest &request)
{
    if (auto error = Guard::checkHost(request, m_port))
        return error->toResponse();
    const QByteArray origin = request.header("origin");
    if (request.headerCount("origin") != 1 || !m_guard.originAllowed(origin))
        return Guard::originNotAllowed().toResponse();
    ApiRequest probe = request;
    const Router::Match match = m_router.match(probe);
    ApiResponse response;
    response.status = 204;
    response.contentType.clear();
    // The exact origin, never "*": a page from anywhere else must not read the answers.
    QByteArray allowedHeaders =
        "Authorization, Content-Type, Last-Event-ID, X-Attache-Client, X-Attache-Client-Name";
    // What Anthropic's SDKs send from a page, on the routes in Anthropic's shape.
    if (Guard::takesApiKeyHeader(request.path)) {
        allowedHeaders += ", X-Api-Key, Anthropic-Version, Anthropic-Beta, "
                          "Anthropic-Dangerous-Direct-Browser-Access, X-Attache-Session, "
                          "X-Stainless-Arch, X-Stainless-Lang, X-Stainless-OS, "
                          "X-Stainless-Package-Version, X-Stainless-Retry-Count, "
                          "X-Stainless-Runtime, X-Stainless-Runtime-Version, X-Stainless-Timeout";
    }
    response.headers = {
        { "Access-Control-Allow-Origin", origin },
        { "Access-Control-Allow-Methods",
          match.pathKnown ? match.allowedMethods : QByteArrayLiteral("GET, POST") },
        { "Access-Control-Allow-Headers", allowedHeaders },
        { "Access-Control-Max-Age", "600" },
        { "Vary", "Origin" },
    };
    // Chrome asks before a public page may reach a loopback address (Private Network Access).
    if (request.header("access-control-request-private-network").toLower() == "true")
        response.headers.append(qMakePair(QByteArrayLiteral("Access-Control-Allow-Private-Network"),
                                          QByteArrayLiteral("true")));
    return response;
}

void ApiServer::handleRequest(ApiRequest &api, QTcpSocket *socket)
{
    // Plain HTTP clients are not attached like WebSocket ones; the ledger still tells them apart.
    const QByteArray client = api.header("x-attache-client");
    api.clientId = client.isEmpty() ? QStringLiteral("http") : QString::fromUtf8(client.left(64));
    const bool closeAfter = api.header("connection").toLower() == "close";
    auto *exchange = new SocketExchange(socket, closeAfter);
    // A preflight carries no token: it passes the Host rule and the origin list, nothing else.
    if (api.method == "OPTIONS" && api.headerCount("origin") > 0) {
        exchange->respond(preflight(api));
        return;
    }
    const QByteArray origin = api.header("origin");
    if (api.headerCount("origin") == 1 && m_guard.originAllowed(origin))
        exchange->addHeaders({ { "Access-Control-Allow-Origin", origin }, { "Vary", "Origin" } });
    dispatch(api, *exchange);
}

void ApiServer::handleUpgrade(ApiRequest &api, QTcpSocket *socket)
{
    ConnectionGuard *guard = ConnectionGuard::of(socket);
    if (!guard)
        return;
    // Refused before the handshake, with the reason.
    std::optional<ApiError> error = upgradeError(api);
    QByteArray answer;
    if (!error)
        error = webSocketHandshake(api, &answer);
    if (error) {
        guard->reject(*error);
        return;
    }
    socket->write(answer);
    auto *peer = new WsConnection(socket, m_options.wsSilenceLimitMs, this);
    guard->webSocketEstablished(WsConnection::ReadBytes * 4, peer);
    m_rpc.attach(peer, QString::fromUtf8(api.header("x-attache-client")),
                 QString::fromUtf8(api.header("x-attache-client-name")));
    peer->start(); // what the client sent right behind its upgrade
}
