// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/commandtool.h"

#include "tools/toolsupport.h"
#include "tools/workspace.h"

#include <QJsonArray>
#include <QProcess>
#include <QTimer>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <signal.h>
#include <unistd.h>
#endif

using namespace ToolSupport;

namespace {

QString seconds(int ms)
{
    return QString::number(ms / 1000.0) + QStringLiteral(" s");
}

/**
 * One running command. Parented to the call's context, so destroying the context destroys this,
 * which kills the process (and everything it started) before done could run.
 */
class CommandRun : public QObject
{
public:
    CommandRun(QObject *context, Done done, qsizetype outputCap, int timeoutMs)
        : QObject(context)
        , m_process(new QProcess(this))
        , m_done(std::move(done))
        , m_outputCap(outputCap)
        , m_timeoutMs(timeoutMs)
    { }

    ~CommandRun() override
    {
        if (m_reported || m_process->state() == QProcess::NotRunning)
            return;
        QObject::disconnect(m_process, nullptr, this, nullptr);
        kill();
        // Reaped here, not left to ~QProcess (which would warn); SIGKILL makes this quick.
        m_process->waitForFinished(2000);
    }

    void start(const QString &program, const QStringList &arguments, const QString &folder)
    {
        m_program = program;
        m_process->setProgram(program);
        m_process->setArguments(arguments);
        m_process->setWorkingDirectory(folder);
        // The model reads whatever the command prints: keys and tokens stay out of its reach.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const QString &name : environment.keys()) {
            const QString upper = name.toUpper();
            if (upper.endsWith(QLatin1String("_API_KEY")) || upper.endsWith(QLatin1String("_TOKEN"))
                || upper.endsWith(QLatin1String("_SECRET"))
                || upper.startsWith(QLatin1String("ATTACHE_")))
                environment.remove(name);
        }
        m_process->setProcessEnvironment(environment);
        m_process->setStandardInputFile(QProcess::nullDevice());
        m_process->setProcessChannelMode(QProcess::MergedChannels);
#ifdef Q_OS_UNIX
        // Its own session and process group: a kill reaches what it spawned too, and nothing it
        // starts can read from or signal our terminal. setsid() is async-signal-safe.
        m_process->setChildProcessModifier([] { ::setsid(); });
#endif
        connect(m_process, &QProcess::readyReadStandardOutput, this, &CommandRun::collect);
        connect(m_process, &QProcess::finished, this, &CommandRun::finished);
        connect(m_process, &QProcess::errorOccurred, this, &CommandRun::failed);
        QTimer::singleShot(m_timeoutMs, this, &CommandRun::timeout);
        m_process->start();
    }

private:
    void kill()
    {
#ifdef Q_OS_UNIX
        const qint64 pid = m_process->processId();
        if (pid > 0)
            ::kill(-pid_t(pid), SIGKILL);
#endif
        m_process->kill();
    }

    void collect()
    {
        // Read everything, keep up to the cap: a child whose pipe fills up would block forever.
        const QByteArray chunk = m_process->readAll();
        const qsizetype room = std::max<qsizetype>(m_outputCap - m_output.size(), 0);
        m_output += chunk.left(room);
        m_dropped += chunk.size() - std::min(room, chunk.size());
    }

    void timeout()
    {
        if (m_process->state() == QProcess::NotRunning)
            return;
        m_timedOut = true;
        kill();
    }

    void failed(QProcess::ProcessError error)
    {
        // Every other error is followed by finished(), which reports it.
        if (error != QProcess::FailedToStart || m_reported)
            return;
        report(failure(QStringLiteral("could not start \"%1\": %2. Check the program name: it is "
                                      "looked up on PATH and run without a shell, so pipes, "
                                      "redirection and built-ins like cd do not work")
                           .arg(m_program, m_process->errorString())));
    }

    void finished(int exitCode, QProcess::ExitStatus status)
    {
        if (m_reported)
            return;
        collect();
        const qsizetype keep = utf8Boundary(m_output, m_output.size());
        ToolResult result;
        if (m_timedOut) {
            result.isError = true;
            result.content = QStringLiteral("timed out after %1 and was killed; output so far:\n")
                                 .arg(seconds(m_timeoutMs));
        } else if (status == QProcess::CrashExit) {
            result.content = QStringLiteral("killed by a signal (it crashed or was killed)\n");
        } else {
            result.content = QStringLiteral("exit code %1\n").arg(exitCode);
        }
        result.content += QString::fromUtf8(m_output.left(keep));
        if (m_dropped > 0) {
            result.truncated = true;
            if (!result.content.endsWith(QLatin1Char('\n')))
                result.content += QLatin1Char('\n');
            result.content +=
                QStringLiteral("[output truncated: the first %1 shown, %2 more "
                               "left out]\n")
                    .arg(counted(m_output.size(), QStringLiteral("byte"), QStringLiteral("bytes")))
                    .arg(m_dropped);
        }
        report(result);
    }

