// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/permissionbroker.h"

#include <QRandomGenerator>

PermissionBroker::PermissionBroker(QObject *parent)
    : QObject(parent)
{ }

std::optional<PermissionBroker::Scope> PermissionBroker::scopeFromString(const QString &text)
{
    if (text.isEmpty() || text == QLatin1String("once"))
        return Scope::Once;
    if (text == QLatin1String("session"))
        return Scope::Session;
    if (text == QLatin1String("always"))
        return Scope::Always;
    return std::nullopt;
}

QString PermissionBroker::scopeName(Scope scope)
{
    switch (scope) {
    case Scope::Once:
        return QStringLiteral("once");
    case Scope::Session:
        return QStringLiteral("session");
    case Scope::Always:
        return QStringLiteral("always");
    }
    return {};
}

PermissionRequest PermissionBroker::ask(PermissionRequest request, QObject *context, Done done)
{
    request.id = QStringLiteral("p_%1_%2").arg(m_next++).arg(
        QRandomGenerator::global()->generate() & 0xffff, 4, 16, QLatin1Char('0'));
    request.at = QDateTime::currentDateTimeUtc();
    request.timeoutMs = m_timeoutMs;
    Pending pending { request, context, std::move(done), new QTimer(this) };
    pending.timer->setSingleShot(true);
    const QString id = request.id;
    connect(pending.timer, &QTimer::timeout, this, [this, id] {
        finish(id, false, QStringLiteral("timeout"), QStringLiteral("timeout"));
    });
    // The run went away (cancelled): withdraw the question.
    connect(context, &QObject::destroyed, this, [this, id] {
        finish(id, false, QStringLiteral("withdrawn"), QStringLiteral("cancelled"));
    });
    pending.timer->start(m_timeoutMs);
    m_pending.insert(id, pending);
    Q_EMIT requested(request);
    return request;
}

Status PermissionBroker::respond(const QString &id, bool allow, Scope scope,
                                 const QString &clientId)
{
    if (!m_pending.contains(id)) {
        if (m_answered.contains(id))
            return EngineError::make(
                ErrorKind::Conflict,
                QT_TRANSLATE_NOOP("Engine", "Permission request %1 was already answered."), { id });
        return EngineError { ErrorKind::NotFound,
                             QStringLiteral("There is no permission request %1.").arg(id) };
    }
    const PermissionRequest request = m_pending.value(id).request;
    if (allow && scope == Scope::Session)
        m_sessionGrants.insert(request.sessionId + QLatin1Char('\n') + request.tool);
    if (allow && scope == Scope::Always)
        Q_EMIT alwaysAllowed(request.tool);
    finish(id, allow, scopeName(scope),
           clientId.isEmpty() ? QStringLiteral("anonymous") : clientId);
    return {};
}

void PermissionBroker::finish(const QString &id, bool allowed, const QString &scope,
                              const QString &by)
{
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    Pending pending = it.value();
    m_pending.erase(it);
    pending.timer->deleteLater();
    if (m_answered.size() > 1024)
        m_answered.clear();
    m_answered.insert(id, allowed);
    Q_EMIT resolved(pending.request, allowed, scope, by);
    if (pending.context)
        pending.done(allowed, scope, by);
}

bool PermissionBroker::allowedForSession(const QString &sessionId, const QString &tool) const
{
    return m_sessionGrants.contains(sessionId + QLatin1Char('\n') + tool);
}

QList<PermissionRequest> PermissionBroker::pending() const
{
    QList<PermissionRequest> list;
    for (const Pending &p : m_pending)
        list.append(p.request);
    return list;
}
