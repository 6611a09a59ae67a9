// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Runs the real `attache` binary as a user or a script would: in a private HOME with its own
// config and state directories, found through its discovery file. Needs ATTACHE_BINARY.

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

struct HttpAnswer
{
    int status = 0;
    QByteArray body;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

class AttacheProcesses
{
public:
    static constexpr int StartTimeoutMs = 60000; // how long a start is waited for

    AttacheProcesses() { m_network.setProxy(QNetworkProxy::NoProxy); }
    ~AttacheProcesses()
    {
        for (const QPointer<QProcess> &process : std::as_const(m_processes)) {
            if (process && process->state() != QProcess::NotRunning) {
                process->kill();
                process->waitForFinished(5000);
            }
            delete process;
        }
    }
    AttacheProcesses(const AttacheProcesses &) = delete;
    AttacheProcesses &operator=(const AttacheProcesses &) = delete;

    QString home() const { return m_home.path(); }
    QString configDir() const { return m_home.filePath(QStringLiteral("config/attache")); }
    QString discoveryPath() const
    {
        return m_home.filePath(QStringLiteral("state/attache/server.json"));
    }

    /** The caller's environment without keys or Attache variables, HOME and XDG dirs private. */
    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QStringList keys = env.keys();
        for (const QString &key : keys) {
            if (key.endsWith(QLatin1String("_API_KEY"))
                || key.startsWith(QLatin1String("ATTACHE_")))
                env.remove(key);
        }
        env.insert(QStringLiteral("HOME"), home());
        env.insert(QStringLiteral("XDG_STATE_HOME"), m_home.filePath(QStringLiteral("state")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        return env;
    }

    QProcess *start(const QStringList &args, const QProcessEnvironment &env)
    {
        auto *process = new QProcess;
        m_processes.append(process);
        process->setProcessEnvironment(env);
        process->setWorkingDirectory(home());
        // Kept as it comes, so a test can watch what a running instance says.
        QObject::connect(process, &QProcess::readyReadStandardOutput, process, [this, process] {
            m_output[process] += process->readAllStandardOutput();
        });
        QObject::connect(process, &QProcess::readyReadStandardError, process,
                         [this, process] { m_errors[process] += process->readAllStandardError(); });
        process->start(QStringLiteral(ATTACHE_BINARY), args);
        if (!process->waitForStarted(5000))
            qWarning("attache did not start: %s", qPrintable(process->errorString()));
        return process;
    }
    QProcess *start(const QStringList &args) { return start(args, environment()); }

    /** What the process printed so far on stdout, and on stderr. */
    QByteArray output(QProcess *process) const { return m_output.value(process); }
    QByteArray errors(QProcess *process) const { return m_errors.value(process); }

    /** Waits for the process's discovery file; an empty object (and a test failure message in
     * *why) when it exits or times out first. */
    QJsonObject waitForDiscovery(QProcess *process, QString *why) const
    {
        QJsonObject found;
        (void)QTest::qWaitFor(
            [&] {
                QFile file(discoveryPath());
                if (file.open(QIODevice::ReadOnly)) {
                    const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
                    // The "listening" line comes once its signal handlers are in place.
                    if (json.value(QLatin1String("pid")).toInteger() == process->processId()
                        && output(process).contains("listening on"))
                        found = json;
                }
                return !found.isEmpty() || process->state() == QProcess::NotRunning;
            },
            StartTimeoutMs);
        if (!found.isEmpty())
            return found;
        *why = QStringLiteral("attache did not come up (state %1, code %2): %3")
                   .arg(int(process->state()))
                   .arg(process->exitCode())
                   .arg(QString::fromUtf8(output(process) + errors(process)));
        return {};
    }

    /** One request to 127.0.0.1:port; headers given as name → value. */
    HttpAnswer request(const QByteArray &verb, quint16 port, const QString &path,
                       const QList<std::pair<QByteArray, QByteArray>> &headers = {},
                       const QByteArray &body = {})
    {
        QUrl url;
        url.setScheme(QStringLiteral("http"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(port);
        url.setPath(path);
        QNetworkRequest req(url);
        req.setTransferTimeout(10000);
        for (const auto &header : headers)
            req.setRawHeader(header.first, header.second);
        if (!body.isEmpty() && !req.hasRawHeader("Content-Type"))
            req.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_network.sendCustomRequest(req, verb, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        if (!reply->isFinished())
            finished.wait(10000);
        HttpAnswer answer;
        answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        answer.body = reply->readAll();
        answer.error = reply->error();
        delete reply;
        return answer;
    }

private:
    QTemporaryDir m_home;
    QNetworkAccessManager m_network;
    QList<QPointer<QProcess>> m_processes;
    QHash<QProcess *, QByteArray> m_output;
    QHash<QProcess *, QByteArray> m_errors;
};
