// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/rpcclient.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Cli {

namespace {

// The server writes notifications as {"jsonrpc":"2.0","method":"<m>","params":<params>}; the
// params are cut out as they are rather than written anew (QJsonObject would reorder the keys).
QByteArray rawParams(const QByteArray &message)
{
    static const QByteArray head = QByteArrayLiteral("{\"jsonrpc\":\"2.0\",\"method\":\"");
    if (!message.startsWith(head) || !message.endsWith('}'))
        return {};
    const qsizetype params = message.indexOf("\",\"params\":", head.size());
    if (params < 0)
        return {};
    const qsizetype start = params + 11;
    return message.mid(start, message.size() - 1 - start);
}

} // namespace

RpcClient::RpcClient(WsClient &socket, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
{
    connect(&m_socket, &WsClient::textReceived, this, &RpcClient::onMessage);
}

void RpcClient::call(const QString &method, const QJsonObject &params, Callback callback)
{
    const qint64 id = m_nextId++;
    if (callback)
        m_pending.insert(id, std::move(callback));
    const QJsonObject request { { QStringLiteral("jsonrpc"), QStringLiteral("2.0") },
                                { QStringLiteral("id"), id },
                                { QStringLiteral("method"), method },
                                { QStringLiteral("params"), params } };
    m_socket.sendText(QJsonDocument(request).toJson(QJsonDocument::Compact));
}

void RpcClient::http(const QString &method, const QString &path, const QJsonObject &body,
                     std::function<void(int, const QJsonValue &)> callback)
{
    QJsonObject params { { QStringLiteral("method"), method }, { QStringLiteral("path"), path } };
    if (!body.isEmpty() || method == QLatin1String("POST"))
        params.insert(QStringLiteral("body"), body);
    call(QStringLiteral("http_request"), params,
         [callback = std::move(callback)](const QJsonValue &result, const RpcError &error) {
             if (error.isError()) {
                 callback(0,
                          QJsonObject {
                              { QStringLiteral("error"),
                                QJsonObject { { QStringLiteral("message"), error.message } } } });
                 return;
             }
             const QJsonObject answer = result.toObject();
             const QJsonDocument doc =
                 QJsonDocument::fromJson(answer.value(QLatin1String("body")).toString().toUtf8());
             callback(answer.value(QLatin1String("status")).toInt(),
                      doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object()));
         });
}

void RpcClient::onMessage(const QByteArray &message)
{
    const QJsonObject json = QJsonDocument::fromJson(message).object();
    if (json.contains(QLatin1String("method"))) {
        QByteArray raw = rawParams(message);
        const QJsonObject params = json.value(QLatin1String("params")).toObject();
        if (raw.isEmpty())
            raw = QJsonDocument(params).toJson(QJsonDocument::Compact);
        Q_EMIT notified(json.value(QLatin1String("method")).toString(), params, raw);
        return;
    }
    const qint64 id = json.value(QLatin1String("id")).toInteger(-1);
    const Callback callback = m_pending.take(id);
    if (!callback)
        return;
    RpcError error;
    if (json.contains(QLatin1String("error"))) {
        const QJsonObject e = json.value(QLatin1String("error")).toObject();
        error.code = e.value(QLatin1String("code")).toInt(-32000);
        error.message = e.value(QLatin1String("message")).toString();
        error.apiCode =
            e.value(QLatin1String("data")).toObject().value(QLatin1String("code")).toString();
        error.status =
            e.value(QLatin1String("data")).toObject().value(QLatin1String("status")).toInt();
        if (error.code == 0)
            error.code = -32000;
    }
    callback(json.value(QLatin1String("result")), error);
}

} // namespace Cli