    void report(const ToolResult &result)
    {
        m_reported = true;
        deleteLater();
        // A local copy: done may destroy the context, and this object with it.
        const Done done = std::move(m_done);
        done(result);
    }

    QProcess *m_process;
    Done m_done;
    qsizetype m_outputCap;
    int m_timeoutMs;
    QString m_program;
    QByteArray m_output;
    qint64 m_dropped = 0;
    bool m_timedOut = false;
    bool m_reported = false;
};

} // namespace

QString RunCommandTool::name() const
{
    return QStringLiteral("run_command");
}

QString RunCommandTool::description() const
{
    // Sent to the model in English; the window shows it translated.
    return QLatin1String(QT_TRANSLATE_NOOP(
        "Engine",
        "Runs a program in the workspace root and returns its exit code and combined output. "
        "argv is the program and its arguments as separate strings, e.g. [\"git\", \"status\"]; "
        "no shell is used, so pipes, redirection, globs and variables are not expanded."));
}

QJsonObject RunCommandTool::parameters() const
{
    return QJsonObject {
        { QStringLiteral("type"), QStringLiteral("object") },
        { QStringLiteral("properties"),
          QJsonObject {
              { QStringLiteral("argv"),
                QJsonObject {
                    { QStringLiteral("type"), QStringLiteral("array") },
                    { QStringLiteral("items"),
                      QJsonObject { { QStringLiteral("type"), QStringLiteral("string") } } },
                    { QStringLiteral("minItems"), 1 },
                    { QStringLiteral("description"),
                      QStringLiteral("Program (looked up on PATH) followed by its arguments, one "
                                     "string each.") },
                } },
              { QStringLiteral("timeout_ms"),
                QJsonObject { { QStringLiteral("type"), QStringLiteral("integer") },
                              { QStringLiteral("minimum"), 1 },
                              { QStringLiteral("description"),
                                QStringLiteral("Kill the program after this many milliseconds "
                                               "(default and maximum set by the user).") } } },
          } },
        { QStringLiteral("required"), QJsonArray { QStringLiteral("argv") } },
        { QStringLiteral("additionalProperties"), false },
    };
}

void RunCommandTool::run(const QJsonObject &arguments, const Workspace &workspace,
                         const ToolLimits &limits, QObject *context,
                         std::function<void(const ToolResult &)> done)
{
    const QJsonValue argv = arguments.value(QStringLiteral("argv"));
    if (argv.isString())
        return finish(
            context, std::move(done),
            failure(QStringLiteral("argv must be an array of strings; no shell is used. "
                                   "Split the command into words, e.g. [\"ls\", \"-l\"]")));
    const QJsonArray words = argv.toArray();
    if (!argv.isArray() || words.isEmpty())
        return finish(context, std::move(done),
                      failure(QStringLiteral("argv must be a non-empty array of strings: the "
                                             "program, then its arguments")));
    QStringList strings;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QJsonValue word = words.at(i);
        // A NUL would silently cut the argument short on its way to exec.
        if (!word.isString() || word.toString().contains(QChar(0)))
            return finish(context, std::move(done),
                          failure(QStringLiteral("argv[%1] must be a string without NUL bytes; "
                                                 "argv must be an array of strings")
                                      .arg(i)));
        strings.append(word.toString());
    }
    if (strings.first().isEmpty())
        return finish(context, std::move(done),
                      failure(QStringLiteral("argv[0] is empty; it must name the program")));
    const Result<qint64> timeout =
        optionalInteger(arguments, QStringLiteral("timeout_ms"), limits.commandTimeoutMs, 1);
    if (!timeout)
        return finish(context, std::move(done), failure(timeout.error()));
    if (!workspace.isSet())
        return finish(context, std::move(done),
                      failure(QStringLiteral("no working directory: set one with POST "
                                             "/working_dir")));

    const int timeoutMs = int(std::min<qint64>(timeout.value(), limits.commandTimeoutMs));
    auto *run = new CommandRun(context, std::move(done), std::max<qsizetype>(limits.outputCap, 0),
                               std::max(timeoutMs, 1));
    const QString program = strings.takeFirst();
    run->start(program, strings, workspace.root());
}
