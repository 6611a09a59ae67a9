// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "engineerror.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

/**
 * One entry of mcp.json, as written: {"command", "args", "env", "cwd"} starts a child process
 * speaking stdio; {"url", "headers"} reaches a server over HTTP. Values may name environment
 * variables as ${VAR} (or ${VAR:-fallback}); they are expanded when the server starts, so a
 * secret need not be written into the file.
 */
struct McpServerConfig
{
    /** How to reach the server: a child process, or a URL (Streamable HTTP, else the older
     * HTTP+SSE transport; "type": "sse" goes to the older one at once). */
    enum class Transport { Stdio, Http, Sse };

    QString name;
    Transport transport = Transport::Stdio;
    QString command;
    QStringList args;
    QHash<QString, QString> env;
    QString cwd;
    QString url;
    QHash<QString, QString> headers;
    bool disabled = false;
    int timeoutMs = 0; // tools/call timeout; 0: the tool box's mcp_timeout_ms
    QJsonObject entry; // the entry as read: keys Attache does not know are written back

    static QString transportName(Transport transport);
    /** A copy with every ${VAR} replaced; an unset variable without a fallback is an error
     * naming it. */
    Result<McpServerConfig> expanded(const QProcessEnvironment &environment) const;
    /** The entry as mcp.json holds it, with the known keys set from this config. */
    QJsonObject toEntry() const;
    /** Same server, started the same way (what decides a restart when the file changes). */
    bool sameLaunch(const McpServerConfig &other) const;
};

/** The servers of an mcp.json file ({"mcpServers": {NAME: entry}}), in the file's order. */
struct McpConfigFile
{
    QList<McpServerConfig> servers;
    QJsonObject document; // the whole file as read, so other keys survive a save
    QStringList warnings; // entries that were skipped, and why

    /** Reads the file; a missing file is an empty list, broken JSON an error naming the place. */
    static Result<McpConfigFile> read(const QString &path);
    /** Parses the text of a file (the path is only for messages). */
    static Result<McpConfigFile> parse(const QByteArray &json, const QString &path);
    /** Reads one entry; an error says what is wrong with it. */
    static Result<McpServerConfig> parseEntry(const QString &name, const QJsonObject &entry);
    /** Writes the servers back (0600, atomically), keeping keys Attache does not know. */
    Status write(const QString &path) const;

    /** ${VAR} and ${VAR:-fallback} replaced from the environment; unset names in *missing. */
    static QString expand(const QString &value, const QProcessEnvironment &environment,
                          QStringList *missing);
    /** A name that fits in a URL path and a tool name's prefix: 1–64 characters, no "/" and
     * no control characters. */
    static bool isValidName(const QString &name);
};
