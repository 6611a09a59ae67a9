// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// An engine whose Anthropic provider talks to the fake Anthropic API, with a real SQLite store
// (the usage ledger) and the events as clients see them.
#include "engine.h"
#include "fakeanthropic.h"
#include "sessions/sessionstore.h"
#include "settings.h"
#include "wire/runeventjson.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

struct AnthropicEngine
{
    static inline const QString Key = QStringLiteral("sk-ant-test-key");

    /** userProviders: a providers.json merged over the catalog (settings per provider). */
    explicit AnthropicEngine(const QUrl &baseUrl, const QByteArray &userProviders = {})
        : settings(dir.filePath(QStringLiteral("settings.ini")))
        , store(dir.filePath(QStringLiteral("attache.db")))
    {
        opened = store.open();
        QProcessEnvironment environment;
        environment.insert(QStringLiteral("ATTACHE_ANTHROPIC_BASE_URL"), baseUrl.toString());
        environment.insert(QStringLiteral("ANTHROPIC_API_KEY"), Key);
        QFile builtIn(QStringLiteral(":/attache/providers.json"));
        builtIn.open(QIODevice::ReadOnly);
        catalog = ProviderCatalog::fromJson(builtIn.readAll(), userProviders, environment).value();
        // Retries wait 20 ms, 40 ms instead of a second and two.
        settings.setValue(Settings::RetryBaseMs, 20);
        engine = std::make_unique<Engine>(catalog, settings, &store);
        engine->setEncoderFactory(
            [](const Run &run) { return std::make_unique<RunEventJson>(run); });
        engine->setProvider(QStringLiteral("anthropic"));
    }
    ~AnthropicEngine()
    {
        engine.reset();
        store.flush();
    }

    Run *chat(const QString &message)
    {
        ChatRequest request;
        request.message = message;
        Result<Run *> run = engine->chat(request);
        if (!run.ok())
            qWarning("chat failed: %s", qPrintable(run.error().message));
        return run.ok() ? run.value() : nullptr;
    }

    QTemporaryDir dir;
    Settings settings;
    SessionStore store;
    Status opened;
    ProviderCatalog catalog;
    std::unique_ptr<Engine> engine;
};

namespace anthropictest {

inline bool finished(Run *run, int timeoutMs = 10000)
{
    return run && QTest::qWaitFor([run] { return run->isFinished(); }, timeoutMs);
}

inline QStringList types(const Run *run)
{
    QStringList list;
    for (const RunEvent &event : run->events())
        list.append(QString::fromLatin1(eventTypeName(event.type)));
    return list;
}

/** The data of every event of a type, as clients see them. */
inline QList<QJsonObject> eventsOf(const Run *run, EventType type)
{
    QList<QJsonObject> list;
    for (const RunEvent &event : run->events()) {
        if (event.type == type)
            list.append(QJsonDocument::fromJson(event.wire).object());
    }
    return list;
}

inline QString errorCode(const Run *run)
{
    return run->error() ? run->error()->code() : QString();
}

inline FakeMessage text(const QStringList &pieces)
{
    FakeMessage message;
    message.text = pieces;
    return message;
}

inline FakeMessage fault(FakeMessage::Fault fault, int faultAfter = 0)
{
    FakeMessage message;
    message.fault = fault;
    message.faultAfter = faultAfter;
    return message;
}

} // namespace anthropictest
