// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Start-up: `attache --headless` spawned to its first answered GET /health (the upstream's
// figure: the fake provider spawned to its first answered request), and the window (offscreen)
// spawned to its first painted frame, read from Qt's own qt.widgets.painting log.
#include "scenarios.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace Bench {

namespace {

struct Timing
{
    double healthMs = nan(); // spawn → first answered request
    double discoveryMs = nan(); // spawn → discovery file exists
    double paintMs = nan(); // spawn → first "Flushing" of the window (GUI only)
};

// One GET on a fresh blocking loopback connection; true on a 200. While it waits for the answer
// it calls tick() at least every millisecond (draining the child's stderr, looking for the
// discovery file), so nothing else is seen late.
bool tryGet(quint16 port, const QByteArray &request, const std::function<void()> &tick)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bool ok = false;
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0
        && ::send(fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL)
            == request.size()) {
        QByteArray answer;
        char buffer[4096];
        const qint64 deadline = nowNs() + 5000000000LL;
        for (int i = 0; i < 1000000 && !answer.contains("\r\n\r\n") && nowNs() < deadline; ++i) {
            tick();
            pollfd p { fd, POLLIN, 0 };
            const int ready = ::poll(&p, 1, 1);
            if (ready < 0)
                break;
            if (ready == 0)
                continue;
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0)
                break;
            answer.append(buffer, n);
        }
        ok = answer.startsWith("HTTP/1.1 200");
    }
    ::close(fd);
    return ok;
}

void stopChild(pid_t pid)
{
    ::kill(pid, SIGTERM);
    for (int i = 0; i < 5000; ++i) { // 5 s
        if (::waitpid(pid, nullptr, WNOHANG) == pid)
            return;
        ::usleep(1000);
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
}

// Spawns program and polls, in a tight loop, for the discovery file, the first paint (a
// "Flushing" line on stderr) and a 200 to `request`.
Timing spawnAndPoll(const QString &program, const QStringList &args, const QStringList &env,
                    quint16 port, const QByteArray &request, const QString &discoveryPath,
                    bool watchPaint, int timeoutMs)
{
    Timing timing;
    std::vector<QByteArray> storage;
    std::vector<char *> argv;
    std::vector<char *> envp;
    storage.reserve(size_t(args.size() + env.size() + 1));
    storage.push_back(QFile::encodeName(program));
    for (const QString &a : args)
        storage.push_back(a.toLocal8Bit());
    for (size_t i = 0; i < size_t(args.size()) + 1; ++i)
        argv.push_back(storage[i].data());
    argv.push_back(nullptr);
    for (const QString &e : env) {
        storage.push_back(e.toLocal8Bit());
        envp.push_back(storage.back().data());
    }
    envp.push_back(nullptr);

    int pipeFds[2] = { -1, -1 };
    if (::pipe2(pipeFds, O_CLOEXEC) != 0)
        return timing;
    ::fcntl(pipeFds[0], F_SETFL, O_NONBLOCK); // the child's end stays blocking
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    if (watchPaint)
        posix_spawn_file_actions_adddup2(&actions, pipeFds[1], 2);
    else
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    const QByteArray discovery = QFile::encodeName(discoveryPath);
    pid_t pid = 0;
    const qint64 start = nowNs();
    const int spawned =
        posix_spawn(&pid, storage[0].constData(), &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipeFds[1]);
    if (spawned != 0) {
        ::close(pipeFds[0]);
        return timing;
    }
    QByteArray errText;
    bool pipeOpen = watchPaint;
    const auto drain = [&] {
        char buffer[16384];
        for (int k = 0; k < 64 && pipeOpen; ++k) {
            const ssize_t n = ::read(pipeFds[0], buffer, sizeof buffer);
            if (n == 0)
                pipeOpen = false;
            if (n <= 0)
                break;
            if (std::isnan(timing.paintMs)) {
                errText.append(buffer, n);
                if (errText.contains("Flushing"))
                    timing.paintMs = nsToMs(nowNs() - start);
                errText = errText.right(16);
            }
        }
    };
    const auto tick = [&] {
        if (pipeOpen)
            drain();
        if (!discovery.isEmpty() && std::isnan(timing.discoveryMs)
            && ::access(discovery.constData(), F_OK) == 0)
            timing.discoveryMs = nsToMs(nowNs() - start);
    };
    const qint64 deadline = start + qint64(timeoutMs) * 1000000;
    bool done = false;
    for (int i = 0; i < 50000000 && !done && nowNs() < deadline; ++i) {
        tick();
        if (std::isnan(timing.healthMs) && tryGet(port, request, tick))
            timing.healthMs = nsToMs(nowNs() - start);
        done = !std::isnan(timing.healthMs)
            && (discovery.isEmpty() || !std::isnan(timing.discoveryMs))
            && (!watchPaint || !std::isnan(timing.paintMs));
        if (!done && ::waitpid(pid, nullptr, WNOHANG) == pid) {
            ::close(pipeFds[0]);
            return timing; // exited early
        }
        if (!done)
            sched_yield();
    }
    stopChild(pid);
    ::close(pipeFds[0]);
    return timing;
}

} // namespace

