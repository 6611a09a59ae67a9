// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "requestlimiter.h"

#include <algorithm>

namespace {

QString sizeText(qint64 bytes)
{
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024));
    if (bytes >= 1024 && bytes % 1024 == 0)
        return QStringLiteral("%1 KiB").arg(bytes / 1024);
    return QStringLiteral("%1 bytes").arg(bytes);
}

ApiError invalid(const QString &message)
{
    return { 400, QStringLiteral("invalid_request"), message, {} };
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && isBlank(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && isBlank(text.back()))
        text.chop(1);
    return text;
}

bool isLinePhase(RequestLimiter::Phase phase)
{
    using Phase = RequestLimiter::Phase;
    return phase == Phase::RequestLine || phase == Phase::Headers || phase == Phase::Trailers
        || phase == Phase::ChunkSize;
}

ApiError uriTooLong(qint64 limit)
{
    return { 414,
             QStringLiteral("uri_too_long"),
             QStringLiteral("The request line is longer than %1.").arg(sizeText(limit)),
             {} };
}

ApiError headersTooLarge(qint64 limit)
{
    return {
        431,
        QStringLiteral("headers_too_large"),
        QStringLiteral("The request line and headers are larger than %1.").arg(sizeText(limit)),
        {}
    };
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

RequestLimiter::RequestLimiter(const ConnectionLimits &limits)
    : m_limits(limits)
{ }

void RequestLimiter::reset()
{
    m_phase = Phase::Idle;
    m_line.clear();
    m_headerBytes = 0;
    m_headerCount = 0;
    m_bodyBytes = 0;
    m_remaining = 0;
    m_contentLength.clear();
    m_hasContentLength = false;
    m_conflictingLengths = false;
    m_hasTransferEncoding = false;
    m_chunked = false;
    m_expectContinue = false;
}

std::optional<ApiError> RequestLimiter::feed(QByteArrayView bytes)
{
    qsizetype i = 0;
    while (i < bytes.size()) {
        // Body bytes are only counted: no copy, whatever their size.
        if (m_phase == Phase::Body || m_phase == Phase::ChunkData) {
            const qint64 n = qMin<qint64>(m_remaining, bytes.size() - i);
            m_remaining -= n;
            i += n;
            if (m_remaining == 0) {
                if (m_phase == Phase::Body)
                    finishRequest();
                else
                    m_phase = Phase::ChunkDataEnd;
            }
            continue;
        }
        if (isLinePhase(m_phase) && bytes.at(i) != '\n') {
            // The rest of the line in one piece, limits checked as byte by byte.
            qsizetype end = bytes.sliced(i).indexOf('\n');
            end = end < 0 ? bytes.size() : i + end;
            if (auto error = appendToLine(bytes.sliced(i, end - i)))
                return error;
            i = end;
            continue;
        }
        if (auto error = take(bytes.at(i++)))
            return error;
    }
    return std::nullopt;
}

std::optional<ApiError> RequestLimiter::take(char c)
{
    switch (m_phase) {
    case Phase::Complete:
        reset();
        [[fallthrough]];
    case Phase::Idle:
        // Qt skips blank lines and white space before a request line; they still count.
        if (c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\v') {
            if (++m_headerBytes > m_limits.maxHeaderBytes)
                break;
            return std::nullopt;
        }
        m_phase = Phase::RequestLine;
        [[fallthrough]];
    case Phase::RequestLine:
    case Phase::Headers:
    case Phase::Trailers:
        if (c != '\n')
            return appendToLine(QByteArrayView(&c, 1));
        ++m_headerBytes;
        return endOfLine();
    case Phase::ChunkSize:
        if (c != '\n')
            return appendToLine(QByteArrayView(&c, 1));
        return endOfLine();
    case Phase::ChunkDataEnd:
        if (c == '\r' && m_line.isEmpty()) {
            m_line.append(c);
            return std::nullopt;
        }
        if (c == '\n') {
            m_line.clear();
            m_phase = Phase::ChunkSize;
            return std::nullopt;
        }
        return invalid(QStringLiteral("A chunk's data is not followed by CRLF."));
    case Phase::Body:
    case Phase::ChunkData:
        Q_UNREACHABLE();
        break;
    }
    return headersTooLarge(m_limits.maxHeaderBytes);
}

std::optional<ApiError> RequestLimiter::appendToLine(QByteArrayView part)
{
    if (m_phase == Phase::ChunkSize) {
        if (m_line.size() + part.size() > MaxChunkLineBytes)
            return invalid(QStringLiteral("A chunk size line is longer than %1 bytes.")
                               .arg(MaxChunkLineBytes));
        m_line.append(part);
        return std::nullopt;
    }
    const qint64 limit = m_limits.maxHeaderBytes;
    if (m_headerBytes + part.size() > limit) {
        // The byte that crosses the limit: the line is too long if it alone is over it.
        const qint64 fitting = qMax<qint64>(limit - m_headerBytes, 0);
        if (m_phase == Phase::RequestLine && m_line.size() + fitting + 1 > limit)
            return uriTooLong(limit);
        return headersTooLarge(limit);
    }
    m_headerBytes += part.size();
    m_line.append(part);
    return std::nullopt;
}

std::optional<ApiError> RequestLimiter::endOfLine()
{
    QByteArrayView line(m_line);
    if (line.endsWith('\r'))
        line.chop(1);
    std::optional<ApiError> error;
    switch (m_phase) {
    case Phase::RequestLine:
        // Whether it parses is Qt's business (it drops the connection if not).
        m_phase = Phase::Headers;
        break;
    case Phase::Headers:
        error = line.isEmpty() ? headersDone() : headerLine(line);
        break;
    case Phase::ChunkSize:
        error = chunkSizeLine(line);
        break;
    case Phase::Trailers:
        // Qt 6.4 ends the body right after the last chunk and would read a trailer field as the
        // next request: refuse it instead.
        if (!line.isEmpty())
            error =
                invalid(QStringLiteral("Trailer fields after a chunked body are not supported."));
        else
            finishRequest();
        break;
    default:
        break;
    }
    m_line.clear();
    return error;
}

std::optional<ApiError> RequestLimiter::headerLine(QByteArrayView line)
{
    if (++m_headerCount > m_limits.maxHeaderCount) {
        return ApiError { 431,
                          QStringLiteral("headers_too_large"),
                          QStringLiteral("The request has more than %1 header fields.")
                              .arg(m_limits.maxHeaderCount),
                          {} };
    }
    const qsizetype colon = line.indexOf(':');
    if (colon < 0)
        return std::nullopt;
    const QByteArray name = trimmed(line.first(colon)).toByteArray().toLower();
    const QByteArrayView value = trimmed(line.sliced(colon + 1));
    if (name == "content-length") {
        if (m_hasContentLength && QByteArrayView(m_contentLength) != value)
            m_conflictingLengths = true;
        m_hasContentLength = true;
        m_contentLength = value.toByteArray();
    } else if (name == "expect") {
        m_expectContinue = value.toByteArray().toLower() == "100-continue";
    } else if (name == "transfer-encoding") {
        m_hasTransferEncoding = true;
        // As Qt decides it: any mention of chunked.
        if (value.toByteArray().toLower().contains("chunked"))
            m_chunked = true;
    }
    return std::nullopt;
}

std::optional<ApiError> RequestLimiter::headersDone()
{
    // Each of these would let this check and Qt's parser disagree on where the body ends, which
    // is how requests get smuggled past a limit.
    if (m_conflictingLengths)
        return invalid(QStringLiteral("The request has conflicting Content-Length headers."));
    if (m_hasContentLength && m_hasTransferEncoding)
        return invalid(
            QStringLiteral("The request has both Content-Length and Transfer-Encoding."));
    if (m_hasTransferEncoding && !m_chunked) {
        return ApiError { 501,
                          QStringLiteral("not_implemented"),
                          QStringLiteral("Only the chunked transfer encoding is supported."),
                          {} };
    }
    if (m_chunked) {
        m_continues += m_expectContinue;
        m_phase = Phase::ChunkSize;
        return std::nullopt;
    }
    if (!m_hasContentLength) {
        finishRequest();
        return std::nullopt;
    }
    qint64 length = 0;
    const bool digits = !m_contentLength.isEmpty() && m_contentLength.size() <= 18
        && std::all_of(m_contentLength.cbegin(), m_contentLength.cend(),
                       [](char c) { return c >= '0' && c <= '9'; });
    if (digits)
        length = m_contentLength.toLongLong();
    if (!digits)
        return invalid(QStringLiteral("The Content-Length header is not a number."));
    // Before the body, and before Qt answers "Expect: 100-continue": the client learns now.
    if (length > m_limits.maxBodyBytes) {
        return ApiError { 413,
                          QStringLiteral("body_too_large"),
                          QStringLiteral("The request body is larger than %1.")
                              .arg(sizeText(m_limits.maxBodyBytes)),
                          {} };
    }
    if (length == 0) {
        finishRequest();
        return std::nullopt;
    }
    m_continues += m_expectContinue;
    m_remaining = length;
    m_phase = Phase::Body;
    return std::nullopt;
}

std::optional<ApiError> RequestLimiter::chunkSizeLine(QByteArrayView line)
{
    QByteArrayView size = line;
    if (const qsizetype semicolon = size.indexOf(';'); semicolon >= 0)
        size = size.first(semicolon); // a chunk extension, ignored
    size = trimmed(size);
    qint64 chunk = 0;
    bool valid = !size.isEmpty() && size.size() <= 15;
    for (qsizetype i = 0; valid && i < size.size(); ++i) {
        const int digit = hexDigit(size.at(i));
        valid = digit >= 0;
        chunk = chunk * 16 + digit;
    }
    if (!valid)
        return invalid(QStringLiteral("A chunk size is not a hexadecimal number."));
    if (chunk == 0) {
        m_phase = Phase::Trailers;
        return std::nullopt;
    }
    // Refused as soon as the declared sizes pass the limit, before the data arrives.
    m_bodyBytes += chunk;
    if (m_bodyBytes > m_limits.maxBodyBytes) {
        return ApiError { 413,
                          QStringLiteral("body_too_large"),
                          QStringLiteral("The request body is larger than %1.")
                              .arg(sizeText(m_limits.maxBodyBytes)),
                          {} };
    }
    m_remaining = chunk;
    m_phase = Phase::ChunkData;
    return std::nullopt;
}

void RequestLimiter::finishRequest()
{
    m_phase = Phase::Complete;
    ++m_completed;
}
