// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/providerfactory.h"

#include "providers/openaiprovider.h"

std::unique_ptr<Provider> makeProvider(const ProviderEntry &entry, const ProviderNetwork &network)
{
    return std::make_unique<OpenAiCompatibleProvider>(entry, network.network, network.pool,
                                                      network.timeouts);
}
