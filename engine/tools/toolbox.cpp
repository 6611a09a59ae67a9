// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/toolbox.h"

#include "settings.h"

#include <QSettings>

namespace {

const SettingKey<QString> WorkingDirectory { "tools/workingDirectory", {} };
const SettingKey<QString> WorkingDirectorySetBy { "tools/workingDirectorySetBy", {} };
const SettingKey<int> MaxRounds { "tools/maxRounds", 8 };
const SettingKey<int> CommandTimeoutMs { "tools/commandTimeoutMs", 30000 };
const SettingKey<int> OutputCap { "tools/outputCap", 64 * 1024 };
const SettingKey<int> ReadCap { "tools/readCap", 256 * 1024 };
const SettingKey<int> PermissionTimeoutMs { "tools/permissionTimeoutMs", 120000 };
const SettingKey<int> McpTimeoutMs { "tools/mcpTimeoutMs", 60000 };

} // namespace

std::optional<ToolBox::Policy> ToolBox::policyFromName(const QString &text)
{
    if (text == QLatin1String("allow"))
        return ToolBox::Policy::Allow;
    if (text == QLatin1String("ask"))
        return ToolBox::Policy::Ask;
    if (text == QLatin1String("deny"))
        return ToolBox::Policy::Deny;
    return std::nullopt;
}

QString ToolBox::kindName(Tool::Kind kind)
{
    switch (kind) {
    case Tool::Kind::Read:
        return QStringLiteral("read");
    case Tool::Kind::Write:
        return QStringLiteral("write");
    case Tool::Kind::Exec:
        return QStringLiteral("exec");
    }
    return {};
}

