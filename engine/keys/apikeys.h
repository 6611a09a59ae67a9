// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"
#include "keys/keystore.h"
#include "providers/providercatalog.h"

#include <QHash>
#include <QObject>
#include <QSet>

class Settings;

/**
 * The providers' API keys: where each comes from, reading the stored ones without blocking,
 * saving, and forgetting. A provider's key is looked for in this order:
 *  1. its environment variable (OPENAI_API_KEY, …): always wins;
 *  2. a key typed in that could not be stored, for this run only;
 *  3. the system's secret store (KeyStore);
 *  4. Attache's config file (settings.ini, [keys]), only for a key the user explicitly chose to
 *     keep there because the secret store could not be used;
 *  5. an "apiKey" in the user's providers.json.
 * A key is never written to the config file without that choice.
 */
class ApiKeys : public QObject
{
    Q_OBJECT
public:
    using Callback = KeyStore::Callback;

    /** Applies the keys kept in the config file at once; the secret store is read by
     * loadStored(). */
    ApiKeys(ProviderCatalog &catalog, Settings &settings, QObject *parent = nullptr);

    KeyStore &store() { return m_store; }
    const KeyStore &store() const { return m_store; }
    /** The config file that keys go to by the user's choice. */
    QString configFilePath() const;

    /**
     * Starts reading the keys Attache put in the secret store (only those: a store that holds
     * nothing of Attache's is never asked) and returns at once; each key is applied as it arrives,
     * firstProviderId's first. Providers whose environment variable is set are not read.
     */
    void loadStored(const QString &firstProviderId = {});
    /** A read of any key (or of this provider's) is still pending. */
    bool isLoading() const { return !m_loading.isEmpty(); }
    bool isLoading(const QString &providerId) const { return m_loading.contains(providerId); }

    KeySource source(const QString &providerId) const;
    /** Whether Attache keeps a key for the provider (secret store, config file, or this run). */
    bool hasOwnKey(const QString &providerId) const;
    /** Whether a key of the provider's is kept in the secret store (read or not). */
    bool isInSecretStore(const QString &providerId) const;

    /** Uses the key for this run only; nothing is stored. An empty key drops it. */
    void setForThisRun(const QString &providerId, const QString &key);
    /**
     * Uses the key at once and stores it in the secret store. When the store cannot be used, the
     * key stays in use for this run only and done gets the reason; the caller may then offer
     * storeInConfigFile(). On success a copy in the config file is removed.
     */
    void save(const QString &providerId, const QString &key, QObject *context, Callback done);
    /**
     * The user's explicit choice: keeps the key (this run's when key is empty) in the config file,
     * readable by anyone who can read the user's files. The file is made 0600 first.
     */
    Status storeInConfigFile(const QString &providerId, const QString &key = {});
    /** Removes the provider's key from the secret store, the config file and this run; the
     * environment's or providers.json's key, if any, is used again. */
    void forget(const QString &providerId, QObject *context, Callback done);

Q_SIGNALS:
    /** A provider's key, or where it comes from, or whether it is still being read, changed. */
    void changed(const QString &providerId);

private:
    void apply(const QString &providerId);
    void readStored(const QString &providerId);
    void setInSecretStore(const QString &providerId, bool stored);
    void onAvailabilityChanged(KeyStore::Availability availability);

    ProviderCatalog &m_catalog;
    Settings &m_settings;
    KeyStore m_store;
    QHash<QString, QString> m_thisRun;
    QHash<QString, QString> m_stored; // read from, or written to, the secret store
    QHash<QString, QString> m_plain; // kept in the config file by the user's choice
    QSet<QString> m_loading;
    QSet<QString> m_unread; // in the secret store, but it could not be read
};
