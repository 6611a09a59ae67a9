// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/openaichunk.h"

#include "net/jsonscan.h"

namespace OpenAiChunk {

using namespace JsonScan;

namespace {

bool readDelta(Ptr &p, Ptr end, Scan &scan)
{
    bool seenContent = false;
    bool seenToolCalls = false;
    return readObject(p, end, [&](QByteArrayView key, bool escaped, Ptr &q) {
        if (escaped)
            return false; // it could spell "content"
        if (keyIs(key, "content")) {
            if (seenContent)
                return false;
            seenContent = true;
            return readStringOrNull(q, end, scan.content, scan.contentEscaped);
        }
        if (keyIs(key, "tool_calls")) {
            if (seenToolCalls)
                return false;
            seenToolCalls = true;
            return *q == 'n' && skipNull(q, end);
        }
        return skipValue(q, end, 3);
    });
}

bool readChoice(Ptr &p, Ptr end, Scan &scan)
{
    bool seenDelta = false;
    bool seenFinish = false;
    return readObject(p, end, [&](QByteArrayView key, bool escaped, Ptr &q) {
        if (escaped)
            return false;
        if (keyIs(key, "delta")) {
            if (seenDelta)
                return false;
            seenDelta = true;
            if (*q == 'n')
                return skipNull(q, end);
            if (*q != '{')
                return false;
            ++q;
            return readDelta(q, end, scan);
        }
        if (keyIs(key, "finish_reason")) {
            if (seenFinish)
                return false;
            seenFinish = true;
            return readStringOrNull(q, end, scan.finishReason, scan.finishReasonEscaped);
        }
        return skipValue(q, end, 2);
    });
}

bool readChoices(Ptr &p, Ptr end, Scan &scan)
{
    if (*p == 'n')
        return skipNull(p, end);
    if (*p != '[')
        return false;
    ++p;
    skipSpace(p, end);
    if (p < end && *p == ']') {
        ++p;
        return true;
    }
    if (p == end || *p != '{')
        return false;
    ++p;
    if (!readChoice(p, end, scan))
        return false;
    skipSpace(p, end);
    // More than one choice is rare (n > 1); only the first counts, but let the DOM say so.
    if (p == end || *p != ']')
        return false;
    ++p;
    return true;
}

} // namespace

bool scan(QByteArrayView json, Scan &scan)
{
    scan = Scan();
    auto p = reinterpret_cast<Ptr>(json.data());
    const Ptr end = p + json.size();
    skipSpace(p, end);
    if (p == end || *p != '{')
        return false;
    ++p;
    bool seenChoices = false;
    bool seenUsage = false;
    bool seenError = false;
    const bool ok = readObject(p, end, [&](QByteArrayView key, bool escaped, Ptr &q) {
        if (escaped)
            return false;
        if (keyIs(key, "choices")) {
            if (seenChoices)
                return false;
            seenChoices = true;
            return readChoices(q, end, scan);
        }
        if (keyIs(key, "usage") || keyIs(key, "error")) {
            bool &seen = keyIs(key, "usage") ? seenUsage : seenError;
            if (seen)
                return false;
            seen = true;
            return *q == 'n' && skipNull(q, end);
        }
        return skipValue(q, end, 1);
    });
    if (!ok)
        return false;
    skipSpace(p, end);
    return p == end;
}

void appendDecoded(QByteArrayView literal, QByteArray &out)
{
    JsonScan::appendDecoded(literal, out);
}

} // namespace OpenAiChunk
