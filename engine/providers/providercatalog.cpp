// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/providercatalog.h"

#include "enginelog.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <algorithm>

namespace {

ModelInfo modelFromJson(const QJsonObject &json)
{
    ModelInfo model;
    model.id = json.value(QLatin1String("id")).toString();
    model.name = json.value(QLatin1String("name")).toString(model.id);
    model.description = json.value(QLatin1String("description")).toString();
    const QJsonObject price = json.value(QLatin1String("price")).toObject();
    model.inputPrice = price.value(QLatin1String("input")).toDouble(-1);
    model.outputPrice = price.value(QLatin1String("output")).toDouble(-1);
    model.cacheReadPrice = price.value(QLatin1String("cacheRead")).toDouble(-1);
    model.cacheWritePrice = price.value(QLatin1String("cacheWrite")).toDouble(-1);
    model.maxTokens = qMax(0, json.value(QLatin1String("maxTokens")).toInt());
    return model;
}

// Applies the fields present in json to entry; absent fields keep their value.
void mergeEntry(ProviderEntry &entry, const QJsonObject &json, bool fromUserConfig)
{
    auto text = [&](QLatin1String key, QString &field) {
        const QJsonValue v = json.value(key);
        if (v.isString())
            field = v.toString();
    };
    auto flag = [&](QLatin1String key, bool &field) {
        const QJsonValue v = json.value(key);
        if (v.isBool())
            field = v.toBool();
    };
    text(QLatin1String("name"), entry.name);
    text(QLatin1String("keyEnv"), entry.keyEnv);
    text(QLatin1String("defaultModel"), entry.defaultModel);
    text(QLatin1String("anthropicVersion"), entry.anthropicVersion);
    flag(QLatin1String("keyRequired"), entry.keyRequired);
    flag(QLatin1String("promptCaching"), entry.promptCaching);
    auto count = [&](QLatin1String key, int &field) {
        const QJsonValue v = json.value(key);
        if (v.isDouble() && v.toDouble() >= 0)
            field = v.toInt();
    };
    count(QLatin1String("maxTokens"), entry.maxTokens);
    count(QLatin1String("thinkingBudget"), entry.thinkingBudget);
    const QJsonValue api = json.value(QLatin1String("api"));
    if (api.toString() == QLatin1String("anthropic")) {
        entry.api = ProviderEntry::Api::Anthropic;
    } else if (api.toString() == QLatin1String("openai")) {
        entry.api = ProviderEntry::Api::OpenAi;
    } else if (!api.isUndefined()) {
        qCWarning(lcEngine, "provider %s: unknown \"api\", using openai", qUtf8Printable(entry.id));
    }
    flag(QLatin1String("modelsEndpoint"), entry.modelsEndpoint);
    flag(QLatin1String("streamUsage"), entry.streamUsage);
    if (json.value(QLatin1String("baseUrl")).isString()) {
        const QUrl url =
            ProviderCatalog::parseBaseUrl(json.value(QLatin1String("baseUrl")).toString());
        if (url.isValid()) {
            if (fromUserConfig)
                entry.configBaseUrl = url;
            else
                entry.catalogBaseUrl = url;
        } else {
            qCWarning(lcEngine, "provider %s: ignoring invalid base URL", qUtf8Printable(entry.id));
        }
    }
    if (fromUserConfig && json.value(QLatin1String("apiKey")).isString())
        entry.configApiKey = json.value(QLatin1String("apiKey")).toString().trimmed();
    if (json.value(QLatin1String("models")).isArray()) {
        QList<ModelInfo> models;
        for (const QJsonValue &m : json.value(QLatin1String("models")).toArray()) {
            const ModelInfo model = modelFromJson(m.toObject());
            if (!model.id.isEmpty())
                models.append(model);
        }
        entry.models = models;
    }
    if (entry.defaultModel.isEmpty() && !entry.models.isEmpty())
        entry.defaultModel = entry.models.first().id;
}

// The last one set wins: catalog, providers.json, settings, environment.
void resolveBaseUrl(ProviderEntry &entry)
{
    using Source = ProviderEntry::BaseUrlSource;
    const std::pair<const QUrl &, Source> layers[] = {
        { entry.environmentBaseUrl, Source::Environment },
        { entry.settingsBaseUrl, Source::Settings },
        { entry.configBaseUrl, Source::Config },
    };
    for (const auto &layer : layers) {
        if (layer.first.isValid()) {
            entry.baseUrl = layer.first;
            entry.baseUrlSource = layer.second;
            return;
        }
    }
    entry.baseUrl = entry.catalogBaseUrl;
    entry.baseUrlSource = Source::Catalog;
}

QJsonArray providerArray(const QJsonDocument &doc)
{
    if (doc.isArray())
        return doc.array();
    return doc.object().value(QLatin1String("providers")).toArray();
}

} // namespace

