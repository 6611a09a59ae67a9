// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tools/tool.h"

/** read_file: a text file, or a range of its lines, capped at ToolLimits::readCap. */
class ReadFileTool : public Tool
{
public:
    QString name() const override;
    QString description() const override;
    QJsonObject parameters() const override;
    Kind kind() const override { return Kind::Read; }
    void run(const QJsonObject &arguments, const Workspace &workspace, const ToolLimits &limits,
             QObject *context, std::function<void(const ToolResult &)> done) override;
};

/** list_directory: one level of a folder, sorted; folders end with "/", files show a size. */
class ListDirectoryTool : public Tool
{
public:
    /** Entries shown at most, whatever the output cap. */
    static constexpr int MaxEntries = 1000;

    QString name() const override;
    QString description() const override;
    QJsonObject parameters() const override;
    Kind kind() const override { return Kind::Read; }
    void run(const QJsonObject &arguments, const Workspace &workspace, const ToolLimits &limits,
             QObject *context, std::function<void(const ToolResult &)> done) override;
};

/** search_files: a literal string in the text files of a tree, scanned off the calling thread. */
class SearchFilesTool : public Tool
{
public:
    /** Larger files are skipped: they are rarely source and would stall the scan. */
    static constexpr qint64 MaxFileBytes = 2 * 1024 * 1024;
    /** A matching line is cut to this many characters. */
    static constexpr int MaxLineChars = 200;

    QString name() const override;
    QString description() const override;
    QJsonObject parameters() const override;
    Kind kind() const override { return Kind::Read; }
    void run(const QJsonObject &arguments, const Workspace &workspace, const ToolLimits &limits,
             QObject *context, std::function<void(const ToolResult &)> done) override;
};

/** write_file: creates or replaces a text file atomically; the preview is a unified diff. */
class WriteFileTool : public Tool
{
public:
    /** An existing file larger than this is not read for the diff; the preview says so. */
    static constexpr qint64 MaxDiffBytes = 4 * 1024 * 1024;

    QString name() const override;
    QString description() const override;
    QJsonObject parameters() const override;
    Kind kind() const override { return Kind::Write; }
    ToolPreview preview(const QJsonObject &arguments, const Workspace &workspace) const override;
    void run(const QJsonObject &arguments, const Workspace &workspace, const ToolLimits &limits,
             QObject *context, std::function<void(const ToolResult &)> done) override;
};
