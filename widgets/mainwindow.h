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
class QToolBar;
class SessionPanel;
class Settings;
class SettingsDialog;
class ToolsPanel;
class UsageView;
class TrayIcon;

/** The main window; panels beyond the chat arrive as docks. */
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    static constexpr int StatusLabelMinimumWidth = 60;
    MainWindow(Engine &engine, Settings &settings, QWidget *parent = nullptr);
    ~MainWindow() override;

    ChatPanel *chatPanel() const { return m_chat; }
    SessionPanel *sessionPanel() const { return m_sessions; }
    ProviderPanel *providerPanel() const { return m_provider; }
    QDockWidget *sessionDock() const { return m_sessionDock; }
    QDockWidget *providerDock() const { return m_providerDock; }
    /** Shows where editors and scripts can attach (set by the app, which knows the server). */
    void setServerAddress(const QString &address);
    /** The port the server listens on now; the settings show it. */
    void setServerPort(int port) { m_serverPort = port; }

    // Tools, attached clients, usage and settings
    ToolsPanel *toolsPanel() const { return m_tools; }
    ClientsPanel *clientsPanel() const { return m_clients; }
    UsageView *usageView() const { return m_usage; }
    QDockWidget *toolsDock() const { return m_toolsDock; }
    QDockWidget *clientsDock() const { return m_clientsDock; }
    QDockWidget *usageDock() const { return m_usageDock; }
    QAction *settingsAction() const { return m_settingsAction; }
    QAction *findAction() const { return m_findAction; }
    QAction *focusInputAction() const { return m_focusInputAction; }
    QAction *shortcutsAction() const { return m_shortcutsAction; }
    QAction *aboutAction() const { return m_aboutAction; }
    QToolBar *panelsToolBar() const { return m_toolBar; }
    /** Below this width the side panels fold away, so the chat keeps most of the window. */
    static constexpr int CompactWidth = 1000;
    /** Opens the settings (or raises them when open); the dialog closes itself. */
    SettingsDialog *openSettings();
    /** Tells the user, where they may be looking, that the server's token was replaced. */
    void showTokenReset();

    // The desktop shell: tray, quitting, layout (mainwindowshell.cpp)
    /** Puts Attache in the system tray; the constructor does so when the system has one. */
    void setUpTray();
    TrayIcon *trayIcon() const { return m_tray; }
    QAction *pauseServerAction() const { return m_pauseServerAction; }
    QAction *newChatAction() const { return m_newChatAction; }
    QAction *quitAction() const { return m_quitAction; }
    /** Reflects the server's state (paused or serving) in the window and the tray. */
    void setServerPaused(bool paused);
    /** Brings the window (and a pending permission request) to the front. */
    void showAndRaise();
    /** Starts a new session and puts the cursor in the input. */
    void newChat();
    /** Stores the geometry and the docks' layout in the settings. */
    void saveLayout();

Q_SIGNALS:
    /** The settings file was changed in the settings dialog. */
    void settingsChanged();
    /** The user confirmed, in the clients panel or the settings, a reset of the server token. */
    void resetTokenRequested();
    /** The user asked to pause (true) or resume (false) the local server. */
    void serverPauseRequested(bool paused);
    /** The user quit: from the menu, the tray, or by closing the window without a tray. */
    void quitRequested();

protected:
    void closeEvent(QCloseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void setUpShell();
    void restoreLayout();
    void toggleFromTray();
    void updateServerLabel();

    void updateProviderLabel();
    void createDocks();
    void createServerDocks();
    void createSettingsAction();
    void createHelpMenu();
    void createToolBar();
    void focusInput();
    /** Folds the side panels away in a narrow window, and back when it is wide again. */
    void fitPanels();

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
    QAction *m_findAction = nullptr;
    QAction *m_focusInputAction = nullptr;
    QAction *m_shortcutsAction = nullptr;
    QAction *m_aboutAction = nullptr;
    QToolBar *m_toolBar = nullptr;
    QList<QDockWidget *> m_folded; // side panels folded away by a narrow window
    bool m_compact = false;
    QPointer<SettingsDialog> m_settingsDialog;
    QLabel *m_providerLabel = nullptr;
    QLabel *m_serverLabel = nullptr;
    QString m_clientId; // the window is an attached client like any other

    TrayIcon *m_tray = nullptr;
    QAction *m_showAction = nullptr;
    QAction *m_newChatAction = nullptr;
    QAction *m_pauseServerAction = nullptr;
    QAction *m_quitAction = nullptr;
    QString m_serverAddress;
    int m_serverPort = 0;
    QString m_pendingNotice; // for the status bar, once the window is on screen
    bool m_serverPaused = false;
    bool m_wasShown = false; // a window never shown has no layout worth keeping
    bool m_toldAboutTray = false;
};