const ModelInfo *ProviderEntry::findModel(const QString &modelId) const
{
    for (const ModelInfo &model : models) {
        if (model.id == modelId)
            return &model;
    }
    // A snapshot of an alias the catalog lists: "<alias>-YYYYMMDD".
    static constexpr qsizetype DateSuffix = 9;
    if (modelId.size() > DateSuffix && modelId.at(modelId.size() - DateSuffix) == u'-') {
        const QStringView date = QStringView(modelId).right(DateSuffix - 1);
        if (std::all_of(date.begin(), date.end(), [](QChar c) { return c.isDigit(); }))
            return findModel(modelId.left(modelId.size() - DateSuffix));
    }
    return nullptr;
}

QString ProviderCatalog::environmentVariableFor(const QString &providerId)
{
    QString name = providerId.toUpper();
    for (QChar &c : name) {
        if (!c.isLetterOrNumber())
            c = QLatin1Char('_');
    }
    return QLatin1String("ATTACHE_") + name + QLatin1String("_BASE_URL");
}

Result<ProviderCatalog> ProviderCatalog::fromJson(const QByteArray &catalogJson,
                                                  const QByteArray &userJson,
                                                  const QProcessEnvironment &env, QString *warning)
{
    QJsonParseError parseError;
    const QJsonDocument catalogDoc = QJsonDocument::fromJson(catalogJson, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("The provider catalog is not valid JSON: %1")
                                 .arg(parseError.errorString()) };
    }

    ProviderCatalog catalog;
    catalog.m_env = env;
    for (const QJsonValue &value : providerArray(catalogDoc)) {
        ProviderEntry entry;
        entry.id = value.toObject().value(QLatin1String("id")).toString();
        if (entry.id.isEmpty())
            continue;
        mergeEntry(entry, value.toObject(), false);
        catalog.m_providers.append(entry);
    }

    if (!userJson.trimmed().isEmpty()) {
        const QJsonDocument userDoc = QJsonDocument::fromJson(userJson, &parseError);
        if (parseError.error != QJsonParseError::NoError) {
            if (warning) {
                *warning =
                    QStringLiteral("Your providers file is not valid JSON (%1 at offset %2); "
                                   "using the built-in catalog.")
                        .arg(parseError.errorString())
                        .arg(parseError.offset);
            }
        } else {
            for (const QJsonValue &value : providerArray(userDoc)) {
                const QJsonObject json = value.toObject();
                const QString id = json.value(QLatin1String("id")).toString();
                if (id.isEmpty())
                    continue;
                auto it = std::find_if(catalog.m_providers.begin(), catalog.m_providers.end(),
                                       [&](const ProviderEntry &e) { return e.id == id; });
                if (it == catalog.m_providers.end()) {
                    ProviderEntry entry;
                    entry.id = id;
                    entry.keyRequired = false;
                    mergeEntry(entry, json, true);
                    if (entry.configBaseUrl.isValid())
                        catalog.m_providers.append(entry);
                } else {
                    mergeEntry(*it, json, true);
                }
            }
        }
    }

    for (ProviderEntry &entry : catalog.m_providers) {
        const QString override = env.value(environmentVariableFor(entry.id));
        if (!override.isEmpty()) {
            const QUrl url = ProviderCatalog::parseBaseUrl(override);
            if (url.isValid()) {
                entry.environmentBaseUrl = url;
            } else if (warning) {
                *warning = QStringLiteral("%1 is not an http(s) URL; ignoring it.")
                               .arg(environmentVariableFor(entry.id));
            }
        }
        resolveBaseUrl(entry);
        catalog.applyKey(entry, {}, KeySource::None);
    }
    return catalog;
}

