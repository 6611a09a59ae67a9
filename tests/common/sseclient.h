// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/sseparser.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkReply>
#include <QObject>

/** Reads a text/event-stream reply incrementally, as an editor would. */
class SseClient : public QObject
{
    Q_OBJECT
public:
    struct Event
    {
        QByteArray id;
        QByteArray data;
        QJsonObject json; // empty for [DONE]
    };

    explicit SseClient(QNetworkReply *reply, QObject *parent = nullptr)
        : QObject(parent)
        , m_reply(reply)
    {
        connect(reply, &QNetworkReply::readyRead, this, [this] {
            m_parser.feed(m_reply->readAll(), [this](const SseEvent &e) {
                Event event { e.id, e.data, QJsonDocument::fromJson(e.data).object() };
                events.append(event);
                Q_EMIT eventReceived(event);
            });
        });
        connect(reply, &QNetworkReply::finished, this, [this] {
            finished = true;
            Q_EMIT ended();
        });
    }

    QStringList types() const
    {
        QStringList list;
        for (const Event &e : events)
            list.append(e.data == "[DONE]" ? QStringLiteral("[DONE]")
                                           : e.json.value(QLatin1String("type")).toString());
        return list;
    }
    int status() const
    {
        return m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    }
    QNetworkReply *reply() const { return m_reply; }

    QList<Event> events;
    bool finished = false;

Q_SIGNALS:
    void eventReceived(const SseClient::Event &event);
    void ended();

private:
    QNetworkReply *m_reply;
    SseParser m_parser;
};
