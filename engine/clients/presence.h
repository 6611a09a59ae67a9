// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
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

    QJsonObject toJson() const;
};

/**
 * Who is attached right now: the GUI, editors, scripts.
 *
 * Changes are published so that n clients cost O(n) per change, not O(n²): clientsChanged() is
 * coalesced, and besides the whole list (snapshotJson(), serialised once per change, for a
 * client that has not seen it yet) each emission carries only what changed since the last one
 * (changeJson()), which is what every other client is sent.
 */
class Presence : public QObject
{
    Q_OBJECT
public:
    explicit Presence(QObject *parent = nullptr);

    /** Registers a client and returns its id. */
    QString attach(const QString &kind, const QString &name, const QString &transport);
    void detach(const QString &id);
    /** Updates kind and name (from a hello). */
    void identify(const QString &id, const QString &kind, const QString &name);
    void touch(const QString &id);

    /** In attach order. */
    QList<ClientInfo> clients() const;
    int count() const { return int(m_clients.size()); }
    const ClientInfo *find(const QString &id) const;
    QJsonArray toJson() const;
    static QString normalisedKind(const QString &kind);

    /** {"clients": [every client, in attach order], "count": n}, compact JSON. */
    QByteArray snapshotJson() const;
    /**
     * What the last clientsChanged() reported, compact JSON: {"joined": [clients], "updated":
     * [clients whose kind or name changed], "left": [ids], "count": clients now}.
     */
    QByteArray changeJson() const { return m_change; }

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
    QByteArray m_change; // of the last emission
    mutable QByteArray m_snapshot; // cached until the next change
    QTimer m_coalesce;
    bool m_pending = false; // a change arrived while the last one was being coalesced
};
