// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayView>

#include <optional>

/**
 * The details of HTTP/1.1 (RFC 9112) that the server's request reader and the upstream client
 * both need, in one place: where a head ends, header lists, chunk sizes.
 */
namespace Http1 {

/** A chunk size line may carry extensions; a longer line is refused. */
constexpr qsizetype MaxChunkLineBytes = 1024;

/** Optional white space (space, tab) off both ends. */
QByteArrayView trimmed(QByteArrayView text);
/** Whether a comma-separated list (Connection, Transfer-Encoding) holds token, any case. */
bool hasToken(QByteArrayView list, QByteArrayView token);
/** Whether a Transfer-Encoding value ends in chunked, which then frames the body. */
bool endsInChunked(QByteArrayView transferEncoding);
/** The size a chunk size line announces ("1a", "1A;ext=1", "0 "), its line end (CR) allowed;
 * nothing when it is not a hexadecimal size of at most 15 digits. */
std::optional<qint64> chunkSize(QByteArrayView line);
/** The position just past the blank line that ends a head starting at from, or -1. */
qsizetype headEnd(QByteArrayView bytes, qsizetype from);

} // namespace Http1
