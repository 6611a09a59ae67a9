// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "engine.h"

#include "enginelog.h"
#include "runs/contextinjector.h"
#include "runs/conversation.h"
#include "runs/rundriver.h"
#include "settings.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QRandomGenerator>

#include <algorithm>

namespace {

QString randomId(QLatin1String prefix, int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(raw.data()), bytes / 4);
    return prefix + QString::fromLatin1(raw.toHex());
}

QString composeMessage(const ChatRequest &request)
{
    if (request.code.isEmpty())
        return request.message;
    return request.message + QLatin1String("\n\n```") + request.language + QLatin1Char('\n')
        + request.code + QLatin1String("\n```");
}

} // namespace

Engine::Engine(ProviderCatalog &catalog, Settings &settings, SessionStore *store, QObject *parent)
    : QObject(parent)
    , m_catalog(catalog)
    , m_settings(settings)
    , m_store(store)
    , m_sessions(settings, store)
    , m_tools(settings)
    , m_mcp(m_tools)
    , m_keys(catalog, settings)
    , m_selection(catalog, settings, m_keys)
    , m_models(catalog, m_selection,
               [this](const ProviderEntry &entry) { return makeProvider(entry); })
    , m_responses(store)
{
    qRegisterMetaType<RunEvent>();
    qRegisterMetaType<Usage>();
    qRegisterMetaType<EngineError>();
    connect(&m_selection, &ProviderSelection::providerChanged, this, &Engine::providerChanged);
    // A key, an address or the choice changed: what the providers list may have changed too.
    connect(this, &Engine::providerChanged, &m_models, &ModelDirectory::invalidate);
    connect(&m_selection, &ProviderSelection::modelChanged, this, &Engine::modelChanged);
    connect(&m_keys, &ApiKeys::changed, this, &Engine::onKeyChanged);
    connect(&m_sessions, &SessionManager::sessionsChanged, this, &Engine::sessionsChanged);
    connect(&m_sessions, &SessionManager::historyChanged, this, &Engine::historyChanged);
    connect(&m_sessions, &SessionManager::currentChanged, this, &Engine::currentSessionChanged);
    if (m_store) {
        connect(m_store, &SessionStore::writeFailed, this, [this](const QString &message) {
            m_storageError = message;
            Q_EMIT storageFailed(message);
            m_notifications.post(message, QStringLiteral("info"), QStringLiteral("engine"));
        });
    }

    auto bumpOn = [this](auto signal, const QString &topic) {
        connect(this, signal, &m_topics, [this, topic] { m_topics.bump(topic); });
    };
    bumpOn(&Engine::sessionsChanged, QStringLiteral("sessions"));
    bumpOn(&Engine::currentSessionChanged, QStringLiteral("sessions"));
    bumpOn(&Engine::historyChanged, QStringLiteral("history"));
    bumpOn(&Engine::providerChanged, QStringLiteral("providers"));
    bumpOn(&Engine::modelChanged, QStringLiteral("models"));
    connect(&m_tools, &ToolBox::changed, &m_topics,
            [this] { m_topics.bump(QStringLiteral("tools")); });
    connect(&m_mcp, &McpManager::changed, &m_topics,
            [this] { m_topics.bump(QStringLiteral("mcp")); });
    connect(&m_presence, &Presence::clientsChanged, &m_topics,
            [this] { m_topics.bump(QStringLiteral("clients")); });
}

Engine::~Engine()
{
    // Runs are children; stop their upstream requests before the network manager goes.
    for (Run *run : m_history.runs())
        run->disconnect(this);
    m_history.clear();
}

NetworkTimeouts Engine::timeouts() const
{
    NetworkTimeouts t;
    t.firstByteMs = m_settings.value(Settings::FirstByteTimeoutMs);
    t.stallMs = m_settings.value(Settings::StallTimeoutMs);
    t.modelsMs = m_settings.value(Settings::ModelsTimeoutMs);
    t.retryBaseMs = qMax(0, m_settings.value(Settings::RetryBaseMs));
    return t;
}

// Sessions ------------------------------------------------------------------------------------

Result<QList<ChatMessage>> Engine::history(const QString &sessionRef) const
{
    const Session *s = session(sessionRef);
    if (!s)
        return EngineError { ErrorKind::NotFound,
                             QStringLiteral("There is no session \"%1\".").arg(sessionRef) };
    return s->messages;
}

Status Engine::clearHistory(const QString &sessionRef)
{
    return m_sessions.clear(sessionRef);
}

bool Engine::autoInject() const
{
    return m_settings.value(Settings::AutoInject);
}

