// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/unifieddiff.h"

#include <QHash>
#include <QStringList>

#include <algorithm>
#include <vector>

namespace {

enum class OpKind { Equal, Delete, Insert };

struct Op
{
    OpKind kind;
    int oldLine; // 0-based index into the old lines (of this line, or where it would go)
    int newLine;
};

// Lines keep their "\n", so a last line without one differs from the same text with one,
// exactly as diff sees it.
QStringList splitLines(const QString &text)
{
    QStringList lines;
    qsizetype start = 0;
    while (start < text.size()) {
        const qsizetype newline = text.indexOf(QLatin1Char('\n'), start);
        const qsizetype end = newline < 0 ? text.size() : newline + 1;
        lines.append(text.mid(start, end - start));
        start = end;
    }
    return lines;
}

// Myers' O((N+M)D) shortest edit script over line ids, keeping only the live diagonals of each
// round so memory is O(D^2). Returns false when the edit distance exceeds maxD: the caller then
// shows the middle as replaced wholesale, which is a correct (if not minimal) diff.
bool myers(const std::vector<int> &a, const std::vector<int> &b, int maxD,
           std::vector<OpKind> &script)
{
    const int n = int(a.size());
    const int m = int(b.size());
    // trace[d][k + d + 1] holds V[k] as it was at the start of round d, for k in [-d-1, d+1].
    std::vector<std::vector<int>> trace;
    std::vector<int> v(2 * size_t(std::max(maxD, 1)) + 3, 0);
    const int offset = std::max(maxD, 1) + 1;
    auto at = [&](int k) -> int & {
        return v[size_t(k + offset)];
    };
    for (int d = 0; d <= maxD; ++d) {
        trace.emplace_back(v.begin() + (offset - d - 1), v.begin() + (offset + d + 2));
        for (int k = -d; k <= d; k += 2) {
            int x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
            int y = x - k;
            while (x < n && y < m && a[size_t(x)] == b[size_t(y)]) {
                ++x;
                ++y;
            }
            at(k) = x;
            if (x < n || y < m)
                continue;
            // Reached the end: walk the trace back to the start.
            std::vector<OpKind> reversed;
            for (int round = d; round >= 0; --round) {
                const std::vector<int> &saved = trace[size_t(round)];
                auto prev = [&](int kk) {
                    return saved[size_t(kk + round + 1)];
                };
                const int kk = x - y;
                const int prevK = (kk == -round || (kk != round && prev(kk - 1) < prev(kk + 1)))
                    ? kk + 1
                    : kk - 1;
                const int prevX = round == 0 ? 0 : prev(prevK);
                const int prevY = round == 0 ? 0 : prevX - prevK;
                while (x > prevX && y > prevY) {
                    reversed.push_back(OpKind::Equal);
                    --x;
                    --y;
                }
                if (round > 0)
                    reversed.push_back(x == prevX ? OpKind::Insert : OpKind::Delete);
                x = prevX;
                y = prevY;
            }
            script.assign(reversed.rbegin(), reversed.rend());
            return true;
        }
    }
    return false;
}

QString range(int firstLine, int count)
{
    // diff's convention: an empty range names the line before it; a count of 1 is left out.
    const int start = count == 0 ? firstLine : firstLine + 1;
    return count == 1 ? QString::number(start)
                      : QString::number(start) + QLatin1Char(',') + QString::number(count);
}

void appendLine(QString &out, QChar marker, const QString &line)
{
    out += marker;
    out += line;
    if (!line.endsWith(QLatin1Char('\n')))
        out += QStringLiteral("\n\\ No newline at end of file\n");
}

} // namespace

