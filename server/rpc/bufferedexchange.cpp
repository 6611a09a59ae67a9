// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "rpc/bufferedexchange.h"

#include "http/apierror.h"

BufferedExchange::BufferedExchange(Done done, QObject *parent)
    : HttpExchange(parent)
    , m_done(std::move(done))
{ }

void BufferedExchange::respond(const ApiResponse &response)
{
    finish(response);
}

void BufferedExchange::beginStream(int status, const QByteArray &contentType,
                                   const HeaderList &headers)
{
    m_response.status = status;
    m_response.contentType = contentType;
    m_response.headers = headers;
}

void BufferedExchange::writeStream(std::initializer_list<QByteArrayView> parts)
{
    if (m_finished)
        return;
    qsizetype size = 0;
    for (const QByteArrayView part : parts)
        size += part.size();
    if (m_response.body.size() + size > MaxBody) {
        finish(ApiError {
            413,
            QStringLiteral("response_too_large"),
            QStringLiteral("The answer is larger than %1 MiB; use the WebSocket "
                           "methods to stream it instead.")
                .arg(MaxBody / (1024 * 1024)),
            {} }.toResponse());
        reportClosed(); // stops whatever was streaming into us
        return;
    }
    for (const QByteArrayView part : parts)
        m_response.body += part;
}

void BufferedExchange::endStream()
{
    finish(m_response);
}

void BufferedExchange::abort()
{
    m_finished = true;
    deleteLater();
}

void BufferedExchange::cancel()
{
    if (m_finished)
        return;
    m_finished = true;
    reportClosed();
    deleteLater();
}

void BufferedExchange::finish(const ApiResponse &response)
{
    if (m_finished)
        return;
    m_finished = true;
    m_done(response);
    deleteLater();
}
