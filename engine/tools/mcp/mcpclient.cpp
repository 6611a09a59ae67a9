// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/mcp/mcpclient.h"

#include "enginelog.h"
#include "tools/mcp/mcphttptransport.h"
#include "tools/mcp/mcpssetransport.h"
#include "tools/mcp/mcpstdiotransport.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTimer>

namespace {

const QString Stateless = QStringLiteral("2026-07-28");
const QString Preferred = QStringLiteral("2025-11-25"); // asked for in initialize
constexpr int ProbeTimeoutMs = 10000; // an old server that ignores server/discover
constexpr int AliveTimeoutMs = 10000;
constexpr int MaxPages = 100;
constexpr int HeaderMismatch = -32020;
constexpr int MissingCapability = -32021;
constexpr int UnsupportedVersion = -32022;
constexpr int RequestTimeout = -32001; // the code the official SDKs use for a timeout
constexpr int MethodNotFound = -32601;

QString idKey(const QJsonValue &id)
{
    return id.isString() ? QLatin1Char('s') + id.toString()
                         : QLatin1Char('n') + QString::number(id.toInteger());
}

QJsonObject rpcError(int code, const QString &message)
{
    return { { QStringLiteral("code"), code }, { QStringLiteral("message"), message } };
}

QString errorText(const QJsonObject &error)
{
    return QStringLiteral("%1 (%2)")
        .arg(error.value(QLatin1String("message")).toString())
        .arg(error.value(QLatin1String("code")).toInt());
}

QJsonObject clientInfo() // in initialize, and in the stateless revision's _meta
{
    const QString version = QCoreApplication::applicationVersion();
    return { { QStringLiteral("name"), QStringLiteral("attache") },
             { QStringLiteral("title"), QStringLiteral("Attache") },
             { QStringLiteral("version"), version.isEmpty() ? QStringLiteral("0") : version } };
}

int httpStatusOf(const QJsonObject &error)
{
    return error.value(QLatin1String("data")).toObject().value(QLatin1String("httpStatus")).toInt();
}

} // namespace

