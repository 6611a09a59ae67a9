// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "rpc/rpcpeer.h"

#include "rpc/rpcdispatcher.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

void RpcPeer::notify(QByteArrayView method, QByteArrayView paramsJson)
{
    QByteArray message;
    message.reserve(48 + method.size() + paramsJson.size());
    message += "{\"jsonrpc\":\"2.0\",\"method\":\"";
    message += method;
    message += "\",\"params\":";
    message += paramsJson;
    message += '}';
    send(message);
}

void RpcPeer::notify(QByteArrayView method, const QJsonValue &params)
{
    const QByteArray json = params.isArray()
        ? QJsonDocument(params.toArray()).toJson(QJsonDocument::Compact)
        : QJsonDocument(params.toObject()).toJson(QJsonDocument::Compact);
    notify(method, json);
}

void RpcPeer::received(const QByteArray &message)
{
    if (RpcDispatcher *dispatcher = m_dispatcher)
        dispatcher->handle(this, message);
}

void RpcPeer::gone()
{
    if (RpcDispatcher *dispatcher = m_dispatcher) {
        m_dispatcher = nullptr;
        dispatcher->detach(this);
    }
    Q_EMIT disconnected();
}
