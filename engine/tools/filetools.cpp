// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/filetools.h"

#include "tools/toolsupport.h"
#include "tools/workspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QStringDecoder>

#include <algorithm>

using namespace ToolSupport;

namespace {

// Read in pieces so one enormous line (minified code, a log without newlines) never has to
// fit in memory before the cap is applied.
constexpr qint64 ChunkBytes = 64 * 1024;

QString quoted(const QString &text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

QJsonObject property(const QString &type, const QString &description)
{
    return QJsonObject { { QStringLiteral("type"), type },
                         { QStringLiteral("description"), description } };
}

} // namespace

// ---------------------------------------------------------------------------------------------
// read_file

QString ReadFileTool::name() const
{
    return QStringLiteral("read_file");
}

QString ReadFileTool::description() const
{
    // Sent to the model in English; the window shows it translated.
    return QLatin1String(QT_TRANSLATE_NOOP(
        "Engine",
        "Reads a UTF-8 text file in the workspace and returns its content. The path is relative "
        "to the workspace root; use offset (first line, 1-based) and limit (number of lines) to "
        "read part of a large file."));
}

QJsonObject ReadFileTool::parameters() const
{
    QJsonObject offset = property(QStringLiteral("integer"),
                                  QStringLiteral("Line to start at, 1-based (default 1)."));
    offset.insert(QStringLiteral("minimum"), 1);
    QJsonObject limit = property(QStringLiteral("integer"),
                                 QStringLiteral("How many lines to read (default: to the end)."));
    limit.insert(QStringLiteral("minimum"), 1);
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
          QJsonObject { { QStringLiteral("path"),
                          property(QStringLiteral("string"),
                                   QStringLiteral("File path relative to the workspace root.")) },
                        { QStringLiteral("offset"), offset },
                        { QStringLiteral("limit"), limit } } },
        { QStringLiteral("required"), QJsonArray { QStringLiteral("path") } },
        { QStringLiteral("additionalProperties"), false },
    };
}

void ReadFileTool::run(const QJsonObject &arguments, const Workspace &workspace,
                       const ToolLimits &limits, QObject *context,
                       std::function<void(const ToolResult &)> done)
{
    const Result<QString> path = requiredString(arguments, QStringLiteral("path"));
    const Result<qint64> offset = optionalInteger(arguments, QStringLiteral("offset"), 1, 1);
    const Result<qint64> limit = optionalInteger(arguments, QStringLiteral("limit"), 0, 1);
    if (!path || !offset || !limit)
        return finish(context, std::move(done),
                      failure(!path         ? path.error()
                                  : !offset ? offset.error()
                                            : limit.error()));
    const Result<QString> resolved = workspace.resolveExisting(path.value());
    if (!resolved)
        return finish(context, std::move(done), failure(resolved.error()));

    const QString shown = quoted(path.value());
    const QFileInfo info(resolved.value());
    if (info.isDir())
        return finish(context, std::move(done),
                      failure(shown
                              + QStringLiteral(" is a directory; use list_directory to see what "
                                               "it holds")));
    // Not only tidiness: reading a FIFO would block this thread until someone writes to it.
    if (!info.isFile())
        return finish(context, std::move(done),
                      failure(shown
                              + QStringLiteral(" is not a regular file (a device, pipe or "
                                               "socket); read_file reads text files")));
    QFile file(resolved.value());
    if (!file.open(QIODevice::ReadOnly))
        return finish(context, std::move(done),
                      failure(QStringLiteral("could not open %1: %2; check its permissions")
                                  .arg(shown, file.errorString())));
    const ToolResult binary =
        failure(shown + QStringLiteral(" is a binary file; read_file reads text"));
    if (looksBinary(file.peek(BinarySniffBytes)))
        return finish(context, std::move(done), binary);

    // Skip to the first wanted line.
    qint64 line = 1;
    bool partialLine = false;
    while (line < offset.value() && !file.atEnd()) {
        const QByteArray chunk = file.readLine(ChunkBytes);
        if (chunk.isEmpty())
            break;
        partialLine = !chunk.endsWith('\n');
        if (!partialLine)
            ++line;
    }
    if (offset.value() > 1 && file.atEnd()) {
        const qint64 lines = line - 1 + (partialLine ? 1 : 0);
        if (lines < offset.value())
            return finish(
                context, std::move(done),
                failure(
                    QStringLiteral("%1 has %2; offset %3 is past the end")
                        .arg(shown, counted(lines, QStringLiteral("line"), QStringLiteral("lines")))
                        .arg(offset.value())));
    }

    const qint64 start = file.pos();
    const qsizetype cap = std::max<qsizetype>(limits.readCap, 1);
    QByteArray bytes;
    qint64 taken = 0;
    bool capped = false;
    while (!file.atEnd() && (limit.value() == 0 || taken < limit.value())) {
        const QByteArray chunk = file.readLine(ChunkBytes);
        if (chunk.isEmpty())
            break;
        bytes += chunk;
        if (chunk.endsWith('\n'))
            ++taken;
        if (bytes.size() > cap) {
            capped = true;
            break;
        }
    }

    qsizetype keep = bytes.size();
    if (capped) {
        // Prefer to stop after a whole line; cut inside one only when it alone exceeds the cap.
        const qsizetype newline = bytes.lastIndexOf('\n', cap - 1);
        keep = newline >= 0 ? newline + 1 : utf8Boundary(bytes, cap);
    }
    QStringDecoder decoder(QStringDecoder::Utf8);
    ToolResult result;
    result.content = decoder.decode(QByteArrayView(bytes).first(keep));
    if (decoder.hasError())
        return finish(context, std::move(done), binary);

    if (capped) {
        const qint64 shownLines = bytes.left(keep).count('\n');
        const bool cutInLine = keep == 0 || bytes.at(keep - 1) != '\n';
        const qint64 lastLine = offset.value() + shownLines - (cutInLine ? 0 : 1);
        const qint64 leftOut = file.size() - (start + keep);
        result.truncated = true;
        result.content +=
            QStringLiteral("\n[read_file stopped at its cap of %1 bytes: %2 "
                           "shown, %3 more bytes of the file left out; read on with "
                           "offset=%4]")
                .arg(cap)
                .arg(cutInLine ? QStringLiteral("line %1 cut short").arg(lastLine)
                               : QStringLiteral("lines %1-%2").arg(offset.value()).arg(lastLine))
                .arg(leftOut)
                .arg(lastLine + 1);
    }
    finish(context, std::move(done), result);
}

