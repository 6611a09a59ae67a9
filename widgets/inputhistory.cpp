// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "inputhistory.h"

void InputHistory::setEntries(const QStringList &entries)
{
    m_entries.clear();
    for (const QString &entry : entries)
        add(entry);
    m_index = -1;
}

void InputHistory::add(const QString &text)
{
    m_index = -1;
    if (text.trimmed().isEmpty() || (!m_entries.isEmpty() && m_entries.constLast() == text))
        return;
    m_entries.append(text);
    if (m_entries.size() > MaxEntries)
        m_entries.removeFirst();
}

bool InputHistory::browsing(const QString &current) const
{
    return m_index >= 0 && m_index < m_entries.size() && m_entries.at(m_index) == current;
}

std::optional<QString> InputHistory::older(const QString &current)
{
    if (browsing(current)) {
        if (m_index == 0)
            return std::nullopt; // the oldest: nothing further back
        return m_entries.at(--m_index);
    }
    if (!current.isEmpty() || m_entries.isEmpty())
        return std::nullopt; // a draft of the user's own: Up moves the cursor
    m_index = int(m_entries.size()) - 1;
    return m_entries.at(m_index);
}

std::optional<QString> InputHistory::newer(const QString &current)
{
    if (!browsing(current))
        return std::nullopt;
    if (m_index + 1 < m_entries.size())
        return m_entries.at(++m_index);
    m_index = -1;
    return QString();
}
