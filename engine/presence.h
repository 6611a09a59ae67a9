// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QObject>
#include <QTimer>

struct ClientInfo
{
    QString id;
    QString kind; // gui, vscode, cli, other
    QString name;
    QString transport; // inprocess, websocket, stdio, sse
    QDateTime since;
    QDateTime lastSeen;

    QJsonObject toJson() const;
};

/** Who is attached right now: the GUI, editors, scripts. */
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

    QList<ClientInfo> clients() const { return m_clients; }
    const ClientInfo *find(const QString &id) const;
    QJsonArray toJson() const;
    static QString normalisedKind(const QString &kind);

Q_SIGNALS:
    /** Coalesced: a burst of attaches and detaches is one change, so a thousand clients
     * connecting cause a handful of notifications, not a storm that grows with their square. */
    void clientsChanged();

private:
    void changed();

    QList<ClientInfo> m_clients;
    QTimer m_coalesce;
    bool m_pending = false; // a change arrived while the last one was being coalesced
};
