// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"
#include "keys/apikeys.h"
#include "providers/providercatalog.h"

#include <QObject>

class Settings;

/** A provider as the providers list shows it. */
struct ProviderStatus
{
    QString id;
    QString name;
    bool hasApiKey = false;
    bool ready = false;
    bool current = false;
    QString baseUrl;
    KeySource keySource = KeySource::None;
    bool keyLoading = false; // its key is still being read from the secret store
};

/** A provider and model a request resolved to. */
struct ProviderChoice
{
    const ProviderEntry *entry = nullptr;
    QString model;
};

/**
 * Which provider and model chats use: the user's choice (kept in the settings), else the first
 * usable provider; each provider's chosen model, else its default; base URLs set in the window.
 */
class ProviderSelection : public QObject
{
    Q_OBJECT
public:
    ProviderSelection(ProviderCatalog &catalog, Settings &settings, ApiKeys &keys,
                      QObject *parent = nullptr);

    QList<ProviderStatus> providers() const;
    /** The chosen provider, else the first usable one; empty when none is usable. */
    QString currentProviderId() const;
    Status setProvider(const QString &providerId);
    QString currentModel() const;
    Status setModel(const QString &model);
    /** The model chosen for the provider, else its default. */
    QString modelFor(const ProviderEntry &entry) const;
    /** Points a provider at another server (empty: back to providers.json's or the catalog's). */
    Status setBaseUrl(const QString &providerId, const QString &url);

    /** The current provider if it can be used now, else what to set up. */
    Result<const ProviderEntry *> resolveCurrent() const;
    /**
     * A model named by a client: "<provider>/<model>", a bare model id of the current provider,
     * or "" for the current provider and model. The provider must be usable now.
     */
    Result<ProviderChoice> resolve(const QString &model) const;
    /** A provider named by a client (empty: the current one) if it can be used now. */
    Result<const ProviderEntry *> resolveNamed(const QString &providerId) const;
    /** The provider a chat would use once the keys being read arrive, or null. */
    const ProviderEntry *awaitingKey(const QString &providerId = {}) const;

Q_SIGNALS:
    void providerChanged(const QString &providerId);
    void modelChanged(const QString &model);

private:
    ProviderCatalog &m_catalog;
    Settings &m_settings;
    ApiKeys &m_keys;
    QString m_chosen;
};
