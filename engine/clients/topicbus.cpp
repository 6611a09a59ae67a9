// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "clients/topicbus.h"

#include <QMetaObject>

#include <utility>

TopicBus::TopicBus(QObject *parent)
    : QObject(parent)
{
    for (const QString &topic : topics())
        m_versions.insert(topic, 1);
}

QStringList TopicBus::topics()
{
    return { QStringLiteral("sessions"), QStringLiteral("providers"), QStringLiteral("models"),
             QStringLiteral("tools"),    QStringLiteral("history"),   QStringLiteral("settings"),
             QStringLiteral("clients"),  QStringLiteral("mcp") };
}

bool TopicBus::isTopic(const QString &topic)
{
    return topics().contains(topic);
}

QHash<QString, quint64> TopicBus::versions() const
{
    return m_versions;
}

void TopicBus::bump(const QString &topic)
{
    auto it = m_versions.find(topic);
    if (it == m_versions.end())
        return;
    ++it.value();
    if (m_changed.contains(topic))
        return;
    if (m_changed.isEmpty())
        QMetaObject::invokeMethod(this, &TopicBus::notify, Qt::QueuedConnection);
    m_changed.append(topic);
}

void TopicBus::notify()
{
    const QStringList changed = std::exchange(m_changed, {});
    for (const QString &topic : changed)
        Q_EMIT topicChanged(topic, m_versions.value(topic));
}
