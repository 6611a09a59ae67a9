// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tools/permissionbroker.h"
#include "tools/tool.h"
#include "tools/workspace.h"

#include <QJsonArray>
#include <QObject>

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

    explicit ToolBox(Settings &settings, QObject *parent = nullptr);
    ~ToolBox() override;

    Workspace &workspace() { return m_workspace; }
    const Workspace &workspace() const { return m_workspace; }
    Status setWorkingDirectory(const QString &path);
    PermissionBroker &permissions() { return m_permissions; }

    Tool *find(const QString &name) const;
    bool isEnabled(const QString &name) const;
    Status setEnabled(const QStringList &names, bool enabled);
    Policy policy(const QString &name) const;
    /** Policy once the session's earlier answers are counted. */
    Policy effectivePolicy(const QString &sessionId, const QString &name) const;
    ToolLimits limits() const { return m_limits; }
    int maxRounds() const { return m_maxRounds; }

    /** Definitions of the enabled tools for the provider; empty without a working directory. */
    QJsonArray definitions() const;
    /** Every tool with its state, for /tools. */
    QJsonArray describe() const;
    QJsonObject config() const;
    /** Applies {max_rounds, command_timeout_ms, output_cap, read_cap, permission_timeout_ms,
     * policies: {tool: allow|ask|deny}}; all or nothing. */
    Status applyConfig(const QJsonObject &config);

    static QString policyName(Policy policy);

Q_SIGNALS:
    void changed();

private:
    void load();

    Settings &m_settings;
    Workspace m_workspace;
    PermissionBroker m_permissions;
    std::vector<std::unique_ptr<Tool>> m_tools;
    QHash<QString, bool> m_enabled;
    QHash<QString, Policy> m_policies;
    ToolLimits m_limits;
    int m_maxRounds = 8;
};
