// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "fakeprovider.h"
#include "sessions/sessionstore.h"
#include "testengine.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <memory>

/** An engine on a database file, as the app runs it; "restart" builds a fresh one on the same file.
 */
struct PersistentEngine
{
    PersistentEngine(const QString &dir, const QUrl &provider)
        : settings(dir + QStringLiteral("/settings.ini"))
        , store(dir + QStringLiteral("/attache.db"))
    {
        opened = store.open();
        catalog = ProviderCatalog::load({}, TestEngine::pointingAt(provider));
        engine = std::make_unique<Engine>(catalog, settings, &store);
    }
    ~PersistentEngine()
    {
        engine.reset();
        store.flush();
    }
    Run *chat(const QString &message, const QString &session = {})
    {
        ChatRequest request;
        request.message = message;
        request.session = session;
        request.clientId = QStringLiteral("c_test");
        Result<Run *> run = engine->chat(request);
        return run.ok() ? run.value() : nullptr;
    }
    static bool finish(Run *run)
    {
        QSignalSpy done(run, &Run::finished);
        return run->isFinished() || done.wait(30000);
    }

    Settings settings;
    SessionStore store;
    Status opened;
    ProviderCatalog catalog;
    std::unique_ptr<Engine> engine;
};

/** The stored session named name, or null. */
inline const StoredSession *findStored(const QList<StoredSession> &sessions, const QString &name)
{
    for (const StoredSession &session : sessions) {
        if (session.name == name)
            return &session;
    }
    return nullptr;
}

inline bool isStored(const PersistentEngine &app, const QString &name)
{
    return findStored(app.store.sessions(), name) != nullptr;
}

inline QString storedId(const PersistentEngine &app, const QString &name)
{
    const QList<StoredSession> sessions = app.store.sessions();
    const StoredSession *session = findStored(sessions, name);
    return session ? session->id : QString();
}

/** What a test class of engines on a database file holds: a fake provider and a directory, both
 * fresh for each test (setUp() from init(), tearDown() from cleanup()). */
class PersistentEngineFixture
{
protected:
    /** False if the provider could not listen. */
    bool setUp(QObject *owner)
    {
        m_fake = new FakeProvider(owner);
        QDir(m_dir.path()).removeRecursively();
        QDir().mkpath(m_dir.path());
        return m_fake->listen();
    }
    void tearDown()
    {
        delete m_fake;
        m_fake = nullptr;
    }
    /** An engine on the directory's database, as at a start of the app. */
    std::unique_ptr<PersistentEngine> start() const
    {
        return std::make_unique<PersistentEngine>(m_dir.path(), m_fake->baseUrl());
    }

    QTemporaryDir m_dir;
    FakeProvider *m_fake = nullptr;
};
