// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The command-line client against a running headless instance: `attache status` spawned to its
// exit with the answer printed (beside curl asking GET /status itself), and `attache chat`
// spawned to the first byte of its reply on stdout (beside the fake upstream's own first token
// through curl).
#include "benchutil.h"
#include "scenarios.h"

#include <QFile>
#include <QFileInfo>

#include <cmath>
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace Bench {

namespace {

struct Spawned
{
    double firstByteMs = nan(); // spawn → first byte on stdout
    double exitMs = nan(); // spawn → exit (stdout closed)
    int code = -1;
    QByteArray out;
};

// Spawns program with stdout on a pipe, stdin and stderr on /dev/null, and polls both in a
// tight loop, so the first byte and the exit are seen when they happen.
Spawned spawnTimed(const QString &program, const QStringList &args, const QStringList &env,
                   int timeoutMs)
{
    Spawned result;
    std::vector<QByteArray> storage { QFile::encodeName(program) };
    for (const QString &arg : args)
        storage.push_back(arg.toLocal8Bit());
    const size_t argCount = storage.size();
    for (const QString &entry : env)
        storage.push_back(entry.toLocal8Bit());
    std::vector<char *> argv;
    std::vector<char *> envp;
    for (size_t i = 0; i < storage.size(); ++i)
        (i < argCount ? argv : envp).push_back(storage[i].data());
    argv.push_back(nullptr);
    envp.push_back(nullptr);

    int pipeFds[2] = { -1, -1 };
    if (::pipe2(pipeFds, O_CLOEXEC) != 0)
        return result;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, pipeFds[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const qint64 start = nowNs();
    const int spawned = ::posix_spawnp(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipeFds[1]);
    if (spawned != 0) {
        ::close(pipeFds[0]);
        return result;
    }
    const qint64 deadline = start + qint64(timeoutMs) * 1000000;
    bool open = true;
    char buffer[65536];
    while (open && nowNs() < deadline) {
        pollfd p { pipeFds[0], POLLIN, 0 };
        if (::poll(&p, 1, 100) <= 0)
            continue;
        const ssize_t n = ::read(pipeFds[0], buffer, sizeof buffer);
        if (n > 0 && std::isnan(result.firstByteMs))
            result.firstByteMs = nsToMs(nowNs() - start);
        if (n > 0)
            result.out.append(buffer, n);
        open = n > 0;
    }
    ::close(pipeFds[0]);
    int status = 0;
    if (open) { // out of time
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        return result;
    }
    ::waitpid(pid, &status, 0);
    result.exitMs = nsToMs(nowNs() - start);
    result.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

} // namespace

void runCliStart(Context &ctx)
{
    const int runs = ctx.mode.startups;
    ctx.say(QStringLiteral("command-line client: %1 runs of attache status and of attache chat")
                .arg(runs));
    FakeUpstream fake;
    AttacheProcess attache;
    QString error;
    if (!fake.start(ctx.paths, {}, &error) || !attache.start(ctx.paths, fake.baseUrl(), &error)) {
        ctx.notes.append(QStringLiteral("command-line phase skipped: ") + error);
        return;
    }
    const QStringList env = isolatedEnvironment(attache.home());
    const QString curl = QFileInfo::exists(QStringLiteral("/usr/bin/curl"))
        ? QStringLiteral("/usr/bin/curl")
        : QString();
    const QString bearer =
        QStringLiteral("Authorization: Bearer ") + QString::fromLatin1(attache.token());
    const int timeout = ctx.mode.phaseTimeoutMs;
    QList<double> status;
    QList<double> chat;
    QList<double> curlStatus;
    QList<double> curlFirstToken;
    QStringList errors;
    // One unmeasured round first: the binaries are in the page cache, the session exists.
    for (int i = -1; i < runs; ++i) {
        const Spawned s = spawnTimed(ctx.paths.attache, { QStringLiteral("status") }, env, timeout);
        const Spawned c = spawnTimed(
            ctx.paths.attache, { QStringLiteral("chat"), QStringLiteral("hi") }, env, timeout);
        if (s.code != 0 || !s.out.startsWith("Attache "))
            errors.append(QStringLiteral("attache status: exit %1").arg(s.code));
        if (c.code != 0 || !c.out.startsWith("Hello"))
            errors.append(QStringLiteral("attache chat: exit %1").arg(c.code));
        Spawned d;
        Spawned t;
        if (!curl.isEmpty()) {
            d = spawnTimed(curl,
                           { QStringLiteral("-s"), QStringLiteral("-H"), bearer,
                             QStringLiteral("http://127.0.0.1:%1/status").arg(attache.port()) },
                           env, timeout);
            t = spawnTimed(curl,
                           { QStringLiteral("-sN"), QStringLiteral("-H"),
                             QStringLiteral("Content-Type: application/json"), QStringLiteral("-d"),
                             QStringLiteral("{\"model\":\"m\",\"stream\":true,\"messages\":[{"
                                            "\"role\":\"user\",\"content\":\"hi\"}]}"),
                             fake.baseUrl() + QStringLiteral("/chat/completions") },
                           env, timeout);
        }
        if (i < 0)
            continue;
        status.append(s.exitMs);
        chat.append(c.firstByteMs);
        curlStatus.append(d.exitMs);
        curlFirstToken.append(t.firstByteMs);
    }
    Row statusRow { QStringLiteral("cli_status_ms"),
                    QStringLiteral("attache status: start → answer printed, exit"),
                    QStringLiteral("ms") };
    statusRow.attache = median(status);
    statusRow.direct = curl.isEmpty() ? nan() : median(curlStatus);
    statusRow.goal = Row::Goal::Below;
    statusRow.target = 40;
    statusRow.decimals = 1;
    statusRow.complete = errors.isEmpty();
    statusRow.note = QStringLiteral("direct: curl asking GET /status itself");
    statusRow.extra = { { QStringLiteral("max_ms"), percentile(status, 100) },
                        { QStringLiteral("runs"), int(status.size()) } };
    Row chatRow { QStringLiteral("cli_chat_first_byte_ms"),
                  QStringLiteral("attache chat: start → 1st byte of the reply"),
                  QStringLiteral("ms") };
    chatRow.attache = median(chat);
    chatRow.direct = curl.isEmpty() ? nan() : median(curlFirstToken);
    chatRow.goal = Row::Goal::Below;
    chatRow.target = 40;
    chatRow.decimals = 1;
    chatRow.complete = errors.isEmpty();
    chatRow.note = QStringLiteral("direct: curl's 1st byte from the fake upstream itself");
    chatRow.extra = { { QStringLiteral("max_ms"), percentile(chat, 100) },
                      { QStringLiteral("runs"), int(chat.size()) } };
    if (!errors.isEmpty())
        ctx.notes.append(QStringLiteral("command-line client: ")
                         + errors.mid(0, 3).join(QLatin1String("; ")));
    ctx.rows << statusRow << chatRow;
}

} // namespace Bench
