// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/filetools.h"
#include "tools/toolsupport.h"
#include "tools/unifieddiff.h"
#include "tools/workspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSaveFile>
#include <QStringDecoder>

using namespace ToolSupport;

namespace {

struct Existing
{
    bool exists = false;
    bool text = true; // false: binary, too large to diff, or unreadable
    qint64 size = 0;
    QString content;
};

// What is at the target now, for the diff. Read only when it is a regular file: opening a FIFO
// would block the calling thread.
Existing readExisting(const QString &target)
{
    Existing existing;
    const QFileInfo info(target);
    if (!info.exists())
        return existing;
    existing.exists = true;
    existing.size = info.size();
    QFile file(target);
    if (!info.isFile() || info.size() > WriteFileTool::MaxDiffBytes
        || !file.open(QIODevice::ReadOnly)) {
        existing.text = false;
        return existing;
    }
    const QByteArray bytes = file.readAll();
    QStringDecoder decoder(QStringDecoder::Utf8);
    existing.content = decoder.decode(bytes);
    existing.text = !bytes.contains('\0') && !decoder.hasError();
    return existing;
}

struct Request
{
    QString path;
    QString content;
    QString target; // where the bytes land, canonical
};

Result<Request> parse(const QJsonObject &arguments, const Workspace &workspace)
{
    const Result<QString> path = requiredString(arguments, QStringLiteral("path"));
    if (!path)
        return path.error();
    const Result<QString> content = requiredString(arguments, QStringLiteral("content"));
    if (!content)
        return content.error();
    const Result<QString> target = workspace.resolveForCreate(path.value());
    if (!target)
        return target.error();
    if (QFileInfo::exists(target.value()) && !QFileInfo(target.value()).isFile())
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("\"%1\" is not a regular file (a device, pipe or "
                                            "socket); write_file only writes regular files")
                                 .arg(path.value()) };
    return Request { path.value(), content.value(), target.value() };
}

QString linesChanged(const UnifiedDiff::Stats &stats)
{
    return counted(stats.added + stats.removed, QStringLiteral("line"), QStringLiteral("lines"))
        + QStringLiteral(" changed");
}

} // namespace

QString WriteFileTool::name() const
{
    return QStringLiteral("write_file");
}

QString WriteFileTool::description() const
{
    // Sent to the model in English; the window shows it translated.
    return QLatin1String(QT_TRANSLATE_NOOP(
        "Engine",
        "Creates a text file in the workspace or replaces its whole content (missing folders "
        "are created). The path is relative to the workspace root; the user may be shown the "
        "change as a diff and asked to approve it first."));
}

QJsonObject WriteFileTool::parameters() const
{
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
          QJsonObject {
              { QStringLiteral("path"),
                QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
                              { QStringLiteral("description"),
                                QStringLiteral("File path relative to the workspace root.") } } },
              { QStringLiteral("content"),
                QJsonObject { { QStringLiteral("type"), QStringLiteral("string") },
                              { QStringLiteral("description"),
                                QStringLiteral("The complete new content of the file (UTF-8 "
                                               "text), not a patch.") } } },
          } },
        { QStringLiteral("required"),
          QJsonArray { QStringLiteral("path"), QStringLiteral("content") } },
        { QStringLiteral("additionalProperties"), false },
    };
}

ToolPreview WriteFileTool::preview(const QJsonObject &arguments, const Workspace &workspace) const
{
    ToolPreview preview;
    const Result<Request> request = parse(arguments, workspace);
    if (!request) {
        preview.note = { QT_TRANSLATE_NOOP("Engine", "cannot write: %1"),
                         { request.error().message } };
        return preview;
    }
    const QString rel = workspace.relative(request.value().target);
    const Existing existing = readExisting(request.value().target);
    if (existing.exists && !existing.text) {
        preview.note = { QT_TRANSLATE_NOOP("Engine",
                                           "replaces %1 (%2 bytes, binary or too large to "
                                           "compare) with %3 bytes of text"),
                         { rel, QString::number(existing.size),
                           QString::number(request.value().content.toUtf8().size()) } };
        return preview;
    }
    preview.diff = UnifiedDiff::make(existing.content, request.value().content,
                                     existing.exists ? QStringLiteral("a/") + rel
                                                     : QStringLiteral("/dev/null"),
                                     QStringLiteral("b/") + rel);
    if (preview.diff.isEmpty())
        preview.note = { existing.exists
                             ? QT_TRANSLATE_NOOP("Engine", "no change: %1 already has this content")
                             : QT_TRANSLATE_NOOP("Engine", "creates the empty file %1"),
                         { rel } };
    return preview;
}

void WriteFileTool::run(const QJsonObject &arguments, const Workspace &workspace,
                        const ToolLimits &limits, QObject *context,
                        std::function<void(const ToolResult &)> done)
{
    Q_UNUSED(limits)
    const Result<Request> request = parse(arguments, workspace);
    if (!request)
        return finish(context, std::move(done), failure(request.error()));

    const QString folder = QFileInfo(request.value().target).absolutePath();
    if (!QFileInfo::exists(folder) && !QDir().mkpath(folder))
        return finish(context, std::move(done),
                      failure(QStringLiteral("could not create the folder %1; check the "
                                             "permissions of the folders above it")
                                  .arg(workspace.relative(folder))));
    // Again, now that the folders exist: nothing may have been swapped for a link meanwhile.
    const Result<QString> target = workspace.resolveForWrite(request.value().path);
    if (!target)
        return finish(context, std::move(done), failure(target.error()));

    const QString rel = workspace.relative(target.value());
    const Existing existing = readExisting(target.value());
    const QByteArray bytes = request.value().content.toUtf8();
    // QSaveFile writes a temporary file beside the target and renames it over the target on
    // commit, so a reader never sees half a file and a failed write leaves the old one intact.
    QSaveFile file(target.value());
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return finish(context, std::move(done),
                      failure(QStringLiteral("could not write %1: %2; check that the file and "
                                             "its folder are writable")
                                  .arg(rel, file.errorString())));

    UnifiedDiff::Stats stats;
    if (existing.text) {
        UnifiedDiff::make(existing.content, request.value().content, {}, {}, 0, &stats);
    } else {
        const QString &content = request.value().content;
        stats.added = int(content.count(QLatin1Char('\n')))
            + (!content.isEmpty() && !content.endsWith(QLatin1Char('\n')) ? 1 : 0);
    }
    ToolResult result;
    result.content =
        QStringLiteral("wrote %1 to %2 (%3)")
            .arg(counted(bytes.size(), QStringLiteral("byte"), QStringLiteral("bytes")), rel,
                 linesChanged(stats));
    finish(context, std::move(done), result);
}
