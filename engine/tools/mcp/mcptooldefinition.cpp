// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// A tool as tools/list describes it, and whether Attache offers it; the stateless revision's
// Mcp-Param-* headers: tool arguments a server asks to receive as HTTP headers too
// ("x-mcp-header" in the tool's input schema). Apart, to keep the client short.
#include "tools/mcp/mcpclient.h"
#include "tools/mcp/mcphttptransport.h"

#include <QJsonArray>

#include <algorithm>

namespace {

/** Collects "x-mcp-header" along chains of "properties"; one anywhere else is invalid. */
bool collectHeaders(const QJsonValue &node, bool reachable, const QStringList &path,
                    QList<QPair<QString, QStringList>> *found, QString *problem)
{
    if (node.isArray()) {
        for (const QJsonValue &item : node.toArray()) {
            if (!collectHeaders(item, false, {}, found, problem))
                return false;
        }
        return true;
    }
    if (!node.isObject())
        return true;
    const QJsonObject object = node.toObject();
    if (object.contains(QLatin1String("x-mcp-header"))) {
        const QString type = object.value(QLatin1String("type")).toString();
        if (!reachable || path.isEmpty()) {
            *problem = QStringLiteral("\"x-mcp-header\" outside a chain of \"properties\"");
            return false;
        }
        if (type != QLatin1String("string") && type != QLatin1String("integer")
            && type != QLatin1String("boolean")) {
            *problem = QStringLiteral("\"x-mcp-header\" on a property of type \"%1\"").arg(type);
            return false;
        }
        found->append({ object.value(QLatin1String("x-mcp-header")).toString(), path });
    }
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == QLatin1String("properties") && it.value().isObject()) {
            const QJsonObject properties = it.value().toObject();
            for (auto p = properties.begin(); p != properties.end(); ++p) {
                if (!collectHeaders(p.value(), reachable, path + QStringList { p.key() }, found,
                                    problem))
                    return false;
            }
        } else if (!collectHeaders(it.value(), false, {}, found, problem)) {
            return false;
        }
    }
    return true;
}

} // namespace

Result<McpTransport::Headers> McpClient::paramHeaders(const QJsonObject &schema,
                                                      const QJsonObject &arguments)
{
    QList<QPair<QString, QStringList>> found;
    QString problem;
    if (!collectHeaders(schema, true, {}, &found, &problem))
        return EngineError { ErrorKind::BadUpstream, problem };
    McpTransport::Headers headers;
    QStringList seen;
    for (const auto &[name, path] : std::as_const(found)) {
        const bool token = !name.isEmpty() && std::all_of(name.begin(), name.end(), [](QChar c) {
            return (c.isLetterOrNumber() && c.unicode() < 128)
                || QStringLiteral("!#$%&'*+-.^_`|~").contains(c);
        });
        if (!token || seen.contains(name.toLower()))
            return EngineError { ErrorKind::BadUpstream,
                                 QStringLiteral("\"x-mcp-header\": \"%1\" is not a unique "
                                                "header name")
                                     .arg(name) };
        seen.append(name.toLower());
        QJsonValue value = arguments;
        for (const QString &key : path)
            value = value.toObject().value(key);
        QString text;
        if (value.isString())
            text = value.toString();
        else if (value.isBool())
            text = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        else if (value.isDouble())
            text = QString::number(value.toInteger());
        else
            continue; // absent or null: no header
        headers.append({ "Mcp-Param-" + name.toLatin1(), McpHttpTransport::headerValue(text) });
    }
    return headers;
}

McpToolDefinition McpToolDefinition::fromJson(const QJsonObject &tool)
{
    McpToolDefinition definition;
    definition.name = tool.value(QLatin1String("name")).toString();
    definition.title = tool.value(QLatin1String("title")).toString();
    definition.description = tool.value(QLatin1String("description")).toString();
    definition.inputSchema = tool.value(QLatin1String("inputSchema")).toObject();
    definition.outputSchema = tool.value(QLatin1String("outputSchema")).toObject();
    definition.annotations = tool.value(QLatin1String("annotations")).toObject();
    definition.taskOnly = tool.value(QLatin1String("execution"))
                              .toObject()
                              .value(QLatin1String("taskSupport"))
                              .toString()
        == QLatin1String("required");
    return definition;
}

QString McpToolDefinition::whyLeftOut(bool checkHeaders) const
{
    // Attache does not run tasks: offered to the model, every call of it would fail.
    if (taskOnly)
        return QStringLiteral("it runs only as a task");
    if (checkHeaders) {
        const auto headers = McpClient::paramHeaders(inputSchema, {});
        if (!headers)
            return headers.error().message;
    }
    return {};
}
