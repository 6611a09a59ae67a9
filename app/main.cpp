// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "appcore.h"
#include "chatpanel.h"
#include "mainwindow.h"
#include "options.h"
#include "unixsignals.h"

#include <QApplication>
#include <QCoreApplication>

#include <cstdio>
#include <memory>

namespace {

void say(FILE *stream, const QString &line)
{
    std::fprintf(stream, "%s\n", qUtf8Printable(line));
    std::fflush(stream);
}

int run(QCoreApplication &app, bool gui)
{
    const Options options = Options::parse(app);
    if (const auto running = AppCore::runningInstance(DiscoveryFile(options.discoveryPath))) {
        say(stdout, QStringLiteral("Attache is already running at %1 (pid %2).")
                            .arg(running->url.toString())
                            .arg(running->pid));
        return 0;
    }

    AppCore core(options);
    // Before the discovery file exists: a client may signal us as soon as it sees the file.
    UnixSignals::quitOnTermination();
    QString error;
    if (!core.start(&error)) {
        say(stderr, QStringLiteral("attache: %1").arg(error));
        return 1;
    }
    if (!core.warning().isEmpty())
        say(stderr, QStringLiteral("attache: %1").arg(core.warning()));
    say(stdout, QStringLiteral("Attache %1 listening on %2 (discovery file %3)")
                        .arg(QCoreApplication::applicationVersion(), core.server().url().toString(),
                             core.discovery().path()));

    std::unique_ptr<MainWindow> window;
    if (gui) {
        window = std::make_unique<MainWindow>(core.engine());
        window->setServerAddress(QObject::tr("Editors attach at %1").arg(core.server().url().toString()));
        window->show();
    }
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setApplicationName(QStringLiteral("attache"));
    QCoreApplication::setApplicationVersion(QStringLiteral(ATTACHE_VERSION));

    QString noGuiReason;
    if (Options::wantsGui(argc, argv, &noGuiReason)) {
        QApplication app(argc, argv);
        QApplication::setApplicationDisplayName(QStringLiteral("Attache"));
        return run(app, true);
    }
    if (!noGuiReason.isEmpty())
        say(stderr, noGuiReason);
    QCoreApplication app(argc, argv);
    return run(app, false);
}
