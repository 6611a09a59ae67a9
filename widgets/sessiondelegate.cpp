// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessiondelegate.h"

#include "sessionmodel.h"

#include <QApplication>
#include <QPainter>

bool SessionDelegate::startsGroup(const QModelIndex &index)
{
    if (index.row() == 0)
        return true;
    const QModelIndex previous = index.sibling(index.row() - 1, index.column());
    return previous.data(SessionModel::GroupRole) != index.data(SessionModel::GroupRole);
}

int SessionDelegate::headingHeight(const QStyleOptionViewItem &option) const
{
    return option.fontMetrics.height() + 10;
}

QSize SessionDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + 10));
    if (startsGroup(index))
        size.setHeight(size.height() + headingHeight(option));
    return size;
}

void SessionDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    QStyleOptionViewItem item = option;
    initStyleOption(&item, index);
    if (startsGroup(index)) {
        QRect heading = option.rect;
        heading.setHeight(headingHeight(option));
        item.rect.setTop(heading.bottom() + 1);
        painter->save();
        QFont small = option.font;
        small.setBold(true);
        small.setPointSizeF(std::max(7.0, small.pointSizeF() * 0.85));
        painter->setFont(small);
        painter->setPen(option.palette.color(QPalette::Disabled, QPalette::Text));
        painter->drawText(heading.adjusted(6, 4, -6, 0), Qt::AlignLeft | Qt::AlignVCenter,
                          SessionModel::groupName(index.data(SessionModel::GroupRole).toInt()));
        painter->restore();
    }
    // The date on the right, the name elided before it.
    const QString date = index.data(SessionModel::DateTextRole).toString();
    const int dateWidth = option.fontMetrics.horizontalAdvance(date) + 12;
    const QString name = item.text;
    item.text.clear();
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &item, painter, widget);
    const QRect text = style->subElementRect(QStyle::SE_ItemViewItemText, &item, widget);
    const bool selected = item.state & QStyle::State_Selected;
    painter->save();
    painter->setFont(item.font);
    painter->setPen(item.palette.color(selected ? QPalette::HighlightedText : QPalette::Text));
    const QRect nameRect = text.adjusted(2, 0, -dateWidth, 0);
    painter->drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
                      item.fontMetrics.elidedText(name, Qt::ElideRight, nameRect.width()));
    QFont small = option.font;
    small.setPointSizeF(std::max(7.0, small.pointSizeF() * 0.85));
    painter->setFont(small);
    painter->setPen(selected ? item.palette.color(QPalette::HighlightedText)
                             : option.palette.color(QPalette::Disabled, QPalette::Text));
    painter->drawText(text.adjusted(0, 0, -4, 0), Qt::AlignRight | Qt::AlignVCenter, date);
    painter->restore();
}

void SessionDelegate::updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                                           const QModelIndex &index) const
{
    QStyleOptionViewItem item = option;
    if (startsGroup(index))
        item.rect.setTop(item.rect.top() + headingHeight(option));
    QStyledItemDelegate::updateEditorGeometry(editor, item, index);
}
