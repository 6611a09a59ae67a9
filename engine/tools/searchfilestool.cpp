// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/filetools.h"
#include "tools/toolsupport.h"
#include "tools/workspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QRegularExpression>
#include <QStringDecoder>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>
#include <memory>

using namespace ToolSupport;

namespace {

// Version-control metadata: large, binary-ish, never what the model is looking for.
bool isVcsDirectory(const QString &name)
{
    static const QStringList names { QStringLiteral(".git"),   QStringLiteral(".hg"),
                                     QStringLiteral(".svn"),   QStringLiteral(".bzr"),
                                     QStringLiteral("_darcs"), QStringLiteral("CVS"),
                                     QStringLiteral(".jj"),    QStringLiteral(".pijul") };
    return names.contains(name);
}

// Everything the scan needs, copied: it runs on a pool thread after run() has returned.
struct Job
{
    Workspace workspace;
    QString start; // canonical file or folder
    QString shownPath; // as the model gave it
    QString pattern;
    QByteArray patternUtf8;
    Qt::CaseSensitivity sensitivity = Qt::CaseSensitive;
    QRegularExpression glob; // invalid: every file
    bool globOnPath = false; // the glob has a "/": match the relative path, not the name
    int resultCap = 0;
    qsizetype outputCap = 0;
};

class Scan
{
public:
    Scan(const Job &job, const std::atomic<bool> &cancelled)
        : m_job(job)
        , m_cancelled(cancelled)
    { }

    ToolResult run()
    {
        if (QFileInfo(m_job.start).isDir())
            walk(m_job.start);
        else
            searchFile(m_job.start, m_job.workspace.relative(m_job.start));

        ToolResult result;
        result.truncated = m_full;
        if (m_matches == 0)
            result.content =
                QStringLiteral("no matches for \"%1\" in %2 (%3 searched)\n")
                    .arg(m_job.pattern, m_job.shownPath,
                         counted(m_files, QStringLiteral("file"), QStringLiteral("files")));
        else
            result.content = m_output;
        if (m_full)
            result.content +=
                QStringLiteral("[stopped after %1; narrow the pattern, path or glob "
                               "to see the rest]\n")
                    .arg(counted(m_matches, QStringLiteral("match"), QStringLiteral("matches")));
        return result;
    }

private:
    bool stopped() const { return m_full || m_cancelled.load(std::memory_order_relaxed); }

    void walk(const QString &top)
    {
        QStringList pending { top };
        while (!pending.isEmpty() && !stopped()) {
            const QString folder = pending.takeLast();
            QFileInfoList entries = QDir(folder).entryInfoList(
                QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                QDir::NoSort);
            std::sort(entries.begin(), entries.end(), [](const QFileInfo &a, const QFileInfo &b) {
                return a.fileName() < b.fileName();
            });
            QStringList subfolders;
            for (const QFileInfo &entry : entries) {
                if (stopped())
                    return;
                const QString rel = m_job.workspace.relative(entry.absoluteFilePath());
                if (m_job.workspace.isProtected(entry.absoluteFilePath()))
                    continue; // Attache's own files (its token, keys) are never searched
                if (entry.isSymLink()) {
                    // Linked folders are not entered (no loops, no trees outside); a linked file
                    // is searched only when it resolves inside the workspace.
                    if (entry.isDir() || !entry.isFile())
                        continue;
                    const Result<QString> target =
                        m_job.workspace.resolveExisting(entry.absoluteFilePath());
                    if (target && wanted(entry.fileName(), rel))
                        searchFile(target.value(), rel);
                } else if (entry.isDir()) {
                    if (!isVcsDirectory(entry.fileName()))
                        subfolders.append(entry.absoluteFilePath());
                } else if (entry.isFile() && wanted(entry.fileName(), rel)) {
                    // Only regular files: a FIFO would block the scan.
                    searchFile(entry.absoluteFilePath(), rel);
                }
            }
            // Depth first in name order: reversed so that takeLast() yields the first name.
            std::reverse(subfolders.begin(), subfolders.end());
            pending += subfolders;
        }
    }

    bool wanted(const QString &name, const QString &rel) const
    {
        if (!m_job.glob.isValid() || m_job.glob.pattern().isEmpty())
            return true;
        return m_job.glob.match(m_job.globOnPath ? rel : name).hasMatch();
    }

    void searchFile(const QString &path, const QString &rel)
    {
        const QFileInfo info(path);
        if (!info.isFile() || info.size() > SearchFilesTool::MaxFileBytes)
            return;
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return;
        const QByteArray bytes = file.read(SearchFilesTool::MaxFileBytes);
        if (bytes.left(BinarySniffBytes).contains('\0'))
            return;
        ++m_files;
        // Most files do not contain the pattern: rule them out on the bytes, before decoding.
        if (m_job.sensitivity == Qt::CaseSensitive && !bytes.contains(m_job.patternUtf8))
            return;
        QStringDecoder decoder(QStringDecoder::Utf8);
        const QString text = decoder.decode(bytes);
        if (decoder.hasError())
            return;

        qint64 lineNumber = 0;
        for (const QStringView line : QStringView(text).split(QLatin1Char('\n'))) {
            ++lineNumber;
            if (!line.contains(m_job.pattern, m_job.sensitivity))
                continue;
            QStringView trimmed = line.trimmed();
            QString shown = trimmed.left(SearchFilesTool::MaxLineChars).toString();
            if (trimmed.size() > SearchFilesTool::MaxLineChars)
                shown += QChar(0x2026); // …
            const QString entry = rel + QLatin1Char(':') + QString::number(lineNumber)
                + QStringLiteral(": ") + shown + QLatin1Char('\n');
            if (m_matches >= m_job.resultCap || m_output.size() + entry.size() > m_job.outputCap) {
                m_full = true;
                return;
            }
            m_output += entry;
            ++m_matches;
        }
    }

