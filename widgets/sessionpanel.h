// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class Engine;
class QLineEdit;
class QListView;
class QPushButton;
class QSortFilterProxyModel;
class SessionModel;

/** The sessions: search, switch (double-click or Enter), new, rename, delete, export. */
class SessionPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SessionPanel(Engine &engine, QWidget *parent = nullptr);

    SessionModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QListView *list() const { return m_list; }
    QLineEdit *searchBox() const { return m_search; }
    QPushButton *newButton() const { return m_newButton; }
    QPushButton *renameButton() const { return m_renameButton; }
    QPushButton *deleteButton() const { return m_deleteButton; }
    QPushButton *exportButton() const { return m_exportButton; }

    /** The session id of the selected row, or empty. */
    QString selectedId() const;
    /** Makes the session at a list (proxy) index the current one. */
    void activate(const QModelIndex &index);
    void newSession();
    void renameSelected();
    /** Asks for confirmation, then deletes the selected session. */
    void deleteSelected();
    void exportSelected();
    /** Writes a session to path: JSON when it ends in .json, else Markdown. */
    bool exportTo(const QString &sessionId, const QString &path);

private:
    void showError(const QString &title, const QString &message);
    void selectCurrent();
    void updateButtons();

    Engine &m_engine;
    SessionModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QLineEdit *m_search = nullptr;
    QListView *m_list = nullptr;
    QPushButton *m_newButton = nullptr;
    QPushButton *m_renameButton = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QPushButton *m_exportButton = nullptr;
};
