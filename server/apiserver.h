// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "controllers/appcontroller.h"
#include "controllers/chatcontroller.h"
#include "controllers/eventscontroller.h"
#include "controllers/historycontroller.h"
#include "controllers/mcpcontroller.h"
#include "controllers/providercontroller.h"
#include "controllers/sessionscontroller.h"
#include "controllers/systemcontroller.h"
#include "controllers/toolscontroller.h"
#include "events/streamhub.h"
#include "gateways/anthropicgateway.h"
#include "gateways/openaigateway.h"
#include "guard.h"
#include "http/limitedtcpserver.h"
#include "router.h"
#include "rpc/rpcdispatcher.h"
#include "rpc/runwatchers.h"

#include <QUrl>

class Engine;

struct ServerOptions
{
    quint16 port = 8765; // 0: any free port
    int portAttempts = 20; // when taken, try the next ones
    QByteArray token; // empty: a fresh random token
    QStringList allowedOrigins { QStringLiteral("vscode-webview://*") };
    int detachGraceMs = 15000; // a run nobody watches any more is cancelled after this
    int wsPingIntervalMs = 30000;
    int wsSilenceLimitMs = 90000;
    ConnectionLimits limits; // request sizes, timeouts, connection cap
    // By which event streams, WebSocket peers and answers that ended unread judge whether their
    // client still reads (a test's clock); empty: the system's steady clock.
    DrainJudge::Clock drainClock;
};

/**
 * The local server: HTTP and SSE on one loopback port (127.0.0.1, and ::1 where the system has
 * it). LimitedTcpServer accepts the connections and reads their requests within the limits;
 * every request then passes the Guard, then the route table. A WebSocket upgrade that passes
 * the Guard gets its handshake answered here and becomes a WsConnection, a peer of the JSON-RPC
 * dispatcher.
 */
class ApiServer : public QObject, private RequestSink
{
    Q_OBJECT
public:
    ApiServer(Engine &engine, ServerOptions options, QObject *parent = nullptr);

    /** Starts listening; on failure says why in *error. */
    bool start(QString *error);
    quint16 port() const { return m_port; }
    QUrl url() const;
    QByteArray token() const { return m_guard.token(); }
    /**
     * Replaces the token with a fresh one and closes every open connection (HTTP keep-alive,
     * event streams, WebSockets), so the old token stops working at once. Rewriting the
     * discovery file is the owner's business: see tokenChanged().
     */
    void resetToken();
    /** Origins allowed from now on (requests and upgrades already admitted are not revisited). */
    void setAllowedOrigins(const QStringList &origins) { m_guard.setAllowedOrigins(origins); }
    QStringList allowedOrigins() const { return m_guard.allowedOrigins(); }
    /** Open connections, HTTP and WebSocket. */
    int connectionCount() const { return m_connections.count(); }

    /**
     * Paused, the server accepts no new connection and closes the open ones; the port stays
     * taken (new connections wait in the kernel's queue), so the discovery file stays true and
     * no second instance takes the port. Resumed, it answers again, queued connections first.
     */
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }

    /** Whether a window can be shown: POST /app/show answers {"shown": false} without one. */
    void setHasWindow(bool hasWindow) { m_hasWindow = hasWindow; }

    /** Runs one request through the guard and the routes; any transport may call it. */
    void dispatch(ApiRequest &request, HttpExchange &exchange);
    /** The JSON-RPC method table, for transports outside the server (stdio). */
    RpcDispatcher &rpc() { return m_rpc; }

Q_SIGNALS:
    void tokenChanged();
    void pausedChanged(bool paused);
    /** A second start of Attache (POST /app/show) asks for the window; see setHasWindow(). */
    void showWindowRequested();

private:
    void handleRequest(ApiRequest &request, QTcpSocket *socket) override;
    void handleUpgrade(ApiRequest &request, QTcpSocket *socket) override;
    std::optional<ApiError> upgradeError(const ApiRequest &request) const;
    /** The answer to a CORS preflight, which carries no token. */
    ApiResponse preflight(const ApiRequest &request);

    Engine &m_engine;
    ServerOptions m_options;
    ConnectionRegistry m_connections;
    QList<QTcpServer *> m_listeners;
    Guard m_guard;
    Router m_router;
    SystemController m_system;
    RunWatchers m_watchers;
    StreamHub m_streams;
    ChatController m_chat;
    EventsController m_events;
    ProviderController m_providers;
    HistoryController m_history;
    SessionsController m_sessions;
    ToolsController m_tools;
    McpController m_mcp;
    AppController m_app;
    OpenAiGateway m_openAi;
    AnthropicGateway m_anthropic;
    RpcDispatcher m_rpc;
    quint16 m_port = 0;
    bool m_paused = false;
    bool m_hasWindow = false;
};
