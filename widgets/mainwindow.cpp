// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "chatpanel.h"
#include "clientspanel.h"
#include "engine.h"
#include "helpdialogs.h"
#include "permissiondialog.h"
#include "providerpanel.h"
#include "sessionpanel.h"
#include "settingsdialog.h"
#include "toolspanel.h"
#include "transcriptview.h"
#include "usageview.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QResizeEvent>
#include <QStatusBar>
#include <QToolBar>

#include <utility>

MainWindow::MainWindow(Engine &engine, Settings &settings, QWidget *parent)
    : QMainWindow(parent)
    , m_engine(engine)
    , m_settings(settings)
{
    setWindowTitle(tr("Attache"));
    m_chat = new ChatPanel(engine, this);
    setCentralWidget(m_chat);
    m_providerLabel = new QLabel(this);
    m_serverLabel = new QLabel(this);
    // Status texts may be clipped rather than hold the window wider than the user wants it.
    for (QLabel *label : { m_providerLabel, m_serverLabel })
        label->setMinimumWidth(StatusLabelMinimumWidth);
    statusBar()->addWidget(m_providerLabel, 1);
    statusBar()->addPermanentWidget(m_serverLabel);
    connect(&engine, &Engine::providerChanged, this, &MainWindow::updateProviderLabel);
    connect(&engine, &Engine::modelChanged, this, &MainWindow::updateProviderLabel);
    updateProviderLabel();
    createDocks();
    createServerDocks();
    createSettingsAction();
    createHelpMenu();
    createToolBar();
    // The chat's first-run page and its error notices send the user to the provider settings:
    // to the key field of the provider chosen, or to a server of their own, found for them.
    const auto showProviderPanel = [this] {
        m_providerDock->show();
        m_providerDock->raise();
    };
    connect(m_chat, &ChatPanel::apiKeyRequested, this, [this, showProviderPanel] {
        showProviderPanel();
        m_provider->focusKey();
    });
    connect(m_chat, &ChatPanel::localServerRequested, this, [this, showProviderPanel] {
        showProviderPanel();
        m_provider->findServerButton()->setFocus(Qt::OtherFocusReason);
        m_provider->findLocalServer();
    });
    // onSessionSwitched() (showSession() in it) waits for a streaming reply to finish.
    connect(&engine, &Engine::currentSessionChanged, m_chat, &ChatPanel::onSessionSwitched);
    connect(m_sessions, &SessionPanel::sessionOpened, this, &MainWindow::focusInput);
    // Tab goes through what a chat is made of, in reading order.
    setTabOrder(m_sessions->list(), m_chat->transcript());
    setTabOrder(m_chat->transcript(), m_chat->input());
    setTabOrder(m_chat->input(), m_chat->sendButton());
    if (engine.session())
        m_chat->showSession(); // the session restored from last time
    m_chat->input()->setFocus();
    connect(&engine.tools().permissions(), &PermissionBroker::requested, this,
            [this](const PermissionRequest &request) {
                auto *dialog = new PermissionDialog(m_engine.tools().permissions(), request, this);
                dialog->show();
                dialog->raise();
            });
    m_clientId = engine.presence().attach(QStringLiteral("gui"), tr("Attache window"),
                                          QStringLiteral("inprocess"));
    setUpShell(); // last: the tray needs the client id, the layout every dock
    // The panels fold below CompactWidth, so the window's smallest size is the chat's: a window
    // made small is taken at that size and folds them, rather than stopping at the chat and its
    // panels side by side.
    QSize least = m_chat->minimumSizeHint();
    least.rheight() += menuBar()->sizeHint().height() + m_toolBar->sizeHint().height()
        + statusBar()->sizeHint().height();
    setMinimumSize(least);
}

MainWindow::~MainWindow()
{
    m_engine.presence().detach(m_clientId);
}

void MainWindow::createDocks()
{
    m_sessions = new SessionPanel(m_engine, this);
    m_sessionDock = new QDockWidget(tr("Sessions"), this);
    m_sessionDock->setObjectName(QStringLiteral("sessionDock"));
    m_sessionDock->setWidget(m_sessions);
    addDockWidget(Qt::LeftDockWidgetArea, m_sessionDock);

    m_provider = new ProviderPanel(m_engine, this);
    m_providerDock = new QDockWidget(tr("Provider"), this);
    m_providerDock->setObjectName(QStringLiteral("providerDock"));
    m_providerDock->setWidget(m_provider);
    addDockWidget(Qt::RightDockWidgetArea, m_providerDock);
    resizeDocks({ m_sessionDock, m_providerDock }, { 230, 280 }, Qt::Horizontal);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *sessions = m_sessionDock->toggleViewAction();
    sessions->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    view->addAction(sessions);
    QAction *provider = m_providerDock->toggleViewAction();
    provider->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    view->addAction(provider);
    m_viewMenu = view;
}

