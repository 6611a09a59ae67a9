// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "clientsmodel.h"

#include <QLocale>

#include <algorithm>

ClientsModel::ClientsModel(Presence &presence, QObject *parent)
    : QAbstractTableModel(parent)
    , m_presence(presence)
    , m_clients(presence.clients())
{
    connect(&presence, &Presence::clientsChanged, this, &ClientsModel::refresh);
}

void ClientsModel::refresh()
{
    const QList<ClientInfo> now = m_presence.clients();
    auto contains = [](const QList<ClientInfo> &list, const QString &id) {
        return std::any_of(list.cbegin(), list.cend(),
                           [&](const ClientInfo &c) { return c.id == id; });
    };
    for (int row = int(m_clients.size()) - 1; row >= 0; --row) {
        if (!contains(now, m_clients.at(row).id)) {
            beginRemoveRows({}, row, row);
            m_clients.removeAt(row);
            endRemoveRows();
        }
    }
    for (const ClientInfo &client : now) {
        const int row = rowOf(client.id);
        if (row < 0) {
            beginInsertRows({}, int(m_clients.size()), int(m_clients.size()));
            m_clients.append(client);
            endInsertRows();
        } else if (m_clients.at(row).kind != client.kind || m_clients.at(row).name != client.name
                   || m_clients.at(row).transport != client.transport) {
            m_clients[row] = client;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        } else {
            m_clients[row] = client; // last seen moves without a signal; the tooltip reads it
        }
    }
}

int ClientsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_clients.size());
}

int ClientsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ClientsModel::kindLabel(const QString &kind)
{
    if (kind == QLatin1String("gui"))
        return tr("Window");
    if (kind == QLatin1String("vscode"))
        return tr("VS Code");
    if (kind == QLatin1String("cli"))
        return tr("Command line");
    return tr("Other");
}

namespace {

QString transportLabel(const QString &transport)
{
    if (transport == QLatin1String("inprocess"))
        return ClientsModel::tr("in this process");
    if (transport == QLatin1String("websocket"))
        return ClientsModel::tr("WebSocket");
    if (transport == QLatin1String("stdio"))
        return ClientsModel::tr("standard input and output");
    if (transport == QLatin1String("sse"))
        return ClientsModel::tr("event stream");
    return transport;
}

QString shortTime(const QDateTime &utc)
{
    const QDateTime local = utc.toLocalTime();
    const QLocale locale;
    if (local.date() == QDate::currentDate())
        return locale.toString(local.time(), QLocale::ShortFormat);
    return locale.toString(local, QLocale::ShortFormat);
}

} // namespace

QVariant ClientsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ClientInfo &client = m_clients.at(index.row());
    if (role == IdRole)
        return client.id;
    if (role == SinceRole)
        return client.since;
    if (role == Qt::ToolTipRole) {
        const QLocale locale;
        return tr("%1 over %2\nAttached %3, last heard from %4")
            .arg(client.name.isEmpty() ? kindLabel(client.kind) : client.name,
                 transportLabel(client.transport),
                 locale.toString(client.since.toLocalTime(), QLocale::LongFormat),
                 locale.toString(client.lastSeen.toLocalTime(), QLocale::LongFormat));
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case KindColumn:
        return kindLabel(client.kind);
    case NameColumn:
        return client.name.isEmpty() ? tr("(unnamed)") : client.name;
    case SinceColumn:
        return shortTime(client.since);
    default:
        return {};
    }
}

QVariant ClientsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KindColumn:
        return tr("Kind");
    case NameColumn:
        return tr("Name");
    case SinceColumn:
        return tr("Since");
    default:
        return {};
    }
}

int ClientsModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_clients.size(); ++i) {
        if (m_clients.at(i).id == id)
            return i;
    }
    return -1;
}
