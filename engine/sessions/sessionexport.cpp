// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// Export and import of sessions: Markdown for people, JSON for machines (ours, and the ppxai
// session files users bring along).
#include "sessions/sessionmanager.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {

constexpr int ExportFormatVersion = 1;

QString roleTitle(const QString &role)
{
    if (role == QLatin1String("user"))
        return QStringLiteral("You");
    if (role == QLatin1String("assistant"))
        return QStringLiteral("Attache");
    return QStringLiteral("System");
}

} // namespace

Result<QByteArray> SessionManager::exportSession(const QString &ref, const QString &format) const
{
    const Session *session = find(ref);
    if (!session)
        return notFound(ref);
    if (format == QLatin1String("json")) {
        QJsonArray messages;
        for (const ChatMessage &m : session->messages) {
            QJsonObject item { { QStringLiteral("role"), m.role },
                               { QStringLiteral("content"), m.content } };
            if (!m.status.isEmpty())
                item.insert(QStringLiteral("status"), m.status);
            messages.append(item);
        }
        // The export file's own format (the session as GET /sessions shows it, and its messages).
        QJsonObject json {
            { QStringLiteral("id"), session->id },
            { QStringLiteral("name"), session->name },
            { QStringLiteral("created"), session->created.toString(Qt::ISODateWithMs) },
            { QStringLiteral("updated"), session->updated.toString(Qt::ISODateWithMs) },
            { QStringLiteral("provider"), session->provider },
            { QStringLiteral("model"), session->model },
            { QStringLiteral("message_count"), int(session->messages.size()) }
        };
        json.insert(QStringLiteral("attache_export"), ExportFormatVersion);
        json.insert(QStringLiteral("messages"), messages);
        return QJsonDocument(json).toJson(QJsonDocument::Indented);
    }
    if (format != QLatin1String("markdown") && format != QLatin1String("md")) {
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("Export formats are \"markdown\" and \"json\".") };
    }
    QString md = QStringLiteral("# %1\n\n").arg(session->name);
    md += QStringLiteral("_Exported from Attache on %1")
              .arg(QDateTime::currentDateTimeUtc().toString(
                  QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")));
    if (!session->model.isEmpty())
        md += QStringLiteral(" · %1 / %2").arg(session->provider, session->model);
    md += QStringLiteral("_\n");
    for (const ChatMessage &m : session->messages) {
        md += QStringLiteral("\n## %1").arg(roleTitle(m.role));
        if (!m.status.isEmpty())
            md += QStringLiteral(" (%1)").arg(m.status);
        md += QStringLiteral("\n\n") + m.content + QLatin1Char('\n');
    }
    return md.toUtf8();
}

Result<QString> SessionManager::importSession(const QByteArray &json, const QString &chosenName)
{
    if (!chosenName.isEmpty()) {
        if (Status free = checkName(chosenName); !free)
            return free.error();
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (!doc.isObject()) {
        return EngineError {
            ErrorKind::InvalidRequest,
            QStringLiteral("The session file is not a JSON object (%1).").arg(error.errorString())
        };
    }
    const QJsonObject object = doc.object();
    // Our export has "messages"; ppxai files have "messages" or "history", and a name under
    // "name", "session_name" or "title".
    QJsonArray items = object.value(QLatin1String("messages")).toArray();
    if (items.isEmpty())
        items = object.value(QLatin1String("history")).toArray();
    QList<ChatMessage> messages;
    for (const QJsonValue &value : std::as_const(items)) {
        const QJsonObject item = value.toObject();
        const QString role = item.value(QLatin1String("role")).toString();
        if (role != QLatin1String("user") && role != QLatin1String("assistant")
            && role != QLatin1String("system"))
            continue;
        messages.append({ role, item.value(QLatin1String("content")).toString(),
                          item.value(QLatin1String("status")).toString() });
    }
    if (messages.isEmpty()) {
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral(
                                 "The session file holds no messages with a role of user, "
                                 "assistant or system.") };
    }
    QString name = chosenName;
    for (const char *key : { "name", "session_name", "title" }) {
        if (name.isEmpty())
            name = object.value(QLatin1String(key)).toString().trimmed();
    }
    if (name.isEmpty() || !checkName(name).ok())
        name = uniqueName(name.isEmpty() ? QStringLiteral("Imported") : name);
    Session &session = create(name);
    session.messages = messages;
    session.provider = object.value(QLatin1String("provider")).toString();
    session.model = object.value(QLatin1String("model")).toString();
    persist(session);
    if (m_store)
        m_store->replaceMessages(session.id, messages);
    Q_EMIT historyChanged(session.id);
    return session.id;
}
