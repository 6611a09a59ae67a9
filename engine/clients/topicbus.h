// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QHash>
#include <QObject>
#include <QStringList>

/**
 * A version counter per topic. Any change to what a topic covers bumps it, so a polling client
 * compares numbers. The version moves at once; topicChanged follows once the work under way is
 * done, one per topic however many changes it made (a chat that creates a session and starts
 * its history notifies after its upstream request is written, not before).
 */
class TopicBus : public QObject
{
    Q_OBJECT
public:
    explicit TopicBus(QObject *parent = nullptr);

    static QStringList
    topics(); // sessions, providers, models, tools, history, settings, clients, mcp
    static bool isTopic(const QString &topic);

    quint64 version(const QString &topic) const { return m_versions.value(topic); }
    QHash<QString, quint64> versions() const;
    void bump(const QString &topic);

Q_SIGNALS:
    void topicChanged(const QString &topic, quint64 version);

private:
    void notify();

    QHash<QString, quint64> m_versions;
    QStringList m_changed; // bumped since the last notification, in order
};
