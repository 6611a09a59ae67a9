// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/provider.h"

#include <memory>

class HttpConnectionPool;
class QNetworkAccessManager;

struct NetworkTimeouts
{
    int firstByteMs = 120000; // request sent → first byte of the reply body
    int stallMs = 60000; // longest silence in the middle of a reply
    int modelsMs = 5000; // the whole /models request
    /** The first wait before a request refused as overloaded or rate limited is sent again
     * (doubled for the next), when the provider does not say how long to wait. */
    int retryBaseMs = 1000;
};

/** What providers talk through: streamed chats through the pool's kept-alive connections,
 * model lists through the network manager. */
struct ProviderNetwork
{
    QNetworkAccessManager &network;
    HttpConnectionPool &pool;
    NetworkTimeouts timeouts;
};

/** The Provider that speaks the API a catalog entry names (its "api"). */
std::unique_ptr<Provider> makeProvider(const ProviderEntry &entry, const ProviderNetwork &network);
