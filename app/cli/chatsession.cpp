// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/chatsession.h"

#include "cli/commandline.h"
#include "cli/httpclient.h"
#include "cli/permissionprompt.h"
#include "cli/terminal.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <unistd.h>

namespace Cli {

ChatSession::ChatSession(const DiscoveryFile::Info &instance, Options options, QObject *parent)
    : QObject(parent)
    , m_instance(instance)
    , m_options(std::move(options))
    , m_rpc(m_socket)
{
    connect(&m_rpc, &RpcClient::notified, this, &ChatSession::onNotification);
    connect(&m_socket, &WsClient::closed, this, [this](const QString &reason) {
        closePrompt();
        Q_EMIT connectionLost(reason);
    });
}

ChatSession::~ChatSession()
{
    closePrompt();
    m_socket.close();
}

bool ChatSession::open(QString *error, bool *refused)
{
    if (!m_socket.open(m_instance, m_options.name, error, refused))
        return false;
    m_rpc.call(QStringLiteral("hello"),
               { { QStringLiteral("kind"), QStringLiteral("cli") },
                 { QStringLiteral("name"), m_options.name } },
               [this](const QJsonValue &result, const RpcError &) {
                   m_clientId = result.toObject().value(QLatin1String("client")).toString();
               });
    return true;
}

void ChatSession::start(const QString &method, const QJsonObject &params)
{
    m_running = true;
    m_cancelRequested = false;
    m_run.clear();
    m_printer = std::make_unique<RunPrinter>(m_options.json, m_options.styled);
    // Answered before the run's first event: every event that follows is this run's.
    m_rpc.call(method, params, [this](const QJsonValue &result, const RpcError &error) {
        if (error.isError()) {
            Terminal::fail(error.message);
            finishRun(ExitFailed);
            return;
        }
        m_run = result.toObject().value(QLatin1String("run")).toString();
        m_session = result.toObject().value(QLatin1String("session")).toString();
        if (m_cancelRequested)
            cancel();
    });
}

void ChatSession::cancel()
{
    m_cancelRequested = true;
    closePrompt();
    if (!m_running || m_run.isEmpty())
        return; // asked for as soon as the run is known
    m_rpc.call(QStringLiteral("cancel"), { { QStringLiteral("run"), m_run } });
}

void ChatSession::closePrompt()
{
    if (m_prompt)
        m_prompt->dismiss(QStringLiteral("(not answered here)"));
    delete m_prompt;
}

void ChatSession::onNotification(const QString &method, const QJsonObject &params,
                                 const QByteArray &raw)
{
    if (method == QLatin1String("event"))
        onEvent(params, raw);
    else if (method == QLatin1String("presence"))
        onPresence(params);
}

void ChatSession::onEvent(const QJsonObject &event, const QByteArray &raw)
{
    if (!m_running || event.value(QLatin1String("run")).toString() != m_run || m_run.isEmpty())
        return;
    if (!m_printer->print(event, raw) && !m_cancelRequested) {
        // Nobody reads stdout any more: stop the provider rather than write into the void.
        cancel();
    }
    const QString type = event.value(QLatin1String("type")).toString();
    const QJsonValue data = event.value(QLatin1String("data"));
    if (type == QLatin1String("permission_request")) {
        onPermissionRequest(data.toObject());
    } else if (type == QLatin1String("permission_resolved")) {
        onPermissionResolved(data.toObject());
    } else if (type == QLatin1String("stream_end")) {
        finishRun(ExitOk);
    } else if (type == QLatin1String("error")) {
        m_printer->finish();
        const QJsonObject error = data.toObject();
        if (!m_options.json)
            Terminal::fail(QStringLiteral("the reply failed: %1")
                               .arg(error.value(QLatin1String("message")).toString()));
        finishRun(ExitFailed);
    } else if (type == QLatin1String("cancelled")) {
        m_printer->finish();
        if (!m_options.json)
            Terminal::err(m_cancelRequested ? QStringLiteral("Cancelled.\n")
                                            : QStringLiteral("attache: the run was cancelled "
                                                             "by another client.\n"));
        finishRun(ExitCancelled);
    }
}

void ChatSession::onPermissionRequest(const QJsonObject &request)
{
    if (m_cancelRequested)
        return;
    const QString id = request.value(QLatin1String("id")).toString();
    if (!PermissionPrompt::available()) {
        if (!m_options.json)
            m_printer->note(QStringLiteral("%1 waits for permission (request %2): answer in the "
                                           "window, in your editor, or with `attache approve %2`.")
                                .arg(request.value(QLatin1String("tool")).toString(), id));
        return;
    }
    m_printer->breakLine();
    delete m_prompt;
    m_prompt = new PermissionPrompt(request, this);
    connect(m_prompt, &PermissionPrompt::answered, this,
            [this, id](bool allow, const QString &scope) {
                m_rpc.call(QStringLiteral("permission.respond"),
                           { { QStringLiteral("id"), id },
                             { QStringLiteral("decision"),
                               allow ? QStringLiteral("allow") : QStringLiteral("deny") },
                             { QStringLiteral("scope"), scope } },
                           [](const QJsonValue &, const RpcError &error) {
                               if (error.isError())
                                   Terminal::fail(error.message);
                           });
            });
    m_prompt->show();
}

void ChatSession::onPermissionResolved(const QJsonObject &resolution)
{
    const QString by = resolution.value(QLatin1String("by")).toString();
    const QString scope = resolution.value(QLatin1String("scope")).toString();
    const bool allowed = resolution.value(QLatin1String("allowed")).toBool();
    const QString tool = resolution.value(QLatin1String("tool")).toString();
    if (!m_clientId.isEmpty() && by == m_clientId)
        return; // our own answer, already shown
    QString message;
    if (scope == QLatin1String("timeout"))
        message = QStringLiteral("Nobody answered in time: %1 was denied.").arg(tool);
    else
        message = QStringLiteral("Answered by %1: %2")
                      .arg(describeClient(by),
                           !allowed ? QStringLiteral("denied")
                               : scope == QLatin1String("session")
                               ? QStringLiteral("allowed for this session")
                               : scope == QLatin1String("always") ? QStringLiteral("always allowed")
                                                                  : QStringLiteral("allowed once"));
    const bool prompting = m_prompt && m_prompt->isOpen()
        && m_prompt->callId() == resolution.value(QLatin1String("call")).toString();
    if (prompting) {
        m_prompt->dismiss(message);
        delete m_prompt;
    } else if (!m_options.json) {
        m_printer->note(message);
    }
}

QString ChatSession::describeClient(const QString &id)
{
    if (id == QLatin1String("gui"))
        return QStringLiteral("the Attache window");
    if (!m_clients.contains(id)) {
        // Presence is announced a moment after a change; one that answered as soon as it
        // arrived is looked up (a millisecond on loopback) rather than named by its id.
        HttpClient http(m_instance, 5000);
        const HttpResponse clients = http.get(QStringLiteral("/clients"));
        for (const QJsonValue &client : clients.object().value(QLatin1String("clients")).toArray())
            m_clients.insert(client[QLatin1String("id")].toString(), client.toObject());
    }
    const QJsonObject client = m_clients.value(id);
    const QString kind = client.isEmpty() ? id : client.value(QLatin1String("kind")).toString();
    const QString name = client.value(QLatin1String("name")).toString();
    static const QHash<QString, QString> kinds {
        { QStringLiteral("vscode"), QStringLiteral("VS Code") },
        { QStringLiteral("cli"), QStringLiteral("another terminal") },
        { QStringLiteral("http"), QStringLiteral("a script (HTTP)") },
        { QStringLiteral("gui"), QStringLiteral("the Attache window") },
    };
    const QString described =
        kinds.value(kind, kind.isEmpty() ? QStringLiteral("another client") : kind);
    if (name.isEmpty() || name == kind || name == described)
        return described;
    return QStringLiteral("%1 (%2)").arg(name, described);
}

void ChatSession::onPresence(const QJsonObject &presence)
{
    if (presence.contains(QLatin1String("clients")))
        m_clients.clear();
    for (const char *list : { "clients", "joined", "updated" }) {
        for (const QJsonValue &client : presence.value(QLatin1String(list)).toArray())
            m_clients.insert(client[QLatin1String("id")].toString(), client.toObject());
    }
    for (const QJsonValue &id : presence.value(QLatin1String("left")).toArray())
        m_clients.remove(id.toString());
}

void ChatSession::finishRun(int exitCode)
{
    if (!m_running)
        return;
    m_running = false;
    closePrompt();
    if (m_printer)
        m_printer->finish();
    Q_EMIT runFinished(exitCode);
}

} // namespace Cli
