// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/provider.h"
#include "providers/providerfactory.h"

#include <QNetworkAccessManager>

class HttpConnectionPool;

/** Chat Completions API: OpenAI, Perplexity, Ollama, llama.cpp, LM Studio, vLLM, OpenRouter … */
class OpenAiCompatibleProvider : public Provider
{
public:
    /** Streamed chats go through connections of pool; model lists through network. */
    OpenAiCompatibleProvider(ProviderEntry entry, QNetworkAccessManager &network,
                             HttpConnectionPool &pool, NetworkTimeouts timeouts);

    const ProviderEntry &entry() const override { return m_entry; }
    ChatStream *startChat(const ChatParams &params, QObject *parent) override;
    void fetchModels(QObject *context, ModelsCallback callback) override;
    void embed(const EmbeddingRequest &request, QObject *context,
               EmbeddingCallback callback) override;

    /** The request body for params; public for tests and the gateway. */
    QByteArray chatRequestBody(const ChatParams &params) const;
    /** The request body for an embeddings request (floats, whatever the client asked for). */
    static QByteArray embeddingRequestBody(const EmbeddingRequest &request);

private:
    QNetworkRequest request(const QString &path) const;
    /** Sampling options, tool choice and the client's OpenAI-only fields, as members. */
    static void appendOptions(QByteArray &out, const ChatParams &params);

    ProviderEntry m_entry;
    QNetworkAccessManager &m_network;
    HttpConnectionPool &m_pool;
    NetworkTimeouts m_timeouts;
};
