// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/workspace.h"

#include <QDir>
#include <QFileInfo>

#ifdef Q_OS_UNIX
#include <limits.h>
#include <unistd.h>
#endif

namespace {

// A chain of dangling links longer than this is treated as a loop, as the kernel does (ELOOP).
constexpr int MaxLinkDepth = 40;

EngineError invalid(const QString &message)
{
    return EngineError { ErrorKind::InvalidRequest, message };
}

// The path as the caller gave it, quoted, with NUL bytes made visible instead of cutting the
// message short wherever it is printed as a C string.
QString shown(const QString &path)
{
    QString copy = path;
    copy.replace(QChar(0), QStringLiteral("\\0"));
    return QLatin1Char('"') + copy + QLatin1Char('"');
}

QString canonical(const QString &path)
{
    // A fresh QFileInfo each time: a cached one would hide a change made since it was built.
    return QFileInfo(path).canonicalFilePath();
}

// Cuts the last component off by text only: "a/b/.." gives "a/b". Used to find the deepest
// prefix that exists; the kernel (through canonicalFilePath) decides what the prefix means.
QString textParent(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    if (slash <= 0)
        return QStringLiteral("/");
    return path.left(slash);
}

QString lastComponent(const QString &path)
{
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

bool isPlainName(const QString &name)
{
    return !name.isEmpty() && name != QLatin1String(".") && name != QLatin1String("..")
        && !name.contains(QLatin1Char('/'));
}

// The raw target of a symlink, one level: QFileInfo::symLinkTarget cleans "../" against the
// link's path as text, which is wrong when that path itself runs through a symlink.
QString readLink(const QString &canonicalDir, const QString &linkPath)
{
#ifdef Q_OS_UNIX
    const QByteArray native = QFile::encodeName(linkPath);
    char buffer[PATH_MAX + 1];
    const ssize_t length = ::readlink(native.constData(), buffer, PATH_MAX);
    if (length <= 0)
        return {};
    const QString target = QFile::decodeName(QByteArray(buffer, length));
    if (QDir::isAbsolutePath(target))
        return target;
    return canonicalDir + QLatin1Char('/') + target;
#else
    Q_UNUSED(canonicalDir)
    return QFileInfo(linkPath).symLinkTarget();
#endif
}

} // namespace

Status Workspace::setRoot(const QString &path)
{
    if (path.isEmpty())
        return invalid(QStringLiteral("the working directory is empty; give the path of an "
                                      "existing folder"));
    if (path.contains(QChar(0)))
        return invalid(QStringLiteral("the working directory %1 contains a NUL byte; give a plain "
                                      "folder path")
                           .arg(shown(path)));
    const QFileInfo info(path);
    const QString resolved = info.canonicalFilePath();
    if (resolved.isEmpty() || !info.isDir())
        return invalid(QStringLiteral("%1 is not an existing directory; give the path of a "
                                      "folder that exists")
                           .arg(shown(path)));
    m_root = resolved;
    return {};
}

void Workspace::protect(const QString &path)
{
    if (path.isEmpty())
        return;
    const QString canonicalPath = QFileInfo(path).canonicalFilePath();
    m_protected.append(canonicalPath.isEmpty() ? QDir::cleanPath(QFileInfo(path).absoluteFilePath())
                                               : canonicalPath);
}

bool Workspace::isProtected(const QString &canonicalPath) const
{
    for (const QString &dir : m_protected) {
        if (canonicalPath == dir || canonicalPath.startsWith(dir + QLatin1Char('/')))
            return true;
    }
    return false;
}

bool Workspace::contains(const QString &canonicalPath) const
{
    if (m_root.isEmpty() || canonicalPath.isEmpty() || isProtected(canonicalPath))
        return false;
    if (canonicalPath == m_root)
        return true;
    // By components: "/home/me/proj-evil" starts with "/home/me/proj" as text but is not inside it.
    const QString prefix = m_root.endsWith(QLatin1Char('/')) ? m_root : m_root + QLatin1Char('/');
    return canonicalPath.startsWith(prefix);
}

EngineError Workspace::outside(const QString &path) const
{
    return invalid(QStringLiteral("%1 is outside the working directory %2; use a path inside it "
                                  "(relative paths start there)")
                       .arg(shown(path), m_root));
}

QString Workspace::relative(const QString &absolutePath) const
{
    if (m_root.isEmpty())
        return absolutePath;
    const QString rel = QDir(m_root).relativeFilePath(absolutePath);
    return rel.isEmpty() ? QStringLiteral(".") : rel;
}

std::optional<EngineError> Workspace::checkInput(const QString &path) const
{
    if (m_root.isEmpty())
        return invalid(QStringLiteral("no working directory: set one with POST /working_dir"));
    if (path.isEmpty())
        return invalid(QStringLiteral("the path is empty; give a path relative to the working "
                                      "directory %1")
                           .arg(m_root));
    if (path.contains(QChar(0)))
        return invalid(QStringLiteral("the path %1 contains a NUL byte; give a plain file path")
                           .arg(shown(path)));
    return std::nullopt;
}

QString Workspace::absolute(const QString &path) const
{
    // Not cleaned: "link/.." must reach the kernel as written, where ".." follows the link.
    QString joined = QDir::isAbsolutePath(path) ? path : m_root + QLatin1Char('/') + path;
    while (joined.size() > 1 && joined.endsWith(QLatin1Char('/')))
        joined.chop(1);
    return joined;
}

Result<QString> Workspace::resolveExisting(const QString &path) const
{
    if (const auto error = checkInput(path))
        return *error;
    const QString abs = absolute(path);
    const QString resolved = canonical(abs);
    if (!resolved.isEmpty())
        return contains(resolved) ? Result<QString>(resolved) : Result<QString>(outside(path));

    // Missing. Say "outside" rather than "missing" when the way there leaves the root, so the
    // answer does not tell whether something exists elsewhere on the machine.
    if (QFileInfo(abs).isSymLink()) {
        const Result<QString> landing = writeTarget(abs, path, false, 0);
        if (!landing.ok())
            return landing.error();
        return invalid(QStringLiteral("%1 is a symlink to something that does not exist; fix or "
                                      "remove the link")
                           .arg(shown(path)));
    }
    for (QString prefix = textParent(abs);; prefix = textParent(prefix)) {
        const QString existing = canonical(prefix);
        if (!existing.isEmpty()) {
            if (!contains(existing))
                return outside(path);
            break;
        }
        if (prefix == QLatin1String("/"))
            return outside(path);
    }
    return EngineError { ErrorKind::NotFound,
                         QStringLiteral("%1 does not exist in the working directory %2; check the "
                                        "name with list_directory")
                             .arg(shown(path), m_root) };
}

Result<QString> Workspace::resolveForWrite(const QString &path) const
{
    if (const auto error = checkInput(path))
        return *error;
    return writeTarget(absolute(path), path, false, 0);
}

Result<QString> Workspace::resolveForCreate(const QString &path) const
{
    if (const auto error = checkInput(path))
        return *error;
    return writeTarget(absolute(path), path, true, 0);
}

Result<QString> Workspace::writeTarget(const QString &abs, const QString &given,
                                       bool allowMissingDirs, int depth) const
{
    if (depth > MaxLinkDepth)
        return invalid(QStringLiteral("%1 leads through too many symlinks; point it at a real "
                                      "file")
                           .arg(shown(given)));
    const QString name = lastComponent(abs);
    if (!isPlainName(name))
        return invalid(QStringLiteral("%1 does not name a file; give a file path such as "
                                      "\"notes/todo.txt\"")
                           .arg(shown(given)));

    const QFileInfo info(abs);
    if (info.exists()) { // follows symlinks: this is where the bytes would land
        const QString resolved = info.canonicalFilePath();
        if (!contains(resolved))
            return outside(given);
        if (info.isDir())
            return invalid(
                QStringLiteral("%1 is a directory; give the path of a file").arg(shown(given)));
        return resolved;
    }

    const QString parentAbs = textParent(abs);
    if (info.isSymLink()) {
        // Dangling: writing would create the link's target, so the target must be inside.
        const QString parent = canonical(parentAbs);
        if (!contains(parent))
            return outside(given);
        const QString target = readLink(parent, parent + QLatin1Char('/') + name);
        if (target.isEmpty())
            return invalid(QStringLiteral("%1 is a symlink that cannot be read; remove it or "
                                          "write elsewhere")
                               .arg(shown(given)));
        return writeTarget(target, given, false, depth + 1);
    }

    // Nothing there yet: find the deepest directory that exists and check everything below it
    // would be plain new names inside it.
    QStringList missing;
    QString prefix = parentAbs;
    QString existing = canonical(prefix);
    while (existing.isEmpty()) {
        if (prefix == QLatin1String("/"))
            return outside(given);
        const QString component = lastComponent(prefix);
        if (QFileInfo(prefix).isSymLink()) {
            // A dangling link standing for a directory: creating through it could land anywhere.
            const Result<QString> landing = writeTarget(prefix, given, false, depth + 1);
            if (!landing.ok())
                return landing.error();
            return invalid(QStringLiteral("%1 goes through %2, a symlink to a folder that does "
                                          "not exist; fix the link or write elsewhere")
                               .arg(shown(given), shown(relative(landing.value()))));
        }
        if (component != QLatin1String(".")) {
            if (!isPlainName(component))
                return outside(given);
            missing.prepend(component);
        }
        prefix = textParent(prefix);
        existing = canonical(prefix);
    }
    if (!contains(existing))
        return outside(given);
    if (!QFileInfo(existing).isDir())
        return invalid(QStringLiteral("%1 cannot be created: %2 is a file, not a folder")
                           .arg(shown(given), shown(relative(existing))));
    if (!missing.isEmpty() && !allowMissingDirs)
        return EngineError {
            ErrorKind::NotFound,
            QStringLiteral("the folder of %1 does not exist; create %2 first")
                .arg(shown(given),
                     shown(relative(existing + QLatin1Char('/') + missing.join(QLatin1Char('/')))))
        };
    missing.prepend(existing);
    missing.append(name);
    return missing.join(QLatin1Char('/'));
}
