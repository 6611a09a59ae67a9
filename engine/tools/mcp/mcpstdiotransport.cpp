// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tools/mcp/mcpstdiotransport.h"

#include "enginelog.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTimer>

#include <csignal>
#include <unistd.h>

namespace {

constexpr qsizetype MaxLine = 64 * 1024 * 1024; // one message; beyond this the stream is broken
constexpr qsizetype TailBytes = 4096;

} // namespace

McpStdioTransport::McpStdioTransport(const McpServerConfig &config, QObject *parent)
    : McpTransport(parent)
    , m_config(config)
{ }

McpStdioTransport::~McpStdioTransport()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        // Shutting down: the whole group goes at once, nothing waits for it.
        m_process->disconnect(this);
        signalGroup(SIGKILL);
        m_process->waitForFinished(1000); // reaps a process that is already dying
    }
}

QProcessEnvironment McpStdioTransport::childEnvironment(const QHash<QString, QString> &extra)
{
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    QProcessEnvironment env;
    for (const char *name : { "PATH", "HOME", "LANG" }) {
        const QString key = QLatin1String(name);
        if (system.contains(key))
            env.insert(key, system.value(key));
    }
    for (auto it = extra.begin(); it != extra.end(); ++it)
        env.insert(it.key(), it.value());
    return env;
}

qint64 McpStdioTransport::processId() const
{
    return m_pid;
}

void McpStdioTransport::open()
{
    const QProcessEnvironment env = childEnvironment(m_config.env);
    QString program = m_config.command;
    const QString dir = m_config.cwd.isEmpty() ? QDir::homePath() : m_config.cwd;
    if (!program.contains(QLatin1Char('/'))) {
        // Found on the PATH the child gets, else on Attache's own.
        QString found = QStandardPaths::findExecutable(
            program, env.value(QStringLiteral("PATH")).split(QLatin1Char(':'), Qt::SkipEmptyParts));
        if (found.isEmpty())
            found = QStandardPaths::findExecutable(program);
        if (found.isEmpty()) {
            m_done = true;
            Q_EMIT failed(QStringLiteral("The command \"%1\" was not found on the PATH; install "
                                         "it or give its full path in mcp.json.")
                              .arg(program));
            return;
        }
        program = found;
    } else if (QFileInfo(program).isRelative()) {
        program = QDir(dir).absoluteFilePath(program);
    }
    if (!QFileInfo(dir).isDir()) {
        m_done = true;
        Q_EMIT failed(QStringLiteral("The folder \"%1\" (\"cwd\") does not exist.").arg(dir));
        return;
    }
    m_process = new QProcess(this);
    m_process->setProgram(program);
    m_process->setArguments(m_config.args);
    m_process->setWorkingDirectory(dir);
    m_process->setProcessEnvironment(env);
    // A group of its own: a server's helpers (npx, shells) get the same signals it does.
    m_process->setChildProcessModifier([] { ::setsid(); });
    connect(m_process, &QProcess::readyReadStandardOutput, this, &McpStdioTransport::onStdout);
    connect(m_process, &QProcess::readyReadStandardError, this, &McpStdioTransport::onStderr);
    connect(m_process, &QProcess::finished, this, &McpStdioTransport::onFinished);
    connect(m_process, &QProcess::started, this, [this] {
        m_pid = m_process->processId();
        Q_EMIT opened();
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart || m_done)
            return;
        m_done = true;
        Q_EMIT failed(QStringLiteral("%1 could not be started: %2.")
                          .arg(m_config.command, m_process->errorString()));
    });
    m_process->start();
}

void McpStdioTransport::send(const QJsonObject &message, const Headers &headers)
{
    Q_UNUSED(headers) // HTTP only
    if (!m_process || m_process->state() != QProcess::Running || m_closing) {
        if (message.contains(QLatin1String("id")) && message.contains(QLatin1String("method")))
            Q_EMIT messageReceived(errorFor(
                message, TransportError, QStringLiteral("The server's process is not running.")));
        return;
    }
    QByteArray line = QJsonDocument(message).toJson(QJsonDocument::Compact);
    line += '\n';
    m_process->write(line);
}

