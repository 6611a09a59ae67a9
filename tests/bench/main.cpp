// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// attache-bench: starts the fake upstream and `attache --headless`, measures every performance
// figure through Attache and straight against the upstream in the same run, and prints one
// table (and writes the figures to a JSON file to compare runs across commits).
#include "net/epolldispatcher.h"
#include "scenarios.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QProcess>
#include <QThread>

#include <csignal>
#include <cstdio>

using namespace Bench;

namespace {

Mode modeNamed(const QString &name)
{
    Mode mode;
    mode.name = name;
    if (name == QLatin1String("quick")) {
        mode.reps = 2;
        mode.ttftChats = 200;
        mode.reconnects = 50;
        mode.concurrentChunks = 1000;
        mode.pacedStreams = 200;
        mode.pacedChunks = 100;
        mode.startups = 5;
        mode.guiStartups = 3;
        mode.idleBudgetMs = 15000;
        mode.phaseTimeoutMs = 30000;
    } else if (name == QLatin1String("full")) {
        mode.reps = 5;
        mode.ttftChats = 1000;
        mode.reconnects = 300;
        mode.concurrentChunks = 5000;
        mode.pacedReps = 3;
        mode.startups = 20;
        mode.guiStartups = 10;
        mode.idleBudgetMs = 120000;
        mode.phaseTimeoutMs = 120000;
    }
    return mode;
}

QString git(const QStringList &args)
{
    QProcess process;
    process.start(QStringLiteral("git"),
                  QStringList { QStringLiteral("-C"), QStringLiteral(ATTACHE_SOURCE_DIR) } + args);
    if (!process.waitForFinished(5000) || process.exitCode() != 0)
        return {};
    return QString::fromUtf8(process.readAllStandardOutput()).trimmed();
}

} // namespace

