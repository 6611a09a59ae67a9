// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <cstring>

/**
 * Strict JSON read straight from the bytes, for the hot paths where a QJsonDocument per message
 * would cost an allocation storm: skipping values, reading objects member by member, keeping
 * strings as the literals they are and decoding them when needed. It accepts only what it can
 * read exactly as QJsonDocument would (no raw control characters, only the standard escapes,
 * well-formed UTF-8, surrogate escapes in pairs, numbers without exponent of at most 15 digits,
 * at most 32 levels deep); anything else is refused, and the caller falls back to QJsonDocument.
 */
namespace JsonScan {

using Ptr = const unsigned char *;

/** Deeper than any message a provider sends; deeper values are refused. */
constexpr int MaxDepth = 32;
/** Longer numbers may not survive QJsonDocument's conversion exactly; refused. */
constexpr int MaxNumberDigits = 15;

inline void skipSpace(Ptr &p, Ptr end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        ++p;
}

/** A string literal at p (on its opening quote); p is moved past the closing quote. escaped
 * says whether it holds escape sequences. */
bool skipString(Ptr &p, Ptr end, bool &escaped);
/** -?(0|[1-9][0-9]*)(.[0-9]+)? with at most MaxNumberDigits digits; no exponent. */
bool skipNumber(Ptr &p, Ptr end);
bool skipLiteral(Ptr &p, Ptr end, const char *word, int size);
inline bool skipNull(Ptr &p, Ptr end)
{
    return skipLiteral(p, end, "null", 4);
}
/** Any value at p, at most MaxDepth levels deep. */
bool skipValue(Ptr &p, Ptr end, int depth);
bool skipArray(Ptr &p, Ptr end, int depth);
/** A string (its literal, quotes included, goes to out) or null (out stays empty). */
bool readStringOrNull(Ptr &p, Ptr end, QByteArrayView &out, bool &escaped);
/** Appends the UTF-8 text of a string literal that skipString() accepted (quotes included). */
void appendDecoded(QByteArrayView literal, QByteArray &out);

template<qsizetype N> inline bool keyIs(QByteArrayView key, const char (&name)[N])
{
    return key.size() == N - 1 && std::memcmp(key.data(), name, N - 1) == 0;
}

/** An object or array with no item, p just past its opening bracket: skipped when it is one. */
inline bool isEmpty(Ptr &p, Ptr end, char close)
{
    skipSpace(p, end);
    if (p < end && *p == close) {
        ++p;
        return true;
    }
    return false;
}

enum class After { Next, Closed, Bad };

/** After an item of an object or array: the closing bracket, or a comma and the next item. */
inline After afterItem(Ptr &p, Ptr end, char close)
{
    skipSpace(p, end);
    if (p == end)
        return After::Bad;
    if (*p == close) {
        ++p;
        return After::Closed;
    }
    if (*p != ',')
        return After::Bad;
    ++p;
    skipSpace(p, end);
    return After::Next;
}

/** The members of an object, p just past its '{'; member(key, escaped, p) reads each value. */
template<typename Member> bool readObject(Ptr &p, Ptr end, Member &&member)
{
    if (isEmpty(p, end, '}'))
        return true;
    while (true) {
        if (p == end || *p != '"')
            return false;
        const Ptr keyStart = p;
        bool escaped = false;
        if (!skipString(p, end, escaped))
            return false;
        const QByteArrayView key(keyStart + 1, p - keyStart - 2);
        skipSpace(p, end);
        if (p == end || *p != ':')
            return false;
        ++p;
        skipSpace(p, end);
        if (p == end || !member(key, escaped, p))
            return false;
        if (const After after = afterItem(p, end, '}'); after != After::Next)
            return after == After::Closed;
    }
}

} // namespace JsonScan
