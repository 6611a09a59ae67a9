// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/providerselection.h"

#include "enginelog.h"
#include "settings.h"

ProviderSelection::ProviderSelection(ProviderCatalog &catalog, Settings &settings, ApiKeys &keys,
                                     QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_settings(settings)
    , m_keys(keys)
{
    m_chosen = m_settings.value(Settings::Provider);
    if (!m_chosen.isEmpty() && !m_catalog.find(m_chosen)) {
        qCWarning(lcEngine, "the saved provider %s is not in the catalog any more",
                  qUtf8Printable(m_chosen));
        m_chosen.clear();
    }
    for (const ProviderEntry &entry : m_catalog.providers()) {
        const QString url = m_settings.baseUrl(entry.id);
        if (!url.isEmpty() && !m_catalog.setSettingsBaseUrl(entry.id, url)) {
            qCWarning(lcEngine, "provider %s: ignoring the saved base URL, not an http(s) URL",
                      qUtf8Printable(entry.id));
        }
    }
}

QString ProviderSelection::currentProviderId() const
{
    return m_chosen.isEmpty() ? m_catalog.autoSelect() : m_chosen;
}

QList<ProviderStatus> ProviderSelection::providers() const
{
    const QString current = currentProviderId();
    QList<ProviderStatus> list;
    for (const ProviderEntry &entry : m_catalog.providers()) {
        list.append({ entry.id, entry.name, entry.hasApiKey(), m_catalog.readiness(entry).ok(),
                      entry.id == current, entry.baseUrl.toString(), entry.keySource,
                      m_keys.isLoading(entry.id) });
    }
    return list;
}

Status ProviderSelection::setProvider(const QString &providerId)
{
    const ProviderEntry *entry = m_catalog.find(providerId);
    if (!entry) {
        QStringList ids;
        for (const ProviderEntry &e : m_catalog.providers())
            ids.append(e.id);
        return EngineError { ErrorKind::UnknownProvider,
                             QStringLiteral("There is no provider \"%1\". Known providers: %2.")
                                 .arg(providerId, ids.join(QLatin1String(", "))) };
    }
    if (m_chosen == providerId)
        return {};
    m_chosen = providerId;
    m_settings.setValue(Settings::Provider, providerId);
    m_settings.sync();
    Q_EMIT providerChanged(providerId);
    Q_EMIT modelChanged(currentModel());
    return {};
}

QString ProviderSelection::currentModel() const
{
    const ProviderEntry *entry = m_catalog.find(currentProviderId());
    return entry ? modelFor(*entry) : QString();
}

QString ProviderSelection::modelFor(const ProviderEntry &entry) const
{
    const QString chosen = m_settings.model(entry.id);
    return chosen.isEmpty() ? entry.defaultModel : chosen;
}

Status ProviderSelection::setModel(const QString &model)
{
    const QString providerId = currentProviderId();
    if (providerId.isEmpty())
        return m_catalog.noProviderError();
    if (model.trimmed().isEmpty())
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("The model name is empty.") };
    if (model == currentModel())
        return {};
    m_settings.setModel(providerId, model.trimmed());
    m_settings.sync();
    Q_EMIT modelChanged(model.trimmed());
    return {};
}

Status ProviderSelection::setBaseUrl(const QString &providerId, const QString &url)
{
    if (!m_catalog.find(providerId)) {
        return EngineError { ErrorKind::UnknownProvider,
                             QStringLiteral("There is no provider \"%1\".").arg(providerId) };
    }
    const QUrl parsed = ProviderCatalog::parseBaseUrl(url);
    if (!url.trimmed().isEmpty() && !parsed.isValid()) {
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("\"%1\" is not an http(s) URL; a local server's looks "
                                            "like http://127.0.0.1:11434/v1.")
                                 .arg(url.trimmed()) };
    }
    const QString value = parsed.isValid() ? parsed.toString() : QString();
    if (value == m_settings.baseUrl(providerId))
        return {};
    m_settings.setBaseUrl(providerId, value);
    m_settings.sync();
    m_catalog.setSettingsBaseUrl(providerId, value);
    Q_EMIT providerChanged(currentProviderId());
    return {};
}

const ProviderEntry *ProviderSelection::awaitingKey(const QString &providerId) const
{
    if (!m_keys.isLoading())
        return nullptr;
    if (!providerId.isEmpty())
        return m_keys.isLoading(providerId) ? m_catalog.find(providerId) : nullptr;
    const QString current = currentProviderId();
    if (!current.isEmpty())
        return m_keys.isLoading(current) ? m_catalog.find(current) : nullptr;
    // With none usable yet, the first provider with a key will be: the first one being read.
    for (const ProviderEntry &entry : m_catalog.providers()) {
        if (m_keys.isLoading(entry.id))
            return &entry;
    }
    return nullptr;
}

Result<const ProviderEntry *> ProviderSelection::resolveCurrent() const
{
    const QString providerId = currentProviderId();
    if (providerId.isEmpty())
        return m_catalog.noProviderError();
    const ProviderEntry *entry = m_catalog.find(providerId);
    if (!entry)
        return m_catalog.noProviderError();
    const Status ready = m_catalog.readiness(*entry);
    if (!ready)
        return ready.error();
    return entry;
}

Result<const ProviderEntry *> ProviderSelection::resolveNamed(const QString &providerId) const
{
    if (providerId.isEmpty())
        return resolveCurrent();
    const ProviderEntry *entry = m_catalog.find(providerId);
    if (!entry)
        return EngineError { ErrorKind::UnknownProvider,
                             QStringLiteral("There is no provider \"%1\".").arg(providerId) };
    const Status ready = m_catalog.readiness(*entry);
    if (!ready)
        return ready.error();
    return entry;
}

Result<ProviderChoice> ProviderSelection::resolve(const QString &model) const
{
    if (model.isEmpty()) {
        const Result<const ProviderEntry *> current = resolveCurrent();
        if (!current.ok())
            return current.error();
        return ProviderChoice { current.value(), modelFor(*current.value()) };
    }
    const qsizetype slash = model.indexOf(QLatin1Char('/'));
    if (slash > 0) {
        if (const ProviderEntry *entry = m_catalog.find(model.left(slash))) {
            const Status ready = m_catalog.readiness(*entry);
            if (!ready)
                return ready.error();
            const QString id = model.mid(slash + 1);
            return ProviderChoice { entry, id.isEmpty() ? modelFor(*entry) : id };
        }
    }
    // A bare id (which may itself hold slashes, as OpenRouter's do) is the current provider's.
    const Result<const ProviderEntry *> current = resolveCurrent();
    if (!current.ok())
        return current.error();
    return ProviderChoice { current.value(), model };
}
