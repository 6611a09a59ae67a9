// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "mainwindow.h"

#include "chatpanel.h"
#include "engine.h"
#include "permissiondialog.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QStatusBar>

MainWindow::MainWindow(Engine &engine, QWidget *parent)
    : QMainWindow(parent)
    , m_engine(engine)
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
    resize(820, 640);
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
