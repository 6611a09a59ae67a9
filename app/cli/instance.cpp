// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/instance.h"

#include "cli/commandline.h"
#include "cli/httpclient.h"
#include "cli/tcpconnection.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <cerrno>
#include <climits>
#include <csignal>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace Cli::Instance {

namespace {

constexpr int StartTimeoutMs = 30000;

QByteArray selfPath()
{
    char path[PATH_MAX];
    const ssize_t n = ::readlink("/proc/self/exe", path, sizeof path - 1);
    return n > 0 ? QByteArray(path, n) : QByteArray("attache");
}

} // namespace

std::optional<DiscoveryFile::Info> find(const QString &discoveryPath)
{
    const std::optional<DiscoveryFile::Info> info = DiscoveryFile(discoveryPath).read();
    if (!info)
        return std::nullopt;
    if (::kill(pid_t(info->pid), 0) != 0 && errno == ESRCH)
        return std::nullopt; // a stale file from a process that died without cleaning up
    TcpConnection probe;
    QString error;
    if (!probe.connectTo(info->port, &error))
        return std::nullopt;
    return info;
}

QString notRunning(const QString &discoveryPath)
{
    return QStringLiteral(
               "Attache is not running (no live instance in %1).\n"
               "Start one with `attache --headless` (or open the window with `attache`), or as a "
               "service: `systemctl --user start attache`.\n"
               "Or run the command again with --start to start a headless one.")
        .arg(discoveryPath);
}

std::optional<DiscoveryFile::Info> start(const CommandLine &args, const QString &discoveryPath,
                                         QString *error)
{
    const QString logPath = QFileInfo(discoveryPath).dir().filePath(QStringLiteral("attache.log"));
    QDir().mkpath(QFileInfo(logPath).absolutePath());
    QList<QByteArray> argv { selfPath(), "--headless", "--discovery-file",
                             QFile::encodeName(discoveryPath) };
    for (const char *option : { "config-dir", "data-dir", "port" }) {
        if (args.isSet(QLatin1String(option)))
            argv << QByteArray("--") + option << args.value(QLatin1String(option)).toLocal8Bit();
    }
    std::vector<char *> pointers;
    for (QByteArray &arg : argv)
        pointers.push_back(arg.data());
    pointers.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    const QByteArray log = QFile::encodeName(logPath);
    posix_spawn_file_actions_addopen(&actions, 1, log.constData(), O_WRONLY | O_CREAT | O_APPEND,
                                     0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    // Its own session: a Ctrl-C or a closed terminal here does not reach it.
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID);
    pid_t pid = 0;
    const int spawned =
        ::posix_spawn(&pid, pointers[0], &actions, &attributes, pointers.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (spawned != 0) {
        *error = QStringLiteral("cannot start %1: %2")
                     .arg(QString::fromLocal8Bit(argv.first()),
                          QString::fromLocal8Bit(std::strerror(spawned)));
        return std::nullopt;
    }

    const QDeadlineTimer deadline(StartTimeoutMs);
    while (!deadline.hasExpired()) {
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            *error = QStringLiteral("the headless instance exited at once (%1); its output is "
                                    "in %2")
                         .arg(WIFEXITED(status) ? QStringLiteral("code %1").arg(WEXITSTATUS(status))
                                                : QStringLiteral("signal %1").arg(WTERMSIG(status)),
                              logPath);
            return std::nullopt;
        }
        const std::optional<DiscoveryFile::Info> info = DiscoveryFile(discoveryPath).read();
        if (info && info->pid == pid) {
            HttpClient http(*info, 5000);
            if (http.get(QStringLiteral("/health")).status == 200)
                return info;
        }
        QThread::msleep(20);
    }
    *error = QStringLiteral("the headless instance (pid %1) did not answer within %2 s; its "
                            "output is in %3")
                 .arg(pid)
                 .arg(StartTimeoutMs / 1000)
                 .arg(logPath);
    return std::nullopt;
}

} // namespace Cli::Instance
