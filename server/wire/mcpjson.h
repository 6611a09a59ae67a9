// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"
#include "tools/mcp/mcpconfig.h"
#include "tools/mcp/mcpmanager.h"

#include <QJsonArray>
#include <QJsonObject>

/** MCP servers as the API shows them, and new entries as clients send them. */
namespace McpJson {

/** {name, transport, state, enabled, target, last_error?, exit_code?, stderr_tail?,
 * retry_in_ms?, restarts, protocol_version?, server_info?, tools: [{name, tool, description,
 * annotations}], since} */
QJsonObject server(const McpServerStatus &status);
QJsonArray servers(const QList<McpServerStatus> &servers);
/** A POST /mcp/servers body: {name, command, args?, env?, cwd?} or {name, url, headers?,
 * type?}, with disabled? and timeout? — the shape of an mcp.json entry plus its name. */
Result<McpServerConfig> newServer(const QJsonObject &body);

} // namespace McpJson
