// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"
#include "sessions/session.h"
#include "sessions/sessionstore.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

#include <functional>

class Settings;

/**
 * The conversations: which exist, which is current, their messages. Backed by the store when
 * there is one (messages are read the first time a session is used), in memory otherwise.
 */
class SessionManager : public QObject
{
    Q_OBJECT
public:
    SessionManager(Settings &settings, SessionStore *store, QObject *parent = nullptr);

    QString currentId() const { return m_current; }
    /** By id or name; empty means the current session. Null when there is none. */
    Session *find(const QString &ref);
    const Session *find(const QString &ref) const;
    QList<const Session *> list() const; // most recently updated first
    Session &create(const QString &name);

    Result<QString> newSession(const QString &name);
    Status load(const QString &ref); // becomes the current session
    Status rename(const QString &ref, const QString &name);
    Status remove(const QString &ref);
    Result<QString> saveAs(const QString &ref, const QString &name);
    Status clear(const QString &ref);
    /** Stores a finished turn (its messages are already in the session); committed runs once
     * it is on disk, or at once without a store. keepStored >= 0: the turn replaces the stored
     * messages after the first keepStored (see SessionStore::appendTurn). The turn and its usage
     * are dated by this manager's clock. */
    void recordTurn(Session &session, const QList<ChatMessage> &messages,
                    const std::optional<UsageRecord> &usage, std::function<void()> committed = {},
                    int keepStored = -1);
    void setProviderAndModel(Session &session, const QString &provider, const QString &model);
    /** The conversation's own system prompt, temperature and maximum tokens, kept with it. */
    Status setSettings(const QString &ref, const ChatSettings &settings);
    /** Replaces a session's messages (an edit, a deletion, another variant chosen). */
    Status replaceMessages(const QString &ref, const QList<ChatMessage> &messages);
    /** Ids of the sessions whose name or messages contain text (any case). */
    QStringList search(const QString &text) const;
    /** A title from a first message: its first words, at most MaxTitleLength characters. */
    static QString titleFor(const QString &message);
    /** What a list shows: the name the user gave, else (for "Chat 3", "Default") the title. */
    static QString shownName(const Session &session);
    static constexpr int MaxTitleLength = 48;

    /** "markdown" or "json". */
    Result<QByteArray> exportSession(const QString &ref, const QString &format) const;
    /** Our JSON export, or a ppxai session file (name, provider, model, messages). */
    /** A session from an exported file. Named as the file names it (made unique when taken),
     * or as name says when given: then a taken name is a conflict. */
    Result<QString> importSession(const QByteArray &json, const QString &name = {});

    /** How many messages the session holds, without reading them from the store. */
    int messageCount(const Session &session) const;

    /** Where the times of sessions and of their turns' usage come from (the UTC time unless
     * set): a test that orders sessions by when they changed, or counts usage by day, sets a
     * clock of its own instead of waiting or hoping midnight does not pass. */
    using Clock = std::function<QDateTime()>;
    void setClock(Clock clock);

Q_SIGNALS:
    void sessionsChanged();
    void historyChanged(const QString &sessionId);
    void currentChanged(const QString &sessionId);

private:
    EngineError notFound(const QString &ref) const;
    Status checkName(const QString &name, const QString &except = {}) const;
    QString uniqueName(const QString &base) const;
    void unindexName(const Session &session);
    void persist(const Session &session);
    void setCurrent(const QString &id);
    /** A session's title comes from its first message. */
    void nameAfterFirstMessage(Session &session);

    Settings &m_settings;
    SessionStore *m_store;
    QHash<QString, Session> m_sessions;
    QHash<QString, QString> m_byName; // name → id
    QString m_current;
    Clock m_now = &QDateTime::currentDateTimeUtc;
};