QString UnifiedDiff::make(const QString &oldText, const QString &newText, const QString &oldLabel,
                          const QString &newLabel, int contextLines, Stats *stats)
{
    const QStringList oldLines = splitLines(oldText);
    const QStringList newLines = splitLines(newText);

    // Lines as small ids: the search compares ints, not strings.
    QHash<QString, int> ids;
    ids.reserve(oldLines.size() + newLines.size());
    auto idsOf = [&ids](const QStringList &lines) {
        std::vector<int> out;
        out.reserve(size_t(lines.size()));
        for (const QString &line : lines) {
            const auto found = ids.constFind(line);
            if (found != ids.constEnd()) {
                out.push_back(found.value());
            } else {
                const int id = int(ids.size());
                ids.insert(line, id);
                out.push_back(id);
            }
        }
        return out;
    };
    const std::vector<int> a = idsOf(oldLines);
    const std::vector<int> b = idsOf(newLines);

    // Common head and tail need no search.
    size_t head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head])
        ++head;
    size_t tail = 0;
    while (tail < a.size() - head && tail < b.size() - head
           && a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
        ++tail;
    const std::vector<int> midA(a.begin() + long(head), a.end() - long(tail));
    const std::vector<int> midB(b.begin() + long(head), b.end() - long(tail));

    std::vector<OpKind> script(head, OpKind::Equal);
    std::vector<OpKind> middle;
    // Bounds the work ((N+M)·D) and the trace (D²) for huge, wholly different files.
    const size_t span = std::max<size_t>(midA.size() + midB.size(), 1);
    const int maxD = int(std::min<size_t>({ midA.size() + midB.size(), 4000, 50000000 / span }));
    if (!myers(midA, midB, maxD, middle)) {
        middle.assign(midA.size(), OpKind::Delete);
        middle.insert(middle.end(), midB.size(), OpKind::Insert);
    }
    script.insert(script.end(), middle.begin(), middle.end());
    script.insert(script.end(), tail, OpKind::Equal);

    std::vector<Op> ops;
    ops.reserve(script.size());
    int oldLine = 0;
    int newLine = 0;
    Stats counts;
    for (const OpKind kind : script) {
        ops.push_back({ kind, oldLine, newLine });
        if (kind != OpKind::Insert)
            ++oldLine;
        if (kind != OpKind::Delete)
            ++newLine;
        counts.added += kind == OpKind::Insert ? 1 : 0;
        counts.removed += kind == OpKind::Delete ? 1 : 0;
    }
    if (stats)
        *stats = counts;
    if (counts.added == 0 && counts.removed == 0)
        return {};

    QString out =
        QStringLiteral("--- ") + oldLabel + QStringLiteral("\n+++ ") + newLabel + QLatin1Char('\n');
    const int total = int(ops.size());
    int i = 0;
    while (i < total) {
        while (i < total && ops[size_t(i)].kind == OpKind::Equal)
            ++i;
        if (i == total)
            break;
        // One hunk holds every change whose gap to the previous one is at most two contexts'
        // worth of equal lines: their context would touch or overlap anyway.
        const int start = std::max(0, i - contextLines);
        int lastChange = i;
        for (int j = i + 1; j < total && j <= lastChange + 2 * contextLines + 1; ++j) {
            if (ops[size_t(j)].kind != OpKind::Equal)
                lastChange = j;
        }
        const int end = std::min(total, lastChange + 1 + contextLines);
        int oldCount = 0;
        int newCount = 0;
        for (int j = start; j < end; ++j) {
            oldCount += ops[size_t(j)].kind != OpKind::Insert ? 1 : 0;
            newCount += ops[size_t(j)].kind != OpKind::Delete ? 1 : 0;
        }
        out += QStringLiteral("@@ -") + range(ops[size_t(start)].oldLine, oldCount)
            + QStringLiteral(" +") + range(ops[size_t(start)].newLine, newCount)
            + QStringLiteral(" @@\n");
        for (int j = start; j < end; ++j) {
            const Op &op = ops[size_t(j)];
            if (op.kind == OpKind::Equal)
                appendLine(out, QLatin1Char(' '), oldLines.at(op.oldLine));
            else if (op.kind == OpKind::Delete)
                appendLine(out, QLatin1Char('-'), oldLines.at(op.oldLine));
            else
                appendLine(out, QLatin1Char('+'), newLines.at(op.newLine));
        }
        i = end;
    }
    return out;
}