void Engine::setAutoInject(bool enabled)
{
    if (enabled == autoInject())
        return;
    m_settings.setValue(Settings::AutoInject, enabled);
    m_settings.sync();
    m_topics.bump(QStringLiteral("settings"));
}

Result<UsageReport> Engine::usage(const UsageFilter &filter) const
{
    if (!m_store)
        return UsageReport();
    return m_store->usage(filter);
}

double Engine::cost(const QString &providerId, const QString &model, qint64 promptTokens,
                    qint64 completionTokens) const
{
    Usage usage;
    usage.promptTokens = promptTokens;
    usage.completionTokens = completionTokens;
    return cost(providerId, model, usage);
}

double Engine::cost(const QString &providerId, const QString &model, const Usage &usage) const
{
    const ProviderEntry *entry = m_catalog.find(providerId);
    const ModelInfo *info = entry ? entry->findModel(model) : nullptr;
    if (!info || info->inputPrice < 0 || info->outputPrice < 0)
        return 0;
    const double readPrice = info->cacheReadPrice >= 0 ? info->cacheReadPrice : info->inputPrice;
    const double writePrice = info->cacheWritePrice >= 0 ? info->cacheWritePrice : info->inputPrice;
    const qint64 cached = usage.cacheReadTokens + usage.cacheWriteTokens;
    const qint64 uncached = qMax<qint64>(0, usage.promptTokens - cached);
    return (uncached * info->inputPrice + usage.cacheReadTokens * readPrice
            + usage.cacheWriteTokens * writePrice + usage.completionTokens * info->outputPrice)
        / 1e6;
}

// Providers -----------------------------------------------------------------------------------

void Engine::setApiKey(const QString &providerId, const QString &key)
{
    m_keys.setForThisRun(providerId, key); // onKeyChanged tells everyone
}

void Engine::onKeyChanged(const QString &providerId)
{
    Q_EMIT providerChanged(currentProviderId());
    if (m_keys.isLoading(providerId))
        return;
    // Chats sent while this key was being read wait at the head of their session's queue.
    for (const Session *s : m_sessions.list()) {
        if (s->active || s->queue.isEmpty())
            continue;
        if (Session *session = m_sessions.find(s->id))
            startNext(*session);
    }
}

std::unique_ptr<Provider> Engine::makeProvider(const ProviderEntry &entry) const
{
    return ::makeProvider(entry, { m_network, m_upstream, timeouts() });
}

void Engine::fetchModels(QObject *context, std::function<void(const ModelList &)> callback)
{
    const Result<const ProviderEntry *> entry = m_selection.resolveCurrent();
    if (!entry.ok()) {
        callback({ {}, false, entry.error().message });
        return;
    }
    const std::unique_ptr<Provider> provider = makeProvider(*entry.value());
    const QList<ModelInfo> catalogModels = entry.value()->models;
    provider->fetchModels(context,
                          [callback, catalogModels](const Result<QList<ModelInfo>> &result) {
                              if (result.ok() && !result.value().isEmpty())
                                  callback({ result.value(), true, {} });
                              else
                                  callback({ catalogModels, false,
                                             result.ok() ? QString() : result.error().message });
                          });
}

// Chats and runs ------------------------------------------------------------------------------

Result<Run *> Engine::chat(const ChatRequest &request, const Watch &watch)
{
    if (request.message.trimmed().isEmpty() && request.code.trimmed().isEmpty())
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("The message is empty: write something to send.") };
    const Result<const ProviderEntry *> provider = m_selection.resolveNamed(request.provider);
    // Sent in the first moments, while stored keys are still being read: it waits for its key.
    const ProviderEntry *awaited = m_selection.awaitingKey(request.provider);
    if (!provider.ok() && !awaited)
        return provider.error();

    // The new session's row waits with the run's first token (holdUntilFirstEvent).
    const SessionStore::Hold hold(m_store);
    Session *session = m_sessions.find(request.session);
    if (!session)
        session = &m_sessions.create(request.session);

    const ProviderEntry &entry = awaited ? *awaited : *provider.value();
    const ContextInjector::Outcome context = ContextInjector::inject(
        composeMessage(request), m_tools.workspace(), m_settings.value(Settings::AutoInject));
    const QString model = request.model.trimmed();
    RunSpec spec {
        entry.id,        entry.name,       model.isEmpty() ? m_selection.modelFor(entry) : model,
        context.message, request.clientId, context.injected
    };
    return enqueue(*session, std::move(spec), watch);
}

