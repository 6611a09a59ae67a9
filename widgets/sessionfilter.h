// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QSet>
#include <QSortFilterProxyModel>

/** The sessions a search found (by name or by the text of their messages); all without one. */
class SessionFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    /** Shows only these sessions (ids); an empty optional shows all. */
    void setMatches(const std::optional<QSet<QString>> &ids);
    bool isSearching() const { return m_ids.has_value(); }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    std::optional<QSet<QString>> m_ids;
};
