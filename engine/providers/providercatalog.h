// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"

#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

struct ModelInfo
{
    QString id;
    QString name;
    QString description;
    double inputPrice = -1; // USD per million tokens, -1 when unknown
    double outputPrice = -1;
    double cacheReadPrice = -1; // of prompt tokens read from the cache; -1: the input price
    double cacheWritePrice = -1; // of prompt tokens written to the cache; -1: the input price
    int maxTokens = 0; // the reply's length limit asked for by default; 0: the provider's
};

/** Where a provider's key comes from; the order Attache looks in is environment, a key typed in
 * for this run, the secret store, the config file (only when the user chose it), providers.json. */
enum class KeySource { None, Environment, ThisRun, SecretStore, ConfigFile, ProvidersFile };

struct ProviderEntry
{
    /** Weakest first: Catalog, Config (providers.json), Settings (the window), Environment. */
    enum class BaseUrlSource { Catalog, Config, Settings, Environment };
    /** The API a provider speaks, which picks the Provider class ("api" in providers.json). */
    enum class Api { OpenAi, Anthropic };

    QString id;
    QString name;
    Api api = Api::OpenAi;
    /** Effective. OpenAI-compatible APIs include the version path (".../v1"), as the OpenAI
     * SDKs take it; Anthropic's does not ("https://api.anthropic.com"), as its SDKs take it. */
    QUrl baseUrl;
    QUrl catalogBaseUrl;
    QUrl configBaseUrl; // from providers.json, when it sets one
    QUrl settingsBaseUrl; // set in the window, when set
    QUrl environmentBaseUrl; // ATTACHE_<ID>_BASE_URL, when set
    BaseUrlSource baseUrlSource = BaseUrlSource::Catalog;
    QString keyEnv;
    bool keyRequired = true;
    bool modelsEndpoint = true;
    bool streamUsage = true; // ask for usage in the stream (stream_options.include_usage)
    QString defaultModel;
    QList<ModelInfo> models;
    // Anthropic's Messages API
    QString anthropicVersion = QStringLiteral("2023-06-01"); // the anthropic-version header
    int maxTokens = 0; // max_tokens when a chat sets none; 0: the model's default
    bool promptCaching = true; // cache_control on the system prompt, tools and last turn
    int thinkingBudget = 0; // tokens the model may think before it answers; 0: no thinking
    QString apiKey; // never logged, never serialised
    KeySource keySource = KeySource::None;
    QString configApiKey; // from providers.json; never logged, never serialised

    bool hasApiKey() const { return !apiKey.isEmpty(); }
    bool baseUrlOverridden() const { return baseUrlSource != BaseUrlSource::Catalog; }
    /** The catalog's model, also for a dated id of an alias it lists ("claude-haiku-4-5-20251001"
     * is "claude-haiku-4-5"). */
    const ModelInfo *findModel(const QString &modelId) const;
};

/**
 * The providers Attache knows: the built-in catalog merged with the user's config file
 * (same shape, entries matched by id), keys from each entry's environment variable or the
 * config, base URLs overridable by config, by the settings and by ATTACHE_<ID>_BASE_URL.
 */
class ProviderCatalog
{
public:
    /** Parses catalog and user JSON; a broken user file is reported in *warning, not fatal. */
    static Result<ProviderCatalog> fromJson(const QByteArray &catalogJson,
                                            const QByteArray &userJson,
                                            const QProcessEnvironment &env,
                                            QString *warning = nullptr);
    /** The built-in catalog plus the user's file at userConfigPath (may not exist). */
    static ProviderCatalog load(const QString &userConfigPath, const QProcessEnvironment &env,
                                QString *warning = nullptr);

    const QList<ProviderEntry> &providers() const { return m_providers; }
    const ProviderEntry *find(const QString &id) const;

    /** A key found at run time (typed in, or read from a store). The environment's key still wins;
     * an empty key falls back to providers.json's. */
    void setApiKey(const QString &providerId, const QString &key,
                   KeySource source = KeySource::ThisRun);
    /** The key the provider's environment variable holds, if any. */
    QString environmentKey(const ProviderEntry &entry) const;
    /** The base URL set in the settings (empty clears it); ATTACHE_<ID>_BASE_URL still wins.
     * False, and nothing changed, when url is not an http(s) URL. */
    bool setSettingsBaseUrl(const QString &providerId, const QString &url);
    /** An http(s) URL without trailing slashes, or an invalid QUrl. */
    static QUrl parseBaseUrl(const QString &text);

    /** Can a chat be sent through this provider now? Otherwise says what to set. */
    Status readiness(const ProviderEntry &entry) const;
    /** The provider used when none is chosen: the first with a key, else the first pointed at a
     * server of the user's own; empty when there is none. */
    QString autoSelect() const;
    /** The error that tells a user with no provider how to get one. */
    EngineError noProviderError() const;

    static QString environmentVariableFor(const QString &providerId);

private:
    void applyKey(ProviderEntry &entry, const QString &key, KeySource source) const;

    QList<ProviderEntry> m_providers;
    QProcessEnvironment m_env;
};
