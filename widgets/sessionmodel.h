// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractListModel>
#include <QDateTime>

class Engine;

/** The engine's sessions, most recently updated first; the current one is shown in bold. */
class SessionModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Roles {
        IdRole = Qt::UserRole + 1,
        UpdatedRole,
        MessageCountRole,
        CurrentRole,
        GroupRole, // a Group: when it was last updated
        DateTextRole // "14:05", "Yesterday", "3 Mar"
    };
    enum Group { Today, Yesterday, Earlier };

    explicit SessionModel(Engine &engine, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    /** Editing a name renames the session; a refused name is reported by renameFailed. */
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    /** The row of a session id, or -1. */
    int rowOf(const QString &id) const;
    /** Re-reads the engine's sessions. */
    void refresh();
    static QString groupName(int group);
    /** The group of a moment, seen from today (local time). */
    static Group groupOf(const QDateTime &updated, const QDate &today);

Q_SIGNALS:
    void renameFailed(const QString &message);

private:
    struct Row
    {
        QString id;
        QString name;
        QString shown; // the name the user gave, else the title of the first message
        QDateTime updated;
        int messageCount = 0;
    };

    Engine &m_engine;
    QList<Row> m_rows;
    QString m_current;
};
