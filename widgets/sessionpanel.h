// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class Engine;
class QLabel;
class QLineEdit;
class QListView;
class QMenu;
class QPushButton;
class QSortFilterProxyModel;
class SessionFilter;
class SessionModel;

/** The sessions, grouped by when they were used: search (names and messages), open (a click or
 * Enter), new (reusing an empty chat), rename, delete (Delete), export; a context menu. */
class SessionPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SessionPanel(Engine &engine, QWidget *parent = nullptr);

    SessionModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const;
    /** "No matches", shown when a search finds nothing. */
    QLabel *noMatches() const { return m_noMatches; }
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
    /** A new chat; an empty one (the current one first) is reused rather than another made. */
    void newSession();
    void renameSelected();
    /** Asks for confirmation, then deletes the selected session. */
    void deleteSelected();
    void exportSelected();
    /** Writes a session to path: JSON when it ends in .json, else Markdown. */
    bool exportTo(const QString &sessionId, const QString &path);

    /** The actions a right click offers on the selected session. */
    QMenu *contextMenu();

Q_SIGNALS:
    /** A session was opened (or a new chat started) here: the message box should take the
     * keyboard. */
    void sessionOpened();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void search(const QString &text);
    void showError(const QString &title, const QString &message);
    void selectCurrent();
    void updateButtons();

    Engine &m_engine;
    SessionModel *m_model = nullptr;
    SessionFilter *m_proxy = nullptr;
    QLabel *m_noMatches = nullptr;
    QLineEdit *m_search = nullptr;
    QListView *m_list = nullptr;
    QPushButton *m_newButton = nullptr;
    QPushButton *m_renameButton = nullptr;
    QPushButton *m_deleteButton = nullptr;
    QPushButton *m_exportButton = nullptr;
};
