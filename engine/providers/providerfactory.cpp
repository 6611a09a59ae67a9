// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/providerfactory.h"

#include "providers/anthropicprovider.h"
#include "providers/openaiprovider.h"

std::unique_ptr<Provider> makeProvider(const ProviderEntry &entry, const ProviderNetwork &network)
{
    switch (entry.api) {
    case ProviderEntry::Api::Anthropic:
        return std::make_unique<AnthropicProvider>(entry, network.network, network.pool,
                                                   network.timeouts);
    case ProviderEntry::Api::OpenAi:
        break;
    }
    return std::make_unique<OpenAiCompatibleProvider>(entry, network.network, network.pool,
                                                      network.timeouts);
}
