// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/rpcclient.h"
#include "cli/runprinter.h"
#include "cli/wsclient.h"
#include "discoveryfile.h"

#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <memory>

namespace Cli {

class PermissionPrompt;

/**
 * The terminal as an attached client for chats: one /ws connection (the window and editors see
 * it among the clients), a run at a time printed as it streams, its tools' permission requests
 * asked in the terminal (the first answer anywhere wins), a cancel that stops the provider.
 */
class ChatSession : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        bool json = false; // events as JSON lines
        bool styled = false; // Markdown styling of the reply
        QString name; // how the window and editors list this client
    };

    ChatSession(const DiscoveryFile::Info &instance, Options options, QObject *parent = nullptr);
    ~ChatSession() override;

    /** Opens the channel and says hello; false with *error (*refused: nothing listens). */
    bool open(QString *error, bool *refused);
    RpcClient &rpc() { return m_rpc; }

    /** Starts a run with method (chat, coding_task); runFinished() follows, also on a refusal. */
    void start(const QString &method, const QJsonObject &params);
    bool isRunning() const { return m_running; }
    /** Asks the server to stop the run (at once, if it is known yet). */
    void cancel();
    /** The session of the last run started. */
    QString sessionId() const { return m_session; }
    /** Ends an open permission question without an answer (we are leaving). */
    void closePrompt();

Q_SIGNALS:
    /** ExitOk, ExitFailed (the reason already on stderr) or ExitCancelled. */
    void runFinished(int exitCode);
    void connectionLost(const QString &reason);

private:
    void onNotification(const QString &method, const QJsonObject &params, const QByteArray &raw);
    void onEvent(const QJsonObject &event, const QByteArray &raw);
    void onPermissionRequest(const QJsonObject &request);
    void onPermissionResolved(const QJsonObject &resolution);
    void onPresence(const QJsonObject &presence);
    void finishRun(int exitCode);
    QString describeClient(const QString &id);

    DiscoveryFile::Info m_instance;
    Options m_options;
    WsClient m_socket;
    RpcClient m_rpc;
    std::unique_ptr<RunPrinter> m_printer;
    QPointer<PermissionPrompt> m_prompt;
    QHash<QString, QJsonObject> m_clients; // attached clients by id, from presence
    QString m_clientId; // ours
    QString m_run;
    QString m_session;
    bool m_running = false;
    bool m_cancelRequested = false;
};

} // namespace Cli
