// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

/** Horizontal bars of tokens in and out, one per label, painted in the palette's colours. */
class UsageChart : public QWidget
{
    Q_OBJECT
public:
    struct Bar
    {
        QString label;
        qint64 in = 0;
        qint64 out = 0;
    };

    explicit UsageChart(QWidget *parent = nullptr);

    void setBars(const QList<Bar> &bars);
    const QList<Bar> &bars() const { return m_bars; }
    /** Shown when there are no bars. */
    void setEmptyText(const QString &text);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<Bar> m_bars;
    QString m_emptyText;
};
