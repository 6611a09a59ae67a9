// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"

#include <QString>
#include <QStringList>

#include <optional>

/**
 * The working directory and the path sandbox. Every path a tool or an @reference touches is
 * resolved canonically (symlinks followed) and must stay inside the root, compared by path
 * components — so "/home/me/proj-evil" is not inside "/home/me/proj".
 */
class Workspace
{
public:
    /** Sets the root; it must be an existing directory. Stored canonical. */
    Status setRoot(const QString &path);
    QString root() const { return m_root; }
    bool isSet() const { return !m_root.isEmpty(); }

    /** An existing file or directory inside the root: its canonical absolute path. Relative
     * paths are relative to the root. Rejects NUL bytes, escapes through "..", absolute paths
     * elsewhere, and symlinks that lead out. */
    Result<QString> resolveExisting(const QString &path) const;
    /** A file to create or overwrite: its parent directory must exist inside the root; an
     * existing target (or a symlink at that name) must resolve inside the root too. */
    Result<QString> resolveForWrite(const QString &path) const;
    /** Like resolveForWrite, but folders missing between the deepest existing one and the file
     * are allowed (each a plain new name inside the root). Creates nothing: the caller makes the
     * folders, then calls resolveForWrite again before writing. */
    Result<QString> resolveForCreate(const QString &path) const;
    /** Keeps a directory out of reach even inside the root: Attache's own state (its token),
     * configuration (keys) and database, should the user pick $HOME as the workspace. */
    void protect(const QString &path);
    bool isProtected(const QString &canonicalPath) const;

    /** The path relative to the root, for messages and events. */
    QString relative(const QString &absolutePath) const;

private:
    bool contains(const QString &canonicalPath) const;
    EngineError outside(const QString &path) const;
    std::optional<EngineError> checkInput(const QString &path) const;
    QString absolute(const QString &path) const;
    Result<QString> writeTarget(const QString &abs, const QString &given, bool allowMissingDirs,
                                int depth) const;

    QString m_root;
    QStringList m_protected; // canonical, or absolute when not yet created
};
