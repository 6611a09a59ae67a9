// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>
#include <QString>

class Workspace;

/** Files attached to the message ("@path"), and those that could not be. */
struct ContextInjection
{
    struct File
    {
        QString path; // relative to the working directory
        qint64 bytes = 0; // the file's size
        bool truncated = false; // only the first part was attached
    };
    struct Refusal
    {
        QString path;
        QString reason;
    };
    QList<File> files;
    QList<Refusal> refused;

    bool isEmpty() const { return files.isEmpty() && refused.isEmpty(); }
};

/**
 * Brings files into a message: every "@path/to/file" (and, with auto-inject, every word that
 * names a file in the workspace) is appended to the message, size-capped, through the same
 * sandbox the tools use. Binary files are refused politely.
 */
class ContextInjector
{
public:
    struct Outcome
    {
        QString message; // the message with the files appended
        ContextInjection injected; // what was attached and what was refused
    };

    static constexpr qsizetype PerFileCap = 64 * 1024;
    static constexpr qsizetype TotalCap = 256 * 1024;
    static constexpr int MaxFiles = 20;

    static Outcome inject(const QString &message, const Workspace &workspace, bool autoInject);
};
