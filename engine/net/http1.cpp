// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/http1.h"

namespace {

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
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

namespace Http1 {

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && isBlank(text.front()))
        text = text.sliced(1);
    while (!text.isEmpty() && isBlank(text.back()))
        text.chop(1);
    return text;
}

bool hasToken(QByteArrayView list, QByteArrayView token)
{
    while (!list.isEmpty()) {
        const qsizetype comma = list.indexOf(',');
        const QByteArrayView item = comma < 0 ? list : list.first(comma);
        if (trimmed(item).compare(token, Qt::CaseInsensitive) == 0)
            return true;
        if (comma < 0)
            break;
        list = list.sliced(comma + 1);
    }
    return false;
}

bool endsInChunked(QByteArrayView transferEncoding)
{
    const QByteArrayView last =
        trimmed(transferEncoding.sliced(transferEncoding.lastIndexOf(',') + 1));
    return last.compare("chunked", Qt::CaseInsensitive) == 0;
}

std::optional<qint64> chunkSize(QByteArrayView line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    if (const qsizetype semicolon = line.indexOf(';'); semicolon >= 0)
        line = line.first(semicolon); // a chunk extension, ignored
    line = trimmed(line);
    if (line.isEmpty() || line.size() > 15)
        return std::nullopt;
    qint64 size = 0;
    for (const char c : line) {
        const int digit = hexDigit(c);
        if (digit < 0)
            return std::nullopt;
        size = size * 16 + digit;
    }
    return size;
}

qsizetype headEnd(QByteArrayView bytes, qsizetype from)
{
    qsizetype lineStart = from;
    while (true) {
        const qsizetype newline = bytes.indexOf('\n', lineStart);
        if (newline < 0)
            return -1;
        const qsizetype length = newline - lineStart;
        if (length == 0 || (length == 1 && bytes.at(lineStart) == '\r'))
            return newline + 1;
        lineStart = newline + 1;
    }
}

} // namespace Http1
