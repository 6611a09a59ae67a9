// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "mcpserversmodel.h"

#include <QColor>

McpServersModel::McpServersModel(McpManager &manager, QObject *parent)
    : QAbstractTableModel(parent)
    , m_manager(manager)
    , m_rows(manager.servers())
{
    connect(&manager, &McpManager::changed, this, &McpServersModel::refresh);
}

void McpServersModel::refresh()
{
    const QList<McpServerStatus> rows = m_manager.servers();
    bool same = rows.size() == m_rows.size();
    for (int i = 0; same && i < rows.size(); ++i)
        same = rows.at(i).name == m_rows.at(i).name;
    if (!same) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    m_rows = rows;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
}

int McpServersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int McpServersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString McpServersModel::stateLabel(McpServerStatus::State state)
{
    switch (state) {
    case McpServerStatus::State::Starting:
        return tr("Starting");
    case McpServerStatus::State::Ready:
        return tr("Ready");
    case McpServerStatus::State::Failed:
        return tr("Failed");
    case McpServerStatus::State::Disabled:
        return tr("Disabled");
    }
    return {};
}

QVariant McpServersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const McpServerStatus &row = m_rows.at(index.row());
    if (role == NameRole)
        return row.name;
    if (role == StateRole)
        return McpServerStatus::stateName(row.state);
    switch (index.column()) {
    case NameColumn:
        if (role == Qt::DisplayRole)
            return row.name;
        if (role == Qt::CheckStateRole)
            return row.state == McpServerStatus::State::Disabled ? Qt::Unchecked : Qt::Checked;
        if (role == Qt::ToolTipRole)
            return tr("Uncheck to stop it and keep it off (saved in mcp.json).");
        break;
    case StateColumn:
        if (role == Qt::DisplayRole) {
            if (row.state == McpServerStatus::State::Failed && row.retryInMs >= 0)
                return tr("Failed, retrying");
            return stateLabel(row.state);
        }
        if (role == Qt::ToolTipRole)
            return row.lastError;
        if (role == Qt::ForegroundRole && row.state == McpServerStatus::State::Failed)
            return QColor(0xda, 0x44, 0x53);
        break;
    case ToolsColumn:
        if (role == Qt::DisplayRole)
            return row.state == McpServerStatus::State::Ready ? QVariant(int(row.tools.size()))
                                                              : QVariant();
        break;
    case TargetColumn:
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return row.target;
        break;
    default:
        break;
    }
    return {};
}

QVariant McpServersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Server");
    case StateColumn:
        return tr("State");
    case ToolsColumn:
        return tr("Tools");
    case TargetColumn:
        return tr("Runs");
    default:
        return {};
    }
}

Qt::ItemFlags McpServersModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == NameColumn)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

bool McpServersModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.column() != NameColumn || role != Qt::CheckStateRole)
        return false;
    const bool enable = value.value<Qt::CheckState>() == Qt::Checked;
    const Status status = m_manager.setEnabled(m_rows.at(index.row()).name, enable);
    if (!status) {
        Q_EMIT changeFailed(status.error().message);
        return false;
    }
    return true;
}

int McpServersModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).name == name)
            return i;
    }
    return -1;
}
