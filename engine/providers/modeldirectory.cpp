// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "providers/modeldirectory.h"

#include <QPointer>

#include <memory>

ModelDirectory::ModelDirectory(const ProviderCatalog &catalog, const ProviderSelection &selection,
                               MakeProvider makeProvider, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_selection(selection)
    , m_makeProvider(std::move(makeProvider))
{ }

void ModelDirectory::invalidate()
{
    ++m_generation;
    // Whoever waits for a list being fetched still gets an answer: the catalog's.
    const QHash<QString, Listing> listings = std::exchange(m_listings, {});
    for (const Listing &listing : listings) {
        for (const std::function<void()> &then : listing.waiting)
            then();
    }
}

bool ModelDirectory::fresh(const Listing &listing) const
{
    if (!listing.age.isValid())
        return false;
    return listing.age.elapsed() < (listing.fromProvider ? KeepMs : RetryMs);
}

QList<ModelInfo> ModelDirectory::modelsOf(const ProviderEntry &entry) const
{
    const auto it = m_listings.constFind(entry.id);
    if (it != m_listings.cend() && it->fromProvider)
        return it->models;
    return entry.models;
}

void ModelDirectory::withListing(const ProviderEntry &entry, std::function<void()> then)
{
    Listing &listing = m_listings[entry.id];
    if (listing.fetching) {
        listing.waiting.append(std::move(then));
        return;
    }
    if (fresh(listing) || !entry.modelsEndpoint) {
        then();
        return;
    }
    listing.fetching = true;
    listing.waiting.append(std::move(then));
    const std::unique_ptr<Provider> provider = m_makeProvider(entry);
    const QString id = entry.id;
    const quint64 generation = m_generation;
    provider->fetchModels(this, [this, id, generation](const Result<QList<ModelInfo>> &result) {
        if (generation != m_generation)
            return; // invalidated meanwhile; its waiters were answered then
        Listing &done = m_listings[id];
        done.fetching = false;
        done.fromProvider = result.ok() && !result.value().isEmpty();
        done.models = done.fromProvider ? result.value() : QList<ModelInfo>();
        done.age.start();
        const QList<std::function<void()>> waiting = std::exchange(done.waiting, {});
        for (const std::function<void()> &next : waiting)
            next();
    });
}

void ModelDirectory::resolve(const QString &model, QObject *context, ResolveCallback callback)
{
    const QString name = model.trimmed();
    if (name.isEmpty() || name == CurrentModel) {
        callback(m_selection.resolve({}));
        return;
    }
    const qsizetype slash = name.indexOf(QLatin1Char('/'));
    if (slash > 0) {
        if (const ProviderEntry *entry = m_catalog.find(name.left(slash))) {
            const Status ready = m_catalog.readiness(*entry);
            if (!ready) {
                // Known, but Attache is not set up for it (no key): the reason, not "no such
                // model", so the user fixes the setup instead of the name.
                callback(EngineError { ready.error().kind,
                                       QStringLiteral("The model \"%1\" cannot be used: %2")
                                           .arg(name, ready.error().message) });
                return;
            }
            const QString id = name.mid(slash + 1);
            if (id.isEmpty()) {
                callback(ProviderChoice { entry, m_selection.modelFor(*entry) });
                return;
            }
            check(*entry, id, name, context, std::move(callback));
            return;
        }
    }
    // A bare id (which may itself hold slashes, as OpenRouter's do) is the current provider's.
    const Result<const ProviderEntry *> current = m_selection.resolveCurrent();
    if (!current.ok()) {
        callback(current.error());
        return;
    }
    check(*current.value(), name, name, context, std::move(callback));
}

void ModelDirectory::check(const ProviderEntry &entry, const QString &id, const QString &named,
                           QObject *context, ResolveCallback callback)
{
    const QPointer<QObject> alive(context);
    const QString providerId = entry.id;
    withListing(entry, [this, alive, providerId, id, named, callback] {
        if (!alive)
            return;
        const ProviderEntry *entry = m_catalog.find(providerId);
        if (!entry) {
            callback(m_catalog.noProviderError());
            return;
        }
        const auto listing = m_listings.constFind(providerId);
        const bool listed = listing != m_listings.cend() && listing->fromProvider;
        if (!listed) {
            callback(ProviderChoice { entry, id }); // the provider will say if it has no such model
            return;
        }
        QStringList ids;
        for (const ModelInfo &info : listing->models) {
            if (info.id == id) {
                callback(ProviderChoice { entry, id });
                return;
            }
            if (ids.size() < 20)
                ids.append(info.id);
        }
        callback(EngineError {
            ErrorKind::UnknownModel,
            QStringLiteral("There is no model \"%1\": %2 offers %3%4. GET /v1/models lists every "
                           "model Attache can reach; \"attache\" is the one chosen in Attache.")
                .arg(named, entry->name, ids.join(QLatin1String(", ")),
                     listing->models.size() > ids.size() ? QStringLiteral(", …") : QString()) });
    });
}

void ModelDirectory::list(QObject *context, ListCallback callback)
{
    const QString current = m_selection.currentProviderId();
    QStringList asked;
    for (const ProviderEntry &entry : m_catalog.providers()) {
        if (m_catalog.readiness(entry).ok())
            asked.append(entry.id);
    }
    const QPointer<QObject> alive(context);
    auto remaining = std::make_shared<qsizetype>(asked.size() + 1);
    auto finish = [this, alive, current, asked, remaining, callback] {
        if (--*remaining > 0 || !alive)
            return;
        QList<ModelRef> models;
        if (m_selection.resolveCurrent().ok())
            models.append({ CurrentModel, current, m_selection.currentModel() });
        QList<ModelRef> qualified;
        for (const QString &providerId : asked) {
            const ProviderEntry *entry = m_catalog.find(providerId);
            if (!entry)
                continue;
            const auto listing = m_listings.constFind(providerId);
            const bool answered = listing != m_listings.cend() && listing->fromProvider;
            // A local server at its catalog address that does not answer is not running.
            const bool ownServer = entry->hasApiKey() || entry->baseUrlOverridden();
            if (!answered && !ownServer && providerId != current)
                continue;
            for (const ModelInfo &info : modelsOf(*entry)) {
                qualified.append({ providerId + QLatin1Char('/') + info.id, providerId, info.id });
                if (providerId == current)
                    models.append({ info.id, providerId, info.id });
            }
        }
        callback(models + qualified);
    };
    for (const QString &providerId : std::as_const(asked)) {
        if (const ProviderEntry *entry = m_catalog.find(providerId))
            withListing(*entry, finish);
    }
    finish(); // the one for the loop: none of the asks can finish the list before it is done
}
