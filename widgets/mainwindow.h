// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

class ChatPanel;
class Engine;
class ProviderPanel;
class QDockWidget;
class QLabel;
class SessionPanel;
class Settings;

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

private:
    void updateProviderLabel();
    void createDocks();

    Engine &m_engine;
    Settings &m_settings;
    ChatPanel *m_chat = nullptr;
    SessionPanel *m_sessions = nullptr;
    ProviderPanel *m_provider = nullptr;
    QDockWidget *m_sessionDock = nullptr;
    QDockWidget *m_providerDock = nullptr;
    QLabel *m_providerLabel = nullptr;
    QLabel *m_serverLabel = nullptr;
    QString m_clientId; // the window is an attached client like any other
};
