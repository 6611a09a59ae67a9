// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "instanceclient.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

InstanceClient::Reply InstanceClient::post(const QString &path, const QJsonObject &body,
                                           int timeoutMs) const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_instance.port);
    url.setPath(path);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", QByteArray("Bearer " + m_instance.token));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(timeoutMs);

    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy); // loopback: never through a proxy
    QNetworkReply *answer =
        network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    QEventLoop loop;
    QObject::connect(answer, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();

    Reply reply;
    reply.status = answer->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply.json = QJsonDocument::fromJson(answer->readAll()).object();
    if (reply.status < 200 || reply.status > 299) {
        const QString message = reply.json.value(QLatin1String("error"))
                                    .toObject()
                                    .value(QLatin1String("message"))
                                    .toString();
        reply.error = !message.isEmpty() ? message
            : answer->error() == QNetworkReply::OperationCanceledError
            ? QStringLiteral("no answer from %1 within %2 ms").arg(url.toString()).arg(timeoutMs)
            : answer->errorString();
    }
    delete answer;
    return reply;
}
