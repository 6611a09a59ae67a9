// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/wsclient.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QObject>

#include <functional>

namespace Cli {

/** An error answer: JSON-RPC's, with the REST error code Attache puts in its data. */
struct RpcError
{
    int code = 0;
    QString message;
    QString apiCode; // "no_provider", "not_found", "already_answered", …
    int status = 0; // the HTTP status the same error has on REST
    bool isError() const { return code != 0; }
};

/** JSON-RPC 2.0 over a WsClient: calls with callbacks, notifications as a signal. */
class RpcClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const QJsonValue &result, const RpcError &error)>;

    explicit RpcClient(WsClient &socket, QObject *parent = nullptr);

    void call(const QString &method, const QJsonObject &params, Callback callback = {});
    /** A REST route through the channel (http_request): the answer's status and JSON body. */
    void http(const QString &method, const QString &path, const QJsonObject &body,
              std::function<void(int status, const QJsonValue &json)> callback);

Q_SIGNALS:
    /**
     * A notification. raw is params exactly as the server wrote it: an "event" notification's
     * params are the run event's envelope, byte for byte as on every transport.
     */
    void notified(const QString &method, const QJsonObject &params, const QByteArray &raw);

private:
    void onMessage(const QByteArray &message);

    WsClient &m_socket;
    QHash<qint64, Callback> m_pending;
    qint64 m_nextId = 1;
};

} // namespace Cli
