// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "clients/presence.h"

#include <QAbstractTableModel>

/** Who is attached right now (this window included), following Presence live. */
class ClientsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { KindColumn, NameColumn, SinceColumn, ColumnCount };
    enum Roles { IdRole = Qt::UserRole + 1, SinceRole };

    explicit ClientsModel(Presence &presence, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /** The row of a client id, or -1. */
    int rowOf(const QString &id) const;
    static QString kindLabel(const QString &kind);
    /** Re-reads the attached clients: rows come and go one by one, kept ones stay selected. */
    void refresh();

private:
    Presence &m_presence;
    QList<ClientInfo> m_clients;
};