Run *Engine::enqueue(Session &session, RunSpec spec, const Watch &watch)
{
    auto *run = new Run(randomId(QLatin1String("r_"), 8), session.id, std::move(spec), this);
    if (m_encoderFactory)
        run->setEncoder(m_encoderFactory(*run));
    m_history.add(run);
    connect(run, &Run::finished, this, [this, run] { onRunFinished(run); });
    session.queue.append(run);
    Q_EMIT runCreated(run);
    startNext(session);
    if (run->state() == Run::State::Queued)
        announceQueued(session, run);
    if (watch)
        watch(run); // the provider first: its reply is what everyone waits for
    return run;
}

void Engine::announceQueued(Session &session, Run *run)
{
    // Said at once, so nobody takes the wait for a stalled relay: what it waits for, and where.
    Run *ahead = session.active;
    int position = 0;
    for (const QPointer<Run> &waiting : std::as_const(session.queue)) {
        if (!waiting || waiting->isFinished())
            continue;
        ++position;
        if (waiting == run)
            break;
        if (!ahead)
            ahead = waiting;
    }
    run->announceQueued(ahead ? ahead->id() : QString(), qMax(1, position));
    if (ahead)
        Q_EMIT runQueued(run, ahead);
}

bool Engine::hasWaitingTurn(const Run *run) const
{
    const Session *session = m_sessions.find(run->sessionId());
    if (!session)
        return false;
    return std::any_of(session->queue.cbegin(), session->queue.cend(),
                       [run](const QPointer<Run> &waiting) {
                           return waiting && waiting != run && !waiting->isFinished();
                       });
}

QStringList Engine::codingTaskTypes()
{
    return { QStringLiteral("explain"), QStringLiteral("test"),      QStringLiteral("docs"),
             QStringLiteral("debug"),   QStringLiteral("implement"), QStringLiteral("review") };
}

Result<Run *> Engine::codingTask(const CodingTask &task, const Watch &watch)
{
    if (!codingTaskTypes().contains(task.type)) {
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("\"task_type\" must be one of %1.")
                                 .arg(codingTaskTypes().join(QLatin1String(", "))) };
    }
    if (task.content.trimmed().isEmpty())
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral(
                                 "\"content\" is empty: paste the code or describe the task.") };
    // A translated prompt wins when there is one for the user's language.
    QFile prompt(
        QStringLiteral(":/attache/prompts/%1/%2.md").arg(QLocale().name().left(2), task.type));
    if (!prompt.exists())
        prompt.setFileName(QStringLiteral(":/attache/prompts/%1.md").arg(task.type));
    if (!prompt.open(QIODevice::ReadOnly))
        return EngineError {
            ErrorKind::InvalidRequest,
            QStringLiteral("The %1 prompt is missing from this build.").arg(task.type)
        };
    QString text = QString::fromUtf8(prompt.readAll());
    text.replace(QLatin1String("{language} "),
                 task.language.isEmpty() ? QString() : task.language + QLatin1Char(' '));
    text.replace(QLatin1String("{language}"), task.language);
    text.replace(QLatin1String("{filename}"),
                 task.filename.isEmpty() ? QString()
                                         : QStringLiteral(" (from %1)").arg(task.filename));
    text.replace(QLatin1String("{content}"), task.content);
    ChatRequest request;
    request.message = text.trimmed();
    request.session = task.session;
    request.clientId = task.clientId;
    return chat(request, watch);
}

void Engine::startNext(Session &session)
{
    if (session.active)
        return;
    while (!session.queue.isEmpty()) {
        Run *run = session.queue.constFirst();
        if (run && !run->isFinished() && m_keys.isLoading(run->spec().providerId))
            return; // its key is on its way from the secret store (onKeyChanged)
        session.queue.removeFirst();
        if (!run || run->isFinished())
            continue; // cancelled while it waited
        const ProviderEntry *entry = m_catalog.find(run->spec().providerId);
        const Status ready =
            entry ? m_catalog.readiness(*entry) : Status(m_catalog.noProviderError());
        if (!ready) { // a key forgotten, or never read, while it waited
            run->fail(ready.error());
            continue;
        }
        TurnDriver *driver = nullptr;
        if (run->spec().clientTurn) {
            // The client's conversation is compared with what was said, not with the marks.
            driver = run->spec().clientTurn(run, Conversation::withoutMarks(session.messages));
            if (!driver) { // its client went away while it waited
                run->cancel(QStringLiteral("client_disconnected"));
                continue;
            }
        } else {
            ChatMessage user;
            user.role = QStringLiteral("user");
            user.content = run->spec().userMessage;
            ChatParams params;
            params.model = run->spec().model;
            // Calls a gateway client asked for and never answered get a result, so the provider
            // takes the conversation.
            params.messages = Conversation::withAnswers(conversationFor(session));
            params.messages.append(user);
            params.options.temperature = session.settings.temperature;
            params.options.maxTokens = session.settings.maxTokens;
            driver = new RunDriver(run, makeProvider(*entry), params, &m_tools);
        }
        session.messages.append(driver->input());
        session.active = run;
        driver->setBeforeComplete(
            [this, run](std::function<void()> proceed) { recordTurn(run, std::move(proceed)); });
        holdUntilFirstEvent(run);
        driver->start();
        Q_EMIT historyChanged(session.id);
        return;
    }
}