void MainWindow::createServerDocks()
{
    m_tools = new ToolsPanel(m_engine, this);
    m_toolsDock = new QDockWidget(tr("Tools"), this);
    m_toolsDock->setObjectName(QStringLiteral("toolsDock"));
    m_toolsDock->setWidget(m_tools);
    addDockWidget(Qt::RightDockWidgetArea, m_toolsDock);
    tabifyDockWidget(m_providerDock, m_toolsDock);

    m_clients = new ClientsPanel(m_engine, this);
    m_clientsDock = new QDockWidget(tr("Clients"), this);
    m_clientsDock->setObjectName(QStringLiteral("clientsDock"));
    m_clientsDock->setWidget(m_clients);
    addDockWidget(Qt::RightDockWidgetArea, m_clientsDock);
    tabifyDockWidget(m_toolsDock, m_clientsDock);
    m_providerDock->raise();
    connect(m_clients, &ClientsPanel::resetTokenRequested, this, &MainWindow::resetTokenRequested);

    // Wide rather than tall: a table beside its chart, under the chat, shown on demand.
    m_usage = new UsageView(m_engine, this);
    m_usageDock = new QDockWidget(tr("Usage"), this);
    m_usageDock->setObjectName(QStringLiteral("usageDock"));
    m_usageDock->setWidget(m_usage);
    addDockWidget(Qt::BottomDockWidgetArea, m_usageDock);
    m_usageDock->hide();

    QAction *tools = m_toolsDock->toggleViewAction();
    tools->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_viewMenu->addAction(tools);
    m_viewMenu->addAction(m_clientsDock->toggleViewAction());
    QAction *usage = m_usageDock->toggleViewAction();
    usage->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U));
    m_viewMenu->addAction(usage);
}

void MainWindow::createSettingsAction()
{
    m_settingsAction = new QAction(tr("&Settings…"), this);
    m_settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_settingsAction->setMenuRole(QAction::PreferencesRole);
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::openSettings);
    auto *edit = new QMenu(tr("&Edit"), this);
    edit->addAction(m_settingsAction);
    menuBar()->insertMenu(m_viewMenu->menuAction(), edit);
}

SettingsDialog *MainWindow::openSettings()
{
    if (!m_settingsDialog) {
        m_settingsDialog = new SettingsDialog(m_settings, this);
        m_settingsDialog->setRunningPort(m_serverPort);
        m_settingsDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_settingsDialog, &SettingsDialog::settingsChanged, this,
                &MainWindow::settingsChanged);
        connect(m_settingsDialog, &SettingsDialog::resetTokenRequested, this,
                &MainWindow::resetTokenRequested);
    }
    m_settingsDialog->open();
    m_settingsDialog->raise();
    m_settingsDialog->activateWindow();
    return m_settingsDialog;
}

void MainWindow::showTokenReset()
{
    m_clients->showTokenReset();
    if (m_settingsDialog)
        m_settingsDialog->showTokenReset();
    statusBar()->showMessage(tr("Token reset; attached clients must reconnect."), 10000);
}

void MainWindow::setServerAddress(const QString &address)
{
    m_serverAddress = address;
    updateServerLabel();
}

void MainWindow::updateProviderLabel()
{
    const QString providerId = m_engine.currentProviderId();
    const ProviderEntry *entry = m_engine.catalog().find(providerId);
    m_providerLabel->setText(entry ? tr("%1 · %2").arg(entry->name, m_engine.currentModel())
                                   : tr("No provider set up"));
}

void MainWindow::createHelpMenu()
{
    m_findAction = new QAction(tr("&Find in the conversation…"), this);
    m_findAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_F));
    connect(m_findAction, &QAction::triggered, m_chat, &ChatPanel::find);
    m_focusInputAction = new QAction(tr("Go to the &message box"), this);
    m_focusInputAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_focusInputAction, &QAction::triggered, this, &MainWindow::focusInput);
    auto *chatSettings = new QAction(tr("&Chat settings…"), this);
    connect(chatSettings, &QAction::triggered, m_chat, [this] { m_chat->editChatSettings(); });
    QMenu *edit = nullptr;
    for (QAction *action : menuBar()->actions()) {
        if (action->menu() && action->menu()->actions().contains(m_settingsAction))
            edit = action->menu();
    }
    if (edit) {
        edit->insertAction(m_settingsAction, m_findAction);
        edit->insertAction(m_settingsAction, m_focusInputAction);
        edit->insertSeparator(m_settingsAction);
        edit->insertAction(m_settingsAction, chatSettings);
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    m_shortcutsAction = help->addAction(tr("&Keyboard shortcuts"));
    m_shortcutsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    connect(m_shortcutsAction, &QAction::triggered, this,
            [this] { HelpDialogs::showShortcuts(this); });
    m_aboutAction = help->addAction(tr("&About Attache"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, [this] { HelpDialogs::showAbout(this); });
}

void MainWindow::createToolBar()
{
    m_toolBar = new QToolBar(tr("Panels"), this);
    m_toolBar->setObjectName(QStringLiteral("panelsToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_toolBar->setFocusPolicy(Qt::NoFocus);
    m_toolBar->addAction(m_sessionDock->toggleViewAction());
    QWidget *spacer = new QWidget(m_toolBar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_toolBar->addWidget(spacer);
    m_toolBar->addAction(m_providerDock->toggleViewAction());
    m_toolBar->addAction(m_toolsDock->toggleViewAction());
    m_toolBar->addAction(m_usageDock->toggleViewAction());
    addToolBar(Qt::TopToolBarArea, m_toolBar);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_toolBar->toggleViewAction());
}

void MainWindow::focusInput()
{
    if (!m_chat->isOnboarding())
        m_chat->input()->setFocus(Qt::ShortcutFocusReason);
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    fitPanels();
}

void MainWindow::fitPanels()
{
    const bool compact = width() < CompactWidth;
    if (compact == m_compact)
        return;
    m_compact = compact;
    if (compact) {
        // The chat keeps the width; the panels are a toolbar click away.
        m_folded.clear();
        for (QDockWidget *dock : { m_sessionDock, m_providerDock, m_toolsDock, m_clientsDock }) {
            // Also before the window is first shown, when it starts small.
            if (dock->isVisibleTo(this) && !dock->isFloating()) {
                m_folded.append(dock);
                dock->hide();
            }
        }
        return;
    }
    for (QDockWidget *dock : std::as_const(m_folded))
        dock->show();
    m_folded.clear();
    m_providerDock->raise();
}
