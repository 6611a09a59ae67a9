// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tools/mcp/mcpclient.h"
#include "tools/tool.h"

#include <QPointer>

/**
 * One tool of an MCP server, offered to the model as "<server>__<tool>" beside the built-in
 * tools and run through the same permission broker. It asks first by default, whatever the
 * server's annotations say: they are shown, never trusted.
 */
class McpTool : public Tool
{
public:
    /** hashedName: the name ends in a hash of the tool's own (another of its server's tools
     * took the plain one). */
    McpTool(const QString &server, const McpToolDefinition &definition, McpClient *client,
            int timeoutMs, bool hashedName = false);

    /** The name the model sees: "<server>__<tool>", only [A-Za-z0-9_-], at most 64
     * characters (the providers' limit); a name cut short, or hashed, ends in a hash of the
     * whole. */
    static QString exposedName(const QString &server, const QString &tool, bool hashed = false);

    QString name() const override { return m_name; }
    QString description() const override;
    QJsonObject parameters() const override;
    Kind kind() const override { return Kind::Exec; }
    QString source() const override { return m_server; }
    QJsonObject annotations() const override { return m_definition.annotations; }
    void run(const QJsonObject &arguments, const Workspace &workspace, const ToolLimits &limits,
             QObject *context, std::function<void(const ToolResult &)> done) override;

    QString toolName() const { return m_definition.name; }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    /** What the model reads of a tools/call result: text as it is, images, audio and
     * resources described, structured content as JSON; isError kept. A result that breaks the
     * tool's output schema is an error that says where. */
    static ToolResult toResult(const QJsonObject &result, qsizetype cap,
                               const QJsonObject &outputSchema = {});

private:
    QString m_server;
    QString m_name;
    McpToolDefinition m_definition;
    QPointer<McpClient> m_client;
    int m_timeoutMs = 0; // 0: the tool box's limit
};
