// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/terminal.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Cli {

/** Columns aligned for a terminal: numbers to the right, one column shortened to fit. */
class Table
{
public:
    explicit Table(QStringList headers)
        : m_headers(std::move(headers))
    { }

    void alignRight(int column) { m_right.append(column); }
    /** The column that gives up room (elided with "…") when the table is wider than allowed. */
    void setElastic(int column) { m_elastic = column; }
    void addRow(const QStringList &cells) { m_rows.append(cells); }
    /** A last row set apart by a rule, e.g. totals. */
    void setFooter(const QStringList &cells) { m_footer = cells; }
    bool isEmpty() const { return m_rows.isEmpty(); }

    /** The lines, at most width columns wide (0: no limit), the header bold when styled. */
    QString render(int width, const Terminal::Style &style) const;

    /** 12345 → "12,345". */
    static QString number(qint64 value);
    /** Dollars: "$0.0042", "$12.30"; "—" for zero. */
    static QString money(double value);
    /** Cuts text to width characters, ending in "…". */
    static QString elide(const QString &text, int width);

private:
    QStringList m_headers;
    QList<QStringList> m_rows;
    QStringList m_footer;
    QList<int> m_right;
    int m_elastic = 0;
};

} // namespace Cli
