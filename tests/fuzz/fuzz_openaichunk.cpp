// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// libFuzzer target for the chunk scan (engine/openaichunk). Whatever the scan accepts must read
// exactly as QJsonDocument reads it — the content and finish reason, no error, tool calls or
// usage — and its literals must be strict JSON meaning their decoded text.
#include "providers/openaichunk.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void check(bool ok, const char *what)
{
    if (!ok) {
        std::fprintf(stderr, "the chunk scan disagrees with QJsonDocument: %s\n", what);
        std::abort();
    }
}

QString decoded(QByteArrayView literal)
{
    if (literal.isEmpty())
        return {};
    QByteArray utf8;
    OpenAiChunk::appendDecoded(literal, utf8);
    return QString::fromUtf8(utf8);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json(reinterpret_cast<const char *>(data), qsizetype(size));
    OpenAiChunk::Scan scan;
    if (!OpenAiChunk::scan(json, scan))
        return 0;
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    check(doc.isObject(), "accepted what QJsonDocument rejects");
    const QJsonObject chunk = doc.object();
    const QJsonValue error = chunk.value(QLatin1String("error"));
    check(error.isUndefined() || error.isNull(), "accepted an error");
    check(chunk.value(QLatin1String("usage")).toObject().isEmpty(), "accepted usage");
    QString content;
    QString finishReason;
    const QJsonArray choices = chunk.value(QLatin1String("choices")).toArray();
    if (!choices.isEmpty()) {
        const QJsonObject choice = choices.first().toObject();
        const QJsonObject delta = choice.value(QLatin1String("delta")).toObject();
        check(!delta.value(QLatin1String("tool_calls")).isArray(), "accepted tool calls");
        content = delta.value(QLatin1String("content")).toString();
        finishReason = choice.value(QLatin1String("finish_reason")).toString();
    }
    check(decoded(scan.content) == content, "content");
    check(decoded(scan.finishReason) == finishReason, "finish reason");
    for (const QByteArrayView literal : { scan.content, scan.finishReason }) {
        if (literal.isEmpty())
            continue;
        for (const char c : literal)
            check(uchar(c) >= 0x20, "a raw control character in a literal");
        const QJsonDocument wrapped = QJsonDocument::fromJson("[" + literal.toByteArray() + "]");
        check(wrapped.array().at(0).toString() == decoded(literal), "a literal's meaning");
    }
    return 0;
}
