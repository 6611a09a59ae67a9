// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "usageview.h"

#include "engine.h"
#include "usagechart.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

UsageView::UsageView(Engine &engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
{
    m_period = new QComboBox(this);
    m_period->addItem(tr("Today"), int(Period::Today));
    m_period->addItem(tr("Last 7 days"), int(Period::Week));
    m_period->addItem(tr("Last 30 days"), int(Period::Month));
    m_period->addItem(tr("All time"), int(Period::All));
    m_period->setCurrentIndex(m_period->findData(int(Period::Month)));
    m_breakdown = new QComboBox(this);
    m_breakdown->addItem(tr("Provider"), int(Breakdown::Provider));
    m_breakdown->addItem(tr("Model"), int(Breakdown::Model));
    m_breakdown->addItem(tr("Session"), int(Breakdown::Session));
    m_breakdown->addItem(tr("Client"), int(Breakdown::Client));
    m_breakdown->addItem(tr("Day"), int(Breakdown::Day));

    auto *periodLabel = new QLabel(tr("&Period:"), this);
    periodLabel->setBuddy(m_period);
    auto *breakdownLabel = new QLabel(tr("&By:"), this);
    breakdownLabel->setBuddy(m_breakdown);
    m_totals = new QLabel(this);
    m_totals->setObjectName(QStringLiteral("usageTotals"));
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_totals->setWordWrap(true);

    auto *filters = new QHBoxLayout;
    filters->addWidget(periodLabel);
    filters->addWidget(m_period);
    filters->addSpacing(12);
    filters->addWidget(breakdownLabel);
    filters->addWidget(m_breakdown);
    filters->addSpacing(12);
    filters->addWidget(m_totals, 1);

    m_model = new UsageModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(UsageModel::SortRole);
    m_table = new QTableView(this);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(UsageModel::NameColumn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(UsageModel::NameColumn, QHeaderView::Stretch);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);

    m_chart = new UsageChart(this);
    m_chart->setEmptyText(tr("No chats in this period yet."));

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_chart);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);

    connect(m_period, &QComboBox::currentIndexChanged, this, &UsageView::refresh);
    connect(m_breakdown, &QComboBox::currentIndexChanged, this, &UsageView::refresh);
    connect(&engine, &Engine::runFinished, this, [this] {
        if (isVisible())
            refresh();
        else
            m_stale = true;
    });
    refresh();
}

void UsageView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        refresh();
}

UsageView::Period UsageView::period() const
{
    return Period(m_period->currentData().toInt());
}

UsageView::Breakdown UsageView::breakdown() const
{
    return Breakdown(m_breakdown->currentData().toInt());
}

void UsageView::setPeriod(Period period)
{
    m_period->setCurrentIndex(m_period->findData(int(period)));
}

void UsageView::setBreakdown(Breakdown breakdown)
{
    m_breakdown->setCurrentIndex(m_breakdown->findData(int(breakdown)));
}

QString UsageView::labelFor(Breakdown by, const UsageTotals &row) const
{
    const QString first = row.group.value(0);
    switch (by) {
    case Breakdown::Provider: {
        const ProviderEntry *entry = m_engine.catalog().find(first);
        return entry ? entry->name : first;
    }
    case Breakdown::Model: {
        const ProviderEntry *entry = m_engine.catalog().find(first);
        return tr("%1 · %2").arg(row.group.value(1), entry ? entry->name : first);
    }
    case Breakdown::Session: {
        const Session *session = m_engine.session(first);
        return session ? session->name : tr("%1 (deleted)").arg(first);
    }
    case Breakdown::Client: {
        const QString id = first;
        if (id == QLatin1String("gui"))
            return tr("This window");
        if (id == QLatin1String("http"))
            return tr("HTTP clients");
        if (const ClientInfo *client = m_engine.presence().find(id))
            return client->name.isEmpty() ? id : client->name;
        return id;
    }
    case Breakdown::Day: {
        const QDate day = QDate::fromString(first, Qt::ISODate);
        return day.isValid() ? QLocale().toString(day, QLocale::ShortFormat) : first;
    }
    }
    return {};
}

void UsageView::refresh()
{
    m_stale = false;
    UsageFilter filter;
    const QDate today = QDateTime::currentDateTimeUtc().date(); // the ledger counts UTC days
    switch (period()) {
    case Period::Today:
        filter.from = today;
        break;
    case Period::Week:
        filter.from = today.addDays(-6);
        break;
    case Period::Month:
        filter.from = today.addDays(-29);
        break;
    case Period::All:
        break;
    }
    const Result<UsageReport> report = m_engine.usage(filter);
    if (!report) {
        m_totals->setText(report.error().translatedMessage());
        m_model->setRows({}, m_breakdown->currentText());
        showChart();
        return;
    }
    const UsageReport &usage = report.value();
    const UsageTotals &totals = usage.totals;
    if (totals.requests == 0) {
        m_totals->setText(tr("No chats in this period."));
    } else {
        m_totals->setText(tr("Requests: %1    Tokens in: %2    Tokens out: %3    Cost: %4")
                              .arg(UsageModel::formatCount(totals.requests),
                                   UsageModel::formatCount(totals.promptTokens),
                                   UsageModel::formatCount(totals.completionTokens),
                                   UsageModel::formatCost(totals.cost)));
    }

    const Breakdown by = breakdown();
    const QList<UsageTotals> *list = &usage.byProvider;
    switch (by) {
    case Breakdown::Provider:
        break;
    case Breakdown::Model:
        list = &usage.byModel;
        break;
    case Breakdown::Session:
        list = &usage.bySession;
        break;
    case Breakdown::Client:
        list = &usage.byClient;
        break;
    case Breakdown::Day:
        list = &usage.byDay;
        break;
    }
    QList<UsageRow> rows;
    for (const UsageTotals &row : *list) {
        UsageRow r;
        r.key = row.group.join(QLatin1Char('/'));
        r.label = labelFor(by, row);
        if (r.label.isEmpty())
            r.label = tr("(unknown)");
        if (by == Breakdown::Day)
            r.sortKey = r.key; // ISO dates sort as days do
        r.requests = row.requests;
        r.promptTokens = row.promptTokens;
        r.completionTokens = row.completionTokens;
        r.cost = row.cost;
        r.estimated = row.includesEstimates;
        rows.append(r);
    }
    m_model->setRows(rows, m_breakdown->currentText());
    showChart();
}

void UsageView::showChart()
{
    // The chart shows what fits and says how many more there are, so what matters goes first:
    // the most recent days, else the largest users.
    QList<UsageRow> rows = m_model->rows();
    if (breakdown() == Breakdown::Day) {
        std::reverse(rows.begin(), rows.end()); // the ledger orders days oldest first
    } else {
        std::stable_sort(rows.begin(), rows.end(), [](const UsageRow &a, const UsageRow &b) {
            return a.totalTokens() > b.totalTokens();
        });
    }
    QList<UsageChart::Bar> bars;
    for (const UsageRow &row : std::as_const(rows))
        bars.append({ row.label, row.promptTokens, row.completionTokens });
    m_chart->setBars(bars);
}
