// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "providers/provider.h"
#include "providers/providerselection.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

#include <functional>
#include <memory>

/** A model as a client names it. */
struct ModelRef
{
    QString id; // "<provider>/<model>", a bare id of the current provider, or "attache"
    QString providerId;
    QString model; // the provider's own id
};

/**
 * The models clients of the gateways may name, and what a name resolves to: one place for every
 * door (OpenAI's, Anthropic's). Each provider's own list is asked for when first needed and kept
 * a few minutes; a provider that does not list its models (or does not answer) has its catalog
 * models, and any other name is left to it.
 */
class ModelDirectory : public QObject
{
    Q_OBJECT
public:
    using MakeProvider = std::function<std::unique_ptr<Provider>(const ProviderEntry &)>;
    ModelDirectory(const ProviderCatalog &catalog, const ProviderSelection &selection,
                   MakeProvider makeProvider, QObject *parent = nullptr);

    /** The name that means the current provider and model. */
    static inline const QString CurrentModel = QStringLiteral("attache");

    using ListCallback = std::function<void(const QList<ModelRef> &)>;
    /**
     * "attache", the current provider's models by their bare ids, then every usable provider's
     * as "<provider>/<model>". A provider that needs no key and keeps its catalog address (a local
     * server) is listed only when it answers. The callback runs only while context lives.
     */
    void list(QObject *context, ListCallback callback);

    using ResolveCallback = std::function<void(const Result<ProviderChoice> &)>;
    /**
     * What a client's model resolves to: "<provider>/<model>", a bare id of the current provider,
     * or "attache" (or empty) for the current provider and model. A model its provider does not
     * list, or one of a provider that cannot be used, is UnknownModel, naming it. Calls back
     * before it returns when nothing has to be asked; only while context lives.
     */
    void resolve(const QString &model, QObject *context, ResolveCallback callback);

    /** Forgets the lists: a key, an address or the provider changed. */
    void invalidate();

    static constexpr qint64 KeepMs = 5 * 60 * 1000; // a list the provider gave
    static constexpr qint64 RetryMs = 30 * 1000; // after a provider did not answer

private:
    struct Listing
    {
        QList<ModelInfo> models;
        bool fromProvider = false; // false: the catalog's, so other names may still exist
        bool fetching = false;
        QElapsedTimer age;
        QList<std::function<void()>> waiting;
    };
    /** Runs then once the provider's list is known (at once when it is fresh). */
    void withListing(const ProviderEntry &entry, std::function<void()> then);
    void check(const ProviderEntry &entry, const QString &id, const QString &named,
               QObject *context, ResolveCallback callback);
    bool fresh(const Listing &listing) const;
    QList<ModelInfo> modelsOf(const ProviderEntry &entry) const;

    const ProviderCatalog &m_catalog;
    const ProviderSelection &m_selection;
    MakeProvider m_makeProvider;
    QHash<QString, Listing> m_listings;
    quint64 m_generation = 0; // grows with invalidate(): answers to older asks are dropped
};
