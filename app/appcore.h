// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "apiserver.h"
#include "discoveryfile.h"
#include "engine.h"
#include "options.h"
#include "providers/providercatalog.h"
#include "sessions/sessionstore.h"
#include "settings.h"

#include <memory>

/**
 * The object graph every mode shares: settings, provider catalog, engine, local server and
 * discovery file, built in dependency order and torn down in reverse.
 */
class AppCore
{
public:
    explicit AppCore(const Options &options);
    ~AppCore();

    /** Listens and writes the discovery file; false with a message for the user. */
    bool start(QString *error);

    Settings &settings() { return m_settings; }
    Engine &engine() { return *m_engine; }
    ApiServer &server() { return *m_server; }
    const DiscoveryFile &discovery() const { return m_discovery; }
    /** A warning worth showing the user (e.g. a broken providers.json), or empty. */
    QString warning() const { return m_warning; }

    /** The live instance named by the discovery file, if one answers. */
    static std::optional<DiscoveryFile::Info> runningInstance(const DiscoveryFile &file);

private:
    QString m_warning; // first: the members below write to it as they are built
    Settings m_settings;
    ProviderCatalog m_catalog;
    std::unique_ptr<SessionStore> m_store; // null when the database cannot be used
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<ApiServer> m_server;
    DiscoveryFile m_discovery;
    bool m_wroteDiscovery = false;
};
