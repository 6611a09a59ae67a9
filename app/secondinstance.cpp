// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "secondinstance.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <cstdio>

namespace {

void say(FILE *stream, const QString &line)
{
    std::fprintf(stream, "%s\n", qUtf8Printable(line));
    std::fflush(stream);
}

} // namespace

int SecondInstance::showRunningWindow(const DiscoveryFile::Info &running)
{
    QUrl url = running.url;
    url.setPath(QStringLiteral("/app/show"));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + running.token);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(AnswerTimeoutMs);
    QNetworkAccessManager network;
    QNetworkReply *reply = network.post(request, QByteArrayLiteral("{}"));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    const QString where =
        QStringLiteral("%1 (pid %2)").arg(running.url.toString()).arg(running.pid);
    if (status != 200 || !answer.contains(QLatin1String("shown"))) {
        const QString why =
            status != 0 ? QStringLiteral("HTTP %1").arg(status) : reply->errorString();
        say(stderr,
            QStringLiteral("attache: Attache is already running at %1 but did not answer "
                           "(%2); its server may be paused.")
                .arg(where, why));
        return 1;
    }
    if (answer.value(QLatin1String("shown")).toBool())
        say(stdout,
            QStringLiteral("Attache is already running at %1; its window is now in front.")
                .arg(where));
    else
        say(stdout,
            QStringLiteral("Attache is already running headless at %1, with no window to "
                           "show.")
                .arg(where));
    return 0;
}
