// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

/**
 * A line-based unified diff, as `diff -u` and git print it, so a user approving a write reads
 * the change in the form they already know.
 */
class UnifiedDiff
{
public:
    struct Stats
    {
        int added = 0;
        int removed = 0;
    };

    /**
     * The diff of oldText to newText under "--- oldLabel" / "+++ newLabel" headers with
     * contextLines of context per hunk; empty when the texts are equal. A missing final newline
     * is marked "\ No newline at end of file". stats, when given, receives the line counts.
     */
    static QString make(const QString &oldText, const QString &newText, const QString &oldLabel,
                        const QString &newLabel, int contextLines = 3, Stats *stats = nullptr);
};
