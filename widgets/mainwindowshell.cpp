// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// MainWindow as a desktop app: the tray, closing and quitting, the File menu, the layout kept
// from one start to the next.
#include "chatpanel.h"
#include "engine.h"
#include "guilog.h"
#include "mainwindow.h"
#include "permissiondialog.h"
#include "sessionpanel.h"
#include "settings.h"
#include "trayicon.h"

#include <QAction>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTimer>

#include <utility>

namespace {

constexpr int DefaultWidth = 1180;
constexpr int DefaultHeight = 720;
constexpr int NoticeMs = 15000;

} // namespace

void MainWindow::setUpShell()
{
    setWindowIcon(TrayIcon::appIcon());

    m_showAction = new QAction(tr("&Show Attache"), this);
    connect(m_showAction, &QAction::triggered, this, &MainWindow::showAndRaise);
    m_newChatAction = new QAction(tr("&New chat"), this);
    m_newChatAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    connect(m_newChatAction, &QAction::triggered, this, &MainWindow::newChat);
    m_pauseServerAction = new QAction(tr("&Pause server"), this);
    m_pauseServerAction->setCheckable(true);
    m_pauseServerAction->setToolTip(
        tr("Stop answering editors and scripts for now; the window keeps working."));
    // triggered, not toggled: only the user's click asks; setServerPaused() merely reflects.
    connect(m_pauseServerAction, &QAction::triggered, this, &MainWindow::serverPauseRequested);
    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, [this] {
        saveLayout();
        Q_EMIT quitRequested();
    });

    auto *file = new QMenu(tr("&File"), this);
    file->addAction(m_newChatAction);
    file->addSeparator();
    file->addAction(m_pauseServerAction);
    file->addSeparator();
    file->addAction(m_quitAction);
    menuBar()->insertMenu(menuBar()->actions().value(0), file);

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        setUpTray();
    } else if (m_settings.value(Settings::CloseToTray)) {
        // Shown with the window, for a while, beside (not over) what the status bar shows.
        m_pendingNotice = tr("No system tray: closing the window quits Attache.");
        qCInfo(lcGui, "no system tray: closing the window quits");
    }

    // Whatever ends the app (the tray, a signal, logging out) keeps the layout.
    connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, this,
            &MainWindow::saveLayout);
    restoreLayout();
}

void MainWindow::setUpTray()
{
    if (m_tray)
        return;
    m_tray = new TrayIcon(m_engine, this,
                          { m_showAction, m_newChatAction, m_pauseServerAction, m_quitAction },
                          m_clientId, this);
    connect(m_tray, &TrayIcon::activated, this, &MainWindow::toggleFromTray);
    connect(m_tray, &TrayIcon::messageClicked, this, &MainWindow::showAndRaise);
    m_tray->show();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    if (m_tray && m_tray->isVisible() && m_settings.value(Settings::CloseToTray)) {
        event->ignore();
        hide();
        if (!m_toldAboutTray) {
            m_toldAboutTray = true;
            m_tray->showMessage(tr("Attache keeps running"),
                                tr("Editors stay attached. Open the window from the tray icon; "
                                   "quit from its menu."));
        }
        return;
    }
    QMainWindow::closeEvent(event);
    Q_EMIT quitRequested();
}

void MainWindow::showEvent(QShowEvent *event)
{
    m_wasShown = true;
    QMainWindow::showEvent(event);
    if (!m_pendingNotice.isEmpty()) {
        auto *notice = new QLabel(std::exchange(m_pendingNotice, QString()), statusBar());
        notice->setMinimumWidth(StatusLabelMinimumWidth);
        notice->setToolTip(notice->text());
        statusBar()->addWidget(notice);
        QTimer::singleShot(NoticeMs, notice, &QObject::deleteLater);
    }
}

void MainWindow::showAndRaise()
{
    if (isMinimized())
        showNormal();
    else
        show();
    raise();
    activateWindow();
    // A question waiting for an answer comes first.
    const QList<PermissionDialog *> dialogs = findChildren<PermissionDialog *>();
    for (PermissionDialog *dialog : dialogs) {
        if (dialog->isVisible()) {
            dialog->raise();
            dialog->activateWindow();
        }
    }
}

void MainWindow::toggleFromTray()
{
    if (isVisible() && !isMinimized() && isActiveWindow())
        hide();
    else
        showAndRaise();
}

void MainWindow::newChat()
{
    showAndRaise();
    m_sessions->newSession(); // an empty chat is reused; the message box takes the keyboard
    focusInput();
}

void MainWindow::setServerPaused(bool paused)
{
    m_serverPaused = paused;
    m_pauseServerAction->setChecked(paused);
    updateServerLabel();
}

void MainWindow::updateServerLabel()
{
    m_serverLabel->setText(m_serverPaused ? tr("Server paused: editors and scripts cannot attach")
                                          : m_serverAddress);
}

void MainWindow::saveLayout()
{
    if (!m_wasShown)
        return;
    m_settings.setValue(Settings::WindowGeometry, saveGeometry());
    m_settings.setValue(Settings::WindowState, saveState());
    m_settings.sync();
}

void MainWindow::restoreLayout()
{
    const QByteArray geometry = m_settings.value(Settings::WindowGeometry);
    if (geometry.isEmpty() || !restoreGeometry(geometry))
        resize(DefaultWidth, DefaultHeight);
    const QByteArray state = m_settings.value(Settings::WindowState);
    if (!state.isEmpty())
        restoreState(state);
}
