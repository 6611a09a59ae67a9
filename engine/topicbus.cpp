// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "topicbus.h"

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
             QStringLiteral("clients") };
}

bool TopicBus::isTopic(const QString &topic)
{
    return topics().contains(topic);
}

QJsonObject TopicBus::versions() const
{
    QJsonObject json;
    for (auto it = m_versions.cbegin(); it != m_versions.cend(); ++it)
        json.insert(it.key(), qint64(it.value()));
    return json;
}

void TopicBus::bump(const QString &topic)
{
    auto it = m_versions.find(topic);
    if (it == m_versions.end())
        return;
    ++it.value();
    Q_EMIT topicChanged(topic, it.value());
}