    const Job &m_job;
    const std::atomic<bool> &m_cancelled;
    QString m_output;
    int m_matches = 0;
    int m_files = 0;
    bool m_full = false;
};

} // namespace

QString SearchFilesTool::name() const
{
    return QStringLiteral("search_files");
}

QString SearchFilesTool::description() const
{
    // Sent to the model in English; the window shows it translated.
    return QLatin1String(QT_TRANSLATE_NOOP(
        "Engine",
        "Searches the text files under a workspace folder for a literal string (not a regular "
        "expression) and returns matching lines as \"path:line: text\", paths relative to the "
        "workspace root. Skips .git and other version-control folders, binary files and files "
        "over 2 MiB; glob (e.g. \"*.cpp\") limits which file names are searched."));
}

QJsonObject SearchFilesTool::parameters() const
{
    auto property = [](const QString &type, const QString &description) {
        return QJsonObject { { QStringLiteral("type"), type },
                             { QStringLiteral("description"), description } };
    };
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
          QJsonObject {
              { QStringLiteral("pattern"),
                property(QStringLiteral("string"),
                         QStringLiteral("The text to find, matched literally.")) },
              { QStringLiteral("path"),
                property(QStringLiteral("string"),
                         QStringLiteral("Folder (or file) to search, relative to the workspace "
                                        "root (default \".\", the whole workspace).")) },
              { QStringLiteral("glob"),
                property(QStringLiteral("string"),
                         QStringLiteral("Only files whose name matches this wildcard, e.g. "
                                        "\"*.cpp\"; with a \"/\" it matches the path from the "
                                        "root.")) },
              { QStringLiteral("ignore_case"),
                property(QStringLiteral("boolean"),
                         QStringLiteral("Match regardless of case (default false).")) },
          } },
        { QStringLiteral("required"), QJsonArray { QStringLiteral("pattern") } },
        { QStringLiteral("additionalProperties"), false },
    };
}

void SearchFilesTool::run(const QJsonObject &arguments, const Workspace &workspace,
                          const ToolLimits &limits, QObject *context,
                          std::function<void(const ToolResult &)> done)
{
    const Result<QString> pattern = requiredString(arguments, QStringLiteral("pattern"));
    const Result<QString> path =
        optionalString(arguments, QStringLiteral("path"), QStringLiteral("."));
    const Result<QString> glob = optionalString(arguments, QStringLiteral("glob"), {});
    const Result<bool> ignoreCase = optionalBool(arguments, QStringLiteral("ignore_case"), false);
    if (!pattern || !path || !glob || !ignoreCase) {
        const EngineError &error = !pattern ? pattern.error()
            : !path                         ? path.error()
            : !glob                         ? glob.error()
                                            : ignoreCase.error();
        return finish(context, std::move(done), failure(error));
    }
    if (pattern.value().isEmpty())
        return finish(context, std::move(done),
                      failure(QStringLiteral("the pattern is empty; give the text to search for")));
    const Result<QString> start = workspace.resolveExisting(path.value());
    if (!start)
        return finish(context, std::move(done), failure(start.error()));

    auto job = std::make_shared<Job>();
    job->workspace = workspace;
    job->start = start.value();
    job->shownPath = path.value();
    job->pattern = pattern.value();
    job->patternUtf8 = pattern.value().toUtf8();
    job->sensitivity = ignoreCase.value() ? Qt::CaseInsensitive : Qt::CaseSensitive;
    if (!glob.value().isEmpty()) {
        job->glob = QRegularExpression::fromWildcard(glob.value(), Qt::CaseSensitive);
        job->globOnPath = glob.value().contains(QLatin1Char('/'));
        if (!job->glob.isValid())
            return finish(context, std::move(done),
                          failure(QStringLiteral("the glob \"%1\" is not a valid wildcard; use "
                                                 "something like \"*.cpp\"")
                                      .arg(glob.value())));
    }
    job->resultCap = std::max(limits.searchResultCap, 1);
    job->outputCap = std::max<qsizetype>(limits.outputCap, 1);

    // The watcher belongs to context: destroying context destroys it, so the result is dropped
    // and done never runs; the flag makes the scan stop early instead of finishing unseen.
    auto cancelled = std::make_shared<std::atomic<bool>>(false);
    auto *watcher = new QFutureWatcher<ToolResult>(context);
    QObject::connect(watcher, &QObject::destroyed, [cancelled] { cancelled->store(true); });
    QObject::connect(watcher, &QFutureWatcherBase::finished, watcher,
                     [watcher, done = std::move(done)] {
                         const ToolResult result = watcher->result();
                         watcher->deleteLater();
                         const auto call = done; // done may destroy context, and the watcher
                         call(result);
                     });
    watcher->setFuture(
        QtConcurrent::run([job, cancelled] { return Scan(*job, *cancelled).run(); }));
}
