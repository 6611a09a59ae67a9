// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engine.h"
#include "keys/keystore.h"
#include "providers/providercatalog.h"
#include "settings.h"

#include <QFile>
#include <QProcessEnvironment>

#include <memory>

/** Settings, catalog and engine over one config folder, as Attache builds them at start; a second
 * one over the same folder is Attache started again. */
struct KeysApp
{
    KeysApp(const QString &configDir, const QProcessEnvironment &environment)
        : settings(configDir + QLatin1String("/settings.ini"))
    {
        catalog = ProviderCatalog::load({}, environment);
        engine = std::make_unique<Engine>(catalog, settings);
    }

    ApiKeys &keys() { return engine->keys(); }
    const ProviderEntry &entry(const QString &id) { return *catalog.find(id); }

    Settings settings;
    ProviderCatalog catalog;
    std::unique_ptr<Engine> engine;
};

/** Catches a KeyStore or ApiKeys answer (wait with QTRY_VERIFY(answer.count > 0)). */
struct Answer
{
    KeyStore::Callback callback()
    {
        return [this](const KeyStore::Outcome &outcome) {
            result = outcome;
            ++count;
        };
    }

    KeyStore::Outcome result;
    int count = 0;
};
