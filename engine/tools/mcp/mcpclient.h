// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tools/mcp/mcpconfig.h"
#include "tools/mcp/mcptransport.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>

#include <functional>

class QNetworkAccessManager;
class QTimer;

/** A tool as an MCP server describes it in tools/list. */
struct McpToolDefinition
{
    QString name;
    QString title;
    QString description;
    QJsonObject inputSchema;
    QJsonObject outputSchema; // what structuredContent must look like; empty when unsaid
    QJsonObject annotations; // readOnlyHint, destructiveHint, idempotentHint, openWorldHint, title
    bool taskOnly = false; // execution.taskSupport "required": it may only run as a task

    /** One tool of a tools/list answer; its name is empty when it has none. */
    static McpToolDefinition fromJson(const QJsonObject &tool);
    /** Why Attache does not offer it, or empty when it does. checkHeaders: its calls go over
     * stateless HTTP, where its Mcp-Param-* annotations must be valid. */
    QString whyLeftOut(bool checkHeaders) const;
};

/**
 * One connection to one MCP server: the transport, the revision both sides speak, the requests
 * in flight and the server's tools.
 *
 * Which revision: a server/discover request with the stateless revision's _meta goes first.
 * A server that answers it (or names the versions it supports) is stateless (2026-07-28): every
 * request carries _meta and there is no session. Any other answer, or none, means a handshake
 * server: initialize asks for 2025-11-25 and takes what the server answers if Attache knows it
 * (2025-06-18, 2025-03-26, 2024-11-05). Over HTTP, a server that refuses the POST altogether
 * (400, 404, 405 without a JSON-RPC error Attache recognises) is tried with the older HTTP+SSE
 * transport.
 */
class McpClient : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Connecting, Ready, Failed, Closed };

    McpClient(const McpServerConfig &config, QNetworkAccessManager *network,
              QObject *parent = nullptr);
    ~McpClient() override;

    void start();
    /** Ends the connection politely; stopped follows. graceMs: how long a stdio server has to
     * exit once its stdin is closed, and again after SIGTERM (-1: the usual). */
    void stop(int graceMs = -1);

    State state() const { return m_state; }
    /** The transport in use, or last used: "stdio", "http" or "sse"; empty before start. */
    QString transportKind() const { return m_transportKind; }
    QString protocolVersion() const { return m_version; }
    bool isStateless() const { return m_version == QLatin1String("2026-07-28"); }
    QJsonObject serverInfo() const { return m_serverInfo; }
    QString instructions() const { return m_instructions; }
    QList<McpToolDefinition> tools() const { return m_tools; }
    QString lastError() const { return m_lastError; }
    /** The child's exit code (stdio), -1 while it runs or for HTTP. */
    int exitCode() const;
    QString sessionId() const;
    McpTransport *transport() const { return m_transport; }

    /** result or error (a JSON-RPC error object: code, message, data) — exactly one is set. */
    using Reply = std::function<void(const QJsonObject &result, const QJsonObject &error)>;
    /** Sends a request; reply runs once, unless cancel() comes first. Returns its id. */
    QJsonValue request(const QString &method, const QJsonObject &params, int timeoutMs, Reply reply,
                       const McpTransport::Headers &headers = {});
    /** tools/call, with the Mcp-Param-* headers the tool's schema asks for. */
    QJsonValue callTool(const QString &name, const QJsonObject &arguments, int timeoutMs,
                        Reply reply);
    /** Gives up on a request and tells the server (notifications/cancelled, or closing its
     * stream); its reply never runs. */
    void cancel(const QJsonValue &id, const QString &reason);

    /** What Attache speaks, newest first. */
    static QStringList supportedVersions();
    /** Error codes only a stateless-revision server sends. */
    static bool isModernError(int code);
    /** The Mcp-Param-* headers for a call ("x-mcp-header" in the schema); an invalid
     * annotation is an error naming it. */
    static Result<McpTransport::Headers> paramHeaders(const QJsonObject &schema,
                                                      const QJsonObject &arguments);

    /** How long the handshake and tools/list may take. */
    static constexpr int HandshakeTimeoutMs = 30000;

Q_SIGNALS:
    void ready();
    void toolsChanged();
    void failed(const QString &message);
    void stopped();

private:
    struct Pending
    {
        QJsonObject message;
        Reply reply;
        QTimer *timer = nullptr;
    };
    void makeTransport(McpServerConfig::Transport transport);
    void onOpened();
    void onMessage(const QJsonObject &message);
    void onServerRequest(const QJsonObject &message);
    void onTransportFailed(const QString &reason);
    void onSessionExpired(const QJsonObject &message);
    void probe();
    void initialize(const QString &version);
    void onInitialized(const QJsonObject &result);
    void onHandshakeDone();
    /** After a failure: a session the server still keeps is ended (DELETE), so it can free
     * what it holds; the transport goes with it. */
    void endSession();
    void listTools();
    void fetchTools(const QString &cursor, QList<McpToolDefinition> gathered, int page);
    void checkAlive();
    void fail(const QString &message);
    void failPending(const QString &message);
    void send(const QJsonObject &message, const McpTransport::Headers &headers = {});
    QJsonObject withMeta(QJsonObject params) const;

    McpServerConfig m_config;
    QNetworkAccessManager *m_network;
    QPointer<McpTransport> m_transport;
    QString m_transportKind;
    State m_state = State::Idle;
    QString m_version;
    QJsonObject m_capabilities;
    QJsonObject m_serverInfo;
    QString m_instructions;
    QList<McpToolDefinition> m_tools;
    QString m_lastError;
    QHash<QString, Pending> m_pending; // by the id's JSON text
    qint64 m_nextId = 1;
    bool m_triedSse = false;
    bool m_listing = false;
    bool m_listAgain = false;
    bool m_reinitialising = false;
    bool m_checkingAlive = false;
    int m_handshakes = 0; // initialize requests sent
    int m_handshakeTaken = 0; // the last whose notifications/initialized the server took
    QList<QJsonObject> m_afterReinit;
    QTimer *m_refresh = nullptr; // the stateless revision: tools/list again when its ttl ends
};
