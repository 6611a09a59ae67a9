// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "http/requestlimiter.h"

#include "net/http1.h"

#include <QUrl>

#include <algorithm>
#include <utility>

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

// Qt skips blank lines and white space before a request line; they still count.
bool isLeadingBlank(char c)
{
    return c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\v';
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
    m_request = ApiRequest();
    m_target.clear();
    m_http10 = false;
}

std::optional<ApiError> RequestLimiter::feed(QByteArrayView bytes)
{
    while (!bytes.isEmpty()) {
        qsizetype used = 0;
        if (auto error = feedUntilComplete(bytes, &used))
            return error;
        bytes = bytes.sliced(used);
    }
    return std::nullopt;
}

std::optional<ApiError> RequestLimiter::feedUntilComplete(QByteArrayView bytes, qsizetype *used)
{
    qsizetype i = 0;
    std::optional<ApiError> error;
    while (i < bytes.size() && !error) {
        if (m_phase == Phase::Body || m_phase == Phase::ChunkData) {
            const qint64 n = qMin<qint64>(m_remaining, bytes.size() - i);
            m_request.body.append(bytes.sliced(i, n));
            m_remaining -= n;
            i += n;
            if (m_remaining == 0) {
                if (m_phase == Phase::Body)
                    finishRequest();
                else
                    m_phase = Phase::ChunkDataEnd;
            }
        } else if ((m_phase == Phase::Idle || m_phase == Phase::Complete)
                   && !isLeadingBlank(bytes.at(i))) {
            // A request line starts here; it is read below, in one piece.
            if (m_phase == Phase::Complete)
                reset();
            m_phase = Phase::RequestLine;
        } else if (isLinePhase(m_phase) && bytes.at(i) != '\n') {
            // The rest of the line in one piece, limits checked as byte by byte.
            qsizetype end = bytes.sliced(i).indexOf('\n');
            end = end < 0 ? bytes.size() : i + end;
            if (end < bytes.size() && m_line.isEmpty()) {
                // The whole line is here: read where it is, not copied.
                const QByteArrayView line = bytes.sliced(i, end - i);
                error = checkLine(line.size());
                if (!error) {
                    if (m_phase != Phase::ChunkSize)
                        m_headerBytes += line.size() + 1;
                    error = endOfLine(line);
                }
                i = end + 1;
            } else {
                error = appendToLine(bytes.sliced(i, end - i));
                i = end;
            }
        } else {
            error = take(bytes.at(i++));
        }
        if (m_phase == Phase::Complete)
            break;
    }
    *used = i;
    return error;
}

std::optional<ApiRequest> RequestLimiter::takeRequest()
{
    return std::exchange(m_ready, std::nullopt);
}

