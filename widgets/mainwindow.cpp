// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "chatpanel.h"
#include "clientspanel.h"
#include "engine.h"
#include "permissiondialog.h"
#include "providerpanel.h"
#include "sessionpanel.h"
#include "settingsdialog.h"
#include "toolspanel.h"
#include "usageview.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QStatusBar>

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
    // The chat's first-run page and its error notices send the user to the provider settings.
    const auto showProviderPanel = [this] {
        m_providerDock->show();
        m_providerDock->raise();
        for (QWidget *w = m_provider->nextInFocusChain(); w && w != m_provider;
             w = w->nextInFocusChain()) {
            if (m_provider->isAncestorOf(w) && w->isEnabled()
                && (w->focusPolicy() & Qt::TabFocus)) {
                w->setFocus(Qt::OtherFocusReason);
                break;
            }
        }
    };
    connect(m_chat, &ChatPanel::apiKeyRequested, this, showProviderPanel);
    connect(m_chat, &ChatPanel::localServerRequested, this, showProviderPanel);
    // showSession() itself waits for a streaming reply to finish.
    connect(&engine, &Engine::currentSessionChanged, m_chat, &ChatPanel::showSession);
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
