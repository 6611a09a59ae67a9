// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"
#include "tools/tool.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <functional>

struct PermissionRequest
{
    QString id;
    QString runId;
    QString sessionId;
    QString callId;
    QString tool;
    QJsonObject arguments; // in full, never truncated: the user approves exactly this
    ToolPreview preview; // a write's unified diff, or a sentence saying why there is none
    QString source; // the MCP server the tool comes from; empty for a built-in tool
    QJsonObject annotations; // what that server says of the tool (shown, not trusted)
    QDateTime at;
    int timeoutMs = 0;
};

/**
 * Asks the user before a tool runs. The request goes to every attached client and the window;
 * the first answer wins and everyone learns the outcome. Unanswered, it is denied after a
 * timeout: nothing runs without a yes.
 */
Q_DECLARE_METATYPE(PermissionRequest)

class PermissionBroker : public QObject
{
    Q_OBJECT
public:
    enum class Scope { Once, Session, Always };
    using Done = std::function<void(bool allowed, const QString &scope, const QString &decidedBy)>;

    explicit PermissionBroker(QObject *parent = nullptr);

    void setTimeoutMs(int ms) { m_timeoutMs = ms; }
    int timeoutMs() const { return m_timeoutMs; }

    /** Asks; done runs once with the answer unless context is destroyed first (then the
     * request is withdrawn). Returns the request as sent (with its id, time and timeout). */
    PermissionRequest ask(PermissionRequest request, QObject *context, Done done);
    /** An answer from a client; the first one wins, a later one is an error saying so. */
    Status respond(const QString &id, bool allow, Scope scope, const QString &clientId);
    /** Allowed for the rest of this session by an earlier answer. */
    bool allowedForSession(const QString &sessionId, const QString &tool) const;
    QList<PermissionRequest> pending() const;

    static std::optional<Scope> scopeFromString(const QString &text);
    static QString scopeName(Scope scope);

Q_SIGNALS:
    void requested(const PermissionRequest &request);
    void resolved(const PermissionRequest &request, bool allowed, const QString &scope,
                  const QString &decidedBy);
    /** "Always" was chosen: the tool's policy should become allow. */
    void alwaysAllowed(const QString &tool);

private:
    struct Pending
    {
        PermissionRequest request;
        QPointer<QObject> context;
        Done done;
        QTimer *timer = nullptr;
    };
    void finish(const QString &id, bool allowed, const QString &scope, const QString &by);

    QHash<QString, Pending> m_pending;
    QSet<QString> m_sessionGrants; // "session\ntool"
    QHash<QString, bool> m_answered; // recent ids, so a late answer is told it lost
    int m_timeoutMs = 120000;
    quint64 m_next = 1;
};