std::optional<ApiError> RequestLimiter::take(char c)
{
    switch (m_phase) {
    case Phase::Complete:
        reset();
        [[fallthrough]];
    case Phase::Idle:
        if (isLeadingBlank(c)) {
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
        return endOfLine(m_line);
    case Phase::ChunkSize:
        if (c != '\n')
            return appendToLine(QByteArrayView(&c, 1));
        return endOfLine(m_line);
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

std::optional<ApiError> RequestLimiter::checkLine(qsizetype added) const
{
    if (m_phase == Phase::ChunkSize) {
        if (m_line.size() + added > MaxChunkLineBytes)
            return invalid(QStringLiteral("A chunk size line is longer than %1 bytes.")
                               .arg(MaxChunkLineBytes));
        return std::nullopt;
    }
    const qint64 limit = m_limits.maxHeaderBytes;
    if (m_headerBytes + added > limit) {
        // The byte that crosses the limit: the line is too long if it alone is over it.
        const qint64 fitting = qMax<qint64>(limit - m_headerBytes, 0);
        if (m_phase == Phase::RequestLine && m_line.size() + fitting + 1 > limit)
            return uriTooLong(limit);
        return headersTooLarge(limit);
    }
    return std::nullopt;
}

std::optional<ApiError> RequestLimiter::appendToLine(QByteArrayView part)
{
    if (auto error = checkLine(part.size()))
        return error;
    if (m_phase != Phase::ChunkSize)
        m_headerBytes += part.size();
    m_line.append(part);
    return std::nullopt;
}

std::optional<ApiError> RequestLimiter::endOfLine(QByteArrayView line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    std::optional<ApiError> error;
    switch (m_phase) {
    case Phase::RequestLine:
        error = requestLine(line);
        m_phase = Phase::Headers;
        break;
    case Phase::Headers:
        error = line.isEmpty() ? headersDone() : headerLine(line);
        break;
    case Phase::ChunkSize:
        error = chunkSizeLine(line);
        break;
    case Phase::Trailers:
        // Nothing reads trailer fields; refused rather than silently dropped.
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
    if (isBlank(line.front()))
        return invalid(QStringLiteral("Folded header lines are not supported."));
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return invalid(QStringLiteral("A header line has no field name and colon."));
    const QByteArray name = Http1::trimmed(line.first(colon)).toByteArray().toLower();
    const QByteArrayView value = Http1::trimmed(line.sliced(colon + 1));
    m_request.headers.append({ name, value.toByteArray() });
    if (name == "content-length") {
        if (m_hasContentLength && QByteArrayView(m_contentLength) != value)
            m_conflictingLengths = true;
        m_hasContentLength = true;
        m_contentLength = value.toByteArray();
    } else if (name == "expect") {
        m_expectContinue = value.toByteArray().toLower() == "100-continue";
    } else if (name == "transfer-encoding") {
        m_hasTransferEncoding = true;
        // Any mention of chunked: a body sent that way is read that way.
        if (value.toByteArray().toLower().contains("chunked"))
            m_chunked = true;
    }
    return std::nullopt;
}

std::optional<ApiError> RequestLimiter::headersDone()
{
    // Each of these would let this server and a proxy or client disagree on where the body
    // ends, which is how requests get smuggled.
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
    // Before the body, and before "Expect: 100-continue" is answered: the client learns now.
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
    const std::optional<qint64> size = Http1::chunkSize(line);
    if (!size)
        return invalid(QStringLiteral("A chunk size is not a hexadecimal number."));
    const qint64 chunk = *size;
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

std::optional<ApiError> RequestLimiter::requestLine(QByteArrayView line)
{
    // METHOD SP request-target SP HTTP-version (RFC 9112 3), nothing more.
    const qsizetype first = line.indexOf(' ');
    const qsizetype last = line.lastIndexOf(' ');
    const auto malformed = [] {
        return invalid(QStringLiteral("The request line is not \"METHOD /path HTTP/1.1\"."));
    };
    if (first <= 0 || last <= first + 1)
        return malformed();
    const QByteArrayView method = line.first(first);
    const QByteArrayView target = line.sliced(first + 1, last - first - 1);
    const QByteArrayView version = line.sliced(last + 1);
    const bool token = std::all_of(method.begin(), method.end(),
                                   [](char c) { return (c >= 'A' && c <= 'Z') || c == '-'; });
    if (!token || target.contains(' ') || target.contains('\t') || target.contains('\r'))
        return malformed();
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        return ApiError { 505,
                          QStringLiteral("http_version_not_supported"),
                          QStringLiteral("Attache speaks HTTP/1.1 (the request says %1).")
                              .arg(QString::fromLatin1(
                                  version.first(qMin<qsizetype>(version.size(), 16)))),
                          {} };
    }
    m_request.method = method.toByteArray();
    m_target = target.toByteArray();
    m_http10 = version == "HTTP/1.0";
    return std::nullopt;
}

void RequestLimiter::finishRequest()
{
    m_phase = Phase::Complete;
    ++m_completed;
    // origin-form (/path?query) as clients send it; absolute-form (http://host/path) too.
    QByteArrayView target(m_target);
    if (!target.startsWith('/') && target != "*") {
        const QUrl url = QUrl::fromEncoded(m_target);
        m_request.path = url.path();
        m_request.query = QUrlQuery(url);
    } else {
        const qsizetype question = target.indexOf('?');
        const QByteArrayView path = question < 0 ? target : target.first(question);
        m_request.path = path.contains('%') ? QUrl::fromPercentEncoding(path.toByteArray())
                                            : QString::fromUtf8(path);
        if (question >= 0)
            m_request.query = QUrlQuery(QString::fromUtf8(target.sliced(question + 1)));
    }
    // HTTP/1.0 closes after the answer unless the request says otherwise (RFC 9112 9.3).
    if (m_http10 && m_request.header("connection").toLower() != "keep-alive")
        m_request.headers.append({ QByteArrayLiteral("connection"), QByteArrayLiteral("close") });
    m_ready = std::move(m_request);
    m_request = ApiRequest();
}
