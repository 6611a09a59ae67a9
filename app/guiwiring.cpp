// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "guiwiring.h"

#include "appcore.h"
#include "clientspanel.h"
#include "mainwindow.h"
#include "theme.h"

void connectWindowToServer(MainWindow &window, AppCore &core, Theme &theme)
{
    ClientsPanel *clients = window.clientsPanel();
    clients->setServerAddress(core.server().url());
    clients->setDiscoveryFile(core.discovery().path());

    ApiServer *server = &core.server();
    QObject::connect(&window, &MainWindow::resetTokenRequested, server, &ApiServer::resetToken);
    // AppCore rewrote the discovery file first (it connected earlier), so the news is true.
    QObject::connect(server, &ApiServer::tokenChanged, &window, &MainWindow::showTokenReset);

    theme.apply(core.settings().value(Settings::Theme));
    QObject::connect(&window, &MainWindow::settingsChanged, &window, [&core, &theme] {
        core.server().setAllowedOrigins(core.settings().value(Settings::AllowedOrigins));
        theme.apply(core.settings().value(Settings::Theme));
        // The port applies on the next start, the language after a restart: nothing to do.
    });
}
