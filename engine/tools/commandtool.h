// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tools/tool.h"

/**
 * run_command: one program with its arguments (argv, never a shell command line) in the
 * workspace root, stdin empty, stdout and stderr merged and capped, killed on timeout and when
 * the call's context is destroyed.
 */
class RunCommandTool : public Tool
{
public:
    QString name() const override;
    QString description() const override;
    QJsonObject parameters() const override;
    Kind kind() const override { return Kind::Exec; }
    void run(const QJsonObject &arguments, const Workspace &workspace, const ToolLimits &limits,
             QObject *context, std::function<void(const ToolResult &)> done) override;
};