// ---------------------------------------------------------------------------------------------
// list_directory

QString ListDirectoryTool::name() const
{
    return QStringLiteral("list_directory");
}

QString ListDirectoryTool::description() const
{
    // Sent to the model in English; the window shows it translated.
    return QLatin1String(QT_TRANSLATE_NOOP(
        "Engine",
        "Lists the entries of one folder in the workspace (not recursive), sorted by name: "
        "folders end with \"/\", files show their size in bytes. The path is relative to the "
        "workspace root and defaults to the root itself."));
}

QJsonObject ListDirectoryTool::parameters() const
{
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
          QJsonObject { { QStringLiteral("path"),
                          property(QStringLiteral("string"),
                                   QStringLiteral("Folder path relative to the workspace root "
                                                  "(default \".\", the root).")) } } },
        { QStringLiteral("required"), QJsonArray {} },
        { QStringLiteral("additionalProperties"), false },
    };
}

void ListDirectoryTool::run(const QJsonObject &arguments, const Workspace &workspace,
                            const ToolLimits &limits, QObject *context,
                            std::function<void(const ToolResult &)> done)
{
    const Result<QString> path =
        optionalString(arguments, QStringLiteral("path"), QStringLiteral("."));
    if (!path)
        return finish(context, std::move(done), failure(path.error()));
    const Result<QString> resolved = workspace.resolveExisting(path.value());
    if (!resolved)
        return finish(context, std::move(done), failure(resolved.error()));
    if (!QFileInfo(resolved.value()).isDir())
        return finish(context, std::move(done),
                      failure(quoted(path.value())
                              + QStringLiteral(" is a file, not a folder; use read_file to read "
                                               "it")));

    QFileInfoList entries =
        QDir(resolved.value())
            .entryInfoList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden | QDir::System,
                           QDir::NoSort);
    // Plain code-point order: the same listing on every machine and locale.
    std::sort(entries.begin(), entries.end(),
              [](const QFileInfo &a, const QFileInfo &b) { return a.fileName() < b.fileName(); });

    ToolResult result;
    const qsizetype cap = std::max<qsizetype>(limits.outputCap, 1);
    int shownCount = 0;
    for (const QFileInfo &entry : entries) {
        QString line = entry.fileName();
        if (entry.isSymLink()) {
            // Say where a link leads only when that is inside; never name places outside.
            const Result<QString> target = workspace.resolveExisting(entry.absoluteFilePath());
            if (entry.canonicalFilePath().isEmpty())
                line += QStringLiteral(" -> (broken link)");
            else if (!target)
                line += QStringLiteral(" -> (outside the workspace)");
            else if (entry.isDir())
                line += QStringLiteral("/ -> ") + workspace.relative(target.value());
            else
                line += QStringLiteral(" (%1 bytes) -> ").arg(entry.size())
                    + workspace.relative(target.value());
        } else if (entry.isDir()) {
            line += QLatin1Char('/');
        } else if (entry.isFile()) {
            line += QStringLiteral(" (%1 bytes)").arg(entry.size());
        } else {
            line += QStringLiteral(" (special file)");
        }
        if (shownCount >= MaxEntries || result.content.size() + line.size() + 1 > cap) {
            result.truncated = true;
            break;
        }
        result.content += line + QLatin1Char('\n');
        ++shownCount;
    }
    if (entries.isEmpty())
        result.content = QStringLiteral("(empty directory)\n");
    if (result.truncated)
        result.content += QStringLiteral("[%1 of %2 entries shown; list a subfolder or use "
                                         "search_files to narrow down]\n")
                              .arg(shownCount)
                              .arg(entries.size());
    finish(context, std::move(done), result);
}
