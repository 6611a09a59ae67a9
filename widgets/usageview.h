// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "usagemodel.h"

#include <QWidget>

class Engine;
class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;
class UsageChart;
struct UsageTotals;

/**
 * What the chats have cost: totals for a period and a breakdown by provider, model, session,
 * client or day, as a table and a bar chart. Refreshes when a run finishes.
 */
class UsageView : public QWidget
{
    Q_OBJECT
public:
    enum class Period { Today, Week, Month, All };
    enum class Breakdown { Provider, Model, Session, Client, Day };

    explicit UsageView(Engine &engine, QWidget *parent = nullptr);

    UsageModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    UsageChart *chart() const { return m_chart; }
    QLabel *totalsLabel() const { return m_totals; }
    QComboBox *periodCombo() const { return m_period; }
    QComboBox *breakdownCombo() const { return m_breakdown; }

    void setPeriod(Period period);
    void setBreakdown(Breakdown breakdown);
    /** Reads the ledger again (done by itself when a run finishes and when shown). */
    void refresh();

protected:
    void showEvent(QShowEvent *event) override;

private:
    Period period() const;
    Breakdown breakdown() const;
    QString labelFor(Breakdown breakdown, const UsageTotals &row) const;
    void showChart();

    Engine &m_engine;
    UsageModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_table = nullptr;
    UsageChart *m_chart = nullptr;
    QLabel *m_totals = nullptr;
    QComboBox *m_period = nullptr;
    QComboBox *m_breakdown = nullptr;
    bool m_stale = true; // a run finished while hidden
};
