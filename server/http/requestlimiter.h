// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "http/apierror.h"
#include "http/apirequest.h"
#include "net/http1.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

/** What one connection may send and how long it may take; ServerOptions carries one. */
struct ConnectionLimits
{
    qint64 maxHeaderBytes = 64 * 1024; // request line + headers (431; 414 for the line alone)
    int maxHeaderCount = 100; // 431
    qint64 maxBodyBytes = 8 * 1024 * 1024; // Content-Length or chunked data (413)
    int headerTimeoutMs = 10000; // a request's headers must be complete this soon (408)
    int idleTimeoutMs = 15000; // a keep-alive connection with no new request is closed
    int maxConnections = 4096; // open connections, HTTP and WebSocket together (503)
};

/**
 * Reads the byte stream of an HTTP/1.1 connection, request after request: says as soon as a
 * request breaks a limit, and assembles each whole request (method, path, query, headers, body)
 * for the server. It sees every byte once and keeps only the current header line and what the
 * request it assembles holds. LF or CRLF line ends, blank lines before a request line skipped, a
 * body from Content-Length or chunked Transfer-Encoding; what would let two parsers disagree
 * about where a request ends (conflicting or malformed lengths, trailers, folded header lines)
 * is refused.
 */
class RequestLimiter
{
public:
    enum class Phase {
        Idle, // between requests: nothing of the next one seen yet
        RequestLine,
        Headers,
        Body, // Content-Length bytes
        ChunkSize,
        ChunkData,
        ChunkDataEnd, // the CRLF after a chunk's data
        Trailers, // after the last chunk, up to the blank line
        Complete, // a whole request was seen; the next byte starts another
    };

    explicit RequestLimiter(const ConnectionLimits &limits = {});

    /** Takes the next bytes of the stream; an error to answer with once a limit is broken (then
     * the connection is over and nothing more may be fed). */
    std::optional<ApiError> feed(QByteArrayView bytes);
    /** The same, but stops right after a request is complete; *used says how many bytes were
     * taken (the rest belongs to what follows). */
    std::optional<ApiError> feedUntilComplete(QByteArrayView bytes, qsizetype *used);
    /** The request completed last, once (empty when none is waiting). */
    std::optional<ApiRequest> takeRequest();
    /** Forgets the request in progress: the next byte is the first of a new request. */
    void reset();

    Phase phase() const { return m_phase; }
    bool readingHeaders() const
    {
        return m_phase == Phase::RequestLine || m_phase == Phase::Headers
            || (m_phase == Phase::Idle && m_headerBytes > 0);
    }
    bool readingBody() const
    {
        return m_phase == Phase::Body || m_phase == Phase::ChunkSize || m_phase == Phase::ChunkData
            || m_phase == Phase::ChunkDataEnd || m_phase == Phase::Trailers;
    }
    /** Requests seen whole so far (a pipelining client may send several at once). */
    int completedRequests() const { return m_completed; }
    /** Requests so far whose headers asked for "Expect: 100-continue" and passed the limits. */
    int continuesDue() const { return m_continues; }

    static constexpr qsizetype MaxChunkLineBytes = Http1::MaxChunkLineBytes;

private:
    std::optional<ApiError> take(char c);
    /** Whether the current line may grow by added bytes. */
    std::optional<ApiError> checkLine(qsizetype added) const;
    std::optional<ApiError> appendToLine(QByteArrayView part);
    /** The line's end ('\n') has been read; line is the line without it. */
    std::optional<ApiError> endOfLine(QByteArrayView line);
    std::optional<ApiError> headerLine(QByteArrayView line);
    std::optional<ApiError> headersDone();
    std::optional<ApiError> requestLine(QByteArrayView line);
    std::optional<ApiError> chunkSizeLine(QByteArrayView line);
    void finishRequest();

    ConnectionLimits m_limits;
    Phase m_phase = Phase::Idle;
    QByteArray m_line; // the current line, without its line end
    qint64 m_headerBytes = 0;
    int m_headerCount = 0;
    qint64 m_bodyBytes = 0;
    qint64 m_remaining = 0; // of the body or of the current chunk
    QByteArray m_contentLength; // the value of the first Content-Length, if any
    bool m_hasContentLength = false;
    bool m_conflictingLengths = false;
    bool m_hasTransferEncoding = false;
    bool m_chunked = false;
    bool m_expectContinue = false;
    int m_completed = 0;
    int m_continues = 0;
    ApiRequest m_request; // being assembled
    QByteArray m_target; // its request target, as sent
    bool m_http10 = false;
    std::optional<ApiRequest> m_ready;
};