void McpStdioTransport::onStdout()
{
    m_buffer += m_process->readAllStandardOutput();
    qsizetype start = 0;
    for (;;) {
        const qsizetype end = m_buffer.indexOf('\n', start);
        if (end < 0)
            break;
        const QByteArray line = m_buffer.mid(start, end - start).trimmed();
        start = end + 1;
        if (line.isEmpty())
            continue;
        const QList<QJsonObject> messages = messagesIn(QJsonDocument::fromJson(line));
        if (messages.isEmpty()) {
            qCWarning(lcEngine, "mcp %s: not a JSON-RPC message on stdout: %s",
                      qUtf8Printable(m_config.name), line.left(200).constData());
            continue;
        }
        for (const QJsonObject &message : messages) {
            Q_EMIT messageReceived(message);
            if (!m_process)
                return; // a handler closed us
        }
    }
    m_buffer.remove(0, start);
    if (m_buffer.size() > MaxLine) {
        qCWarning(lcEngine, "mcp %s: a message over %lld bytes; stopping the server",
                  qUtf8Printable(m_config.name), qlonglong(MaxLine));
        m_buffer.clear();
        signalGroup(SIGKILL);
    }
}

void McpStdioTransport::onStderr()
{
    const QByteArray bytes = m_process->readAllStandardError();
    m_stderrTail += bytes;
    if (m_stderrTail.size() > TailBytes)
        m_stderrTail = m_stderrTail.right(TailBytes);
    m_stderrLine += bytes;
    qsizetype start = 0;
    for (qsizetype end; (end = m_stderrLine.indexOf('\n', start)) >= 0; start = end + 1) {
        const QByteArray line = m_stderrLine.mid(start, end - start);
        if (!line.trimmed().isEmpty())
            qCInfo(lcEngine, "mcp %s: %s", qUtf8Printable(m_config.name), line.constData());
    }
    m_stderrLine.remove(0, start);
    if (m_stderrLine.size() > TailBytes) {
        qCInfo(lcEngine, "mcp %s: %s", qUtf8Printable(m_config.name), m_stderrLine.constData());
        m_stderrLine.clear();
    }
}

QString McpStdioTransport::describeExit() const
{
    QString text = m_exitCode >= 128
        ? QStringLiteral("The server's process was killed by signal %1").arg(m_exitCode - 128)
        : QStringLiteral("The server's process exited with code %1").arg(m_exitCode);
    const QString tail = stderrTail();
    if (!tail.isEmpty()) {
        const QStringList lines = tail.split(QLatin1Char('\n'));
        text += QStringLiteral("; its stderr ended with: ")
            + lines.mid(qMax(0, int(lines.size()) - 5)).join(QLatin1Char('\n'));
    } else {
        text += QLatin1Char('.');
    }
    return text;
}

void McpStdioTransport::onFinished(int exitCode, QProcess::ExitStatus status)
{
    // QProcess reports the signal's number as the exit code of a crash.
    m_exitCode = status == QProcess::CrashExit ? 128 + exitCode : exitCode;
    if (!m_stderrLine.isEmpty())
        qCInfo(lcEngine, "mcp %s: %s", qUtf8Printable(m_config.name), m_stderrLine.constData());
    signalGroup(SIGKILL); // helpers left behind in its group
    if (m_done)
        return;
    m_done = true;
    if (m_closing)
        Q_EMIT closed();
    else
        Q_EMIT failed(describeExit());
}

void McpStdioTransport::close()
{
    if (!m_process || m_process->state() == QProcess::NotRunning) {
        if (!m_done) {
            m_done = true;
            QTimer::singleShot(0, this, &McpStdioTransport::closed);
        }
        return;
    }
    m_closing = true;
    // The specification's order: close stdin, then SIGTERM, then SIGKILL.
    m_process->closeWriteChannel();
    QTimer::singleShot(m_graceMs, this, [this] { signalGroup(SIGTERM); });
    QTimer::singleShot(2 * m_graceMs, this, [this] { signalGroup(SIGKILL); });
}

void McpStdioTransport::signalGroup(int signal)
{
    if (m_pid > 0)
        ::kill(pid_t(-m_pid), signal);
}
