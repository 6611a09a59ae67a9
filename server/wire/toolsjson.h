// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"
#include "tools/toolbox.h"

#include <QJsonArray>
#include <QJsonObject>

struct PermissionRequest;

/** Tools, their settings and permission requests as the API shows them. */
namespace ToolsJson {

QJsonObject tool(const ToolBox::Info &info);
QJsonArray tools(const QList<ToolBox::Info> &tools);
/** {working_dir, max_rounds, command_timeout_ms, output_cap, read_cap, permission_timeout_ms,
 * mcp_timeout_ms, policies: {tool: allow|ask|deny}} */
QJsonObject config(const ToolBox::Config &config);
/** Reads a POST /tools/config body; a value of the wrong type is an error naming it. */
Result<ToolBox::ConfigChange> configChange(const QJsonObject &body);
/** {id, run, session, call, tool, arguments, at, timeout_ms, diff?, server?, annotations?} */
QJsonObject permissionRequest(const PermissionRequest &request);

} // namespace ToolsJson
