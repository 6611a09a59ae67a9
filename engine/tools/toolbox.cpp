// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/toolbox.h"

#include "settings.h"

#include <QSettings>

namespace {

std::optional<ToolBox::Policy> policyFromString(const QString &text)
{
    if (text == QLatin1String("allow"))
        return ToolBox::Policy::Allow;
    if (text == QLatin1String("ask"))
        return ToolBox::Policy::Ask;
    if (text == QLatin1String("deny"))
        return ToolBox::Policy::Deny;
    return std::nullopt;
}

QString kindName(Tool::Kind kind)
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

const SettingKey<QString> WorkingDirectory { "tools/workingDirectory", {} };
const SettingKey<int> MaxRounds { "tools/maxRounds", 8 };
const SettingKey<int> CommandTimeoutMs { "tools/commandTimeoutMs", 30000 };
const SettingKey<int> OutputCap { "tools/outputCap", 64 * 1024 };
const SettingKey<int> ReadCap { "tools/readCap", 256 * 1024 };
const SettingKey<int> PermissionTimeoutMs { "tools/permissionTimeoutMs", 120000 };

} // namespace

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

void ToolBox::load()
{
    for (const auto &tool : m_tools) {
        // Reading is safe to allow; changing files or running programs asks first.
        const Policy fallback = tool->kind() == Tool::Kind::Read ? Policy::Allow : Policy::Ask;
        const QString saved = m_settings.string(QStringLiteral("tools/policy/") + tool->name());
        m_policies.insert(tool->name(), policyFromString(saved).value_or(fallback));
        m_enabled.insert(tool->name(),
                         m_settings.string(QStringLiteral("tools/enabled/") + tool->name())
                             != QLatin1String("false"));
    }
    m_maxRounds = qBound(1, m_settings.value(MaxRounds), 50);
    m_limits.commandTimeoutMs = m_settings.value(CommandTimeoutMs);
    m_limits.outputCap = m_settings.value(OutputCap);
    m_limits.readCap = m_settings.value(ReadCap);
    m_permissions.setTimeoutMs(m_settings.value(PermissionTimeoutMs));
    const QString root = m_settings.value(WorkingDirectory);
    if (!root.isEmpty())
        m_workspace.setRoot(root); // a directory that has gone away simply leaves none set
}

Status ToolBox::setWorkingDirectory(const QString &path)
{
    if (Status set = m_workspace.setRoot(path); !set)
        return set;
    m_settings.setValue(WorkingDirectory, m_workspace.root());
    m_settings.sync();
    Q_EMIT changed();
    return {};
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

QJsonArray ToolBox::definitions() const
{
    QJsonArray list;
    if (!m_workspace.isSet())
        return list;
    for (const auto &tool : m_tools) {
        if (!isEnabled(tool->name()) || policy(tool->name()) == Policy::Deny)
            continue;
        list.append(QJsonObject {
            { QStringLiteral("type"), QStringLiteral("function") },
            { QStringLiteral("function"),
              QJsonObject { { QStringLiteral("name"), tool->name() },
                            { QStringLiteral("description"), tool->description() },
                            { QStringLiteral("parameters"), tool->parameters() } } } });
    }
    return list;
}

QJsonArray ToolBox::describe() const
{
    QJsonArray list;
    for (const auto &tool : m_tools) {
        list.append(QJsonObject { { QStringLiteral("name"), tool->name() },
                                  { QStringLiteral("description"), tool->description() },
                                  { QStringLiteral("kind"), kindName(tool->kind()) },
                                  { QStringLiteral("enabled"), isEnabled(tool->name()) },
                                  { QStringLiteral("policy"), policyName(policy(tool->name())) },
                                  { QStringLiteral("parameters"), tool->parameters() } });
    }
    return list;
}

QJsonObject ToolBox::config() const
{
    QJsonObject policies;
    for (auto it = m_policies.cbegin(); it != m_policies.cend(); ++it)
        policies.insert(it.key(), policyName(it.value()));
    return { { QStringLiteral("working_dir"), m_workspace.root() },
             { QStringLiteral("max_rounds"), m_maxRounds },
             { QStringLiteral("command_timeout_ms"), m_limits.commandTimeoutMs },
             { QStringLiteral("output_cap"), qint64(m_limits.outputCap) },
             { QStringLiteral("read_cap"), qint64(m_limits.readCap) },
             { QStringLiteral("permission_timeout_ms"), m_permissions.timeoutMs() },
             { QStringLiteral("policies"), policies } };
}

Status ToolBox::applyConfig(const QJsonObject &config)
{
    // Validate everything first: a half-applied configuration is worse than none.
    auto number = [&](const char *key, int min, int max, int current,
                      int *out) -> std::optional<EngineError> {
        const QJsonValue v = config.value(QLatin1String(key));
        if (v.isUndefined()) {
            *out = current;
            return std::nullopt;
        }
        if (!v.isDouble() || v.toDouble() < min || v.toDouble() > max
            || v.toDouble() != double(v.toInt()))
            return EngineError { ErrorKind::InvalidRequest,
                                 QStringLiteral("\"%1\" must be a whole number from %2 to %3.")
                                     .arg(QLatin1String(key))
                                     .arg(min)
                                     .arg(max) };
        *out = v.toInt();
        return std::nullopt;
    };
    int rounds, timeout, outputCap, readCap, permissionTimeout;
    for (auto check :
         { number("max_rounds", 1, 50, m_maxRounds, &rounds),
           number("command_timeout_ms", 100, 3600000, m_limits.commandTimeoutMs, &timeout),
           number("output_cap", 1024, 16 * 1024 * 1024, int(m_limits.outputCap), &outputCap),
           number("read_cap", 1024, 16 * 1024 * 1024, int(m_limits.readCap), &readCap),
           number("permission_timeout_ms", 100, 3600000, m_permissions.timeoutMs(),
                  &permissionTimeout) }) {
        if (check)
            return *check;
    }
    QHash<QString, Policy> policies;
    const QJsonObject given = config.value(QLatin1String("policies")).toObject();
    for (auto it = given.begin(); it != given.end(); ++it) {
        const auto p = policyFromString(it.value().toString());
        if (!find(it.key()) || !p)
            return EngineError {
                ErrorKind::InvalidRequest,
                QStringLiteral(
                    "\"policies\" maps tool names to allow, ask or deny; \"%1\" is not valid.")
                    .arg(it.key())
            };
        policies.insert(it.key(), *p);
    }
    m_maxRounds = rounds;
    m_limits.commandTimeoutMs = timeout;
    m_limits.outputCap = outputCap;
    m_limits.readCap = readCap;
    m_permissions.setTimeoutMs(permissionTimeout);
    m_settings.setValue(MaxRounds, rounds);
    m_settings.setValue(CommandTimeoutMs, timeout);
    m_settings.setValue(OutputCap, outputCap);
    m_settings.setValue(ReadCap, readCap);
    m_settings.setValue(PermissionTimeoutMs, permissionTimeout);
    for (auto it = policies.cbegin(); it != policies.cend(); ++it) {
        m_policies.insert(it.key(), it.value());
        m_settings.setString(QStringLiteral("tools/policy/") + it.key(), policyName(it.value()));
    }
    m_settings.sync();
    Q_EMIT changed();
    return {};
}
