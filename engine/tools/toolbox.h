// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/provider.h"
#include "tools/permissionbroker.h"
#include "tools/tool.h"
#include "tools/workspace.h"

#include <QHash>
#include <QObject>

#include <optional>

class Settings;

/**
 * What the model may do: the tools, which are enabled, the policy of each (allow, ask, deny),
 * the limits, the working directory, and the broker that asks the user.
 */
class ToolBox : public QObject
{
    Q_OBJECT
public:
    enum class Policy { Allow, Ask, Deny };

    /** A tool as GET /tools and the Tools panel show it. */
    struct Info
    {
        QString name;
        QString description;
        Tool::Kind kind = Tool::Kind::Read;
        bool enabled = false;
        Policy policy = Policy::Ask;
        QJsonObject parameters; // JSON Schema of its arguments
        QString source; // empty for a built-in tool, else the MCP server it comes from
        QJsonObject annotations; // what its source says of it (MCP annotations)
    };
    /** The toolbox's settings as they stand. */
    struct Config
    {
        QString workingDirectory;
        int maxRounds = 8;
        ToolLimits limits;
        int permissionTimeoutMs = 0;
        QHash<QString, Policy> policies;
    };
    /** A change to the settings: what is set changes, all or nothing. */
    struct ConfigChange
    {
        std::optional<int> maxRounds; // 1–50
        std::optional<int> commandTimeoutMs; // 100 ms – 1 h
        std::optional<int> outputCap; // 1 KiB – 16 MiB
        std::optional<int> readCap; // 1 KiB – 16 MiB
        std::optional<int> permissionTimeoutMs; // 100 ms – 1 h
        std::optional<int> mcpTimeoutMs; // 100 ms – 1 h
        QHash<QString, Policy> policies;
    };

    explicit ToolBox(Settings &settings, QObject *parent = nullptr);
    ~ToolBox() override;

    Workspace &workspace() { return m_workspace; }
    const Workspace &workspace() const { return m_workspace; }
    /** setBy: who chose it, as that client names itself ("Attache window", "VS Code — app");
     * empty when unknown. The engine has one working directory for every client, and each
     * may want to say whose it is before it moves it. */
    Status setWorkingDirectory(const QString &path, const QString &setBy = {});
    QString workingDirectorySetBy() const;
    PermissionBroker &permissions() { return m_permissions; }

    /** Offers the tools of a source (an MCP server), replacing what it offered before; each
     * asks first unless the user chose otherwise. */
    void setSourceTools(const QString &source, std::vector<std::unique_ptr<Tool>> tools);
    /** Withdraws every tool of a source. */
    void removeSource(const QString &source);

    Tool *find(const QString &name) const;
    bool isEnabled(const QString &name) const;
    Status setEnabled(const QStringList &names, bool enabled);
    Policy policy(const QString &name) const;
    /** Policy once the session's earlier answers are counted. */
    Policy effectivePolicy(const QString &sessionId, const QString &name) const;
    ToolLimits limits() const { return m_limits; }
    int maxRounds() const { return m_maxRounds; }

    /** The enabled tools the model is offered: the built-in ones need a working directory, an
     * MCP server's do not. */
    QList<ToolSpec> definitions() const;
    /** Every tool with its state. */
    QList<Info> describe() const;
    Config config() const;
    /** Applies the change, all or nothing; says which value is out of range. */
    Status applyConfig(const ConfigChange &change);

    static QString policyName(Policy policy);
    static std::optional<Policy> policyFromName(const QString &name);
    static QString kindName(Tool::Kind kind);

Q_SIGNALS:
    void changed();

private:
    void load();
    void loadTool(const Tool &tool);

    Settings &m_settings;
    Workspace m_workspace;
    PermissionBroker m_permissions;
    std::vector<std::unique_ptr<Tool>> m_tools;
    QHash<QString, bool> m_enabled;
    QHash<QString, Policy> m_policies;
    ToolLimits m_limits;
    int m_maxRounds = 8;
};
