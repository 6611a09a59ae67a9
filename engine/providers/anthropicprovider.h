// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/httpstreamclient.h"
#include "providers/provider.h"
#include "providers/providerfactory.h"

#include <QNetworkAccessManager>

class HttpConnectionPool;

/**
 * Anthropic's Messages API: POST /v1/messages with x-api-key (never a Bearer), anthropic-version
 * and max_tokens always set, streamed (AnthropicStream); models from GET /v1/models; prompt
 * sizes from POST /v1/messages/count_tokens. The base URL is the API's root, without /v1, as
 * Anthropic's SDKs take ANTHROPIC_BASE_URL (a /v1 at its end is forgiven).
 */
class AnthropicProvider : public Provider
{
public:
    AnthropicProvider(ProviderEntry entry, QNetworkAccessManager &network, HttpConnectionPool &pool,
                      NetworkTimeouts timeouts);

    const ProviderEntry &entry() const override { return m_entry; }
    ChatStream *startChat(const ChatParams &params, QObject *parent) override;
    void fetchModels(QObject *context, ModelsCallback callback) override;
    void countTokens(const ChatParams &params, QObject *context, CountCallback callback) override;

    /** "<root>/v1<path>" */
    QUrl url(const QString &path) const;
    /** The headers every request carries: the key, the API version, the user agent. */
    HttpStreamClient::Headers headers() const;

private:
    QNetworkRequest request(const QString &path) const;

    ProviderEntry m_entry;
    QNetworkAccessManager &m_network;
    HttpConnectionPool &m_pool;
    NetworkTimeouts m_timeouts;
};
