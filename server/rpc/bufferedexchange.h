// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/httpexchange.h"

#include <functional>

/**
 * An exchange that collects the whole answer, streamed or not, and hands it over at the end:
 * how http_request reaches the HTTP controllers from JSON-RPC.
 */
class BufferedExchange : public HttpExchange
{
    Q_OBJECT
public:
    using Done = std::function<void(const ApiResponse &response)>;
    explicit BufferedExchange(Done done, QObject *parent = nullptr);

    void respond(const ApiResponse &response) override;
    void beginStream(int status, const QByteArray &contentType, const HeaderList &headers) override;
    void writeStream(std::initializer_list<QByteArrayView> parts) override;
    void endStream() override;
    qint64 pendingBytes() const override { return 0; }
    bool isOpen() const override { return !m_finished; }
    void abort() override;

    /** The caller went away: tell the controllers, as a dropped socket would. */
    void cancel();

    static constexpr qsizetype MaxBody = 16 * 1024 * 1024;

private:
    void finish(const ApiResponse &response);

    Done m_done;
    ApiResponse m_response;
    bool m_finished = false;
};
