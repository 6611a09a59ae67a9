// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/jsonscan.h"

#include <QtAlgorithms>

namespace JsonScan {

namespace {

inline int hexValue(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Four hex digits at p, or -1.
inline int hex4(Ptr p, Ptr end)
{
    if (end - p < 4)
        return -1;
    const int a = hexValue(p[0]), b = hexValue(p[1]), c = hexValue(p[2]), d = hexValue(p[3]);
    if ((a | b | c | d) < 0)
        return -1;
    return (a << 12) | (b << 8) | (c << 4) | d;
}

inline bool isContinuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

// One UTF-8 sequence starting at p (a byte >= 0x80), well-formed per RFC 3629 (no overlong
// forms, no surrogates, nothing above U+10FFFF); p is moved past it.
bool skipUtf8(Ptr &p, Ptr end)
{
    const unsigned char c = *p;
    if (c >= 0xC2 && c <= 0xDF) {
        if (end - p < 2 || !isContinuation(p[1]))
            return false;
        p += 2;
        return true;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (end - p < 3 || !isContinuation(p[1]) || !isContinuation(p[2]))
            return false;
        const char32_t cp = ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
        if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        p += 3;
        return true;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (end - p < 4 || !isContinuation(p[1]) || !isContinuation(p[2]) || !isContinuation(p[3]))
            return false;
        const char32_t cp =
            ((c & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
        if (cp < 0x10000 || cp > 0x10FFFF)
            return false;
        p += 4;
        return true;
    }
    return false;
}

} // namespace

// A string literal at p (on its opening quote); p is moved past the closing quote. Strict JSON:
// no raw control characters, only the standard escapes, surrogate escapes in pairs.
bool skipString(Ptr &p, Ptr end, bool &escaped)
{
    ++p;
    while (p < end) {
#if Q_BYTE_ORDER == Q_LITTLE_ENDIAN
        // Eight bytes at a time up to the first that needs a look: a quote, a backslash, a
        // control or a non-ASCII byte. The lowest flagged byte is always a true one.
        while (end - p >= 8) {
            quint64 word;
            std::memcpy(&word, p, 8);
            constexpr quint64 Ones = 0x0101010101010101ULL;
            constexpr quint64 Highs = 0x8080808080808080ULL;
            const quint64 quote = word ^ (Ones * '"');
            const quint64 backslash = word ^ (Ones * '\\');
            const quint64 special = (((quote - Ones) & ~quote) | ((backslash - Ones) & ~backslash)
                                     | (word - Ones * 0x20) | word)
                & Highs;
            if (special) {
                p += qCountTrailingZeroBits(special) / 8;
                break;
            }
            p += 8;
        }
#endif
        if (p == end)
            break;
        const unsigned char c = *p;
        if (c == '"') {
            ++p;
            return true;
        }
        if (c >= 0x20 && c < 0x80 && c != '\\') {
            ++p;
            continue;
        }
        if (c >= 0x80) {
            if (!skipUtf8(p, end))
                return false;
            continue;
        }
        if (c != '\\' || end - p < 2)
            return false; // a raw control character, or a backslash at the end
        escaped = true;
        switch (p[1]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            p += 2;
            continue;
        case 'u': {
            const int unit = hex4(p + 2, end);
            if (unit < 0 || (unit >= 0xDC00 && unit <= 0xDFFF))
                return false;
            p += 6;
            if (unit >= 0xD800 && unit <= 0xDBFF) {
                if (end - p < 6 || p[0] != '\\' || p[1] != 'u')
                    return false;
                const int low = hex4(p + 2, end);
                if (low < 0xDC00 || low > 0xDFFF)
                    return false;
                p += 6;
            }
            continue;
        }
        default:
            return false;
        }
    }
    return false;
}

// -?(0|[1-9][0-9]*)(.[0-9]+)? with at most MaxNumberDigits digits; no exponent.
bool skipNumber(Ptr &p, Ptr end)
{
    if (p < end && *p == '-')
        ++p;
    if (p == end || *p < '0' || *p > '9')
        return false;
    int digits = 0;
    if (*p == '0') {
        ++p;
        ++digits;
    } else {
        while (p < end && *p >= '0' && *p <= '9') {
            ++p;
            ++digits;
        }
    }
    if (p < end && *p == '.') {
        ++p;
        if (p == end || *p < '0' || *p > '9')
            return false;
        while (p < end && *p >= '0' && *p <= '9') {
            ++p;
            ++digits;
        }
    }
    if (digits > MaxNumberDigits || p == end)
        return false;
    return *p != 'e' && *p != 'E' && *p != '.' && !(*p >= '0' && *p <= '9');
}

bool skipLiteral(Ptr &p, Ptr end, const char *word, int size)
{
    if (end - p < size)
        return false;
    for (int i = 0; i < size; ++i) {
        if (p[i] != static_cast<unsigned char>(word[i]))
            return false;
    }
    p += size;
    return true;
}

bool skipArray(Ptr &p, Ptr end, int depth)
{
    if (isEmpty(p, end, ']'))
        return true;
    while (true) {
        if (!skipValue(p, end, depth))
            return false;
        if (const After after = afterItem(p, end, ']'); after != After::Next)
            return after == After::Closed;
    }
}

bool skipValue(Ptr &p, Ptr end, int depth)
{
    if (p == end || depth > MaxDepth)
        return false;
    switch (*p) {
    case '"': {
        bool escaped = false;
        return skipString(p, end, escaped);
    }
    case '{':
        ++p;
        return readObject(p, end, [depth, end](QByteArrayView, bool, Ptr &q) {
            return skipValue(q, end, depth + 1);
        });
    case '[':
        ++p;
        return skipArray(p, end, depth + 1);
    case 't':
        return skipLiteral(p, end, "true", 4);
    case 'f':
        return skipLiteral(p, end, "false", 5);
    case 'n':
        return skipNull(p, end);
    default:
        return skipNumber(p, end);
    }
}

// A string (its literal goes to out) or null (out stays empty).
bool readStringOrNull(Ptr &p, Ptr end, QByteArrayView &out, bool &escaped)
{
    if (*p == 'n')
        return skipNull(p, end);
    if (*p != '"')
        return false;
    const Ptr start = p;
    if (!skipString(p, end, escaped))
        return false;
    out = QByteArrayView(start, p - start);
    return true;
}

void appendDecoded(QByteArrayView literal, QByteArray &out)
{
    auto p = reinterpret_cast<Ptr>(literal.data()) + 1;
    const Ptr end = reinterpret_cast<Ptr>(literal.data()) + literal.size() - 1;
    Ptr run = p; // bytes copied as they are
    while (p < end) {
        if (*p != '\\') {
            ++p;
            continue;
        }
        out.append(reinterpret_cast<const char *>(run), p - run);
        const unsigned char e = p[1];
        p += 2;
        switch (e) {
        case 'b':
            out.append('\b');
            break;
        case 'f':
            out.append('\f');
            break;
        case 'n':
            out.append('\n');
            break;
        case 'r':
            out.append('\r');
            break;
        case 't':
            out.append('\t');
            break;
        case 'u': {
            char32_t cp = char32_t(hex4(p, end));
            p += 4;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (char32_t(hex4(p + 2, end)) - 0xDC00);
                p += 6;
            }
            char utf8[4];
            int size;
            if (cp < 0x80) {
                utf8[0] = char(cp);
                size = 1;
            } else if (cp < 0x800) {
                utf8[0] = char(0xC0 | (cp >> 6));
                utf8[1] = char(0x80 | (cp & 0x3F));
                size = 2;
            } else if (cp < 0x10000) {
                utf8[0] = char(0xE0 | (cp >> 12));
                utf8[1] = char(0x80 | ((cp >> 6) & 0x3F));
                utf8[2] = char(0x80 | (cp & 0x3F));
                size = 3;
            } else {
                utf8[0] = char(0xF0 | (cp >> 18));
                utf8[1] = char(0x80 | ((cp >> 12) & 0x3F));
                utf8[2] = char(0x80 | ((cp >> 6) & 0x3F));
                utf8[3] = char(0x80 | (cp & 0x3F));
                size = 4;
            }
            out.append(utf8, size);
            break;
        }
        default: // '"', '\\', '/'
            out.append(char(e));
        }
        run = p;
    }
    out.append(reinterpret_cast<const char *>(run), end - run);
}

} // namespace JsonScan
