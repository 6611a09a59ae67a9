// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "usagemodel.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

UsageModel::UsageModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_nameHeader(tr("Name"))
{ }

int UsageModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UsageModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {

// The user's locale; the bare C locale (no LANG set) would write "0.50$", so it reads as US.
QLocale readerLocale()
{
    const QLocale locale;
    return locale.language() == QLocale::C ? QLocale(QLocale::English, QLocale::UnitedStates)
                                           : locale;
}

} // namespace

QString UsageModel::formatCost(double cost)
{
    // Cents, or two significant digits for less than a cent: a cheap chat is not "$0.00".
    const int precision =
        cost > 0 && cost < 0.01 ? std::min(8, 1 - int(std::floor(std::log10(cost)))) : 2;
    return readerLocale().toCurrencyString(cost, QStringLiteral("$"), precision);
}

QString UsageModel::formatCount(qint64 count)
{
    return readerLocale().toString(count);
}

QVariant UsageModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const UsageRow &row = m_rows.at(index.row());
    if (role == KeyRole)
        return row.key;
    if (role == Qt::TextAlignmentRole && index.column() != NameColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole) {
        if (index.column() == NameColumn)
            return row.label == row.key ? row.label : tr("%1\n%2").arg(row.label, row.key);
        if (row.estimated && index.column() != RequestsColumn)
            return tr("Includes token counts estimated where the provider reported none.");
        return {};
    }
    if (role != Qt::DisplayRole && role != SortRole)
        return {};
    const bool sort = role == SortRole;
    const QString approx = row.estimated ? tr("≈ %1") : QStringLiteral("%1");
    switch (index.column()) {
    case NameColumn:
        return sort ? (row.sortKey.isEmpty() ? row.label.toLower() : row.sortKey) : row.label;
    case RequestsColumn:
        return sort ? QVariant(row.requests) : QVariant(formatCount(row.requests));
    case PromptColumn:
        return sort ? QVariant(row.promptTokens)
                    : QVariant(approx.arg(formatCount(row.promptTokens)));
    case CompletionColumn:
        return sort ? QVariant(row.completionTokens)
                    : QVariant(approx.arg(formatCount(row.completionTokens)));
    case CostColumn:
        return sort ? QVariant(row.cost) : QVariant(approx.arg(formatCost(row.cost)));
    default:
        return {};
    }
}

QVariant UsageModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::TextAlignmentRole && section != NameColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return m_nameHeader;
    case RequestsColumn:
        return tr("Requests");
    case PromptColumn:
        return tr("Tokens in");
    case CompletionColumn:
        return tr("Tokens out");
    case CostColumn:
        return tr("Cost");
    default:
        return {};
    }
}

void UsageModel::setRows(const QList<UsageRow> &rows, const QString &nameHeader)
{
    beginResetModel();
    m_rows = rows;
    m_nameHeader = nameHeader;
    endResetModel();
    Q_EMIT headerDataChanged(Qt::Horizontal, NameColumn, NameColumn);
}
