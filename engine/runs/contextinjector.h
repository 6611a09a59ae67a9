// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QJsonObject>
#include <QString>

class Workspace;

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
        QJsonObject event; // {files: [{path, bytes, truncated}], refused: [{path, reason}]}; empty
                           // if nothing
    };

    static constexpr qsizetype PerFileCap = 64 * 1024;
    static constexpr qsizetype TotalCap = 256 * 1024;
    static constexpr int MaxFiles = 20;

    static Outcome inject(const QString &message, const Workspace &workspace, bool autoInject);
};
