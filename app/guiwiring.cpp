// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "guiwiring.h"

#include "appcore.h"
#include "clientspanel.h"
#include "mainwindow.h"
#include "theme.h"
#include "trayicon.h"

#include <QApplication>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>

namespace {

void connectServerFacts(MainWindow &window, AppCore &core)
{
    ApiServer *server = &core.server();
    window.setServerAddress(QObject::tr("Editors attach at %1").arg(server->url().toString()));
    window.setServerPort(server->url().port());
    ClientsPanel *clients = window.clientsPanel();
    clients->setServerAddress(server->url());
    clients->setDiscoveryFile(core.discovery().path());

    QObject::connect(&window, &MainWindow::resetTokenRequested, server, &ApiServer::resetToken);
    // AppCore rewrote the discovery file first (it connected earlier), so the news is true.
    QObject::connect(server, &ApiServer::tokenChanged, &window, &MainWindow::showTokenReset);

    server->setHasWindow(true);
    QObject::connect(server, &ApiServer::showWindowRequested, &window, [&window] {
        std::fprintf(stdout, "Another start of Attache asked for the window; showing it.\n");
        std::fflush(stdout);
        window.showAndRaise();
    });
    QObject::connect(&window, &MainWindow::serverPauseRequested, server, &ApiServer::setPaused);
    QObject::connect(server, &ApiServer::pausedChanged, &window, &MainWindow::setServerPaused);
}

} // namespace

std::unique_ptr<MainWindow> openWindow(AppCore &core, Theme &theme)
{
    QApplication::setQuitOnLastWindowClosed(false); // the window says when (it may go to the tray)
    theme.apply(core.settings().value(Settings::Theme));
    auto window = std::make_unique<MainWindow>(core.engine(), core.settings());
    connectServerFacts(*window, core);
    QObject::connect(window.get(), &MainWindow::settingsChanged, window.get(), [&core, &theme] {
        core.server().setAllowedOrigins(core.settings().value(Settings::AllowedOrigins));
        theme.apply(core.settings().value(Settings::Theme));
        // The port applies on the next start, the language after a restart: nothing to do.
    });
    QObject::connect(window.get(), &MainWindow::quitRequested, QCoreApplication::instance(),
                     &QCoreApplication::quit, Qt::QueuedConnection);
    window->show();
    return window;
}

void tellInAWindow(const QString &notShown)
{
    QMessageBox box(QMessageBox::Information,
                    QCoreApplication::translate("SecondInstance", "Attache is running"), notShown,
                    QMessageBox::Ok);
    box.setWindowIcon(TrayIcon::appIcon());
    // Said once the box is on screen: a script (or a test) knows it waits for the user.
    QTimer::singleShot(0, &box, [] {
        std::fprintf(stdout, "A window says so.\n");
        std::fflush(stdout);
    });
    box.exec();
}