ProviderCatalog ProviderCatalog::load(const QString &userConfigPath, const QProcessEnvironment &env,
                                      QString *warning)
{
    QFile builtIn(QStringLiteral(":/attache/providers.json"));
    QByteArray catalogJson;
    if (builtIn.open(QIODevice::ReadOnly))
        catalogJson = builtIn.readAll();
    QByteArray userJson;
    QFile user(userConfigPath);
    if (!userConfigPath.isEmpty() && user.open(QIODevice::ReadOnly))
        userJson = user.readAll();
    Result<ProviderCatalog> result = fromJson(catalogJson, userJson, env, warning);
    if (!result.ok()) {
        // The built-in catalog is compiled in; failing to parse it is a build defect.
        qCCritical(lcEngine, "%s", qUtf8Printable(result.error().message));
        ProviderCatalog empty;
        empty.m_env = env;
        return empty;
    }
    return result.value();
}

const ProviderEntry *ProviderCatalog::find(const QString &id) const
{
    for (const ProviderEntry &entry : m_providers) {
        if (entry.id == id)
            return &entry;
    }
    return nullptr;
}

QUrl ProviderCatalog::parseBaseUrl(const QString &text)
{
    QString trimmed = text.trimmed();
    while (trimmed.endsWith(QLatin1Char('/')))
        trimmed.chop(1);
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        || url.host().isEmpty())
        return {};
    return url;
}

QString ProviderCatalog::environmentKey(const ProviderEntry &entry) const
{
    return entry.keyEnv.isEmpty() ? QString() : m_env.value(entry.keyEnv).trimmed();
}

void ProviderCatalog::setApiKey(const QString &providerId, const QString &key, KeySource source)
{
    for (ProviderEntry &entry : m_providers) {
        if (entry.id == providerId)
            applyKey(entry, key, source);
    }
}

void ProviderCatalog::applyKey(ProviderEntry &entry, const QString &key, KeySource source) const
{
    const QString fromEnvironment = environmentKey(entry);
    if (!fromEnvironment.isEmpty()) {
        entry.apiKey = fromEnvironment;
        entry.keySource = KeySource::Environment;
    } else if (!key.trimmed().isEmpty()) {
        entry.apiKey = key.trimmed();
        entry.keySource = source;
    } else if (!entry.configApiKey.isEmpty()) {
        entry.apiKey = entry.configApiKey;
        entry.keySource = KeySource::ProvidersFile;
    } else {
        entry.apiKey.clear();
        entry.keySource = KeySource::None;
    }
}

bool ProviderCatalog::setSettingsBaseUrl(const QString &providerId, const QString &url)
{
    const QUrl parsed = parseBaseUrl(url);
    if (!url.trimmed().isEmpty() && !parsed.isValid())
        return false;
    for (ProviderEntry &entry : m_providers) {
        if (entry.id == providerId) {
            entry.settingsBaseUrl = parsed;
            resolveBaseUrl(entry);
        }
    }
    return true;
}

Status ProviderCatalog::readiness(const ProviderEntry &entry) const
{
    // A provider pointed at a server of the user's own (Ollama, a proxy, a test server) may not
    // need a key even if the public endpoint does; the server will say so if it does.
    if (entry.hasApiKey() || !entry.keyRequired || entry.baseUrlOverridden())
        return {};
    return EngineError { ErrorKind::MissingApiKey,
                         QStringLiteral(
                             "%1 needs an API key: set %2 in the environment and restart "
                             "Attache, or add the key in Providers.")
                             .arg(entry.name, entry.keyEnv) };
}

QString ProviderCatalog::autoSelect() const
{
    for (const ProviderEntry &entry : m_providers) {
        if (entry.hasApiKey())
            return entry.id;
    }
    for (const ProviderEntry &entry : m_providers) {
        if (entry.baseUrlOverridden())
            return entry.id;
    }
    return {};
}

EngineError ProviderCatalog::noProviderError() const
{
    QStringList keyVariables;
    for (const ProviderEntry &entry : m_providers) {
        if (entry.keyRequired && !entry.keyEnv.isEmpty())
            keyVariables.append(entry.keyEnv);
    }
    return EngineError { ErrorKind::NoProvider,
                         QStringLiteral(
                             "No AI provider is set up. Set an API key in the environment (%1) and "
                             "restart Attache, or point it at a local server, e.g. "
                             "ATTACHE_OLLAMA_BASE_URL=http://127.0.0.1:11434/v1, or add a key in "
                             "Providers.")
                             .arg(keyVariables.join(QLatin1String(", "))) };
}