void Engine::holdUntilFirstEvent(Run *run)
{
    auto *first = new QObject(run); // the hold lasts as long as this
    if (m_store) {
        m_store->holdWrites();
        connect(first, &QObject::destroyed, m_store, &SessionStore::releaseWrites);
    }
    connect(run, &Run::eventAdded, first, [this, first](const RunEvent &event) {
        if (event.type == EventType::StreamStart)
            return;
        delete first;
        m_history.freeSoon(); // after this event has reached its watchers
    });
}

void Engine::recordTurn(Run *run, std::function<void()> committed)
{
    Session *session = m_sessions.find(run->sessionId());
    if (!session || session->active != run || !m_history.markRecorded(run->id())) {
        if (committed)
            committed();
        return;
    }
    // The turn as it ends: its input, tool calls and results, and a cut-short reply kept, marked.
    QList<ChatMessage> input;
    QList<ChatMessage> added;
    if (const TurnDriver *driver =
            run->findChild<TurnDriver *>(QString(), Qt::FindDirectChildrenOnly)) {
        input = driver->input();
        added = driver->turnMessages();
    }
    const Usage u = run->finalUsage();
    const RunSpec &spec = run->spec();
    UsageRecord usage { session->id,        run->id(),
                        spec.clientId,      spec.providerId,
                        spec.model,         u.promptTokens,
                        u.completionTokens, cost(spec.providerId, spec.model, u),
                        u.estimated,        QDateTime::currentDateTimeUtc() };
    usage.cacheReadTokens = u.cacheReadTokens;
    usage.cacheWriteTokens = u.cacheWriteTokens;
    markReply(added, *run, usage);
    session->messages.append(added);
    const QList<ChatMessage> turn = input + added;
    m_sessions.setProviderAndModel(*session, spec.providerId, spec.model);
    m_sessions.recordTurn(*session, turn, usage, std::move(committed), spec.keepStored);
}

void Engine::onRunFinished(Run *run)
{
    recordTurn(run, {}); // a failed or cancelled turn is stored now; a done one already was
    if (Session *session = m_sessions.find(run->sessionId()); session && session->active == run)
        session->active = nullptr;
    Q_EMIT runFinished(run);
    m_history.retire(run);
    // Start the next waiting turn after this event has been delivered everywhere.
    const QString sessionId = run->sessionId();
    QMetaObject::invokeMethod(
        this,
        [this, sessionId] {
            if (Session *s = m_sessions.find(sessionId))
                startNext(*s);
        },
        Qt::QueuedConnection);
}

Run *Engine::findRun(const QString &runId) const
{
    return m_history.find(runId);
}

Run *Engine::activeRun(const QString &sessionRef) const
{
    const Session *s = session(sessionRef);
    return s ? s->active.data() : nullptr;
}

QList<Run *> Engine::activeRuns() const
{
    return m_history.active();
}

bool Engine::cancelRun(const QString &runId, const QString &reason)
{
    Run *run = findRun(runId);
    return run && run->cancel(reason);
}

EngineStatus Engine::status() const
{
    EngineStatus status;
    status.version = QStringLiteral(ATTACHE_VERSION);
    status.provider = currentProviderId();
    status.model = currentModel();
    status.session = currentSessionId();
    status.activeRuns = int(activeRuns().size());
    status.sessions = int(sessions().size());
    status.storage = m_store ? m_store->path() : QStringLiteral("memory");
    if (m_store)
        status.storageWarning = m_store->warning();
    status.storageError = m_storageError;
    if (status.provider.isEmpty()) {
        status.setupNeeded = m_catalog.noProviderError();
    } else if (const ProviderEntry *entry = m_catalog.find(status.provider)) {
        const Status ready = m_catalog.readiness(*entry);
        if (!ready)
            status.setupNeeded = ready.error();
    }
    return status;
}
