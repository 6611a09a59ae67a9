// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "tools/mcp/mcpconfig.h"
#include "tools/mcp/mcptransport.h"

#include <QPointer>
#include <QProcess>

/**
 * An MCP server as a child process speaking newline-delimited JSON-RPC on stdin and stdout. It
 * gets a clean environment (PATH, HOME, LANG and what its entry names; never Attache's token or
 * provider keys) and a process group of its own, which is what gets signalled, so helpers it
 * started go with it. Its stderr goes to Attache's log; the tail is kept for the error shown
 * when it fails.
 */
class McpStdioTransport : public McpTransport
{
    Q_OBJECT
public:
    McpStdioTransport(const McpServerConfig &config, QObject *parent = nullptr);
    ~McpStdioTransport() override;

    QString kind() const override { return QStringLiteral("stdio"); }
    void open() override;
    void send(const QJsonObject &message, const Headers &headers = {}) override;
    void close() override;

    /** The environment the child gets. */
    static QProcessEnvironment childEnvironment(const QHash<QString, QString> &extra);
    qint64 processId() const;
    /** The last lines the server wrote to stderr (at most a few kilobytes). */
    QString stderrTail() const { return QString::fromUtf8(m_stderrTail).trimmed(); }
    /** -1 until it exits; a signal's number as 128 + n. */
    int exitCode() const { return m_exitCode; }

    /** How long close() waits before SIGTERM, and again before SIGKILL. */
    static constexpr int GraceMs = 2000;
    /** Shorter when Attache quits: it waits for its servers, but not for long. */
    void setGraceMs(int ms) { m_graceMs = ms; }

private:
    void onStdout();
    void onStderr();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void signalGroup(int signal);
    QString describeExit() const;

    McpServerConfig m_config;
    QProcess *m_process = nullptr;
    QByteArray m_buffer;
    QByteArray m_stderrLine;
    QByteArray m_stderrTail;
    qint64 m_pid = 0;
    int m_exitCode = -1;
    int m_graceMs = GraceMs;
    bool m_closing = false;
    bool m_done = false;
};
