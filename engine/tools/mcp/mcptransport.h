// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QObject>
#include <QPair>
#include <QString>

#include <functional>

class QJsonDocument;

/**
 * How JSON-RPC messages reach one MCP server and come back: a child process's stdin and stdout,
 * or HTTP. Every transport delivers what the server sends as messageReceived, whatever carried
 * it (a line, a JSON body, an SSE event); a request the transport could not deliver comes back
 * as a JSON-RPC error response for its id, so the client has one path for failures.
 */
class McpTransport : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    /** "stdio", "http" or "sse". */
    virtual QString kind() const = 0;
    /** Starts (the process, the event stream); opened or failed follows. */
    virtual void open() = 0;
    /** Extra HTTP headers for one message (Mcp-Param-*); other transports ignore them. */
    using Headers = QList<QPair<QByteArray, QByteArray>>;
    virtual void send(const QJsonObject &message, const Headers &headers = {}) = 0;
    /** Sends a notification; taken runs once the server has it, unless the connection goes
     * first. Over HTTP every message is a request of its own, which a server may take in any
     * order: what must come after this one waits for taken (its POST answered). Over stdio
     * the pipe keeps the order, and taken runs at once. */
    virtual void notify(const QJsonObject &message, std::function<void()> taken);
    /** The client gives up on a request: tells the server, the way its transport and revision
     * expect (notifications/cancelled, or closing the request's response stream). */
    virtual void cancel(const QJsonValue &id, const QString &reason);
    /** Ends the connection politely (HTTP: DELETE the session; stdio: close stdin, then
     * signals); closed follows, and no other signal. */
    virtual void close() = 0;

    /** The revision in use, once known: HTTP sends it as MCP-Protocol-Version. */
    void setProtocolVersion(const QString &version) { m_protocolVersion = version; }
    QString protocolVersion() const { return m_protocolVersion; }
    /** The stateless revision: no sessions, no resumption, cancellation by closing. */
    bool isStateless() const { return m_protocolVersion >= QLatin1String("2026-07-28"); }

    /** JSON-RPC error codes a transport uses for what never reached the server. */
    static constexpr int TransportError = -32000;

Q_SIGNALS:
    void opened();
    void messageReceived(const QJsonObject &message);
    /** The connection is gone (the process exited, the event stream failed for good). */
    void failed(const QString &reason);
    /** HTTP 404 for a session: the server forgot it. The client initialises again and sends
     * message (a call still pending) once more; message is empty when a notification met it. */
    void sessionExpired(const QJsonObject &message);
    void closed();

protected:
    /** The messages a JSON text carries: one object, or a batch (an array, which servers of
     * revision 2025-03-26 may send). Empty when it is neither. */
    static QList<QJsonObject> messagesIn(const QJsonDocument &doc);
    /** A JSON-RPC error response for a request that failed on the way. */
    static QJsonObject errorFor(const QJsonObject &request, int code, const QString &message,
                                const QJsonObject &data = {});

    QString m_protocolVersion;
};
