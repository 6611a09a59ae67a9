// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tools/mcp/mcpmanager.h"

#include <QAbstractTableModel>

/**
 * The MCP servers of mcp.json: name (checked when enabled), state (starting, ready, failed,
 * disabled; the last error as its tooltip), how many tools it offers, and what it runs or
 * reaches. Follows the manager live, whoever changes it.
 */
class McpServersModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, StateColumn, ToolsColumn, TargetColumn, ColumnCount };
    enum Roles { NameRole = Qt::UserRole + 1, StateRole };

    explicit McpServersModel(McpManager &manager, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    /** The name column's check state enables or disables the server (saved in mcp.json). */
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    int rowOf(const QString &name) const;
    McpServerStatus status(int row) const { return m_rows.at(row); }
    static QString stateLabel(McpServerStatus::State state);
    void refresh();

Q_SIGNALS:
    void changeFailed(const QString &message);

private:
    McpManager &m_manager;
    QList<McpServerStatus> m_rows;
};
