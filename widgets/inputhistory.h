// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

#include <optional>

/**
 * Earlier messages for the input, as a shell recalls commands: Up in an empty input (or one
 * still showing what was recalled) goes back, Down forward and, past the newest, to empty.
 * Once the user edits a recalled message, the arrows move the cursor again.
 */
class InputHistory
{
public:
    static constexpr int MaxEntries = 200;

    /** Replaces the entries (oldest first), e.g. with a session's messages. */
    void setEntries(const QStringList &entries);
    /** A message just sent becomes the newest entry. */
    void add(const QString &text);
    /** The text to show for Up, given what the input holds; nothing when Up is not a recall. */
    std::optional<QString> older(const QString &current);
    /** The text to show for Down; an empty string past the newest entry. */
    std::optional<QString> newer(const QString &current);
    int size() const { return int(m_entries.size()); }

private:
    bool browsing(const QString &current) const;

    QStringList m_entries;
    int m_index = -1; // the entry on show, -1 when not recalling
};