McpClient::McpClient(const McpServerConfig &config, QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_network(network)
{ }

McpClient::~McpClient()
{
    for (Pending &pending : m_pending)
        delete pending.timer;
}

QStringList McpClient::supportedVersions()
{
    return { Stateless, Preferred, QStringLiteral("2025-06-18"), QStringLiteral("2025-03-26"),
             QStringLiteral("2024-11-05") };
}

bool McpClient::isModernError(int code)
{
    return code == HeaderMismatch || code == MissingCapability || code == UnsupportedVersion;
}

int McpClient::exitCode() const
{
    const auto *stdio = qobject_cast<const McpStdioTransport *>(m_transport.data());
    return stdio ? stdio->exitCode() : -1;
}

QString McpClient::sessionId() const
{
    const auto *http = qobject_cast<const McpHttpTransport *>(m_transport.data());
    return http ? http->sessionId() : QString();
}

void McpClient::makeTransport(McpServerConfig::Transport transport)
{
    if (m_transport) {
        m_transport->disconnect(this);
        m_transport->deleteLater();
    }
    switch (transport) {
    case McpServerConfig::Transport::Stdio:
        m_transport = new McpStdioTransport(m_config, this);
        break;
    case McpServerConfig::Transport::Http:
        m_transport = new McpHttpTransport(m_config, m_network, this);
        break;
    case McpServerConfig::Transport::Sse:
        m_transport = new McpSseTransport(m_config, m_network, this);
        break;
    }
    m_transportKind = m_transport->kind();
    connect(m_transport, &McpTransport::opened, this, &McpClient::onOpened);
    connect(m_transport, &McpTransport::messageReceived, this, &McpClient::onMessage);
    connect(m_transport, &McpTransport::failed, this, &McpClient::onTransportFailed);
    connect(m_transport, &McpTransport::sessionExpired, this, &McpClient::onSessionExpired);
}

void McpClient::start()
{
    m_state = State::Connecting;
    makeTransport(m_config.transport);
    m_transport->open();
}

void McpClient::onOpened()
{
    // HTTP+SSE is older than the stateless revision: it can only be a handshake server.
    if (m_transport->kind() == QLatin1String("sse"))
        initialize(Preferred);
    else
        probe();
}

QJsonObject McpClient::withMeta(QJsonObject params) const
{
    if (!isStateless())
        return params;
    QJsonObject meta = params.value(QLatin1String("_meta")).toObject();
    meta.insert(QStringLiteral("io.modelcontextprotocol/protocolVersion"), m_version);
    meta.insert(QStringLiteral("io.modelcontextprotocol/clientCapabilities"), QJsonObject());
    meta.insert(QStringLiteral("io.modelcontextprotocol/clientInfo"), clientInfo());
    params.insert(QStringLiteral("_meta"), meta);
    return params;
}

QJsonValue McpClient::request(const QString &method, const QJsonObject &params, int timeoutMs,
                              Reply reply, const McpTransport::Headers &headers)
{
    const QJsonValue id = m_nextId++;
    QJsonObject message { { QStringLiteral("jsonrpc"), QStringLiteral("2.0") },
                          { QStringLiteral("id"), id },
                          { QStringLiteral("method"), method } };
    const QJsonObject full = withMeta(params);
    if (!full.isEmpty())
        message.insert(QStringLiteral("params"), full);
    Pending pending { message, std::move(reply), new QTimer };
    pending.timer->setSingleShot(true);
    const QString key = idKey(id);
    connect(pending.timer, &QTimer::timeout, this, [this, key, method, timeoutMs] {
        auto it = m_pending.find(key);
        if (it == m_pending.end())
            return;
        Pending expired = it.value();
        m_pending.erase(it);
        expired.timer->deleteLater();
        const QString reason =
            QStringLiteral("%1 did not answer within %2 s").arg(method).arg(timeoutMs / 1000.0);
        // initialize is never cancelled (the lifecycle forbids it): the connection fails next.
        if (m_transport && method != QLatin1String("initialize"))
            m_transport->cancel(expired.message.value(QLatin1String("id")), reason);
        expired.reply({}, rpcError(RequestTimeout, reason + QLatin1Char('.')));
        if (m_state == State::Ready)
            checkAlive(); // a slow tool, or a server that hangs?
    });
    pending.timer->start(timeoutMs);
    m_pending.insert(key, pending);
    if (m_reinitialising && method != QLatin1String("initialize"))
        m_afterReinit.append(message);
    else
        send(message, headers);
    return id;
}

void McpClient::send(const QJsonObject &message, const McpTransport::Headers &headers)
{
    if (!m_transport) {
        onMessage({ { QStringLiteral("id"), message.value(QLatin1String("id")) },
                    { QStringLiteral("error"),
                      rpcError(McpTransport::TransportError,
                               QStringLiteral("The server is not connected.")) } });
        return;
    }
    m_transport->send(message, headers);
}

QJsonValue McpClient::callTool(const QString &name, const QJsonObject &arguments, int timeoutMs,
                               Reply reply)
{
    McpTransport::Headers headers;
    if (isStateless() && m_transport && m_transport->kind() == QLatin1String("http")) {
        for (const McpToolDefinition &tool : std::as_const(m_tools)) {
            if (tool.name == name)
                headers = paramHeaders(tool.inputSchema, arguments).value();
        }
    }
    return request(QStringLiteral("tools/call"),
                   { { QStringLiteral("name"), name }, { QStringLiteral("arguments"), arguments } },
                   timeoutMs, std::move(reply), headers);
}

void McpClient::cancel(const QJsonValue &id, const QString &reason)
{
    auto it = m_pending.find(idKey(id));
    if (it == m_pending.end())
        return;
    delete it->timer;
    m_pending.erase(it);
    m_afterReinit.removeIf(
        [&](const QJsonObject &m) { return m.value(QLatin1String("id")) == id; });
    if (m_transport)
        m_transport->cancel(id, reason);
}

void McpClient::onMessage(const QJsonObject &message)
{
    const bool hasMethod = message.contains(QLatin1String("method"));
    if (hasMethod && message.contains(QLatin1String("id"))) {
        onServerRequest(message);
        return;
    }
    if (hasMethod) {
        const QString method = message.value(QLatin1String("method")).toString();
        // During the first listing too: what it gathered may be stale already.
        if (method == QLatin1String("notifications/tools/list_changed")
            && (m_state == State::Ready || m_listing))
            listTools();
        else if (method == QLatin1String("notifications/message"))
            qCInfo(lcEngine, "mcp %s: %s", qUtf8Printable(m_config.name),
                   QJsonDocument(message.value(QLatin1String("params")).toObject())
                       .toJson(QJsonDocument::Compact)
                       .left(500)
                       .constData());
        return;
    }
    auto it = m_pending.find(idKey(message.value(QLatin1String("id"))));
    if (it == m_pending.end())
        return; // cancelled, timed out, or not ours
    Pending pending = it.value();
    m_pending.erase(it);
    delete pending.timer;
    if (!message.value(QLatin1String("error")).isObject()) {
        pending.reply(message.value(QLatin1String("result")).toObject(), {});
        return;
    }
    const QJsonObject error = message.value(QLatin1String("error")).toObject();
    const QPointer<McpClient> self(this);
    pending.reply({}, error);
    // The request never reached the server (refused, an error page): is the server still
    // there? One that is gone is marked failed and restarted, not left offering its tools.
    if (self && error.value(QLatin1String("code")).toInt() == McpTransport::TransportError
        && m_state == State::Ready)
        checkAlive();
}

void McpClient::onServerRequest(const QJsonObject &message)
{
    // Attache offers the server nothing of its own (no roots, sampling or elicitation): it
    // answers ping and says no to the rest, so a server never waits for an answer.
    const QString method = message.value(QLatin1String("method")).toString();
    QJsonObject response { { QStringLiteral("jsonrpc"), QStringLiteral("2.0") },
                           { QStringLiteral("id"), message.value(QLatin1String("id")) } };
    if (method == QLatin1String("ping"))
        response.insert(QStringLiteral("result"), QJsonObject());
    else
        response.insert(
            QStringLiteral("error"),
            rpcError(MethodNotFound, QStringLiteral("Attache does not offer %1.").arg(method)));
    send(response);
}

void McpClient::probe()
{
    m_version = Stateless;
    m_transport->setProtocolVersion(Stateless);
    request(QStringLiteral("server/discover"), {}, ProbeTimeoutMs,
            [this](const QJsonObject &result, const QJsonObject &error) {
                if (m_state != State::Connecting)
                    return;
                m_version.clear();
                m_transport->setProtocolVersion({});
                QStringList offered;
                if (error.isEmpty()) {
                    for (const QJsonValue &v :
                         result.value(QLatin1String("supportedVersions")).toArray())
                        offered.append(v.toString());
                } else {
                    const int code = error.value(QLatin1String("code")).toInt();
                    if (code == HeaderMismatch || code == MissingCapability) {
                        fail(QStringLiteral("The server refused Attache's requests: %1")
                                 .arg(errorText(error)));
                        return;
                    }
                    if (code == UnsupportedVersion) {
                        for (const QJsonValue &v : error.value(QLatin1String("data"))
                                                       .toObject()
                                                       .value(QLatin1String("supported"))
                                                       .toArray())
                            offered.append(v.toString());
                    }
                }
                if (offered.contains(Stateless)) {
                    m_version = Stateless;
                    m_transport->setProtocolVersion(Stateless);
                    m_capabilities = result.value(QLatin1String("capabilities")).toObject();
                    m_serverInfo = result.value(QLatin1String("_meta"))
                                       .toObject()
                                       .value(QLatin1String("io.modelcontextprotocol/serverInfo"))
                                       .toObject();
                    m_instructions = result.value(QLatin1String("instructions")).toString();
                    listTools();
                    return;
                }
                // A handshake server; the newest revision it named that Attache speaks.
                QString version = Preferred;
                for (const QString &v : supportedVersions()) {
                    if (offered.contains(v)) {
                        version = v;
                        break;
                    }
                }
                initialize(version);
            });
}

void McpClient::initialize(const QString &version)
{
    const QJsonObject params { { QStringLiteral("protocolVersion"), version },
                               { QStringLiteral("capabilities"), QJsonObject() },
                               { QStringLiteral("clientInfo"), clientInfo() } };
    ++m_handshakes; // what waited for an older one is void
    request(QStringLiteral("initialize"), params, HandshakeTimeoutMs,
            [this, version](const QJsonObject &result, const QJsonObject &error) {
                if (m_state != State::Connecting && !m_reinitialising)
                    return;
                if (error.isEmpty()) {
                    onInitialized(result);
                    return;
                }
                const int status = httpStatusOf(error);
                const int code = error.value(QLatin1String("code")).toInt();
                if (m_transport->kind() == QLatin1String("http") && !m_triedSse && !m_reinitialising
                    && (status == 400 || status == 404 || status == 405) && !isModernError(code)) {
                    // Not Streamable HTTP: the older HTTP+SSE transport at the same URL.
                    m_triedSse = true;
                    qCInfo(lcEngine, "mcp %s: trying HTTP+SSE (%s)", qUtf8Printable(m_config.name),
                           qUtf8Printable(errorText(error)));
                    makeTransport(McpServerConfig::Transport::Sse);
                    m_transport->open();
                    return;
                }
                fail(QStringLiteral("The server refused initialize (%1): %2")
                         .arg(version, errorText(error)));
            });
}

void McpClient::onInitialized(const QJsonObject &result)
{
    const QString version = result.value(QLatin1String("protocolVersion")).toString();
    if (!supportedVersions().contains(version) || version == Stateless) {
        fail(QStringLiteral("The server speaks MCP revision \"%1\", which Attache does not; it "
                            "speaks %2.")
                 .arg(version, supportedVersions().join(QLatin1String(", "))));
        return;
    }
    m_version = version;
    m_transport->setProtocolVersion(version);
    m_capabilities = result.value(QLatin1String("capabilities")).toObject();
    m_serverInfo = result.value(QLatin1String("serverInfo")).toObject();
    m_instructions = result.value(QLatin1String("instructions")).toString();
    // Nothing but pings before the server took notifications/initialized (or fails to).
    const int handshake = m_handshakes;
    const auto current = [this, handshake] {
        return handshake == m_handshakes
            && (m_state == State::Connecting || m_state == State::Ready);
    };
    m_transport->notify(
        { { QStringLiteral("jsonrpc"), QStringLiteral("2.0") },
          { QStringLiteral("method"), QStringLiteral("notifications/initialized") } },
        [this, handshake, current] {
            if (!current())
                return;
            m_handshakeTaken = handshake;
            onHandshakeDone();
        });
    QTimer::singleShot(HandshakeTimeoutMs, this, [this, handshake, current] {
        if (current() && m_handshakeTaken != handshake)
            fail(QStringLiteral("The server did not take notifications/initialized within %1 s.")
                     .arg(HandshakeTimeoutMs / 1000));
    });
}

void McpClient::onHandshakeDone()
{
    if (auto *http = qobject_cast<McpHttpTransport *>(m_transport.data()))
        http->listen();
    if (m_reinitialising) {
        // A new session: what waited for it goes out now.
        m_reinitialising = false;
        const QList<QJsonObject> waiting = std::exchange(m_afterReinit, {});
        for (const QJsonObject &message : waiting)
            send(message);
        // The first session ended before its listing began.
        if (m_state == State::Connecting && !m_listing)
            listTools();
        return;
    }
    listTools();
}

void McpClient::onSessionExpired(const QJsonObject &message)
{
    if (m_state != State::Ready && m_state != State::Connecting)
        return;
    qCInfo(lcEngine, "mcp %s: the session expired; initialising again",
           qUtf8Printable(m_config.name));
    if (!message.isEmpty()) // a call to send again in the new session
        m_afterReinit.append(message);
    if (m_reinitialising)
        return;
    m_reinitialising = true;
    initialize(m_version);
}

void McpClient::listTools()
{
    if (m_listing) {
        m_listAgain = true; // changed again while we were listing
        return;
    }
    const bool offersTools = m_capabilities.contains(QLatin1String("tools"));
    if (!offersTools) {
        m_tools.clear();
        if (m_state == State::Connecting) {
            m_state = State::Ready;
            Q_EMIT ready();
        }
        return;
    }
    m_listing = true;
    fetchTools({}, {}, 0);
}

void McpClient::fetchTools(const QString &cursor, QList<McpToolDefinition> gathered, int page)
{
    QJsonObject params;
    if (!cursor.isEmpty())
        params.insert(QStringLiteral("cursor"), cursor);
    request(
        QStringLiteral("tools/list"), params, HandshakeTimeoutMs,
        [this, gathered, page](const QJsonObject &result, const QJsonObject &error) mutable {
            if (m_state != State::Ready && m_state != State::Connecting)
                return;
            if (!error.isEmpty()) {
                m_listing = false;
                fail(QStringLiteral("tools/list failed: %1").arg(errorText(error)));
                return;
            }
            const bool checkHeaders = isStateless() && m_transport->kind() == QLatin1String("http");
            for (const QJsonValue &value : result.value(QLatin1String("tools")).toArray()) {
                const McpToolDefinition tool = McpToolDefinition::fromJson(value.toObject());
                if (tool.name.isEmpty())
                    continue;
                if (const QString why = tool.whyLeftOut(checkHeaders); !why.isEmpty()) {
                    qCInfo(lcEngine, "mcp %s: tool %s left out: %s", qUtf8Printable(m_config.name),
                           qUtf8Printable(tool.name), qUtf8Printable(why));
                    continue;
                }
                gathered.append(tool);
            }
            const QString next = result.value(QLatin1String("nextCursor")).toString();
            if (!next.isEmpty() && page + 1 < MaxPages) {
                fetchTools(next, gathered, page + 1);
                return;
            }
            m_listing = false;
            m_tools = gathered;
            const int ttl = result.value(QLatin1String("ttlMs")).toInt();
            if (isStateless() && ttl > 0) {
                // No list_changed without a subscription: the server says how long the list
                // stays fresh, and Attache asks again then.
                if (!m_refresh) {
                    m_refresh = new QTimer(this);
                    m_refresh->setSingleShot(true);
                    connect(m_refresh, &QTimer::timeout, this, &McpClient::listTools);
                }
                m_refresh->start(qMax(ttl, 1000));
            }
            if (m_state == State::Connecting) {
                m_state = State::Ready;
                Q_EMIT ready();
            } else {
                Q_EMIT toolsChanged();
            }
            if (std::exchange(m_listAgain, false))
                listTools();
        });
}

void McpClient::checkAlive()
{
    if (m_checkingAlive)
        return;
    m_checkingAlive = true;
    const QString method =
        isStateless() ? QStringLiteral("server/discover") : QStringLiteral("ping");
    request(method, {}, AliveTimeoutMs, [this](const QJsonObject &, const QJsonObject &error) {
        m_checkingAlive = false;
        const int code = error.value(QLatin1String("code")).toInt();
        if (m_state != State::Ready)
            return;
        const QString probe =
            isStateless() ? QStringLiteral("server/discover") : QStringLiteral("ping");
        if (code == RequestTimeout)
            fail(QStringLiteral("The server stopped answering (not even %1).").arg(probe));
        else if (code == McpTransport::TransportError)
            fail(QStringLiteral("The server cannot be reached (%1: %2)")
                     .arg(probe, error.value(QLatin1String("message")).toString()));
    });
}

void McpClient::onTransportFailed(const QString &reason)
{
    fail(reason);
}

void McpClient::failPending(const QString &message)
{
    const auto pending = std::exchange(m_pending, {});
    m_afterReinit.clear();
    for (const Pending &p : pending) {
        delete p.timer;
        p.reply({}, rpcError(McpTransport::TransportError, message));
    }
}

void McpClient::fail(const QString &message)
{
    if (m_state == State::Failed || m_state == State::Closed)
        return;
    m_state = State::Failed;
    m_lastError = message;
    m_reinitialising = false;
    if (m_refresh)
        m_refresh->stop();
    endSession();
    // The manager warns once per run of failures; every attempt is logged here at info level.
    qCInfo(lcEngine, "mcp %s: %s", qUtf8Printable(m_config.name), qUtf8Printable(message));
    failPending(message);
    Q_EMIT failed(message);
}

void McpClient::endSession()
{
    auto *http = qobject_cast<McpHttpTransport *>(m_transport.data());
    if (!http || http->sessionId().isEmpty())
        return;
    m_transport = nullptr;
    http->disconnect(this);
    // It outlives this client until the server has heard; closed on the next turn, not inside
    // one of its own signals (close frees the streams they come from).
    http->setParent(m_network);
    connect(http, &McpTransport::closed, http, &QObject::deleteLater);
    QMetaObject::invokeMethod(
        http, [http] { http->close(); }, Qt::QueuedConnection);
}

void McpClient::stop(int graceMs)
{
    if (m_state == State::Closed)
        return;
    const bool live = m_transport && m_state != State::Failed;
    m_state = State::Closed;
    if (m_refresh)
        m_refresh->stop();
    failPending(QStringLiteral("The server was stopped."));
    if (!live) {
        QTimer::singleShot(0, this, &McpClient::stopped);
        return;
    }
    if (auto *stdio = qobject_cast<McpStdioTransport *>(m_transport.data()); stdio && graceMs >= 0)
        stdio->setGraceMs(graceMs);
    m_transport->disconnect(this);
    connect(m_transport, &McpTransport::closed, this, &McpClient::stopped);
    connect(m_transport, &McpTransport::failed, this, &McpClient::stopped);
    m_transport->close();
}
