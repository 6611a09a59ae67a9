// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "usagechart.h"

#include <QLocale>
#include <QPainter>

#include <algorithm>

namespace {

constexpr int Margin = 8;
constexpr int Gap = 6;
constexpr int MaxBarHeight = 20;
constexpr int MinBarHeight = 10;

} // namespace

UsageChart::UsageChart(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void UsageChart::setBars(const QList<Bar> &bars)
{
    m_bars = bars;
    setToolTip(QString());
    update();
}

void UsageChart::setEmptyText(const QString &text)
{
    m_emptyText = text;
    update();
}

QSize UsageChart::sizeHint() const
{
    const int rows = std::max<int>(4, int(m_bars.size()));
    return { 360, Margin * 2 + fontMetrics().height() + rows * (MaxBarHeight + 4) };
}

QSize UsageChart::minimumSizeHint() const
{
    return { 200, 120 };
}

void UsageChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QFontMetrics fm = fontMetrics();
    const QRect area = rect().adjusted(Margin, Margin, -Margin, -Margin);

    if (m_bars.isEmpty()) {
        painter.setPen(pal.color(QPalette::Disabled, QPalette::WindowText));
        painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, m_emptyText);
        return;
    }

    const QColor inColor = pal.color(QPalette::Highlight);
    QColor outColor = inColor;
    outColor.setHsv(inColor.hsvHue(), inColor.hsvSaturation() / 2,
                    std::min(255, inColor.value() + 60));

    // Legend along the top.
    int x = area.left();
    const int legendY = area.top();
    const int swatch = fm.height() * 2 / 3;
    const QList<QPair<QColor, QString>> legend { { inColor, tr("Tokens in") },
                                                 { outColor, tr("Tokens out") } };
    for (const auto &entry : legend) {
        painter.fillRect(QRect(x, legendY + (fm.height() - swatch) / 2, swatch, swatch),
                         entry.first);
        x += swatch + 4;
        painter.setPen(pal.color(QPalette::WindowText));
        painter.drawText(QPoint(x, legendY + fm.ascent()), entry.second);
        x += fm.horizontalAdvance(entry.second) + 16;
    }

    const QRect plot = area.adjusted(0, fm.height() + Gap, 0, 0);
    const int count = int(m_bars.size());
    // Never so thin that the labels would run into each other.
    const int thinnest = std::max(MinBarHeight, fm.height() + 2);
    const int rowHeight = std::clamp(plot.height() / std::max(1, count), thinnest,
                                     std::max(thinnest, MaxBarHeight + 4));
    int shown = std::min(count, std::max(1, plot.height() / rowHeight));
    if (shown < count) // keep a line for "and n more"
        shown = std::max(1, (plot.height() - fm.height()) / rowHeight);

    int labelWidth = 0;
    for (int i = 0; i < shown; ++i)
        labelWidth = std::max(labelWidth, fm.horizontalAdvance(m_bars.at(i).label));
    labelWidth = std::min(labelWidth, plot.width() * 2 / 5);

    qint64 largest = 1;
    for (const Bar &bar : m_bars)
        largest = std::max(largest, bar.in + bar.out);
    const QLocale locale;
    const int valueWidth = fm.horizontalAdvance(locale.toString(largest)) + Gap;
    const int barLeft = plot.left() + labelWidth + Gap;
    const int barSpace = std::max(1, plot.right() - barLeft - valueWidth);
    const int barHeight = std::max(4, rowHeight - 4);

    for (int i = 0; i < shown; ++i) {
        const Bar &bar = m_bars.at(i);
        const int top = plot.top() + i * rowHeight;
        const QRect labelRect(plot.left(), top, labelWidth, rowHeight);
        painter.setPen(pal.color(QPalette::WindowText));
        painter.drawText(labelRect, Qt::AlignRight | Qt::AlignVCenter,
                         fm.elidedText(bar.label, Qt::ElideMiddle, labelWidth));

        const int inWidth = int(double(bar.in) / double(largest) * barSpace);
        const int outWidth = int(double(bar.out) / double(largest) * barSpace);
        const int barTop = top + (rowHeight - barHeight) / 2;
        painter.fillRect(QRect(barLeft, barTop, inWidth, barHeight), inColor);
        painter.fillRect(QRect(barLeft + inWidth, barTop, outWidth, barHeight), outColor);
        painter.setPen(pal.color(QPalette::WindowText));
        painter.drawText(QRect(barLeft + inWidth + outWidth + Gap / 2, top, valueWidth, rowHeight),
                         Qt::AlignLeft | Qt::AlignVCenter, locale.toString(bar.in + bar.out));
    }
    if (shown < count) {
        painter.setPen(pal.color(QPalette::Disabled, QPalette::WindowText));
        painter.drawText(QRect(plot.left(), plot.bottom() - fm.height(), plot.width(), fm.height()),
                         Qt::AlignRight, tr("and %n more", nullptr, count - shown));
    }
}
