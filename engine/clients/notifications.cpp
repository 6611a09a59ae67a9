// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "clients/notifications.h"

namespace {
constexpr qsizetype KeptNotifications = 256;
}

NotificationCenter::NotificationCenter(QObject *parent)
    : QObject(parent)
{ }

bool NotificationCenter::isKind(const QString &kind)
{
    return kind == QLatin1String("info") || kind == QLatin1String("question")
        || kind == QLatin1String("suggestion");
}

Result<Notification> NotificationCenter::post(const QString &message, const QString &kind,
                                              const QString &from, const QString &to)
{
    if (message.trimmed().isEmpty())
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("The notification message is empty.") };
    const QString k = kind.isEmpty() ? QStringLiteral("info") : kind;
    if (!isKind(k))
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("\"kind\" must be info, question or suggestion.") };
    Notification n;
    n.id = QStringLiteral("n_") + QString::number(m_next++);
    n.message = message;
    n.kind = k;
    n.from = from.isEmpty() ? QStringLiteral("engine") : from;
    n.to = to;
    n.at = QDateTime::currentDateTimeUtc();
    m_notifications.insert(n.id, n);
    m_order.append(n.id);
    while (m_order.size() > KeptNotifications)
        m_notifications.remove(m_order.takeFirst());
    Q_EMIT posted(n);
    return n;
}

Status NotificationCenter::reply(const QString &id, const QString &answer, const QString &clientId)
{
    auto it = m_notifications.find(id);
    if (it == m_notifications.end())
        return EngineError { ErrorKind::NotFound,
                             QStringLiteral("There is no notification \"%1\".").arg(id) };
    if (it->kind != QLatin1String("question"))
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("Notification %1 is not a question.").arg(id) };
    if (!it->repliedBy.isEmpty())
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("Notification %1 was already answered.").arg(id) };
    it->reply = answer;
    it->repliedBy = clientId.isEmpty() ? QStringLiteral("anonymous") : clientId;
    Q_EMIT replied(*it);
    return {};
}

const Notification *NotificationCenter::find(const QString &id) const
{
    auto it = m_notifications.constFind(id);
    return it == m_notifications.cend() ? nullptr : &it.value();
}
