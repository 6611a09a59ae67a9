// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"
#include "tools/mcp/mcpclient.h"
#include "tools/mcp/mcpconfig.h"

#include <QDateTime>
#include <QList>
#include <QNetworkAccessManager>
#include <QObject>
#include <QPointer>
#include <QProcessEnvironment>
#include <QTimer>

#include <memory>
#include <optional>

class QFileSystemWatcher;
class ToolBox;

/** An MCP server as the API and the Tools panel show it. */
struct McpServerStatus
{
    enum class State { Starting, Ready, Failed, Disabled };
    struct ToolEntry
    {
        QString name; // as the model sees it: "<server>__<tool>"
        QString tool; // as the server calls it
        QString description;
        QJsonObject annotations;
    };

    QString name;
    QString transport; // stdio, http or sse: the configured one, then the one that worked
    State state = State::Starting;
    QString lastError; // why it last failed, with the exit code and stderr's tail
    int exitCode = -1; // the child's, when it exited
    QString stderrTail;
    QString protocolVersion;
    QString serverName; // what the server calls itself
    QString serverVersion;
    QString target; // the command line, or the URL, as written in mcp.json (no ${VAR} values)
    QList<ToolEntry> tools;
    int restarts = 0; // automatic restarts since it was last started by hand
    int retryInMs = -1; // when it failed: the wait before the next try
    QDateTime since; // when it entered its state

    static QString stateName(State state);
};

/**
 * The MCP servers of mcp.json: starts each enabled one, publishes its tools to the tool box while
 * it is ready and withdraws them when it is not. A server that fails to start, crashes or stops
 * answering is reported (failed, with why) and started again after 1 s, 2 s, 4 s, … (capped at a
 * minute); one that stayed up a minute starts counting from 1 s again. Changes to the file, from
 * the window, the API or an editor, apply at once, without a restart of Attache.
 */
class McpManager : public QObject
{
    Q_OBJECT
public:
    explicit McpManager(ToolBox &tools, QObject *parent = nullptr);
    ~McpManager() override;

    /** Reads mcp.json from path, starts its servers and follows the file's changes. */
    void setConfigPath(const QString &path);
    QString configPath() const { return m_path; }
    /** What is wrong with the file (broken JSON, skipped entries); empty when nothing is. */
    QString configWarning() const { return m_warning; }
    /** The environment ${VAR} values come from (Attache's own by default). */
    void setEnvironment(const QProcessEnvironment &environment) { m_environment = environment; }
    /** The first wait before a restart, and the longest. */
    void setBackoff(int firstMs, int capMs);
    /** When the manager goes (Attache quits): how long a stdio server has to exit once its
     * stdin is closed, and again after SIGTERM, before SIGKILL. */
    void setQuitGraceMs(int ms) { m_quitGraceMs = qMax(1, ms); }

    QList<McpServerStatus> servers() const;
    std::optional<McpServerStatus> server(const QString &name) const;
    /** The entry as configured (no ${VAR} values expanded). */
    std::optional<McpServerConfig> config(const QString &name) const;
    /** Saved to mcp.json ("disabled"), applied at once. */
    Status setEnabled(const QString &name, bool enabled);
    /** Stops the server and starts it again now, the backoff forgotten. */
    Status restart(const QString &name);
    /** Adds an entry to mcp.json and starts it (unless it is disabled). */
    Status addServer(const McpServerConfig &config);
    Status removeServer(const QString &name);
    /** Reads the file again and applies what changed. */
    void reload();

Q_SIGNALS:
    /** A server's state, error or tools changed, or the list did. */
    void changed();
    /** A failed server will be started again after delayMs. */
    void restartScheduled(const QString &name, int delayMs);

private:
    struct Server
    {
        ~Server() { delete retry; }
        McpServerConfig config;
        QPointer<McpClient> client;
        McpServerStatus::State state = McpServerStatus::State::Starting;
        QString lastError;
        int exitCode = -1;
        QString stderrTail;
        int restarts = 0;
        int attempt = 0; // failures in a row, for the backoff
        int retryInMs = -1;
        QTimer *retry = nullptr;
        QDateTime since;
        QDateTime readySince;
    };
    Server *find(const QString &name) const;
    void start(Server &server);
    void stop(Server &server);
    void publish(Server &server);
    void onFailed(Server &server, const QString &message);
    void setState(Server &server, McpServerStatus::State state);
    McpServerStatus statusOf(const Server &server) const;
    Status save();
    void watch();

    ToolBox &m_tools;
    QNetworkAccessManager m_network;
    QProcessEnvironment m_environment = QProcessEnvironment::systemEnvironment();
    QString m_path;
    QString m_warning;
    McpConfigFile m_file;
    QByteArray m_lastRead; // the file as last applied
    bool m_loaded = false;
    std::vector<std::unique_ptr<Server>> m_servers;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_reload = nullptr;
    int m_firstBackoffMs = 1000;
    int m_maxBackoffMs = 60000;
    int m_quitGraceMs = 400; // short: quitting waits for it
};
