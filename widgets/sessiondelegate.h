// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

/**
 * A session in the list: its name (elided; the tooltip has it whole) and, on the right, when it
 * was last used; the first of each group (Today, Yesterday, Earlier) under the group's heading.
 */
class SessionDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    void updateEditorGeometry(QWidget *editor, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const override;

    /** Whether the row starts a group (and shows its heading). */
    static bool startsGroup(const QModelIndex &index);

private:
    int headingHeight(const QStyleOptionViewItem &option) const;
};
