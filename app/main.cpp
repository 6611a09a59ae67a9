// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The host: the window, --headless, --stdio and --reset-token. Built into the attache-host module,
// which the `attache` executable (launcher.cpp) loads when it is not given a client command.
#include "appcore.h"
#include "chatpanel.h"
#include "guiwiring.h"
#include "instanceclient.h"
#include "mainwindow.h"
#include "net/epolldispatcher.h"
#include "options.h"
#include "rpc/stdiopeer.h"
#include "secondinstance.h"
#include "stdiobridge.h"
#include "theme.h"
#include "translations.h"
#include "unixsignals.h"

#include <QApplication>
#include <QCoreApplication>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <memory>
#include <sys/resource.h>

namespace {

// The server's connection cap (4,096 by default), not the descriptor limit (often a soft 1,024),
// must be what a flood of connections meets. Capped at 2^20, the kernel's usual nr_open: some
// hard limits are near-infinite, and code that walks every descriptor number would crawl.
void raiseOpenFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return;
    const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, rlim_t(1) << 20);
    if (limit.rlim_cur >= wanted)
        return;
    limit.rlim_cur = wanted;
    setrlimit(RLIMIT_NOFILE, &limit);
}

void say(FILE *stream, const QString &line)
{
    std::fprintf(stream, "%s\n", qUtf8Printable(line));
    std::fflush(stream);
}

QString envOr(const char *name, const QString &fallback)
{
    const QString value = qEnvironmentVariable(name).trimmed();
    return value.isEmpty() ? fallback : value;
}

// `attache --stdio`: stdout carries JSON-RPC and nothing else, so every word for the user goes to
// stderr. Attaches to the running instance when there is one, else hosts a headless engine that
// other clients can attach to as well.
int runStdio(QCoreApplication &app, const Options &options)
{
    // A client that closes its end of stdout must end us through EPIPE, not kill us mid-write.
    std::signal(SIGPIPE, SIG_IGN);
    const QString kind = envOr("ATTACHE_CLIENT_KIND", QStringLiteral("other"));
    const QString name = envOr("ATTACHE_CLIENT_NAME", QStringLiteral("stdio"));
    constexpr int FlushTimeoutMs = 2000;

    if (const auto running = AppCore::runningInstance(DiscoveryFile(options.discoveryPath))) {
        UnixSignals::quitOnTermination();
        StdioBridge bridge(*running, kind, name, 0, 1);
        QObject::connect(&bridge, &StdioBridge::finished, &app,
                         [](int code) { QCoreApplication::exit(code); });
        bridge.start();
        const int code = app.exec();
        bridge.flush(FlushTimeoutMs);
        return code;
    }

    AppCore core(options);
    UnixSignals::quitOnTermination();
    QString error;
    if (!core.start(&error)) {
        say(stderr, QStringLiteral("attache: %1").arg(error));
        return 1;
    }
    if (!core.warning().isEmpty())
        say(stderr, QStringLiteral("attache: %1").arg(core.warning()));
    say(stderr,
        QStringLiteral("Attache %1 listening on %2 (discovery file %3), JSON-RPC on stdio")
            .arg(QCoreApplication::applicationVersion(), core.server().url().toString(),
                 core.discovery().path()));
    // Declared after core, so it is destroyed first, while the dispatcher that knows it exists.
    StdioPeer peer(0, 1);
    QObject::connect(&peer, &RpcPeer::disconnected, &app, &QCoreApplication::quit);
    core.server().rpc().attach(&peer, kind, name);
    const int code = app.exec();
    peer.flush(FlushTimeoutMs);
    return code;
}

// `attache --reset-token`: the running instance makes a new token, drops every connection that
// used the old one and rewrites its discovery file, where clients find the new one.
int resetToken(const Options &options)
{
    const DiscoveryFile discovery(options.discoveryPath);
    const auto running = AppCore::runningInstance(discovery);
    if (!running) {
        say(stderr,
            QStringLiteral("attache: Attache is not running (no live instance in %1); "
                           "a new token is made at every start.")
                .arg(discovery.path()));
        return 1;
    }
    const InstanceClient::Reply reply =
        InstanceClient(*running).post(QStringLiteral("/token/reset"));
    if (!reply.ok()) {
        say(stderr, QStringLiteral("attache: the token was not reset: %1").arg(reply.error));
        return 1;
    }
    say(stdout,
        QStringLiteral("Token reset. Attached clients were disconnected; they find the new "
                       "token in %1.")
            .arg(discovery.path()));
    return 0;
}

int run(QCoreApplication &app, bool gui)
{
    const Options options = Options::parse(app);
    if (options.resetToken)
        return resetToken(options);
    if (options.stdio)
        return runStdio(app, options);
    if (const auto running = AppCore::runningInstance(DiscoveryFile(options.discoveryPath))) {
        if (gui) {
            QString notShown;
            const int code = SecondInstance::showRunningWindow(*running, &notShown);
            if (!notShown.isEmpty())
                tellInAWindow(notShown);
            return code;
        }
        say(stdout,
            QStringLiteral("Attache is already running at %1 (pid %2).")
                .arg(running->url.toString())
                .arg(running->pid));
        return 0;
    }

    AppCore core(options);
    // Before any window is built: widgets take their strings when they are made.
    Translations translations;
    translations.install(core.settings().value(Settings::Language));
    // Before the discovery file exists: a client may signal us as soon as it sees the file.
    UnixSignals::quitOnTermination();
    QString error;
    if (!core.start(&error)) {
        say(stderr, QStringLiteral("attache: %1").arg(error));
        return 1;
    }
    if (!core.warning().isEmpty())
        say(stderr, QStringLiteral("attache: %1").arg(core.warning()));
    say(stdout,
        QStringLiteral("Attache %1 listening on %2 (discovery file %3)")
            .arg(QCoreApplication::applicationVersion(), core.server().url().toString(),
                 core.discovery().path()));

    std::unique_ptr<Theme> theme;
    std::unique_ptr<MainWindow> window;
    if (gui) {
        theme = std::make_unique<Theme>();
        window = openWindow(core, *theme);
    }
    return app.exec();
}

} // namespace

extern "C" __attribute__((visibility("default"))) int attache_host_main(int argc, char *argv[])
{
    raiseOpenFileLimit();
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
    // Without a window the loop waits on epoll rather than Qt's poll of every socket: with a
    // thousand streams open that poll was a fifth of the engine's time. ATTACHE_EVENT_LOOP=qt
    // keeps Qt's.
    EpollEventDispatcher::installForMainThread();
    QCoreApplication app(argc, argv);
    return run(app, false);
}
