// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/mcp/mcpconfig.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

namespace {

EngineError invalid(const QString &message)
{
    return EngineError { ErrorKind::InvalidRequest, message };
}

Result<QHash<QString, QString>> stringMap(const QJsonValue &value, const QString &what)
{
    QHash<QString, QString> map;
    if (value.isUndefined() || value.isNull())
        return map;
    if (!value.isObject())
        return invalid(QStringLiteral("\"%1\" must be an object of strings.").arg(what));
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString())
            return invalid(QStringLiteral("\"%1\".\"%2\" must be a string.").arg(what, it.key()));
        map.insert(it.key(), it.value().toString());
    }
    return map;
}

QJsonObject mapToJson(const QHash<QString, QString> &map)
{
    QJsonObject object;
    for (auto it = map.begin(); it != map.end(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

} // namespace

QString McpServerConfig::transportName(Transport transport)
{
    switch (transport) {
    case Transport::Stdio:
        return QStringLiteral("stdio");
    case Transport::Http:
        return QStringLiteral("http");
    case Transport::Sse:
        return QStringLiteral("sse");
    }
    return {};
}

Result<McpServerConfig> McpServerConfig::expanded(const QProcessEnvironment &environment) const
{
    McpServerConfig copy = *this;
    QStringList missing;
    const auto expand = [&](const QString &value) {
        return McpConfigFile::expand(value, environment, &missing);
    };
    copy.command = expand(command);
    for (QString &arg : copy.args)
        arg = expand(arg);
    for (auto it = copy.env.begin(); it != copy.env.end(); ++it)
        it.value() = expand(it.value());
    copy.cwd = expand(cwd);
    copy.url = expand(url);
    for (auto it = copy.headers.begin(); it != copy.headers.end(); ++it)
        it.value() = expand(it.value());
    if (!missing.isEmpty()) {
        missing.removeDuplicates();
        return invalid(QStringLiteral("mcp.json names %1 for \"%2\", but it is not set: set it "
                                      "in Attache's environment or write ${NAME:-value}.")
                           .arg(missing.join(QLatin1String(", ")), name));
    }
    return copy;
}

QJsonObject McpServerConfig::toEntry() const
{
    QJsonObject object = entry;
    for (const char *key : { "command", "args", "env", "cwd", "url", "headers", "type" })
        object.remove(QLatin1String(key));
    if (transport == Transport::Stdio) {
        object.insert(QStringLiteral("command"), command);
        if (!args.isEmpty())
            object.insert(QStringLiteral("args"), QJsonArray::fromStringList(args));
        if (!env.isEmpty())
            object.insert(QStringLiteral("env"), mapToJson(env));
        if (!cwd.isEmpty())
            object.insert(QStringLiteral("cwd"), cwd);
    } else {
        object.insert(QStringLiteral("url"), url);
        if (!headers.isEmpty())
            object.insert(QStringLiteral("headers"), mapToJson(headers));
        if (transport == Transport::Sse || entry.contains(QLatin1String("type")))
            object.insert(QStringLiteral("type"), transportName(transport));
    }
    if (disabled)
        object.insert(QStringLiteral("disabled"), true);
    else
        object.remove(QStringLiteral("disabled"));
    if (timeoutMs > 0)
        object.insert(QStringLiteral("timeout"), timeoutMs);
    return object;
}

bool McpServerConfig::sameLaunch(const McpServerConfig &other) const
{
    return transport == other.transport && command == other.command && args == other.args
        && env == other.env && cwd == other.cwd && url == other.url && headers == other.headers
        && timeoutMs == other.timeoutMs;
}

bool McpConfigFile::isValidName(const QString &name)
{
    if (name.isEmpty() || name.size() > 64 || name.contains(QLatin1Char('/')))
        return false;
    for (const QChar c : name) {
        if (c.category() == QChar::Other_Control)
            return false;
    }
    return true;
}

QString McpConfigFile::expand(const QString &value, const QProcessEnvironment &environment,
                              QStringList *missing)
{
    static const QRegularExpression variable(
        QStringLiteral(R"(\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\})"));
    if (!value.contains(QLatin1String("${")))
        return value;
    QString out;
    qsizetype last = 0;
    for (auto it = variable.globalMatch(value); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        out += QStringView(value).mid(last, match.capturedStart() - last);
        const QString name = match.captured(1);
        if (environment.contains(name) && !environment.value(name).isEmpty())
            out += environment.value(name);
        else if (match.capturedStart(2) >= 0)
            out += match.captured(2);
        else if (missing)
            missing->append(name);
        last = match.capturedEnd();
    }
    out += QStringView(value).mid(last);
    return out;
}

Result<McpServerConfig> McpConfigFile::parseEntry(const QString &name, const QJsonObject &entry)
{
    if (!isValidName(name))
        return invalid(QStringLiteral("\"%1\" is not a usable server name: use 1–64 characters "
                                      "without \"/\".")
                           .arg(name));
    McpServerConfig config;
    config.name = name;
    config.entry = entry;
    const QString type = entry.value(QLatin1String("type")).toString();
    const bool hasCommand = entry.value(QLatin1String("command")).isString()
        && !entry.value(QLatin1String("command")).toString().isEmpty();
    const bool hasUrl = entry.value(QLatin1String("url")).isString()
        && !entry.value(QLatin1String("url")).toString().isEmpty();
    if (hasCommand == hasUrl)
        return invalid(QStringLiteral("\"%1\" needs either \"command\" (a program to start) or "
                                      "\"url\" (a server to reach), not both.")
                           .arg(name));
    if (hasCommand) {
        if (!type.isEmpty() && type != QLatin1String("stdio"))
            return invalid(QStringLiteral("\"%1\" has a command, so its \"type\" can only be "
                                          "\"stdio\".")
                               .arg(name));
        config.transport = McpServerConfig::Transport::Stdio;
        config.command = entry.value(QLatin1String("command")).toString();
        const QJsonValue args = entry.value(QLatin1String("args"));
        if (!args.isUndefined() && !args.isArray())
            return invalid(QStringLiteral("\"%1\": \"args\" must be a list of strings.").arg(name));
        for (const QJsonValue &arg : args.toArray()) {
            if (!arg.isString())
                return invalid(
                    QStringLiteral("\"%1\": \"args\" must be a list of strings.").arg(name));
            config.args.append(arg.toString());
        }
        const auto env = stringMap(entry.value(QLatin1String("env")), QStringLiteral("env"));
        if (!env)
            return invalid(QStringLiteral("\"%1\": %2").arg(name, env.error().message));
        config.env = env.value();
        config.cwd = entry.value(QLatin1String("cwd")).toString();
    } else {
        if (type.isEmpty() || type == QLatin1String("http")
            || type == QLatin1String("streamable-http") || type == QLatin1String("streamableHttp"))
            config.transport = McpServerConfig::Transport::Http;
        else if (type == QLatin1String("sse"))
            config.transport = McpServerConfig::Transport::Sse;
        else
            return invalid(QStringLiteral("\"%1\": \"type\" must be \"http\" or \"sse\" for a "
                                          "URL.")
                               .arg(name));
        config.url = entry.value(QLatin1String("url")).toString();
        const auto headers =
            stringMap(entry.value(QLatin1String("headers")), QStringLiteral("headers"));
        if (!headers)
            return invalid(QStringLiteral("\"%1\": %2").arg(name, headers.error().message));
        config.headers = headers.value();
    }
    config.disabled = entry.value(QLatin1String("disabled")).toBool(false);
    const QJsonValue timeout = entry.value(QLatin1String("timeout"));
    if (!timeout.isUndefined()) {
        if (!timeout.isDouble() || timeout.toDouble() < 100 || timeout.toDouble() > 3600000)
            return invalid(QStringLiteral("\"%1\": \"timeout\" is in milliseconds, from 100 to "
                                          "3600000.")
                               .arg(name));
        config.timeoutMs = timeout.toInt();
    }
    return config;
}

Result<McpConfigFile> McpConfigFile::parse(const QByteArray &json, const QString &path)
{
    McpConfigFile file;
    if (json.trimmed().isEmpty())
        return file;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (!doc.isObject())
        return invalid(QStringLiteral("%1 is not valid JSON (%2 at byte %3); fix it and Attache "
                                      "reads it again.")
                           .arg(path, error.errorString())
                           .arg(error.offset));
    file.document = doc.object();
    const QJsonValue servers = file.document.value(QLatin1String("mcpServers"));
    if (servers.isUndefined())
        return file;
    if (!servers.isObject())
        return invalid(
            QStringLiteral("%1: \"mcpServers\" must be an object of servers by name.").arg(path));
    // QJsonObject sorts its keys; the file's order is what a user expects to see.
    const QStringList names = [&] {
        QStringList ordered;
        const QRegularExpression key(QStringLiteral(R"re("((?:[^"\\]|\\.)*)"\s*:)re"));
        const QJsonObject object = servers.toObject();
        const qsizetype start = json.indexOf("\"mcpServers\"");
        for (auto it = key.globalMatch(QString::fromUtf8(json.mid(qMax<qsizetype>(start, 0))));
             it.hasNext();) {
            const QString name =
                QJsonDocument::fromJson("[\"" + it.next().captured(1).toUtf8() + "\"]")
                    .array()
                    .at(0)
                    .toString();
            if (object.contains(name) && !ordered.contains(name))
                ordered.append(name);
        }
        for (const QString &name : object.keys()) {
            if (!ordered.contains(name))
                ordered.append(name);
        }
        return ordered;
    }();
    const QJsonObject object = servers.toObject();
    for (const QString &name : names) {
        if (!object.value(name).isObject()) {
            file.warnings.append(QStringLiteral("\"%1\" is not an object; skipped.").arg(name));
            continue;
        }
        const Result<McpServerConfig> config = parseEntry(name, object.value(name).toObject());
        if (!config) {
            file.warnings.append(config.error().message);
            continue;
        }
        file.servers.append(config.value());
    }
    return file;
}

Result<McpConfigFile> McpConfigFile::read(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return McpConfigFile {};
    if (!file.open(QIODevice::ReadOnly))
        return invalid(QStringLiteral("Cannot read %1: %2.").arg(path, file.errorString()));
    return parse(file.readAll(), path);
}

Status McpConfigFile::write(const QString &path) const
{
    QJsonObject servers;
    for (const McpServerConfig &server : this->servers)
        servers.insert(server.name, server.toEntry());
    QJsonObject doc = document;
    doc.insert(QStringLiteral("mcpServers"), servers);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return invalid(QStringLiteral("Cannot write %1: %2.").arg(path, file.errorString()));
    // Entries may hold headers with secrets: readable by the owner only.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(doc).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return invalid(QStringLiteral("Cannot write %1: %2.").arg(path, file.errorString()));
    return {};
}
