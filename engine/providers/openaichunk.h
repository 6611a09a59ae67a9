// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

/**
 * The fast path for the chunks of a streamed chat completion, which are nearly all alike:
 * {"id":…,"choices":[{"index":0,"delta":{"content":"…"},"finish_reason":null}],…}. It reads
 * choices[0].delta.content and choices[0].finish_reason straight from the bytes, without
 * building a QJsonDocument, and keeps the content as the JSON string literal it already is.
 *
 * It accepts only what it can read exactly as QJsonDocument would, and what can go into an
 * event verbatim: strict JSON (no raw control characters, only the standard escapes), well-formed
 * UTF-8, surrogate escapes in pairs, no escaped or duplicate key where it reads, one choice at
 * most, no tool calls, no usage or error object, numbers without exponent. Anything else —
 * including every malformed chunk — is left to the QJsonDocument path, which then decides.
 * tst_openaichunk compares both on a hundred thousand random chunks.
 */
namespace OpenAiChunk {

struct Scan
{
    /** choices[0].delta.content as its JSON string literal, quotes included; empty when the
     * chunk has none (absent or null). */
    QByteArrayView content;
    /** choices[0].finish_reason as its literal, quotes included; empty when absent or null. */
    QByteArrayView finishReason;
    bool contentEscaped = false; // the literal holds escape sequences (decode before use)
    bool finishReasonEscaped = false;
};

/** Fills scan and returns true when json is a chunk the fast path reads exactly. */
bool scan(QByteArrayView json, Scan &scan);

/** Appends the UTF-8 text of a string literal that scan() accepted (quotes included). */
void appendDecoded(QByteArrayView literal, QByteArray &out);

} // namespace OpenAiChunk
