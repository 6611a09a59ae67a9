// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/provider.h"

Usage &Usage::operator+=(const Usage &other)
{
    promptTokens += other.promptTokens;
    completionTokens += other.completionTokens;
    cacheReadTokens += other.cacheReadTokens;
    cacheWriteTokens += other.cacheWriteTokens;
    estimated = estimated || other.estimated;
    return *this;
}

void Provider::embed(const EmbeddingRequest &, QObject *, EmbeddingCallback callback)
{
    callback(EngineError { ErrorKind::InvalidRequest,
                           QStringLiteral("%1 does not make embeddings; name a model of a provider "
                                          "that does (an OpenAI-compatible one).")
                               .arg(entry().name) });
}
