// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractTableModel>

/** One line of a usage breakdown: what it counts (a provider, a day …) and its sums. */
struct UsageRow
{
    QString key; // as the ledger names it (a provider id, a session id, an ISO day …)
    QString label; // as the user reads it
    QString sortKey; // orders the name column; the label when empty
    qint64 requests = 0;
    qint64 promptTokens = 0;
    qint64 completionTokens = 0;
    double cost = 0; // USD
    bool estimated = false; // some token counts were estimated

    qint64 totalTokens() const { return promptTokens + completionTokens; }
};

/** A usage breakdown as a table: name, requests, tokens in, tokens out, cost. */
class UsageModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        RequestsColumn,
        PromptColumn,
        CompletionColumn,
        CostColumn,
        ColumnCount
    };
    /** The raw number (or key) behind a cell, for sorting. */
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int KeyRole = Qt::UserRole + 2;

    explicit UsageModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    /** Replaces the rows; nameHeader titles the first column ("Provider", "Day" …). */
    void setRows(const QList<UsageRow> &rows, const QString &nameHeader);
    const QList<UsageRow> &rows() const { return m_rows; }

    /** USD in the user's locale; fractions of a cent keep enough digits to be seen. */
    static QString formatCost(double cost);
    static QString formatCount(qint64 count);

private:
    QList<UsageRow> m_rows;
    QString m_nameHeader;
};
