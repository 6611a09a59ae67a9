// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

struct Notification
{
    QString id;
    QString message;
    QString kind; // info, question, suggestion
    QString from; // client id that posted it, or "engine"
    QString to; // one client id, or empty for everyone
    QDateTime at;
    QString reply; // the answer to a question
    QString repliedBy;
};

/** Messages the backend pushes to clients; a question's answer reaches whoever asked. */
class NotificationCenter : public QObject
{
    Q_OBJECT
public:
    explicit NotificationCenter(QObject *parent = nullptr);

    static bool isKind(const QString &kind);
    Result<Notification> post(const QString &message, const QString &kind, const QString &from,
                              const QString &to = {});
    Status reply(const QString &id, const QString &answer, const QString &clientId);
    const Notification *find(const QString &id) const;

Q_SIGNALS:
    void posted(const Notification &notification);
    void replied(const Notification &notification);

private:
    QHash<QString, Notification> m_notifications;
    QList<QString> m_order; // oldest first, bounded
    quint64 m_next = 1;
};
