// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "toolsmodel.h"

#include "tools/toolbox.h"

#include <QCoreApplication>

ToolsModel::ToolsModel(ToolBox &tools, QObject *parent)
    : QAbstractTableModel(parent)
    , m_tools(tools)
{
    m_rows = readRows();
    connect(&tools, &ToolBox::changed, this, &ToolsModel::refresh);
}

QList<ToolsModel::Row> ToolsModel::readRows() const
{
    QList<Row> rows;
    for (const ToolBox::Info &tool : m_tools.describe()) {
        rows.append({ tool.name, tool.description, ToolBox::kindName(tool.kind),
                      ToolBox::policyName(tool.policy), tool.enabled, tool.source });
    }
    return rows;
}

void ToolsModel::refresh()
{
    const QList<Row> rows = readRows();
    bool sameTools = rows.size() == m_rows.size();
    for (int i = 0; sameTools && i < rows.size(); ++i)
        sameTools = rows.at(i).name == m_rows.at(i).name;
    if (!sameTools) {
        beginResetModel();
        m_rows = rows;
        endResetModel();
        return;
    }
    // The same tools: report only what changed, so an open policy editor stays open.
    for (int i = 0; i < rows.size(); ++i) {
        const Row before = m_rows.at(i);
        m_rows[i] = rows.at(i);
        if (before.enabled != rows.at(i).enabled || before.description != rows.at(i).description)
            Q_EMIT dataChanged(index(i, NameColumn), index(i, DescriptionColumn));
        else if (before.policy != rows.at(i).policy)
            Q_EMIT dataChanged(index(i, PolicyColumn), index(i, PolicyColumn));
    }
}

int ToolsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ToolsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QStringList ToolsModel::policies()
{
    return { QStringLiteral("allow"), QStringLiteral("ask"), QStringLiteral("deny") };
}

QString ToolsModel::policyLabel(const QString &policy)
{
    if (policy == QLatin1String("allow"))
        return tr("Allow");
    if (policy == QLatin1String("ask"))
        return tr("Ask first");
    if (policy == QLatin1String("deny"))
        return tr("Deny");
    return policy;
}

namespace {

QString kindText(const QString &kind)
{
    if (kind == QLatin1String("read"))
        return ToolsModel::tr("Reads files in the working directory.");
    if (kind == QLatin1String("write"))
        return ToolsModel::tr("Changes files in the working directory.");
    if (kind == QLatin1String("exec"))
        return ToolsModel::tr("Runs programs in the working directory.");
    return {};
}

} // namespace

QVariant ToolsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    if (role == NameRole)
        return row.name;
    if (role == KindRole)
        return row.kind;
    if (role == SourceRole)
        return row.source;
    const QString what = row.source.isEmpty()
        ? kindText(row.kind)
        : tr("From the MCP server \"%1\"; asks first unless you allow it.").arg(row.source);
    switch (index.column()) {
    case NameColumn:
        if (role == Qt::DisplayRole)
            return row.name;
        if (role == Qt::CheckStateRole)
            return row.enabled ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::ToolTipRole)
            return row.enabled ? tr("%1 Uncheck to keep it from the model.").arg(what)
                               : tr("%1 Disabled: the model is not offered it.").arg(what);
        break;
    case PolicyColumn:
        if (role == Qt::DisplayRole)
            return policyLabel(row.policy);
        if (role == Qt::EditRole)
            return row.policy;
        if (role == Qt::ToolTipRole)
            return tr("Allow: runs without asking. Ask first: every attached client and this "
                      "window are asked. Deny: never runs.");
        break;
    case DescriptionColumn:
        // A built-in tool's description is in the translations (the model is sent it in
        // English); an MCP server's is shown as the server wrote it.
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return QCoreApplication::translate("Engine", row.description.toUtf8().constData());
        break;
    default:
        break;
    }
    return {};
}

QVariant ToolsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Tool");
    case PolicyColumn:
        return tr("Policy");
    case DescriptionColumn:
        return tr("Description");
    default:
        return {};
    }
}

Qt::ItemFlags ToolsModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (!index.isValid())
        return f;
    if (index.column() == NameColumn)
        f |= Qt::ItemIsUserCheckable;
    if (index.column() == PolicyColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

bool ToolsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const QString name = m_rows.at(index.row()).name;
    Status status;
    if (index.column() == NameColumn && role == Qt::CheckStateRole) {
        const bool enable = value.value<Qt::CheckState>() == Qt::Checked;
        if (enable == m_rows.at(index.row()).enabled)
            return true;
        status = m_tools.setEnabled({ name }, enable);
    } else if (index.column() == PolicyColumn && role == Qt::EditRole) {
        const QString policy = value.toString();
        if (!policies().contains(policy))
            return false;
        if (policy == m_rows.at(index.row()).policy)
            return true;
        ToolBox::ConfigChange change;
        change.policies.insert(name, *ToolBox::policyFromName(policy));
        status = m_tools.applyConfig(change);
    } else {
        return false;
    }
    if (!status.ok()) {
        Q_EMIT changeFailed(status.error().translatedMessage());
        return false;
    }
    return true; // ToolBox::changed has refreshed the row already
}

int ToolsModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).name == name)
            return i;
    }
    return -1;
}
