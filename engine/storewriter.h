// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sessionstore.h"

#include <QObject>

/** Lives on the store's thread; owns the writing connection. */
class StoreWriter : public QObject
{
    Q_OBJECT
public:
    StoreWriter(QString path, QString connection);
    ~StoreWriter() override;

    void open();
    void close();
    void saveSession(const StoredSession &session);
    bool appendTurn(const QString &sessionId, const QList<ChatMessage> &messages,
                    const std::optional<UsageRecord> &usage, const QDateTime &updated,
                    int keepStored = -1);
    void replaceMessages(const QString &sessionId, const QList<ChatMessage> &messages);
    void deleteSession(const QString &sessionId);

Q_SIGNALS:
    void failed(const QString &message);

private:
    template<typename F> bool transaction(const char *what, F &&work);

    QString m_path;
    QString m_connection;
};
