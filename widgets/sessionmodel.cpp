// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessionmodel.h"

#include "engine.h"

#include <QFont>
#include <QLocale>

SessionModel::SessionModel(Engine &engine, QObject *parent)
    : QAbstractListModel(parent)
    , m_engine(engine)
{
    connect(&engine, &Engine::sessionsChanged, this, &SessionModel::refresh);
    connect(&engine, &Engine::historyChanged, this, &SessionModel::refresh);
    connect(&engine, &Engine::currentSessionChanged, this, &SessionModel::refresh);
    refresh();
}

void SessionModel::refresh()
{
    QList<Row> rows;
    const QList<const Session *> sessions = m_engine.sessions();
    rows.reserve(sessions.size());
    for (const Session *session : sessions) {
        const int count = session->loaded ? int(session->messages.size()) : session->storedCount;
        rows.append(Row { session->id, session->name, SessionManager::shownName(*session),
                          session->updated, count });
    }
    beginResetModel();
    m_rows = rows;
    m_current = m_engine.currentSessionId();
    endResetModel();
}

int SessionModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SessionModel::rowOf(const QString &id) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id == id)
            return row;
    }
    return -1;
}

QVariant SessionModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return row.shown;
    case Qt::ToolTipRole:
        // The whole name (the list elides a long one), when and how much.
        return tr("%1\nUpdated %2 · %n message(s)", nullptr, row.messageCount)
            .arg(row.shown, QLocale().toString(row.updated.toLocalTime(), QLocale::ShortFormat));
    case GroupRole:
        return int(groupOf(row.updated, QDate::currentDate()));
    case DateTextRole: {
        const QDateTime local = row.updated.toLocalTime();
        switch (groupOf(row.updated, QDate::currentDate())) {
        case Today:
            return QLocale().toString(local.time(), QLocale::ShortFormat);
        case Yesterday:
            return groupName(Yesterday);
        case Earlier:
            return QLocale().toString(local.date(), QLocale::ShortFormat);
        }
        return {};
    }
    case Qt::FontRole:
        if (row.id == m_current) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case IdRole:
        return row.id;
    case UpdatedRole:
        return row.updated;
    case MessageCountRole:
        return row.messageCount;
    case CurrentRole:
        return row.id == m_current;
    default:
        return {};
    }
}

QString SessionModel::groupName(int group)
{
    switch (group) {
    case Today:
        return tr("Today");
    case Yesterday:
        return tr("Yesterday");
    default:
        return tr("Earlier");
    }
}

SessionModel::Group SessionModel::groupOf(const QDateTime &updated, const QDate &today)
{
    const QDate day = updated.toLocalTime().date();
    if (day >= today)
        return Today;
    if (day == today.addDays(-1))
        return Yesterday;
    return Earlier;
}

QHash<int, QByteArray> SessionModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "sessionId");
    names.insert(UpdatedRole, "updated");
    names.insert(MessageCountRole, "messageCount");
    names.insert(CurrentRole, "current");
    names.insert(GroupRole, "group");
    names.insert(DateTextRole, "dateText");
    return names;
}

Qt::ItemFlags SessionModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags base = QAbstractListModel::flags(index);
    return index.isValid() ? base | Qt::ItemIsEditable : base;
}

bool SessionModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const QString name = value.toString().trimmed();
    const Row row = m_rows.at(index.row());
    if (name.isEmpty() || name == row.name || name == row.shown)
        return false;
    // Renamed once the editor has closed: the engine's sessionsChanged resets this model.
    QMetaObject::invokeMethod(
        this,
        [this, id = row.id, name] {
            const Status status = m_engine.sessionManager().rename(id, name);
            if (!status.ok())
                Q_EMIT renameFailed(status.error().translatedMessage());
        },
        Qt::QueuedConnection);
    return true;
}
