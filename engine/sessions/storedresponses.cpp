// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
// The stored responses of the session database: what a gateway client continues by id.
#include "sessions/responsestore.h"
#include "sessions/sessionstore.h"
#include "sessions/storewriter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>

QString SessionStore::messagesToJson(const QList<ChatMessage> &messages)
{
    QJsonArray list;
    for (const ChatMessage &message : messages) {
        QJsonObject item { { QStringLiteral("role"), message.role },
                           { QStringLiteral("content"), message.content } };
        const QString extra = extraOf(message);
        if (!extra.isEmpty())
            item.insert(QStringLiteral("extra"), extra);
        if (message.isError)
            item.insert(QStringLiteral("error"), true);
        list.append(item);
    }
    return QString::fromUtf8(QJsonDocument(list).toJson(QJsonDocument::Compact));
}

QList<ChatMessage> SessionStore::messagesFromJson(const QString &json)
{
    QList<ChatMessage> messages;
    for (const QJsonValue &value : QJsonDocument::fromJson(json.toUtf8()).array()) {
        const QJsonObject item = value.toObject();
        ChatMessage message;
        message.role = item.value(QLatin1String("role")).toString();
        message.content = item.value(QLatin1String("content")).toString();
        message.isError = item.value(QLatin1String("error")).toBool();
        applyExtra(message, item.value(QLatin1String("extra")).toString());
        messages.append(message);
    }
    return messages;
}

std::optional<StoredResponse> SessionStore::response(const QString &id, bool withBody) const
{
    QSqlQuery query(QSqlDatabase::database(readConnection(), false));
    query.prepare(withBody ? QStringLiteral("SELECT previous_id, model, created, messages, body"
                                            " FROM responses WHERE id = ?")
                           : QStringLiteral("SELECT previous_id, model, created, messages"
                                            " FROM responses WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return std::nullopt;
    StoredResponse response;
    response.id = id;
    response.previousId = query.value(0).toString();
    response.model = query.value(1).toString();
    response.created = QDateTime::fromString(query.value(2).toString(), Qt::ISODateWithMs);
    response.messages = messagesFromJson(query.value(3).toString());
    if (withBody)
        response.body = query.value(4).toByteArray();
    return response;
}

void SessionStore::saveResponse(const StoredResponse &response,
                                std::function<void(bool ok)> committed)
{
    auto write = [=, w = m_writer] {
        const bool ok = w->saveResponse(response);
        if (committed)
            w->whenCommitted(ok, this, committed);
    };
    post(std::move(write), bool(committed)); // the client is told once it is on disk
}