int main(int argc, char *argv[])
{
    EpollEventDispatcher::installForMainThread(); // as the headless engine's (ATTACHE_EVENT_LOOP)
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("attache-bench"));
    std::signal(SIGPIPE, SIG_IGN);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Measures Attache against the upstream it relays and prints one table."));
    parser.addHelpOption();
    const QCommandLineOption quick(QStringLiteral("quick"),
                                   QStringLiteral("Fewer repetitions and chats."));
    const QCommandLineOption full(QStringLiteral("full"),
                                  QStringLiteral("More repetitions and chats (a few minutes)."));
    const QCommandLineOption json(
        QStringLiteral("json"),
        QStringLiteral("Write the figures to <path> (default bench-results.json)."),
        QStringLiteral("path"), QStringLiteral("bench-results.json"));
    const QCommandLineOption only(
        QStringLiteral("only"),
        QStringLiteral("Run only these phases (comma-separated): latency, stream, concurrent, "
                       "paced, idle, open, startup, cli, messages."),
        QStringLiteral("phases"));
    const QCommandLineOption attache(QStringLiteral("attache"),
                                     QStringLiteral("The attache binary."), QStringLiteral("path"),
                                     QStringLiteral(ATTACHE_BINARY));
    const QCommandLineOption fake(QStringLiteral("fake"),
                                  QStringLiteral("The attache-fake-provider binary."),
                                  QStringLiteral("path"), QStringLiteral(ATTACHE_FAKE_PROVIDER));
    const QCommandLineOption wrap(
        QStringLiteral("wrap"),
        QStringLiteral(
            "Run the measured attache under this command, e.g. \"valgrind --tool=callgrind\" "
            "(start-up is always measured bare)."),
        QStringLiteral("command"));
    const QCommandLineOption quickAck(
        QStringLiteral("quick-ack"),
        QStringLiteral("Diagnostic: the time-to-first-token clients ACK at once (TCP_QUICKACK), "
                       "which hides Nagle delays on the server's side."));
    const QCommandLineOption reps(
        QStringLiteral("reps"), QStringLiteral("Repetitions of each figure (overrides the mode)."),
        QStringLiteral("n"));
    const QCommandLineOption streams(
        QStringLiteral("streams"),
        QStringLiteral(
            "Concurrent stream counts, comma-separated (default 50,200; for profiling)."),
        QStringLiteral("list"));
    const QCommandLineOption chunks(
        QStringLiteral("chunks"),
        QStringLiteral("Tokens of every reply: the chats timed to the first token, the long "
                       "stream, each concurrent stream (for profiling)."),
        QStringLiteral("n"));
    const QCommandLineOption idle(
        QStringLiteral("idle"),
        QStringLiteral("Idle connections and open streams per transport (default 1000; for "
                       "profiling)."),
        QStringLiteral("n"));
    parser.addOptions(
        { quick, full, json, only, attache, fake, wrap, quickAck, reps, streams, chunks, idle });
    parser.process(app);

    Context ctx;
    ctx.mode = modeNamed(parser.isSet(full)        ? QStringLiteral("full")
                             : parser.isSet(quick) ? QStringLiteral("quick")
                                                   : QStringLiteral("default"));
    ctx.paths.attache = parser.value(attache);
    ctx.paths.fake = parser.value(fake);
    if (parser.isSet(wrap)) {
        ctx.paths.wrapper = parser.value(wrap).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        ctx.paths.startTimeoutMs = 120000;
        ctx.paths.stopTimeoutMs = 300000;
        ctx.mode.phaseTimeoutMs *= 20;
    }
    if (parser.isSet(reps))
        ctx.mode.reps = ctx.mode.pacedReps = qBound(1, parser.value(reps).toInt(), 100);
    if (parser.isSet(streams)) {
        ctx.mode.concurrentStreams.clear();
        for (const QString &n : parser.value(streams).split(QLatin1Char(','), Qt::SkipEmptyParts))
            ctx.mode.concurrentStreams.append(qBound(1, n.toInt(), 2000));
        ctx.notes.append(
            QStringLiteral("--streams %1: not the standard figures").arg(parser.value(streams)));
    }
    if (parser.isSet(chunks)) {
        ctx.mode.ttftChunks = ctx.mode.streamChunks = ctx.mode.concurrentChunks =
            qBound(1, parser.value(chunks).toInt(), 10000000);
        ctx.notes.append(
            QStringLiteral("--chunks %1: not the standard figures").arg(parser.value(chunks)));
    }
    if (parser.isSet(idle)) {
        ctx.mode.idleConnections = qBound(1, parser.value(idle).toInt(), 20000);
        ctx.notes.append(
            QStringLiteral("--idle %1: not the standard figures").arg(parser.value(idle)));
    }
    ctx.quickAck = parser.isSet(quickAck);
    if (ctx.quickAck)
        ctx.notes.append(
            QStringLiteral("--quick-ack: the time-to-first-token clients ACK at once"));
    if (parser.isSet(only))
        ctx.only = parser.value(only).split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString *path : { &ctx.paths.attache, &ctx.paths.fake }) {
        if (!QFileInfo(*path).isExecutable()) {
            std::fprintf(stderr, "attache-bench: %s is not an executable; build it first.\n",
                         qUtf8Printable(*path));
            return 2;
        }
    }

    const qint64 files = raiseFileLimit();
    if (files < 4 * ctx.mode.idleConnections + 1024)
        ctx.notes.append(QStringLiteral("open-file limit is only %1").arg(files));
    const QString commit =
        git({ QStringLiteral("rev-parse"), QStringLiteral("--short"), QStringLiteral("HEAD") });
    const bool dirty = !git({ QStringLiteral("status"), QStringLiteral("--porcelain"),
                              QStringLiteral("--untracked-files=no") })
                            .isEmpty();
    ctx.say(QStringLiteral("attache-bench: %1 mode, commit %2%3, %4 cores")
                .arg(ctx.mode.name, commit.isEmpty() ? QStringLiteral("?") : commit,
                     dirty ? QStringLiteral(" (with local changes)") : QString())
                .arg(QThread::idealThreadCount()));

    QElapsedTimer clock;
    clock.start();
    if (ctx.wantsPhase(QStringLiteral("latency")))
        runLatency(ctx);
    if (ctx.wantsPhase(QStringLiteral("stream")))
        runStream(ctx);
    if (ctx.wantsPhase(QStringLiteral("concurrent")))
        runConcurrent(ctx);
    if (ctx.wantsPhase(QStringLiteral("paced")))
        runPaced(ctx);
    if (ctx.wantsPhase(QStringLiteral("idle")))
        runIdle(ctx);
    if (ctx.wantsPhase(QStringLiteral("open")))
        runOpen(ctx);
    if (ctx.wantsPhase(QStringLiteral("messages")))
        runMessages(ctx);
    if (ctx.wantsPhase(QStringLiteral("startup"))) {
        const QStringList wrapper = ctx.paths.wrapper;
        ctx.paths.wrapper.clear();
        runStartup(ctx);
        ctx.paths.wrapper = wrapper;
    }
    if (ctx.wantsPhase(QStringLiteral("cli")))
        runCliStart(ctx); // always bare: it spawns the client, not the measured instance

    const double seconds = double(clock.elapsed()) / 1000.0;
    if (!ctx.paths.wrapper.isEmpty())
        ctx.notes.append(QStringLiteral("attache ran under \"%1\": the figures are not comparable")
                             .arg(ctx.paths.wrapper.join(QLatin1Char(' '))));

    const QString heading =
        QStringLiteral("Attache benchmark — %1 mode, commit %2%3, %4 cores, %5 s\n\n")
            .arg(ctx.mode.name, commit.isEmpty() ? QStringLiteral("?") : commit,
                 dirty ? QStringLiteral(" + local changes") : QString())
            .arg(QThread::idealThreadCount())
            .arg(seconds, 0, 'f', 0);
    std::printf("\n%s%s", qUtf8Printable(heading), qUtf8Printable(formatTable(ctx)));
    std::fflush(stdout);

    QJsonObject out = toJson(ctx, seconds);
    out.insert(QStringLiteral("commit"), commit);
    out.insert(QStringLiteral("dirty"), dirty);
    QFile file(parser.value(json));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
        || file.write(QJsonDocument(out).toJson(QJsonDocument::Indented)) < 0) {
        std::fprintf(stderr, "attache-bench: cannot write %s\n",
                     qUtf8Printable(parser.value(json)));
        return 1;
    }
    std::fprintf(stderr, "figures written to %s\n",
                 qUtf8Printable(QFileInfo(file).absoluteFilePath()));
    return 0;
}
