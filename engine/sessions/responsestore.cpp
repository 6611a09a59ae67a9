// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessions/responsestore.h"

#include "sessions/sessionstore.h"

ResponseStore::ResponseStore(SessionStore *store)
    : m_store(store)
{ }

void ResponseStore::save(const StoredResponse &response, std::function<void(bool ok)> committed)
{
    if (m_store) {
        m_store->saveResponse(response, std::move(committed));
        return;
    }
    if (!m_memory.contains(response.id))
        m_memoryOrder.append(response.id);
    m_memory.insert(response.id, response);
    while (m_memoryOrder.size() > MemoryLimit)
        m_memory.remove(m_memoryOrder.takeFirst());
    if (committed)
        committed(true);
}

std::optional<StoredResponse> ResponseStore::find(const QString &id) const
{
    if (m_store)
        return m_store->response(id, true);
    const auto it = m_memory.constFind(id);
    if (it == m_memory.cend())
        return std::nullopt;
    return *it;
}

Result<QList<ChatMessage>> ResponseStore::conversation(const QString &id) const
{
    QList<QList<ChatMessage>> chain; // newest first
    QString next = id;
    for (int links = 0; !next.isEmpty(); ++links) {
        const std::optional<StoredResponse> response =
            m_store ? m_store->response(next, false) : find(next);
        if (!response || links >= MaxChain) {
            return EngineError { ErrorKind::NotFound,
                                 next == id
                                     ? QStringLiteral("There is no stored response \"%1\".").arg(id)
                                     : QStringLiteral("The response \"%1\" continues \"%2\", which "
                                                      "is no longer stored.")
                                           .arg(id, next) };
        }
        chain.append(response->messages);
        next = response->previousId;
    }
    QList<ChatMessage> messages;
    for (auto it = chain.crbegin(); it != chain.crend(); ++it)
        messages += *it;
    return messages;
}
