// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "usageview.h"

#include "engine.h"
#include "usagechart.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonObject>
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

QString UsageView::labelFor(Breakdown by, const QJsonObject &row) const
{
    const auto text = [&](const char *key) {
        return row.value(QLatin1String(key)).toString();
    };
    switch (by) {
    case Breakdown::Provider: {
        const ProviderEntry *entry = m_engine.catalog().find(text("provider"));
        return entry ? entry->name : text("provider");
    }
    case Breakdown::Model: {
        const ProviderEntry *entry = m_engine.catalog().find(text("provider"));
        return tr("%1 · %2").arg(text("model"), entry ? entry->name : text("provider"));
    }
    case Breakdown::Session: {
        const Session *session = m_engine.session(text("session_id"));
        return session ? session->name : tr("%1 (deleted)").arg(text("session_id"));
    }
    case Breakdown::Client: {
        const QString id = text("client_id");
        if (id == QLatin1String("gui"))
            return tr("This window");
        if (id == QLatin1String("http"))
            return tr("HTTP clients");
        if (const ClientInfo *client = m_engine.presence().find(id))
            return client->name.isEmpty() ? id : client->name;
        return id;
    }
    case Breakdown::Day: {
        const QDate day = QDate::fromString(text("day"), Qt::ISODate);
        return day.isValid() ? QLocale().toString(day, QLocale::ShortFormat) : text("day");
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
    const QJsonObject usage = m_engine.usage(filter);

    const QJsonObject totals = usage.value(QLatin1String("totals")).toObject();
    const qint64 requests = totals.value(QLatin1String("requests")).toInteger();
    if (requests == 0) {
        m_totals->setText(tr("No chats in this period."));
    } else {
        const auto count = [&](const char *key) {
            return UsageModel::formatCount(totals.value(QLatin1String(key)).toInteger());
        };
        m_totals->setText(
            tr("Requests: %1    Tokens in: %2    Tokens out: %3    Cost: %4")
                .arg(count("requests"), count("prompt_tokens"), count("completion_tokens"),
                     UsageModel::formatCost(totals.value(QLatin1String("cost")).toDouble())));
    }

    const Breakdown by = breakdown();
    const char *key = "by_provider";
    QString keyField = QStringLiteral("provider");
    switch (by) {
    case Breakdown::Provider:
        break;
    case Breakdown::Model:
        key = "by_model";
        break;
    case Breakdown::Session:
        key = "by_session";
        keyField = QStringLiteral("session_id");
        break;
    case Breakdown::Client:
        key = "by_client";
        keyField = QStringLiteral("client_id");
        break;
    case Breakdown::Day:
        key = "by_day";
        keyField = QStringLiteral("day");
        break;
    }
    QList<UsageRow> rows;
    const QJsonArray list = usage.value(QLatin1String(key)).toArray();
    for (const QJsonValue &value : list) {
        const QJsonObject row = value.toObject();
        UsageRow r;
        r.key = by == Breakdown::Model ? row.value(QLatin1String("provider")).toString()
                + QLatin1Char('/') + row.value(QLatin1String("model")).toString()
                                       : row.value(keyField).toString();
        r.label = labelFor(by, row);
        if (r.label.isEmpty())
            r.label = tr("(unknown)");
        if (by == Breakdown::Day)
            r.sortKey = r.key; // ISO dates sort as days do
        r.requests = row.value(QLatin1String("requests")).toInteger();
        r.promptTokens = row.value(QLatin1String("prompt_tokens")).toInteger();
        r.completionTokens = row.value(QLatin1String("completion_tokens")).toInteger();
        r.cost = row.value(QLatin1String("cost")).toDouble();
        r.estimated = row.value(QLatin1String("includes_estimates")).toBool();
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
