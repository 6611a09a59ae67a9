// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/table.h"

namespace Cli {

namespace {

constexpr int Gap = 2;
constexpr int MinElastic = 8;

} // namespace

QString Table::number(qint64 value)
{
    QString digits = QString::number(qAbs(value));
    for (qsizetype at = digits.size() - 3; at > 0; at -= 3)
        digits.insert(at, QLatin1Char(','));
    return value < 0 ? QLatin1Char('-') + digits : digits;
}

QString Table::money(double value)
{
    if (value <= 0)
        return QStringLiteral("—");
    if (value < 0.0001)
        return QStringLiteral("<$0.0001");
    return QLatin1Char('$') + QString::number(value, 'f', value < 1 ? 4 : 2);
}

QString Table::elide(const QString &text, int width)
{
    if (text.size() <= width)
        return text;
    if (width <= 1)
        return text.left(width);
    return text.left(width - 1) + QChar(0x2026);
}

QString Table::render(int width, const Terminal::Style &style) const
{
    const qsizetype columns = m_headers.size();
    QList<int> widths(columns, 0);
    QList<QStringList> all { m_headers };
    all += m_rows;
    if (!m_footer.isEmpty())
        all.append(m_footer);
    for (const QStringList &row : all) {
        for (qsizetype c = 0; c < columns; ++c)
            widths[c] = qMax(widths[c], int(row.value(c).size()));
    }
    int total = 0;
    for (int w : widths)
        total += w;
    total += Gap * int(columns - 1);
    if (width > 0 && total > width && m_elastic < columns)
        widths[m_elastic] = qMax(MinElastic, widths[m_elastic] - (total - width));

    const auto line = [&](const QStringList &row) -> QString {
        QString text;
        for (qsizetype c = 0; c < columns; ++c) {
            const QString cell = elide(row.value(c), widths[c]);
            const bool last = c == columns - 1;
            if (m_right.contains(int(c)))
                text += cell.rightJustified(widths[c]);
            else
                text += last ? cell : cell.leftJustified(widths[c]);
            if (!last)
                text += QString(Gap, QLatin1Char(' '));
        }
        while (text.endsWith(QLatin1Char(' ')))
            text.chop(1);
        return text + QLatin1Char('\n');
    };
    QString text = QString::fromUtf8(style.bold()) + line(m_headers);
    if (style.on)
        text.insert(text.size() - 1, QString::fromUtf8(style.reset()));
    for (const QStringList &row : m_rows)
        text += line(row);
    if (!m_footer.isEmpty()) {
        int ruleWidth = 0;
        for (int w : widths)
            ruleWidth += w;
        ruleWidth += Gap * int(columns - 1);
        text += QString(ruleWidth, QChar(0x2500)) + QLatin1Char('\n') + line(m_footer);
    }
    return text;
}

} // namespace Cli
