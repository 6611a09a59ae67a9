// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the tool tests share: a workspace in a temporary directory with a file outside it, the
// built-in tools, and a call that waits for a tool's answer.
#include "attachewarnings.h"
#include "eventorder.h"
#include "tools/tool.h"
#include "tools/unifieddiff.h"
#include "tools/workspace.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <optional>
#include <signal.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace tooltest {

inline QJsonObject args(std::initializer_list<QPair<QString, QJsonValue>> pairs)
{
    QJsonObject object;
    for (const auto &pair : pairs)
        object.insert(pair.first, pair.second);
    return object;
}

inline QJsonArray argv(const QStringList &words)
{
    return QJsonArray::fromStringList(words);
}

// Alive means running: a zombie waiting for a parent that does not reap (pid 1 in a container)
// has already been killed.
inline bool alive(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const qsizetype paren = line.lastIndexOf(')');
    return paren > 0 && line.size() > paren + 2 && line.at(paren + 2) != 'Z';
}

// Applies a unified diff to text, to check a diff by what it does rather than how it looks.
inline QString applyDiff(const QString &oldText, const QString &diff)
{
    QStringList lines = diff.split(QLatin1Char('\n'));
    QStringList oldLines = oldText.split(QLatin1Char('\n'));
    QStringList out;
    int cursor = 0; // next old line to copy
    for (int i = 2; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        if (line.startsWith(u"@@ -"_s)) {
            const int start =
                line.mid(4).section(QLatin1Char(','), 0, 0).section(QLatin1Char(' '), 0, 0).toInt();
            const int count = line.contains(QRegularExpression(u"^@@ -\\d+,0 "_s)) ? 0 : 1;
            const int first = count == 0 ? start : start - 1;
            while (cursor < first)
                out.append(oldLines.at(cursor++));
        } else if (line.startsWith(QLatin1Char(' '))) {
            out.append(line.mid(1));
            ++cursor;
        } else if (line.startsWith(QLatin1Char('-'))) {
            ++cursor;
        } else if (line.startsWith(QLatin1Char('+'))) {
            out.append(line.mid(1));
        }
    }
    while (cursor < oldLines.size())
        out.append(oldLines.at(cursor++));
    return out.join(QLatin1Char('\n'));
}

} // namespace tooltest
using namespace tooltest;

class ToolFixture : public QObject
{
    Q_OBJECT

protected Q_SLOTS:
    void init();
    void cleanup();

protected:
    Tool &tool(const QString &name);
    std::optional<ToolResult> call(const QString &name, const QJsonObject &arguments,
                                   const ToolLimits &limits = {});
    void write(const QString &rel, const QByteArray &content);
    QByteArray contents(const QString &rel) const;

    std::vector<std::unique_ptr<Tool>> m_tools = builtInTools();
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_root;
    QString m_outside;
    Workspace m_workspace;
};

inline Tool &ToolFixture::tool(const QString &name)
{
    for (const auto &candidate : m_tools) {
        if (candidate->name() == name)
            return *candidate;
    }
    qFatal("no tool %s", qPrintable(name));
}

inline std::optional<ToolResult>
ToolFixture::call(const QString &name, const QJsonObject &arguments, const ToolLimits &limits)
{
    QObject context;
    std::optional<ToolResult> result;
    int calls = 0;
    tool(name).run(arguments, m_workspace, limits, &context, [&](const ToolResult &r) {
        result = r;
        ++calls;
    });
    // done never runs inside run(): callers can rely on that.
    if (calls != 0)
        return std::nullopt;
    if (!QTest::qWaitFor([&] { return calls > 0; }, 20000))
        return std::nullopt;
    // Exactly once: a second call queued with the first would have come by now.
    if (!postedEventsDelivered())
        return std::nullopt;
    return calls == 1 ? result : std::nullopt;
}

inline void ToolFixture::write(const QString &rel, const QByteArray &content)
{
    const QString path = m_root + QLatin1Char('/') + rel;
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(content), content.size());
}

inline QByteArray ToolFixture::contents(const QString &rel) const
{
    QFile file(m_root + QLatin1Char('/') + rel);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

inline void ToolFixture::init()
{
    failOnAttacheWarnings();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString base = QFileInfo(m_dir->path()).canonicalFilePath();
    m_root = base + u"/root"_s;
    m_outside = base + u"/outside"_s;
    QVERIFY(QDir().mkpath(m_root));
    QVERIFY(QDir().mkpath(m_outside));
    QFile secret(m_outside + u"/secret.txt"_s);
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("foo secret\n");
    m_workspace = Workspace();
    QVERIFY(m_workspace.setRoot(m_root).ok());
}

inline void ToolFixture::cleanup()
{
    m_dir.reset();
}
