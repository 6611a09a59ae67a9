// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QObject>

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
    void clientsChanged();

private:
    QList<ClientInfo> m_clients;
};
