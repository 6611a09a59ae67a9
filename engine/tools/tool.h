// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

class Workspace;

struct ToolResult
{
    QString content; // what the model reads
    bool truncated = false; // content was cut at a cap
    bool isError = false; // the call failed; content says why
};

/** What the user sees when asked to approve a call, beyond its arguments. */
struct ToolPreview
{
    QString diff; // a write's unified diff
    EngineText note; // a sentence where there is no diff to show ("no change: …")

    bool isEmpty() const { return diff.isEmpty() && note.isEmpty(); }
    /** For API clients: the diff, else the note in English. */
    QString english() const { return diff.isEmpty() ? note.english() : diff; }
    /** For the window: the diff, else the note in the window's language. */
    QString translated() const { return diff.isEmpty() ? note.translated() : diff; }
};

struct ToolLimits
{
    int commandTimeoutMs = 30000; // run_command: killed after this
    qsizetype outputCap = 64 * 1024; // run_command output, search results, listings
    qsizetype readCap = 256 * 1024; // read_file content
    int searchResultCap = 200; // search_files matches
    int mcpTimeoutMs = 60000; // an MCP server's tools/call: cancelled after this
};

/**
 * A capability the model can call. Tools never see paths outside the workspace: every path
 * goes through Workspace first.
 */
class Tool
{
public:
    enum class Kind { Read, Write, Exec };

    virtual ~Tool() = default;
    virtual QString name() const = 0;
    virtual QString description() const = 0;
    /** JSON Schema of the arguments object (OpenAI function "parameters"). */
    virtual QJsonObject parameters() const = 0;
    virtual Kind kind() const = 0;
    /** Where the tool comes from: empty for a built-in tool, else the MCP server's name. */
    virtual QString source() const { return {}; }
    /** What the tool's source says of it (MCP annotations: readOnlyHint, …); shown to the
     * user, never a reason to skip asking. */
    virtual QJsonObject annotations() const { return {}; }
    /** What the user sees when asked to approve, beyond the arguments (a write's unified
     * diff); empty when there is nothing more. Runs before approval: must not change anything. */
    virtual ToolPreview preview(const QJsonObject &arguments, const Workspace &workspace) const
    {
        Q_UNUSED(arguments)
        Q_UNUSED(workspace)
        return {};
    }
    /**
     * Runs the call and calls done exactly once, on the calling thread — unless context is
     * destroyed first, which cancels the call (a running command is killed) and done is never
     * called. Long work (searching a tree, a process) must not block the calling thread.
     */
    virtual void run(const QJsonObject &arguments, const Workspace &workspace,
                     const ToolLimits &limits, QObject *context,
                     std::function<void(const ToolResult &)> done) = 0;
};

/** read_file, list_directory, search_files, write_file, run_command. */
std::vector<std::unique_ptr<Tool>> builtInTools();
