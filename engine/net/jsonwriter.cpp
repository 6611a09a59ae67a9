// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/jsonwriter.h"

namespace JsonWriter {

void appendUtf8String(QByteArray &out, QByteArrayView utf8)
{
    static const char hex[] = "0123456789abcdef";
    // No reserve() here: an exact one on every call would defeat QByteArray's geometric growth
    // for callers that append piece by piece.
    out.append('"');
    const char *begin = utf8.data();
    const char *end = begin + utf8.size();
    const char *run = begin; // start of bytes that need no escaping
    for (const char *p = begin; p != end; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(run, p - run);
        run = p + 1;
        switch (c) {
        case '"':
            out.append("\\\"", 2);
            break;
        case '\\':
            out.append("\\\\", 2);
            break;
        case '\n':
            out.append("\\n", 2);
            break;
        case '\r':
            out.append("\\r", 2);
            break;
        case '\t':
            out.append("\\t", 2);
            break;
        default: {
            const char escaped[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf] };
            out.append(escaped, 6);
        }
        }
    }
    out.append(run, end - run);
    out.append('"');
}

void appendString(QByteArray &out, QStringView s)
{
    appendUtf8String(out, s.toUtf8());
}

} // namespace JsonWriter
