// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QWidget>

class Engine;
class McpPanel;
class QCheckBox;
class QLabel;
class QPushButton;
class QTableView;
class ToolsModel;

/**
 * What the model may do: each tool with its policy (allow, ask first, deny), the working
 * directory the tools are confined to, whether file names in a message attach the files, and
 * the MCP servers whose tools sit beside the built-in ones.
 * Changes made here, over the local server or by an "always" answer show at once.
 */
class ToolsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ToolsPanel(Engine &engine, QWidget *parent = nullptr);

    ToolsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QLabel *workingDirectoryLabel() const { return m_directory; }
    QLabel *errorLabel() const { return m_error; }
    QLabel *detailsLabel() const { return m_details; }
    QPushButton *chooseButton() const { return m_choose; }
    QCheckBox *autoInjectBox() const { return m_autoInject; }
    /** The MCP servers: their state, errors and tools; add, remove, enable, restart. */
    McpPanel *mcpPanel() const { return m_mcp; }

    /** Asks for a directory, then uses it. */
    void chooseWorkingDirectory();
    /** Makes path the working directory; false (and the reason shown) when it cannot be. */
    bool setWorkingDirectory(const QString &path);

private:
    void showWorkspace();
    void showAutoInject();
    void showError(const QString &message);
    void openEditors();
    void showDetails();

    Engine &m_engine;
    ToolsModel *m_model = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_directory = nullptr;
    QPushButton *m_choose = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_limits = nullptr;
    QLabel *m_details = nullptr;
    QCheckBox *m_autoInject = nullptr;
    McpPanel *m_mcp = nullptr;
};
