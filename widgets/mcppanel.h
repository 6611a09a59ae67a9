// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QWidget>

class McpManager;
class McpServersModel;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;
class QTableView;

/**
 * The MCP section of the Tools panel: each server of mcp.json with its state, last error and
 * tools; add, remove, enable (the check box) and restart. What it changes is saved in mcp.json
 * and applies at once.
 */
class McpPanel : public QWidget
{
    Q_OBJECT
public:
    explicit McpPanel(McpManager &manager, QWidget *parent = nullptr);

    McpServersModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLabel *detailsLabel() const { return m_details; }
    QLabel *errorLabel() const { return m_error; }
    QPushButton *addButton() const { return m_add; }
    QPushButton *removeButton() const { return m_remove; }
    QPushButton *restartButton() const { return m_restart; }

    /** Removes the server from mcp.json (no question asked; the button asks first). */
    bool removeServer(const QString &name);
    bool restartServer(const QString &name);
    QString selectedName() const;

private:
    void showDetails();
    void showError(const QString &message);
    void addServer();
    void removeSelected();

    McpManager &m_manager;
    McpServersModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_details = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_file = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_restart = nullptr;
};

/** Asks for a new MCP server: a name, and a command line or a URL. */
class McpServerDialog : public QDialog
{
    Q_OBJECT
public:
    McpServerDialog(McpManager &manager, QWidget *parent = nullptr);

    QLineEdit *nameEdit() const { return m_name; }
    QRadioButton *commandChoice() const { return m_commandChoice; }
    QRadioButton *urlChoice() const { return m_urlChoice; }
    QLineEdit *commandEdit() const { return m_command; }
    QLineEdit *urlEdit() const { return m_url; }
    QPlainTextEdit *environmentEdit() const { return m_env; }
    QLabel *errorLabel() const { return m_error; }

    /** Adds the server as filled in; false (and the reason shown) when it cannot be. */
    bool apply();

private:
    void updateChoice();

    McpManager &m_manager;
    QLineEdit *m_name = nullptr;
    QRadioButton *m_commandChoice = nullptr;
    QRadioButton *m_urlChoice = nullptr;
    QLineEdit *m_command = nullptr;
    QLineEdit *m_url = nullptr;
    QPlainTextEdit *m_env = nullptr;
    QLabel *m_error = nullptr;
};