ToolBox::ToolBox(Settings &settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_tools(builtInTools())
{
    load();
    connect(&m_permissions, &PermissionBroker::alwaysAllowed, this, [this](const QString &tool) {
        m_policies.insert(tool, Policy::Allow);
        m_settings.setString(QStringLiteral("tools/policy/") + tool, QStringLiteral("allow"));
        m_settings.sync();
        Q_EMIT changed();
    });
}

ToolBox::~ToolBox() = default;

QString ToolBox::policyName(Policy policy)
{
    switch (policy) {
    case Policy::Allow:
        return QStringLiteral("allow");
    case Policy::Ask:
        return QStringLiteral("ask");
    case Policy::Deny:
        return QStringLiteral("deny");
    }
    return {};
}

void ToolBox::loadTool(const Tool &tool)
{
    // Reading the workspace is safe to allow; changing files, running programs and anything an
    // MCP server does (whatever it says of itself) asks first.
    const Policy fallback =
        tool.kind() == Tool::Kind::Read && tool.source().isEmpty() ? Policy::Allow : Policy::Ask;
    const QString saved = m_settings.string(QStringLiteral("tools/policy/") + tool.name());
    m_policies.insert(tool.name(), policyFromName(saved).value_or(fallback));
    m_enabled.insert(tool.name(),
                     m_settings.string(QStringLiteral("tools/enabled/") + tool.name())
                         != QLatin1String("false"));
}

void ToolBox::setSourceTools(const QString &source, std::vector<std::unique_ptr<Tool>> tools)
{
    Q_ASSERT(!source.isEmpty());
    for (auto it = m_tools.begin(); it != m_tools.end();) {
        if ((*it)->source() == source) {
            m_policies.remove((*it)->name());
            m_enabled.remove((*it)->name());
            it = m_tools.erase(it);
        } else {
            ++it;
        }
    }
    for (auto &tool : tools) {
        if (find(tool->name()))
            continue; // a name already taken (two servers' names cut to the same) stays theirs
        loadTool(*tool);
        m_tools.push_back(std::move(tool));
    }
    Q_EMIT changed();
}

void ToolBox::removeSource(const QString &source)
{
    const bool had = std::any_of(m_tools.begin(), m_tools.end(),
                                 [&](const auto &tool) { return tool->source() == source; });
    if (had)
        setSourceTools(source, {});
}

void ToolBox::load()
{
    for (const auto &tool : m_tools)
        loadTool(*tool);
    m_maxRounds = qBound(1, m_settings.value(MaxRounds), 50);
    m_limits.commandTimeoutMs = m_settings.value(CommandTimeoutMs);
    m_limits.outputCap = m_settings.value(OutputCap);
    m_limits.readCap = m_settings.value(ReadCap);
    m_limits.mcpTimeoutMs = m_settings.value(McpTimeoutMs);
    m_permissions.setTimeoutMs(m_settings.value(PermissionTimeoutMs));
    const QString root = m_settings.value(WorkingDirectory);
    if (!root.isEmpty())
        m_workspace.setRoot(root); // a directory that has gone away simply leaves none set
}

Status ToolBox::setWorkingDirectory(const QString &path, const QString &setBy)
{
    if (Status set = m_workspace.setRoot(path); !set)
        return set;
    m_settings.setValue(WorkingDirectory, m_workspace.root());
    m_settings.setValue(WorkingDirectorySetBy, setBy);
    m_settings.sync();
    Q_EMIT changed();
    return {};
}

QString ToolBox::workingDirectorySetBy() const
{
    return m_workspace.isSet() ? m_settings.value(WorkingDirectorySetBy) : QString();
}

Tool *ToolBox::find(const QString &name) const
{
    for (const auto &tool : m_tools) {
        if (tool->name() == name)
            return tool.get();
    }
    return nullptr;
}

bool ToolBox::isEnabled(const QString &name) const
{
    return m_enabled.value(name, false);
}

Status ToolBox::setEnabled(const QStringList &names, bool enabled)
{
    for (const QString &name : names) {
        if (!find(name))
            return EngineError {
                ErrorKind::InvalidRequest,
                QStringLiteral("There is no tool \"%1\"; GET /tools lists them.").arg(name)
            };
    }
    for (const QString &name : names) {
        m_enabled.insert(name, enabled);
        m_settings.setString(QStringLiteral("tools/enabled/") + name,
                             enabled ? QStringLiteral("true") : QStringLiteral("false"));
    }
    m_settings.sync();
    Q_EMIT changed();
    return {};
}

ToolBox::Policy ToolBox::policy(const QString &name) const
{
    return m_policies.value(name, Policy::Deny);
}

ToolBox::Policy ToolBox::effectivePolicy(const QString &sessionId, const QString &name) const
{
    const Policy p = policy(name);
    if (p == Policy::Ask && m_permissions.allowedForSession(sessionId, name))
        return Policy::Allow;
    return p;
}

QList<ToolSpec> ToolBox::definitions() const
{
    QList<ToolSpec> list;
    for (const auto &tool : m_tools) {
        if (!isEnabled(tool->name()) || policy(tool->name()) == Policy::Deny)
            continue;
        if (tool->source().isEmpty() && !m_workspace.isSet())
            continue; // the built-in tools work inside the working directory only
        list.append({ tool->name(), tool->description(), tool->parameters() });
    }
    return list;
}

QList<ToolBox::Info> ToolBox::describe() const
{
    QList<Info> list;
    for (const auto &tool : m_tools) {
        list.append({ tool->name(), tool->description(), tool->kind(), isEnabled(tool->name()),
                      policy(tool->name()), tool->parameters(), tool->source(),
                      tool->annotations() });
    }
    return list;
}

ToolBox::Config ToolBox::config() const
{
    return { m_workspace.root(), m_maxRounds, m_limits, m_permissions.timeoutMs(), m_policies };
}

Status ToolBox::applyConfig(const ConfigChange &change)
{
    // Validate everything first: a half-applied configuration is worse than none.
    const auto check = [](const std::optional<int> &value, const char *key, int min,
                          int max) -> Status {
        if (value && (*value < min || *value > max))
            return EngineError { ErrorKind::InvalidRequest,
                                 QStringLiteral("\"%1\" must be a whole number from %2 to %3.")
                                     .arg(QLatin1String(key))
                                     .arg(min)
                                     .arg(max) };
        return {};
    };
    for (const Status &status :
         { check(change.maxRounds, "max_rounds", 1, 50),
           check(change.commandTimeoutMs, "command_timeout_ms", 100, 3600000),
           check(change.outputCap, "output_cap", 1024, 16 * 1024 * 1024),
           check(change.readCap, "read_cap", 1024, 16 * 1024 * 1024),
           check(change.permissionTimeoutMs, "permission_timeout_ms", 100, 3600000),
           check(change.mcpTimeoutMs, "mcp_timeout_ms", 100, 3600000) }) {
        if (!status)
            return status;
    }
    for (auto it = change.policies.cbegin(); it != change.policies.cend(); ++it) {
        if (!find(it.key()))
            return EngineError {
                ErrorKind::InvalidRequest,
                QStringLiteral("There is no tool \"%1\"; GET /tools lists them.").arg(it.key())
            };
    }
    m_maxRounds = change.maxRounds.value_or(m_maxRounds);
    m_limits.commandTimeoutMs = change.commandTimeoutMs.value_or(m_limits.commandTimeoutMs);
    m_limits.outputCap = change.outputCap.value_or(int(m_limits.outputCap));
    m_limits.readCap = change.readCap.value_or(int(m_limits.readCap));
    m_limits.mcpTimeoutMs = change.mcpTimeoutMs.value_or(m_limits.mcpTimeoutMs);
    m_permissions.setTimeoutMs(change.permissionTimeoutMs.value_or(m_permissions.timeoutMs()));
    m_settings.setValue(MaxRounds, m_maxRounds);
    m_settings.setValue(CommandTimeoutMs, m_limits.commandTimeoutMs);
    m_settings.setValue(OutputCap, int(m_limits.outputCap));
    m_settings.setValue(ReadCap, int(m_limits.readCap));
    m_settings.setValue(McpTimeoutMs, m_limits.mcpTimeoutMs);
    m_settings.setValue(PermissionTimeoutMs, m_permissions.timeoutMs());
    for (auto it = change.policies.cbegin(); it != change.policies.cend(); ++it) {
        m_policies.insert(it.key(), it.value());
        m_settings.setString(QStringLiteral("tools/policy/") + it.key(), policyName(it.value()));
    }
    m_settings.sync();
    Q_EMIT changed();
    return {};
}
