// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the engine's chat tests share: an engine pointed at a fake provider, a way to start a chat,
// a log of every run's events, and replies and requests in short.
#include "attachewarnings.h"
#include "fakeprovider.h"
#include "testengine.h"
#include "wire/runeventjson.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

namespace {

/** Records every event of every run the engine creates, from the first one on. */
struct EventLog
{
    explicit EventLog(Engine &engine)
    {
        // The events as clients see them: through the server's encoder.
        engine.setEncoderFactory(
            [](const Run &run) { return std::make_unique<RunEventJson>(run); });
        QObject::connect(&engine, &Engine::runCreated, &engine, [this](Run *run) {
            QObject::connect(run, &Run::eventAdded, run, [this, id = run->id()](const RunEvent &e) {
                events[id].append(eventJson(e.wire));
            });
        });
    }
    QStringList types(const QString &runId) const
    {
        QStringList list;
        for (const QJsonObject &e : events.value(runId))
            list.append(e.value(QLatin1String("type")).toString());
        return list;
    }
    QHash<QString, QList<QJsonObject>> events;
};

inline FakeReply reply(QStringList tokens, int delayMs = 0)
{
    FakeReply r;
    r.tokens = std::move(tokens);
    r.delayMs = delayMs;
    return r;
}

inline QList<QPair<QString, QString>> roles(const QJsonObject &requestBody)
{
    QList<QPair<QString, QString>> list;
    for (const QJsonValue &m : requestBody.value(QLatin1String("messages")).toArray())
        list.append(
            { m[QLatin1String("role")].toString(), m[QLatin1String("content")].toString() });
    return list;
}

} // namespace

/** An engine talking to a fake provider on a free loopback port, fresh for every test. */
class EngineFixture : public QObject
{
    Q_OBJECT

protected:
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<TestEngine> m_test;
    Engine &engine() { return *m_test->engine; }

    Run *chat(const QString &message, const QString &session = {})
    {
        ChatRequest request;
        request.message = message;
        request.session = session;
        Result<Run *> run = engine().chat(request);
        if (!run.ok())
            qWarning("chat failed: %s", qPrintable(run.error().message));
        return run.ok() ? run.value() : nullptr;
    }

protected Q_SLOTS:
    void init()
    {
        failOnAttacheWarnings();
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<TestEngine>(TestEngine::pointingAt(m_fake->baseUrl()));
    }
    void cleanup()
    {
        m_test.reset();
        delete m_fake;
    }
};
