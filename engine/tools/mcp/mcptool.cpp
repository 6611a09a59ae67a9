// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/mcp/mcptool.h"

#include "net/jsonschemacheck.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace {

constexpr int MaxName = 64;

QString sanitized(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const bool ok = (c.unicode() < 128 && c.isLetterOrNumber()) || c == QLatin1Char('_')
            || c == QLatin1Char('-');
        out += ok ? c : QLatin1Char('_');
    }
    return out;
}

QString sizeOfBase64(const QString &data)
{
    const qsizetype bytes = data.size() * 3 / 4;
    return bytes >= 1024 ? QStringLiteral("%1 KiB").arg(bytes / 1024)
                         : QStringLiteral("%1 bytes").arg(bytes);
}

QString describeResource(const QJsonObject &resource)
{
    const QString uri = resource.value(QLatin1String("uri")).toString();
    const QString mime = resource.value(QLatin1String("mimeType")).toString();
    const QString head = mime.isEmpty() ? uri : QStringLiteral("%1 (%2)").arg(uri, mime);
    if (resource.contains(QLatin1String("text")))
        return QStringLiteral("[resource %1]\n%2")
            .arg(head, resource.value(QLatin1String("text")).toString());
    if (resource.contains(QLatin1String("blob")))
        return QStringLiteral("[resource %1: %2 of binary data, not shown]")
            .arg(head, sizeOfBase64(resource.value(QLatin1String("blob")).toString()));
    return QStringLiteral("[resource %1]").arg(head);
}

} // namespace

McpTool::McpTool(const QString &server, const McpToolDefinition &definition, McpClient *client,
                 int timeoutMs, bool hashedName)
    : m_server(server)
    , m_name(exposedName(server, definition.name, hashedName))
    , m_definition(definition)
    , m_client(client)
    , m_timeoutMs(timeoutMs)
{ }

QString McpTool::exposedName(const QString &server, const QString &tool, bool hashed)
{
    const QString full = sanitized(server) + QLatin1String("__") + sanitized(tool);
    if (!hashed && full.size() <= MaxName)
        return full;
    // Cut short: the hash of the original keeps two long names apart.
    const QString hash =
        QString::fromLatin1(QCryptographicHash::hash((server + QLatin1String("__") + tool).toUtf8(),
                                                     QCryptographicHash::Sha256)
                                .toHex()
                                .left(8));
    return full.left(MaxName - hash.size() - 1) + QLatin1Char('_') + hash;
}

QString McpTool::description() const
{
    QString text = m_definition.description;
    if (text.isEmpty())
        text = m_definition.title.isEmpty() ? m_definition.name : m_definition.title;
    return text;
}

QJsonObject McpTool::parameters() const
{
    QJsonObject schema = m_definition.inputSchema;
    // Providers want an object schema; a server that sent none takes no arguments.
    if (schema.value(QLatin1String("type")).toString() != QLatin1String("object"))
        schema.insert(QStringLiteral("type"), QStringLiteral("object"));
    if (!schema.contains(QLatin1String("properties")))
        schema.insert(QStringLiteral("properties"), QJsonObject());
    return schema;
}

void McpTool::run(const QJsonObject &arguments, const Workspace &workspace,
                  const ToolLimits &limits, QObject *context,
                  std::function<void(const ToolResult &)> done)
{
    Q_UNUSED(workspace)
    McpClient *client = m_client;
    if (!client || client->state() != McpClient::State::Ready) {
        done({ QStringLiteral("The MCP server \"%1\" is not running%2; %3 did not run.")
                   .arg(m_server,
                        client && !client->lastError().isEmpty()
                            ? QStringLiteral(" (%1)").arg(client->lastError())
                            : QString(),
                        m_name),
               false, true });
        return;
    }
    const int timeout = m_timeoutMs > 0 ? m_timeoutMs : limits.mcpTimeoutMs;
    const qsizetype cap = limits.outputCap;
    const QString server = m_server;
    // The call belongs to context: when the run is cancelled it is destroyed, and the server
    // is told (notifications/cancelled, or its stream closed).
    auto *guard = new QObject(context);
    guard->setProperty("live", true);
    const QPointer<McpClient> watched(client);
    const QJsonObject outputSchema = m_definition.outputSchema;
    const QJsonValue id = client->callTool(
        m_definition.name, arguments, timeout,
        [guard, done, cap, server, timeout, outputSchema](const QJsonObject &result,
                                                          const QJsonObject &error) {
            if (!guard->property("live").toBool())
                return;
            guard->setProperty("live", false);
            guard->deleteLater();
            if (!error.isEmpty()) {
                const int code = error.value(QLatin1String("code")).toInt();
                done({ code == -32001
                           ? QStringLiteral("The MCP server \"%1\" did not answer within %2 s; the "
                                            "call was cancelled.")
                                 .arg(server)
                                 .arg(timeout / 1000.0)
                           : QStringLiteral("The MCP server \"%1\" answered with an error: %2 "
                                            "(code %3).")
                                 .arg(server, error.value(QLatin1String("message")).toString())
                                 .arg(code),
                       false, true });
                return;
            }
            done(toResult(result, cap, outputSchema));
        });
    QObject::connect(guard, &QObject::destroyed, client, [watched, id, guard] {
        Q_UNUSED(guard)
        if (watched)
            watched->cancel(id, QStringLiteral("The user stopped the run."));
    });
}

