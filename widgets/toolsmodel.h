// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>

class ToolBox;

/**
 * The tools the model may use: name (checked when enabled), policy (editable: allow, ask,
 * deny) and description. Follows the tool box live, whoever changes it.
 */
class ToolsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, PolicyColumn, DescriptionColumn, ColumnCount };
    enum Roles { NameRole = Qt::UserRole + 1, KindRole, SourceRole };

    explicit ToolsModel(ToolBox &tools, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    /** The policy column takes "allow", "ask" or "deny" (Qt::EditRole); the name column's check
     * state enables or disables the tool. Both are saved in the settings. */
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    /** The row of a tool, or -1. */
    int rowOf(const QString &name) const;
    /** The policy names in the order the editor offers them. */
    static QStringList policies();
    static QString policyLabel(const QString &policy);
    /** Re-reads the tool box. */
    void refresh();

Q_SIGNALS:
    /** A change the tool box refused, as a sentence for the user. */
    void changeFailed(const QString &message);

private:
    struct Row
    {
        QString name;
        QString description;
        QString kind;
        QString policy;
        bool enabled = false;
        QString source; // the MCP server it comes from; empty for a built-in tool
    };
    QList<Row> readRows() const;

    ToolBox &m_tools;
    QList<Row> m_rows;
};
