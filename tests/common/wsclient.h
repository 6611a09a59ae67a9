// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "rpcanswers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QTest>
#include <QWebSocket>

/** A JSON-RPC client on /ws, as an editor extension would be. */
class WsClient : public QObject
{
    Q_OBJECT
public:
    explicit WsClient(QObject *parent = nullptr)
        : QObject(parent)
    {
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
            if (doc.isArray())
                batches.append(doc.array());
            else
                messages.append(doc.object());
        });
    }

    bool open(quint16 port, const QByteArray &token, const QByteArray &kind = {})
    {
        QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws").arg(port)));
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token);
        if (!kind.isEmpty())
            request.setRawHeader("X-Attache-Client", kind);
        socket.open(request);
        return QTest::qWaitFor([this] { return socket.state() == QAbstractSocket::ConnectedState; },
                               5000);
    }

    int call(const QString &method, const QJsonObject &params = {})
    {
        const int id = m_nextId++;
        QJsonObject request { { QStringLiteral("jsonrpc"), QStringLiteral("2.0") },
                              { QStringLiteral("id"), id },
                              { QStringLiteral("method"), method } };
        if (!params.isEmpty())
            request.insert(QStringLiteral("params"), params);
        socket.sendTextMessage(
            QString::fromUtf8(QJsonDocument(request).toJson(QJsonDocument::Compact)));
        return id;
    }

    /** The response to id (waits for it); an empty object when none came. */
    QJsonObject response(int id, int timeoutMs = 5000)
    {
        QJsonObject found;
        (void)QTest::qWaitFor(
            [&] {
                for (const QJsonObject &m : std::as_const(messages)) {
                    if (m.value(QLatin1String("id")) == QJsonValue(id))
                        found = m;
                }
                return !found.isEmpty();
            },
            timeoutMs);
        return found;
    }

    QJsonObject callAndWait(const QString &method, const QJsonObject &params = {})
    {
        return response(call(method, params));
    }

    /** What is not a notification (responses, errors), in arrival order. */
    QList<QJsonObject> responses() const { return rpcAnswers(messages); }

    /** Notifications of one method, in arrival order. */
    QList<QJsonObject> notifications(const QString &method) const
    {
        QList<QJsonObject> list;
        for (const QJsonObject &m : messages) {
            if (m.value(QLatin1String("method")) == method)
                list.append(m.value(QLatin1String("params")).toObject());
        }
        return list;
    }

    /**
     * The attached clients as the presence notifications describe them, in attach order: the
     * whole list first, then what joined, changed (both by id) and left.
     */
    QJsonArray attachedClients() const
    {
        QJsonArray list;
        auto indexOf = [&list](const QJsonValue &id) {
            for (qsizetype i = 0; i < list.size(); ++i) {
                if (list[i][QLatin1String("id")] == id)
                    return i;
            }
            return qsizetype(-1);
        };
        for (const QJsonObject &p : notifications(QStringLiteral("presence"))) {
            if (p.contains(QLatin1String("clients")))
                list = p[QLatin1String("clients")].toArray();
            for (const QString &key : { QStringLiteral("joined"), QStringLiteral("updated") }) {
                for (const QJsonValue &client : p[key].toArray()) {
                    const qsizetype at = indexOf(client[QLatin1String("id")]);
                    if (at < 0)
                        list.append(client);
                    else
                        list.replace(at, client);
                }
            }
            for (const QJsonValue &id : p[QLatin1String("left")].toArray()) {
                const qsizetype at = indexOf(id);
                if (at >= 0)
                    list.removeAt(at);
            }
        }
        return list;
    }

    /** Event notifications of one run. */
    QList<QJsonObject> events(const QString &runId) const
    {
        QList<QJsonObject> list;
        for (const QJsonObject &e : notifications(QStringLiteral("event"))) {
            if (e.value(QLatin1String("run")) == runId)
                list.append(e);
        }
        return list;
    }

    bool runEnded(const QString &runId) const
    {
        const QList<QJsonObject> list = events(runId);
        if (list.isEmpty())
            return false;
        const QString type = list.constLast().value(QLatin1String("type")).toString();
        return type == QLatin1String("stream_end") || type == QLatin1String("error")
            || type == QLatin1String("cancelled");
    }

    QWebSocket socket;
    QList<QJsonObject> messages;
    QList<QJsonArray> batches;

private:
    int m_nextId = 1;
};
