// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/upstreamreply.h"

#include "net/httpstreamclient.h"

namespace UpstreamReply {

void close(QPointer<HttpStreamClient> &client)
{
    if (!client)
        return;
    HttpStreamClient *closing = client;
    client = nullptr;
    closing->setReceiver(nullptr);
    closing->abort();
    closing->deleteLater();
}

void release(QPointer<HttpStreamClient> &client)
{
    if (!client)
        return;
    HttpStreamClient *released = client;
    client = nullptr;
    released->setReceiver(nullptr);
    released->release();
}

bool isEventStream(const HttpStreamClient &client)
{
    const QByteArrayView type = client.headerView("content-type").trimmed();
    return QLatin1String(type.data(), type.size())
        .startsWith(QLatin1String("text/event-stream"), Qt::CaseInsensitive);
}

std::optional<EngineError> encodingError(const HttpStreamClient &client, const QString &provider)
{
    // Attache asks for an unencoded reply (Accept-Encoding: identity) and cannot read others.
    const QByteArrayView encoding = client.headerView("content-encoding").trimmed();
    if (encoding.isEmpty() || encoding.compare("identity", Qt::CaseInsensitive) == 0)
        return std::nullopt;
    return EngineError::make(
        ErrorKind::BadUpstream,
        QT_TRANSLATE_NOOP("Engine",
                          "%1 sent its reply compressed (%2) although Attache asked for it "
                          "uncompressed. Check that the base URL points at the API itself, "
                          "not at a proxy that rewrites replies."),
        { provider, HttpStreamClient::excerpt(encoding) });
}

EngineError brokenOff(const QString &provider, const QString &why)
{
    return { ErrorKind::UpstreamError,
             QStringLiteral("The connection to %1 broke in the middle of the reply (%2). What "
                            "arrived is kept; try again.")
                 .arg(provider, why) };
}

EngineError stalled(const QString &provider, int stallMs)
{
    return { ErrorKind::Timeout,
             QStringLiteral("%1 stopped sending for %2 s in the middle of the reply. What "
                            "arrived is kept; try again.")
                 .arg(provider)
                 .arg(stallMs / 1000.0) };
}

} // namespace UpstreamReply
