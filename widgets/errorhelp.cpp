// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "errorhelp.h"

QString ErrorHelp::title(const EngineError &error)
{
    switch (error.kind) {
    case ErrorKind::NoProvider:
        return tr("No AI provider is set up.");
    case ErrorKind::MissingApiKey:
        return tr("The provider needs an API key.");
    case ErrorKind::AuthFailed:
        return tr("The provider rejected the API key.");
    case ErrorKind::RateLimited:
        return tr("The provider is limiting how often it may be asked.");
    case ErrorKind::Timeout:
        return tr("The provider did not answer in time.");
    case ErrorKind::UpstreamError:
        return tr("The provider could not give a reply.");
    case ErrorKind::BadUpstream:
        return tr("The provider's answer could not be read.");
    case ErrorKind::UnknownModel:
    case ErrorKind::UnknownProvider:
        return tr("The chosen model or provider is not known.");
    default:
        return tr("The reply failed.");
    }
}

QString ErrorHelp::whatToDo(const EngineError &error, const ProviderEntry *provider)
{
    const QString variable = provider && !provider->keyEnv.isEmpty()
        ? provider->keyEnv
        : QStringLiteral("OPENAI_API_KEY");
    switch (error.kind) {
    case ErrorKind::NoProvider:
        return tr("Add an API key in the Provider panel, or use a local server such as Ollama, "
                  "llama.cpp or LM Studio.");
    case ErrorKind::MissingApiKey:
        return tr("Add a key in the Provider panel or set %1 and restart Attache.").arg(variable);
    case ErrorKind::AuthFailed:
        return tr("Check the key in the Provider panel (it may be mistyped, expired or revoked) or "
                  "set a valid one in %1, then regenerate the reply.")
            .arg(variable);
    case ErrorKind::RateLimited:
        if (error.retryAfterSeconds > 0)
            return tr("Wait %1 s, as the provider asks, then regenerate the reply.")
                .arg(error.retryAfterSeconds);
        return tr("Wait a moment, then regenerate the reply, or pick another model in the Provider "
                  "panel.");
    case ErrorKind::Timeout:
        return tr("Check your network connection, or that your local model server is running, then "
                  "regenerate the reply.");
    case ErrorKind::UpstreamError:
        return tr(
            "Check the model and the server address in the Provider panel; if they are right, "
            "the provider may be having trouble: regenerate the reply in a moment.");
    case ErrorKind::BadUpstream:
        if (provider && provider->api == ProviderEntry::Api::Anthropic)
            return tr("Make sure the server address points at an Anthropic-compatible API (its "
                      "root, without /v1), then regenerate the reply.");
        return tr("Make sure the server address points at an OpenAI-compatible API (it usually "
                  "ends in /v1), then regenerate the reply.");
    case ErrorKind::UnknownModel:
    case ErrorKind::UnknownProvider:
        return tr("Pick another model or provider in the Provider panel.");
    default:
        return {};
    }
}

bool ErrorHelp::fixedInProviderPanel(const EngineError &error)
{
    switch (error.kind) {
    case ErrorKind::NoProvider:
    case ErrorKind::MissingApiKey:
    case ErrorKind::AuthFailed:
    case ErrorKind::UpstreamError:
    case ErrorKind::BadUpstream:
    case ErrorKind::UnknownModel:
    case ErrorKind::UnknownProvider:
        return true;
    default:
        return false;
    }
}
