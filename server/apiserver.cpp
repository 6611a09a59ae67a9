// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "apiserver.h"

#include "connectionguard.h"
#include "engine.h"
#include "httpexchange.h"
#include "logging.h"
#include "rpc/wsconnection.h"

#include <QHttpServerRequest>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Put:
        return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Post:
        return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Head:
        return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QByteArrayLiteral("OPTIONS");
    case QHttpServerRequest::Method::Patch:
        return QByteArrayLiteral("PATCH");
    case QHttpServerRequest::Method::Connect:
        return QByteArrayLiteral("CONNECT");
    case QHttpServerRequest::Method::Trace:
        return QByteArrayLiteral("TRACE");
    default:
        return QByteArrayLiteral("UNKNOWN");
    }
}

ApiRequest toApiRequest(const QHttpServerRequest &request)
{
    // Copied out: Qt reuses the request object for the next request on the connection.
    ApiRequest api;
    api.method = methodName(request.method());
    api.path = request.url().path();
    api.query = request.query();
    const auto headers = request.headers();
    api.headers.reserve(headers.size());
    for (const auto &header : headers)
        api.headers.append({ header.first.toLower(), header.second.trimmed() });
    api.body = request.body();
    return api;
}

bool isJsonContentType(const QByteArray &contentType)
{
    const QByteArray type = contentType.split(';').first().trimmed().toLower();
    return type == "application/json";
}

} // namespace

ApiServer::ApiServer(Engine &engine, ServerOptions options, QObject *parent)
    : QAbstractHttpServer(parent)
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
    , m_app([this] {
        if (m_hasWindow)
            Q_EMIT showWindowRequested();
        return m_hasWindow;
    })
    , m_rpc(engine, m_watchers,
            [this](ApiRequest &request, HttpExchange &exchange) { dispatch(request, exchange); })
{
    m_system.registerRoutes(m_router);
    m_chat.registerRoutes(m_router);
    m_events.registerRoutes(m_router);
    m_providers.registerRoutes(m_router);
    m_history.registerRoutes(m_router);
    m_sessions.registerRoutes(m_router);
    m_tools.registerRoutes(m_router);
    m_app.registerRoutes(m_router);
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
    // Connected before any request: Qt 6.4 offers upgrades to handleRequest only then.
    connect(this, &QAbstractHttpServer::newWebSocketConnection, this,
            &ApiServer::onWebSocketConnection);
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
        bind(v4.release());
        // Same port on IPv6 loopback when the system has it; IPv4 alone is enough to serve.
        auto v6 = std::make_unique<LimitedTcpServer>(&m_connections);
        if (v6->listen(QHostAddress::LocalHostIPv6, m_port))
            bind(v6.release());
        else
            qCDebug(lcServer, "not listening on [::1]:%u: %s", m_port,
                    qUtf8Printable(v6->errorString()));
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
            exchange.respond(error->toResponse());
            return;
        }
    }
    const Router::Match match = m_router.match(request);
    if (!match.handler) {
        const ApiError error = match.pathKnown
            ? ApiError::methodNotAllowed(request.method, request.path, match.allowedMethods)
            : ApiError::notFound(request.path);
        exchange.respond(error.toResponse());
        return;
    }
    if (request.method == "POST" && !request.body.isEmpty()
        && !isJsonContentType(request.header("content-type"))) {
        exchange.respond(ApiError {
            415,
            QStringLiteral("unsupported_media_type"),
            QStringLiteral("Send the body as JSON with \"Content-Type: "
                           "application/json\"."),
            {} }.toResponse());
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
    const QList<QTcpServer *> listeners = servers();
    for (QTcpServer *listener : listeners) {
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
    response.headers = {
        { "Access-Control-Allow-Origin", origin },
        { "Access-Control-Allow-Methods",
          match.pathKnown ? match.allowedMethods : QByteArrayLiteral("GET, POST") },
        { "Access-Control-Allow-Headers",
          "Authorization, Content-Type, Last-Event-ID, X-Attache-Client, X-Attache-Client-Name" },
        { "Access-Control-Max-Age", "600" },
        { "Vary", "Origin" },
    };
    // Chrome asks before a public page may reach a loopback address (Private Network Access).
    if (request.header("access-control-request-private-network").toLower() == "true")
        response.headers.append(qMakePair(QByteArrayLiteral("Access-Control-Allow-Private-Network"),
                                          QByteArrayLiteral("true")));
    return response;
}

bool ApiServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    ApiRequest api = toApiRequest(request);
    // Plain HTTP clients are not attached like WebSocket ones; the ledger still tells them apart.
    api.clientId = api.header("x-attache-client").isEmpty()
        ? QStringLiteral("http")
        : QString::fromUtf8(api.header("x-attache-client").left(64));
    if (api.header("upgrade").toLower() == "websocket") {
        // true hands the socket to the WebSocket server; false refuses before the handshake,
        // and Qt calls missingHandler, which says why.
        if (upgradeError(api).has_value())
            return false;
        if (auto *guard = ConnectionGuard::of(socket))
            guard->upgrading(WsConnection::MaxMessageBytes + LimitedTcpServer::ReadBufferSlack);
        return true;
    }
    const bool closeAfter = api.header("connection").toLower() == "close";
    auto *exchange = new SocketExchange(socket, closeAfter);
    // A preflight carries no token: it passes the Host rule and the origin list, nothing else.
    if (api.method == "OPTIONS" && api.headerCount("origin") > 0) {
        exchange->respond(preflight(api));
        return true;
    }
    const QByteArray origin = api.header("origin");
    if (api.headerCount("origin") == 1 && m_guard.originAllowed(origin))
        exchange->addHeaders({ { "Access-Control-Allow-Origin", origin }, { "Vary", "Origin" } });
    dispatch(api, *exchange);
    return true;
}

void ApiServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // Reached for a refused WebSocket upgrade: answer with the reason, then Qt closes.
    const ApiRequest api = toApiRequest(request);
    const ApiError error = upgradeError(api).value_or(ApiError::notFound(api.path));
    auto *exchange = new SocketExchange(socket, true);
    exchange->respond(error.toResponse());
}

void ApiServer::onWebSocketConnection()
{
    while (hasPendingWebSocketConnections()) {
        std::unique_ptr<QWebSocket> socket = nextPendingWebSocketConnection();
        if (!socket)
            break;
        QTcpSocket *tcp =
            m_connections.webSocketEstablished(socket->peerAddress(), socket->peerPort());
        const QNetworkRequest upgrade = socket->request();
        const QString kind = QString::fromUtf8(upgrade.rawHeader("X-Attache-Client"));
        const QString name = QString::fromUtf8(upgrade.rawHeader("X-Attache-Client-Name"));
        auto *peer = new WsConnection(std::move(socket), tcp, m_options.wsSilenceLimitMs, this);
        m_rpc.attach(peer, kind, name);
    }
}