ToolResult McpTool::toResult(const QJsonObject &result, qsizetype cap,
                             const QJsonObject &outputSchema)
{
    ToolResult out;
    if (result.value(QLatin1String("resultType")).toString() == QLatin1String("input_required")) {
        out.isError = true;
        out.content = QStringLiteral("The server asked for input (elicitation or sampling) "
                                     "that Attache cannot give; the call did not finish.");
        return out;
    }
    QStringList parts;
    for (const QJsonValue &value : result.value(QLatin1String("content")).toArray()) {
        const QJsonObject item = value.toObject();
        const QString type = item.value(QLatin1String("type")).toString();
        if (type == QLatin1String("text")) {
            parts << item.value(QLatin1String("text")).toString();
        } else if (type == QLatin1String("image") || type == QLatin1String("audio")) {
            parts << QStringLiteral("[%1: %2, %3, not shown]")
                         .arg(type, item.value(QLatin1String("mimeType")).toString(),
                              sizeOfBase64(item.value(QLatin1String("data")).toString()));
        } else if (type == QLatin1String("resource")) {
            parts << describeResource(item.value(QLatin1String("resource")).toObject());
        } else if (type == QLatin1String("resource_link")) {
            QString link = QStringLiteral("[resource link: %1 — %2")
                               .arg(item.value(QLatin1String("name")).toString(),
                                    item.value(QLatin1String("uri")).toString());
            if (item.contains(QLatin1String("mimeType")))
                link +=
                    QStringLiteral(" (%1)").arg(item.value(QLatin1String("mimeType")).toString());
            if (item.contains(QLatin1String("description")))
                link +=
                    QStringLiteral(": %1").arg(item.value(QLatin1String("description")).toString());
            parts << link + QLatin1Char(']');
        } else {
            parts << QStringLiteral("[%1 content, not shown]").arg(type);
        }
    }
    if (result.contains(QLatin1String("structuredContent"))) {
        const QJsonValue structured = result.value(QLatin1String("structuredContent"));
        const QByteArray json = structured.isObject()
            ? QJsonDocument(structured.toObject()).toJson(QJsonDocument::Compact)
            : structured.isArray()
            ? QJsonDocument(structured.toArray()).toJson(QJsonDocument::Compact)
            : QJsonDocument(QJsonArray { structured })
                  .toJson(QJsonDocument::Compact)
                  .mid(1)
                  .chopped(1);
        const QString text = QString::fromUtf8(json);
        // Servers are asked to repeat it as text; say it once.
        bool repeated = false;
        for (const QString &part : std::as_const(parts)) {
            const QJsonDocument doc = QJsonDocument::fromJson(part.toUtf8());
            if ((doc.isObject() && QJsonValue(doc.object()) == structured)
                || (doc.isArray() && QJsonValue(doc.array()) == structured))
                repeated = true;
        }
        if (!repeated && structured.isObject() && !structured.toObject().isEmpty()) {
            // {"content": "<the text>"}: nothing the text did not already say.
            const QString joined = parts.join(QLatin1Char('\n'));
            const QJsonObject object = structured.toObject();
            repeated = std::all_of(object.begin(), object.end(), [&](const QJsonValue &v) {
                return v.isString() && joined.contains(v.toString());
            });
        }
        if (!repeated)
            parts << QStringLiteral("Structured content: ") + text;
    }
    out.isError = result.value(QLatin1String("isError")).toBool(false);
    if (!out.isError && !outputSchema.isEmpty()) {
        // The server promised this shape; a result that breaks it is not to be relied on.
        const QString problem = result.contains(QLatin1String("structuredContent"))
            ? JsonSchemaCheck::problem(result.value(QLatin1String("structuredContent")),
                                       outputSchema)
            : QStringLiteral("there is no structured content");
        if (!problem.isEmpty()) {
            out.isError = true;
            parts.prepend(QStringLiteral("The tool's result does not match its output schema "
                                         "(%1), so it may be wrong.")
                              .arg(problem));
        }
    }
    out.content = parts.join(QLatin1String("\n"));
    if (out.content.isEmpty())
        out.content = out.isError ? QStringLiteral("The tool failed and said nothing more.")
                                  : QStringLiteral("(no content)");
    if (cap > 0 && out.content.size() > cap) {
        out.content.truncate(cap);
        out.truncated = true;
    }
    return out;
}
