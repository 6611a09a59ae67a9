// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QTimer>

struct ClientInfo
{
    QString id;
    QString kind; // gui, vscode, cli, other
    QString name;
    QString transport; // inprocess, websocket, stdio, sse
    QDateTime since;
    QDateTime lastSeen;
    quint64 order = 0; // attach order, for listing
};

/** What one clientsChanged() reports. */
struct PresenceChange
{
    QList<ClientInfo> joined;
    QList<ClientInfo> updated; // kind or name changed
    QStringList left; // ids
    int count = 0; // clients now
};

/**
 * Who is attached right now: the GUI, editors, scripts.
 *
 * Changes are published so that n clients cost O(n) per change, not O(n²): clientsChanged() is
 * coalesced, and besides the whole list (for a client that has not seen it yet) each emission
 * carries only what changed since the last one (lastChange()), which is what every other client
 * is sent. generation() tells a listener's cache that the list changed.
 */
class Presence : public QObject
{
    Q_OBJECT
public:
    explicit Presence(QObject *parent = nullptr);

    /** Registers a client and returns its id: a new one, or id when given (a client known by
     * name, as the gateways' are; it must not be attached already). */
    QString attach(const QString &kind, const QString &name, const QString &transport,
                   const QString &id = {});
    void detach(const QString &id);
    /** Updates kind and name (from a hello). */
    void identify(const QString &id, const QString &kind, const QString &name);
    void touch(const QString &id);

    /** In attach order. */
    QList<ClientInfo> clients() const;
    int count() const { return int(m_clients.size()); }
    const ClientInfo *find(const QString &id) const;
    static QString normalisedKind(const QString &kind);

    /** What the last clientsChanged() reported. */
    const PresenceChange &lastChange() const { return m_change; }
    /** Grows with every change of the list (attach, detach, identify). */
    quint64 generation() const { return m_generation; }

Q_SIGNALS:
    /** Coalesced: a burst of attaches and detaches is one change, so a thousand clients
     * connecting cause a handful of notifications, not a storm that grows with their square. */
    void clientsChanged();

private:
    void changed();
    void publish();

    QHash<QString, ClientInfo> m_clients;
    quint64 m_nextOrder = 0;
    // Since the last emission:
    QSet<QString> m_joined;
    QSet<QString> m_updated; // of clients that were listed then
    QStringList m_left; // of clients that were listed then
    PresenceChange m_change; // of the last emission
    quint64 m_generation = 0;
    QTimer m_coalesce;
    bool m_pending = false; // a change arrived while the last one was being coalesced
};
