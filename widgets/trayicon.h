// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>
#include <QSystemTrayIcon>

#include <memory>

class Engine;
class QAction;
class QMenu;
class QWidget;
class Run;
struct Notification;
struct PermissionRequest;

/**
 * Attache in the system tray: quick actions in its menu, and a message for what happens while
 * the window is hidden or minimised (backend messages, permission requests, long replies that
 * finished). Clicking the icon or a message brings the window back.
 */
class TrayIcon : public QObject
{
    Q_OBJECT
public:
    /** The actions of the tray menu; the window owns them (its menus share them). */
    struct Actions
    {
        QAction *show = nullptr;
        QAction *newChat = nullptr;
        QAction *pauseServer = nullptr;
        QAction *quit = nullptr;
    };

    /** clientId: the window's id among the attached clients, to pick the messages meant for it. */
    TrayIcon(Engine &engine, QWidget *window, const Actions &actions, const QString &clientId,
             QObject *parent = nullptr);
    ~TrayIcon() override;

    /** The app's icon, for the tray and the window. */
    static QIcon appIcon();

    void show();
    bool isVisible() const;
    /** Shows a message in the tray now, whether or not the window is on screen. */
    void showMessage(const QString &title, const QString &message);
    /** Replies that took at least this long are announced when they finish. */
    void setLongRunMs(int ms) { m_longRunMs = ms; }

    static constexpr int DefaultLongRunMs = 10000;

Q_SIGNALS:
    /** The user clicked the icon (toggle the window) or a message (show it). */
    void activated();
    void messageClicked();
    /** A message was put up; what the user sees in the tray. */
    void messageShown(const QString &title, const QString &message);

private:
    /** Only while the window is hidden or minimised: on screen, the window says it itself. */
    void notify(const QString &title, const QString &message);
    bool windowOnScreen() const;
    void onNotification(const Notification &notification);
    void onPermissionRequested(const PermissionRequest &request);
    void onRunFinished(Run *run);
    void updateToolTip();

    Engine &m_engine;
    QPointer<QWidget> m_window;
    QString m_clientId;
    QSystemTrayIcon m_tray;
    std::unique_ptr<QMenu> m_menu; // a tray menu has no parent widget
    QAction *m_pauseServer = nullptr;
    int m_longRunMs = DefaultLongRunMs;
};
