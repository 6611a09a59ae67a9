// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>
#include <QPointer>

class ChatPanel;
class ClientsPanel;
class Engine;
class ProviderPanel;
class QDockWidget;
class QLabel;
class QMenu;
class SessionPanel;
class Settings;
class SettingsDialog;
class ToolsPanel;
class UsageView;

/** The main window; panels beyond the chat arrive as docks. */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(Engine &engine, Settings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    ChatPanel *chatPanel() const { return m_chat; }
    SessionPanel *sessionPanel() const { return m_sessions; }
    ProviderPanel *providerPanel() const { return m_provider; }
    QDockWidget *sessionDock() const { return m_sessionDock; }
    QDockWidget *providerDock() const { return m_providerDock; }
    /** Shows where editors and scripts can attach (set by the app, which knows the server). */
    void setServerAddress(const QString &address);

    // Tools, attached clients, usage and settings
    ToolsPanel *toolsPanel() const { return m_tools; }
    ClientsPanel *clientsPanel() const { return m_clients; }
    UsageView *usageView() const { return m_usage; }
    QDockWidget *toolsDock() const { return m_toolsDock; }
    QDockWidget *clientsDock() const { return m_clientsDock; }
    QDockWidget *usageDock() const { return m_usageDock; }
    QAction *settingsAction() const { return m_settingsAction; }
    /** Opens the settings (or raises them when open); the dialog closes itself. */
    SettingsDialog *openSettings();
    /** Tells the user, where they may be looking, that the server's token was replaced. */
    void showTokenReset();

Q_SIGNALS:
    /** The settings file was changed in the settings dialog. */
    void settingsChanged();
    /** The user confirmed, in the clients panel or the settings, a reset of the server token. */
    void resetTokenRequested();

private:
    void updateProviderLabel();
    void createDocks();
    void createServerDocks();
    void createSettingsAction();

    Engine &m_engine;
    Settings &m_settings;
    ChatPanel *m_chat = nullptr;
    SessionPanel *m_sessions = nullptr;
    ProviderPanel *m_provider = nullptr;
    QDockWidget *m_sessionDock = nullptr;
    QDockWidget *m_providerDock = nullptr;
    ToolsPanel *m_tools = nullptr;
    ClientsPanel *m_clients = nullptr;
    UsageView *m_usage = nullptr;
    QDockWidget *m_toolsDock = nullptr;
    QDockWidget *m_clientsDock = nullptr;
    QDockWidget *m_usageDock = nullptr;
    QMenu *m_viewMenu = nullptr;
    QAction *m_settingsAction = nullptr;
    QPointer<SettingsDialog> m_settingsDialog;
    QLabel *m_providerLabel = nullptr;
    QLabel *m_serverLabel = nullptr;
    QString m_clientId; // the window is an attached client like any other
};
