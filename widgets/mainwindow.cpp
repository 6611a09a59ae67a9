// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "chatpanel.h"
#include "engine.h"
#include "permissiondialog.h"
#include "providerpanel.h"
#include "sessionpanel.h"

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
    statusBar()->addWidget(m_providerLabel, 1);
    statusBar()->addPermanentWidget(m_serverLabel);
    connect(&engine, &Engine::providerChanged, this, &MainWindow::updateProviderLabel);
    connect(&engine, &Engine::modelChanged, this, &MainWindow::updateProviderLabel);
    updateProviderLabel();
    createDocks();
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
    resize(1180, 720);
    m_chat->input()->setFocus();
    connect(&engine.tools().permissions(), &PermissionBroker::requested, this,
            [this](const PermissionRequest &request) {
                auto *dialog = new PermissionDialog(m_engine.tools().permissions(), request, this);
                dialog->show();
                dialog->raise();
            });
    m_clientId = engine.presence().attach(QStringLiteral("gui"), tr("Attache window"),
                                          QStringLiteral("inprocess"));
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
}

void MainWindow::setServerAddress(const QString &address)
{
    m_serverLabel->setText(address);
}

void MainWindow::updateProviderLabel()
{
    const QString providerId = m_engine.currentProviderId();
    const ProviderEntry *entry = m_engine.catalog().find(providerId);
    m_providerLabel->setText(entry ? tr("%1 · %2").arg(entry->name, m_engine.currentModel())
                                   : tr("No provider set up"));
}
