// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessionfilter.h"

#include "sessionmodel.h"

void SessionFilter::setMatches(const std::optional<QSet<QString>> &ids)
{
    m_ids = ids;
    invalidateFilter();
}

bool SessionFilter::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_ids)
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return m_ids->contains(index.data(SessionModel::IdRole).toString());
}
