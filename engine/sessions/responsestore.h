// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"
#include "providers/provider.h"

#include <QByteArray>
#include <QDateTime>
#include <QHash>
#include <QStringList>

#include <functional>
#include <optional>

class SessionStore;

/** A reply a gateway client may continue later by its id (OpenAI's stored Responses). */
struct StoredResponse
{
    QString id;
    QString previousId; // the response it continued; empty for the first of a conversation
    QString model;
    QDateTime created;
    /** What this response added to the conversation: its input, then its output. */
    QList<ChatMessage> messages;
    QByteArray body; // the response as its client was given it, for reading it back
};

/**
 * Stored responses: in the session database when there is one (they survive a restart), else
 * in memory (the last MemoryLimit). A conversation is the chain of responses, each naming the
 * one it continued.
 */
class ResponseStore
{
public:
    explicit ResponseStore(SessionStore *store);

    /** committed(ok) runs once it is on disk, or at once without a database. */
    void save(const StoredResponse &response, std::function<void(bool ok)> committed);
    /** The response, body included, or nothing. */
    std::optional<StoredResponse> find(const QString &id) const;
    /** Every message of the chain that ends with id, oldest first; NotFound when a link is
     * missing. */
    Result<QList<ChatMessage>> conversation(const QString &id) const;

    static constexpr int MemoryLimit = 1000;
    static constexpr int MaxChain = 100000;

private:
    SessionStore *m_store;
    QHash<QString, StoredResponse> m_memory;
    QStringList m_memoryOrder; // oldest first
};
