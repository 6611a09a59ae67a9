// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessions/sessionmanager.h"

#include "runs/run.h"
#include "settings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace {

QString newId()
{
    return QStringLiteral("s_")
        + QString::number(QRandomGenerator::global()->generate64() & 0xffffffffffffull, 16);
}

const SettingKey<QString> LastSession { "chat/lastSession", {} };

} // namespace

SessionManager::SessionManager(Settings &settings, SessionStore *store, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_store(store)
{
    if (m_store) {
        for (const StoredSession &stored : m_store->sessions()) {
            Session session;
            session.id = stored.id;
            session.name = stored.name;
            session.created = stored.created;
            session.updated = stored.updated;
            session.provider = stored.provider;
            session.model = stored.model;
            session.settings = stored.settings;
            session.title = titleFor(stored.firstMessage);
            session.loaded = false;
            session.storedCount = stored.messageCount;
            m_byName.insert(session.name, session.id);
            m_sessions.insert(session.id, session);
        }
    }
    const QString last = m_settings.value(LastSession);
    if (m_sessions.contains(last))
        m_current = last;
    else if (!m_sessions.isEmpty())
        m_current = list().constFirst()->id;
    else
        m_current = create(QStringLiteral("Default")).id;
}

Session *SessionManager::find(const QString &ref)
{
    const QString key = ref.isEmpty() ? m_current : ref;
    auto it = m_sessions.find(key);
    if (it == m_sessions.end()) {
        it = m_sessions.find(m_byName.value(key));
        if (it == m_sessions.end())
            return nullptr;
    }
    if (!it->loaded) {
        it->messages = m_store ? m_store->messages(it->id) : QList<ChatMessage>();
        it->loaded = true;
    }
    return &it.value();
}

const Session *SessionManager::find(const QString &ref) const
{
    return const_cast<SessionManager *>(this)->find(ref);
}

QList<const Session *> SessionManager::list() const
{
    QList<const Session *> sessions;
    for (const Session &session : m_sessions)
        sessions.append(&session);
    std::sort(sessions.begin(), sessions.end(),
              [](const Session *a, const Session *b) { return a->updated > b->updated; });
    return sessions;
}

void SessionManager::unindexName(const Session &session)
{
    const auto named = m_byName.constFind(session.name);
    if (named == m_byName.cend() || named.value() != session.id)
        return;
    m_byName.erase(named);
    // Names are unique, but a store written by an older version may repeat one.
    for (const Session &other : std::as_const(m_sessions)) {
        if (other.name == session.name && other.id != session.id) {
            m_byName.insert(other.name, other.id);
            return;
        }
    }
}

void SessionManager::setClock(Clock clock)
{
    m_now = clock ? std::move(clock) : Clock(&QDateTime::currentDateTimeUtc);
}

void SessionManager::persist(const Session &session)
{
    if (m_store)
        m_store->saveSession({ session.id, session.name, session.created, session.updated,
                               session.provider, session.model, int(session.messages.size()),
                               session.settings });
}

Session &SessionManager::create(const QString &name)
{
    Session session;
    session.id = newId();
    session.name = name.isEmpty() ? uniqueName(QStringLiteral("Chat")) : name;
    session.created = session.updated = m_now();
    auto it = m_sessions.insert(session.id, session);
    m_byName.insert(session.name, session.id);
    persist(*it);
    Q_EMIT sessionsChanged();
    return it.value();
}

EngineError SessionManager::notFound(const QString &ref) const
{
    return { ErrorKind::NotFound,
             QStringLiteral("There is no session \"%1\"; GET /sessions lists them.").arg(ref) };
}

Status SessionManager::checkName(const QString &name, const QString &except) const
{
    if (name.trimmed().isEmpty())
        return EngineError { ErrorKind::InvalidRequest, QStringLiteral("A session needs a name.") };
    if (name.size() > 200)
        return EngineError { ErrorKind::InvalidRequest,
                             QStringLiteral("A session name has at most 200 characters.") };
    const auto named = m_byName.constFind(name);
    if (named != m_byName.cend() && named.value() != except)
        return EngineError::make(
            ErrorKind::Conflict,
            QT_TRANSLATE_NOOP("Engine",
                              "There is already a session named \"%1\"; pick another name."),
            { name });
    return {};
}

QString SessionManager::uniqueName(const QString &base) const
{
    for (int n = 1;; ++n) {
        const QString candidate = QStringLiteral("%1 %2").arg(base).arg(n);
        if (checkName(candidate).ok())
            return candidate;
    }
}

Result<QString> SessionManager::newSession(const QString &name)
{
    if (!name.isEmpty()) {
        if (Status ok = checkName(name); !ok)
            return ok.error();
    }
    return create(name).id;
}

Status SessionManager::load(const QString &ref)
{
    Session *session = find(ref);
    if (!session)
        return notFound(ref);
    setCurrent(session->id);
    return {};
}

void SessionManager::setCurrent(const QString &id)
{
    m_current = id;
    m_settings.setValue(LastSession, m_current);
    m_settings.sync();
    Q_EMIT currentChanged(m_current);
}

Status SessionManager::rename(const QString &ref, const QString &name)
{
    Session *session = find(ref);
    if (!session)
        return notFound(ref);
    if (Status ok = checkName(name, session->id); !ok)
        return ok;
    unindexName(*session);
    session->name = name;
    m_byName.insert(name, session->id);
    persist(*session);
    Q_EMIT sessionsChanged();
    return {};
}

Status SessionManager::remove(const QString &ref)
{
    Session *session = find(ref);
    if (!session)
        return notFound(ref);
    if (session->active) {
        return EngineError::make(
            ErrorKind::Conflict,
            QT_TRANSLATE_NOOP("Engine", "Session \"%1\" has a reply streaming; stop it first."),
            { session->name });
    }
    const QString id = session->id;
    for (const QPointer<Run> &waiting : std::as_const(session->queue)) {
        if (waiting)
            waiting->cancel(QStringLiteral("session_deleted"));
    }
    unindexName(*session);
    m_sessions.remove(id);
    if (m_store)
        m_store->deleteSession(id);
    Q_EMIT sessionsChanged();
    if (m_current == id)
        setCurrent(m_sessions.isEmpty() ? create(QStringLiteral("Default")).id
                                        : list().constFirst()->id);
    return {};
}

Result<QString> SessionManager::saveAs(const QString &ref, const QString &name)
{
    const Session *source = find(ref);
    if (!source)
        return notFound(ref);
    if (Status ok = checkName(name); !ok)
        return ok.error();
    const QList<ChatMessage> messages = source->messages;
    const QString provider = source->provider;
    const QString model = source->model;
    const ChatSettings settings = source->settings;
    const QString title = source->title;
    Session &copy = create(name);
    copy.title = title;
    copy.messages = messages;
    copy.provider = provider;
    copy.model = model;
    copy.settings = settings;
    persist(copy);
    if (m_store)
        m_store->replaceMessages(copy.id, messages);
    return copy.id;
}

Status SessionManager::clear(const QString &ref)
{
    Session *session = find(ref);
    if (!session)
        return notFound(ref);
    if (session->active) {
        return EngineError::make(
            ErrorKind::Conflict,
            QT_TRANSLATE_NOOP("Engine", "Session \"%1\" has a reply streaming; stop it first."),
            { session->name });
    }
    session->messages.clear();
    session->title.clear();
    session->updated = m_now();
    if (m_store) {
        m_store->replaceMessages(session->id, {});
        persist(*session);
    }
    Q_EMIT historyChanged(session->id);
    return {};
}

void SessionManager::recordTurn(Session &session, const QList<ChatMessage> &messages,
                                const std::optional<UsageRecord> &usage,
                                std::function<void()> committed, int keepStored)
{
    session.updated = m_now();
    std::optional<UsageRecord> dated = usage;
    if (dated)
        dated->at = session.updated;
    nameAfterFirstMessage(session);
    if (m_store) {
        // A failed write still lets the turn end: it is kept in memory and the user is told.
        m_store->appendTurn(
            session.id, messages, dated, session.updated,
            [committed](bool) {
                if (committed)
                    committed();
            },
            keepStored);
    } else if (committed) {
        committed();
    }
    Q_EMIT historyChanged(session.id);
}

void SessionManager::setProviderAndModel(Session &session, const QString &provider,
                                         const QString &model)
{
    if (session.provider == provider && session.model == model)
        return;
    session.provider = provider;
    session.model = model;
    persist(session);
}

Status SessionManager::setSettings(const QString &ref, const ChatSettings &settings)
{
    Session *session = find(ref);
    if (!session)
        return notFound(ref);
    if (settings.temperature && (*settings.temperature < 0 || *settings.temperature > 2))
        return EngineError::make(ErrorKind::InvalidRequest,
                                 QT_TRANSLATE_NOOP("Engine", "The temperature goes from 0 to 2."));
    if (settings.maxTokens && *settings.maxTokens < 1)
        return EngineError::make(
            ErrorKind::InvalidRequest,
            QT_TRANSLATE_NOOP("Engine", "The maximum of tokens must be at least 1."));
    if (session->settings == settings)
        return {};
    session->settings = settings;
    persist(*session);
    Q_EMIT sessionsChanged();
    return {};
}

Status SessionManager::replaceMessages(const QString &ref, const QList<ChatMessage> &messages)
{
    Session *session = find(ref);
    if (!session)
        return notFound(ref);
    if (session->active)
        return EngineError::make(ErrorKind::InvalidRequest,
                                 QT_TRANSLATE_NOOP("Engine",
                                                   "A reply is still being written in this "
                                                   "session; stop it or wait for it to finish."));
    session->messages = messages;
    session->updated = m_now();
    session->title.clear();
    nameAfterFirstMessage(*session);
    if (m_store) {
        m_store->replaceMessages(session->id, messages);
        persist(*session);
    }
    Q_EMIT historyChanged(session->id);
    Q_EMIT sessionsChanged();
    return {};
}

QStringList SessionManager::search(const QString &text) const
{
    const QString needle = text.trimmed();
    if (needle.isEmpty())
        return {};
    QSet<QString> found;
    if (m_store) {
        for (const QString &id : m_store->sessionsContaining(needle))
            found.insert(id);
    }
    for (const Session &session : m_sessions) {
        if (shownName(session).contains(needle, Qt::CaseInsensitive)) {
            found.insert(session.id);
            continue;
        }
        // What is in memory may not be stored yet (no store, or a write still queued).
        for (const ChatMessage &message : session.messages) {
            if ((message.role == QLatin1String("user")
                 || message.role == QLatin1String("assistant"))
                && message.content.contains(needle, Qt::CaseInsensitive)) {
                found.insert(session.id);
                break;
            }
        }
    }
    QStringList ids;
    for (const Session *session : list()) {
        if (found.contains(session->id))
            ids.append(session->id);
    }
    return ids;
}

int SessionManager::messageCount(const Session &session) const
{
    // Counted without reading a session's messages just to count them.
    return session.loaded ? int(session.messages.size()) : session.storedCount;
}

QString SessionManager::titleFor(const QString &message)
{
    QString line;
    for (const QString &candidate : message.split(QLatin1Char('\n'))) {
        line = candidate.simplified();
        // A fence or an attached file's marker says nothing about the chat.
        if (!line.isEmpty() && !line.startsWith(QLatin1String("```")))
            break;
    }
    while (line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1Char('>')))
        line = line.mid(1).trimmed();
    if (line.size() <= MaxTitleLength)
        return line;
    QString cut = line.left(MaxTitleLength - 1);
    const qsizetype space = cut.lastIndexOf(QLatin1Char(' '));
    if (space > MaxTitleLength / 2)
        cut.truncate(space);
    return cut.trimmed() + QChar(0x2026);
}

void SessionManager::nameAfterFirstMessage(Session &session)
{
    if (!session.title.isEmpty())
        return;
    const auto first =
        std::find_if(session.messages.cbegin(), session.messages.cend(),
                     [](const ChatMessage &m) { return m.role == QLatin1String("user"); });
    if (first != session.messages.cend())
        session.title = titleFor(first->content);
}

QString SessionManager::shownName(const Session &session)
{
    // A name the user chose wins; "Chat 3" and "Default" say nothing, the first message does.
    static const QRegularExpression automatic(QStringLiteral("^(Chat \\d+|Default)$"));
    if (session.title.isEmpty() || !automatic.match(session.name).hasMatch())
        return session.name;
    return session.title;
}