void runStartup(Context &ctx)
{
    ctx.say(QStringLiteral("start-up: %1 headless and %2 GUI spawns")
                .arg(ctx.mode.startups)
                .arg(ctx.mode.guiStartups));
    QTemporaryDir dir;
    if (!dir.isValid()) {
        ctx.notes.append(QStringLiteral("start-up skipped: no temporary directory"));
        return;
    }
    const QString discovery = dir.filePath(QStringLiteral("state/attache/server.json"));
    const QStringList env = isolatedEnvironment(dir.path());
    QStringList guiEnv = env;
    guiEnv.removeIf([](const QString &e) {
        return e.startsWith(QLatin1String("QT_QPA_PLATFORM="))
            || e.startsWith(QLatin1String("QT_LOGGING_RULES="))
            || e.startsWith(QLatin1String("QT_MESSAGE_PATTERN="));
    });
    guiEnv << QStringLiteral("QT_QPA_PLATFORM=offscreen")
           << QStringLiteral("QT_LOGGING_RULES=qt.widgets.painting=true");
    const int timeout = ctx.paths.startTimeoutMs;

    QList<double> headless;
    QList<double> upstream;
    QList<double> gui;
    QList<double> guiHealth;
    QList<double> guiDiscovery;
    // One unmeasured start each first: the database is created, the binaries are in the page cache.
    for (int i = -1; i < ctx.mode.startups; ++i) {
        quint16 port = freePort();
        const Timing a = spawnAndPoll(
            ctx.paths.attache,
            { QStringLiteral("--headless"), QStringLiteral("--port"), QString::number(port) }, env,
            port, httpRequest("GET", "/health", port, {}, {}), discovery, false, timeout);
        port = freePort();
        const Timing d = spawnAndPoll(
            ctx.paths.fake, { QStringLiteral("--port"), QString::number(port) }, env, port,
            httpRequest("GET", "/v1/models", port, {}, {}), QString(), false, timeout);
        if (i < 0)
            continue;
        headless.append(a.healthMs);
        upstream.append(d.healthMs);
    }
    for (int i = -1; i < ctx.mode.guiStartups; ++i) {
        const quint16 port = freePort();
        const Timing g = spawnAndPoll(
            ctx.paths.attache, { QStringLiteral("--port"), QString::number(port) }, guiEnv, port,
            httpRequest("GET", "/health", port, {}, {}), discovery, true, timeout);
        if (i < 0)
            continue;
        gui.append(g.paintMs);
        guiHealth.append(g.healthMs);
        guiDiscovery.append(g.discoveryMs);
    }
    Row start { QStringLiteral("start_headless_health_ms"),
                QStringLiteral("headless start → 1st answered /health"), QStringLiteral("ms") };
    start.attache = median(headless);
    start.direct = median(upstream);
    start.goal = Row::Goal::Below;
    start.target = 150;
    start.decimals = 1;
    start.note = QStringLiteral("direct: the fake upstream's start → 1st answer");
    start.extra = { { QStringLiteral("max_ms"), percentile(headless, 100) },
                    { QStringLiteral("spawns"), int(headless.size()) } };
    Row window { QStringLiteral("start_gui_paint_ms"),
                 QStringLiteral("GUI start → 1st painted window (offscreen)"),
                 QStringLiteral("ms") };
    window.attache = median(gui);
    window.decimals = 1;
    window.note =
        QStringLiteral(
            "1st \"Flushing\" in Qt's qt.widgets.painting log; /health %1 ms, discovery file %2 ms")
            .arg(median(guiHealth), 0, 'f', 1)
            .arg(median(guiDiscovery), 0, 'f', 1);
    window.extra = { { QStringLiteral("health_ms"), median(guiHealth) },
                     { QStringLiteral("discovery_ms"), median(guiDiscovery) },
                     { QStringLiteral("spawns"), int(gui.size()) } };
    ctx.rows << start << window;
}

} // namespace Bench
