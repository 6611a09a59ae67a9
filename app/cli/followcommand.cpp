// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// attache follow: every run's events, live, whoever started it, like tail -f.
#include "cli/context.h"
#include "cli/instance.h"
#include "cli/interrupts.h"
#include "cli/rpcclient.h"
#include "cli/runprinter.h"
#include "cli/terminal.h"
#include "cli/wsclient.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <map>
#include <memory>
#include <unistd.h>

namespace Cli {

namespace {

class Follower : public QObject
{
public:
    Follower(Context &context, RpcClient &rpc)
        : m_rpc(rpc)
        , m_http(context.http)
        , m_json(context.json())
        , m_styled(!m_json && !context.args.isSet(QStringLiteral("raw"))
                   && Terminal::styles(STDOUT_FILENO))
        , m_style { m_styled }
    {
        connect(&m_rpc, &RpcClient::notified, this,
                [this](const QString &method, const QJsonObject &params, const QByteArray &raw) {
                    if (method == QLatin1String("event"))
                        onEvent(params, raw);
                });
    }

    void start(const QString &session, const QString &label)
    {
        m_session = session;
        loadSessionNames();
        m_rpc.call(QStringLiteral("subscribe"),
                   { { QStringLiteral("sessions"),
                       QJsonArray { session.isEmpty() ? QStringLiteral("*") : session } } });
        // Runs already under way are followed from their first event, as tail shows what is
        // there before it follows.
        m_rpc.http(QStringLiteral("GET"), QStringLiteral("/status"), {},
                   [this](int, const QJsonValue &status) {
                       for (const QJsonValue &run : status[QLatin1String("runs")].toArray()) {
                           const QString session = run[QLatin1String("session")].toString();
                           if (!m_session.isEmpty() && session != m_session)
                               continue;
                           m_rpc.call(QStringLiteral("resume"),
                                      { { QStringLiteral("run"), run[QLatin1String("run")] },
                                        { QStringLiteral("after_seq"), 0 } });
                       }
                   });
        if (!m_json)
            Terminal::err(QStringLiteral("Following the runs of %1; Ctrl-C to stop.\n")
                              .arg(session.isEmpty() ? QStringLiteral("every session")
                                                     : QStringLiteral("session %1").arg(label)));
    }

private:
    // Asked in passing (a millisecond on loopback), so that a header names its session.
    void loadSessionNames()
    {
        const HttpResponse sessions = m_http.get(QStringLiteral("/sessions"));
        for (const QJsonValue &s : sessions.object().value(QLatin1String("sessions")).toArray())
            m_names.insert(s[QLatin1String("id")].toString(), s[QLatin1String("name")].toString());
    }

    void onEvent(const QJsonObject &event, const QByteArray &raw)
    {
        const QString run = event.value(QLatin1String("run")).toString();
        const quint64 seq = quint64(event.value(QLatin1String("seq")).toInteger());
        if (seq <= m_lastSeq[run] && m_lastSeq.count(run))
            return; // seen already (a run both resumed and announced)
        m_lastSeq[run] = seq;
        auto &printer = m_printers[run];
        if (!printer)
            printer = std::make_unique<RunPrinter>(m_json, m_styled);
        if (!m_json && run != m_shown) {
            if (m_current)
                m_current->breakLine();
            const QString session = event.value(QLatin1String("session")).toString();
            if (!m_names.contains(session))
                loadSessionNames(); // a session new since the start
            Terminal::out(m_style.dim()
                          + QStringLiteral("── %1 · session %2 ──\n")
                                .arg(run, m_names.value(session, session))
                                .toUtf8()
                          + m_style.reset());
            m_shown = run;
        }
        m_current = printer.get();
        if (!printer->print(event, raw)) {
            QCoreApplication::exit(ExitOk); // the reader has gone
            return;
        }
        const QString type = event.value(QLatin1String("type")).toString();
        if (m_json)
            return;
        if (type == QLatin1String("stream_end") || type == QLatin1String("error")
            || type == QLatin1String("cancelled")) {
            printer->finish();
            const QString ending = type == QLatin1String("stream_end") ? QStringLiteral("done")
                : type == QLatin1String("cancelled")                   ? QStringLiteral("cancelled")
                                                     : QStringLiteral("failed: %1")
                                                           .arg(event.value(QLatin1String("data"))
                                                                    .toObject()
                                                                    .value(QLatin1String("message"))
                                                                    .toString());
            Terminal::out(m_style.dim() + QStringLiteral("── %1 %2 ──\n").arg(run, ending).toUtf8()
                          + m_style.reset());
            m_printers.erase(run);
            m_current = nullptr;
            m_shown.clear();
        } else if (type == QLatin1String("permission_request")) {
            const QJsonObject request = event.value(QLatin1String("data")).toObject();
            printer->note(QStringLiteral("%1 waits for permission: attache approve %2 (or deny)")
                              .arg(request.value(QLatin1String("tool")).toString(),
                                   request.value(QLatin1String("id")).toString()));
        }
    }

    RpcClient &m_rpc;
    HttpClient &m_http;
    bool m_json;
    bool m_styled;
    Terminal::Style m_style;
    QString m_session;
    QHash<QString, QString> m_names; // session id → name
    std::map<QString, std::unique_ptr<RunPrinter>> m_printers;
    std::map<QString, quint64> m_lastSeq;
    RunPrinter *m_current = nullptr;
    QString m_shown; // the run whose text the last lines belong to
};

} // namespace

int runFollow(Context &context)
{
    const QString session = context.args.value(QStringLiteral("session"));
    QString sessionId; // followed by id: a rename while following changes nothing
    if (!session.isEmpty()) {
        const HttpResponse check = context.http.get(QStringLiteral("/history"),
                                                    { { QStringLiteral("session"), session } });
        if (!check.ok())
            return context.fail(check, QStringLiteral("`attache sessions` lists them."));
        sessionId = check.object().value(QLatin1String("session")).toString();
    }
    WsClient socket;
    RpcClient rpc(socket);
    QString error;
    bool refused = false;
    if (!socket.open(context.instance, QStringLiteral("attache follow"), &error, &refused)) {
        Terminal::fail(refused ? Instance::notRunning(context.discoveryPath) : error);
        return refused ? ExitNotRunning : ExitFailed;
    }
    rpc.call(QStringLiteral("hello"),
             { { QStringLiteral("kind"), QStringLiteral("cli") },
               { QStringLiteral("name"), QStringLiteral("attache follow") } });
    Follower follower(context, rpc);
    Interrupts interrupts;
    QObject::connect(&interrupts, &Interrupts::interrupted, qApp,
                     [] { QCoreApplication::exit(ExitCancelled); });
    QObject::connect(&socket, &WsClient::closed, qApp, [](const QString &reason) {
        Terminal::fail(
            QStringLiteral("Attache closed the connection (%1); it may have stopped.").arg(reason));
        QCoreApplication::exit(ExitFailed);
    });
    follower.start(sessionId, session);
    return QCoreApplication::exec();
}

} // namespace Cli
