// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The `attache` command-line client as a user runs it: a real `attache --headless` in private
// directories, its OpenAI provider played by the in-process FakeProvider, and `attache COMMAND`
// processes whose output, exit code and effects the tests look at. The fake runs on this event
// loop, so every wait here runs the loop (never a blocking waitFor*). Needs ATTACHE_BINARY.

#include "fakeprovider.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
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

struct CliResult
{
    int code = -1; // -1: it did not finish in time
    QByteArray out;
    QByteArray err;
    QString describe() const
    {
        return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
            .arg(code)
            .arg(QString::fromUtf8(out), QString::fromUtf8(err));
    }
};

class CliFixture
{
public:
    static constexpr int TimeoutMs = 30000;

    CliFixture() { m_network.setProxy(QNetworkProxy::NoProxy); }
    ~CliFixture() { stopAll(); }

    QString path(const QString &name) const { return m_dir.filePath(name); }
    QString discoveryPath() const { return path(QStringLiteral("state/attache/server.json")); }
    FakeProvider &fake() { return m_fake; }
    quint16 port() const { return quint16(m_discovery.value(QLatin1String("port")).toInt()); }
    QByteArray token() const
    {
        return m_discovery.value(QLatin1String("token")).toString().toLatin1();
    }
    qint64 instancePid() const { return m_instance ? m_instance->processId() : 0; }

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QStringList keys = env.keys();
        for (const QString &key : keys) {
            if (key.endsWith(QLatin1String("_API_KEY")) || key.startsWith(QLatin1String("ATTACHE_"))
                || key == QLatin1String("NO_COLOR"))
                env.remove(key);
        }
        env.insert(QStringLiteral("HOME"), m_dir.path());
        env.insert(QStringLiteral("XDG_STATE_HOME"), path(QStringLiteral("state")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), path(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), path(QStringLiteral("data")));
        env.insert(QStringLiteral("ATTACHE_OPENAI_BASE_URL"), m_fake.baseUrl().toString());
        return env;
    }

    /** Starts the fake provider and `attache --headless`; false (with a test failure) if not. */
    bool startInstance()
    {
        if (!m_fake.listen())
            return false;
        m_instance = new QProcess;
        m_processes.append(m_instance);
        m_instance->setProcessEnvironment(environment());
        m_instance->setWorkingDirectory(m_dir.path());
        QObject::connect(m_instance, &QProcess::readyReadStandardOutput, m_instance,
                         [this] { m_instanceOut += m_instance->readAllStandardOutput(); });
        m_instance->setProcessChannelMode(QProcess::SeparateChannels);
        m_instance->start(QStringLiteral(ATTACHE_BINARY),
                          { QStringLiteral("--headless"), QStringLiteral("--port"),
                            QStringLiteral("0"), QStringLiteral("--config-dir"),
                            path(QStringLiteral("config/attache")), QStringLiteral("--data-dir"),
                            path(QStringLiteral("data/attache")),
                            QStringLiteral("--discovery-file"), discoveryPath() });
        const bool up = QTest::qWaitFor(
            [this] {
                QFile file(discoveryPath());
                if (!file.open(QIODevice::ReadOnly))
                    return m_instance->state() == QProcess::NotRunning;
                m_discovery = QJsonDocument::fromJson(file.readAll()).object();
                return m_instanceOut.contains("listening on")
                    && m_discovery.value(QLatin1String("pid")).toInteger()
                    == m_instance->processId();
            },
            TimeoutMs);
        if (!up || m_instance->state() != QProcess::Running) {
            qWarning("attache --headless did not come up: %s", m_instanceOut.constData());
            return false;
        }
        return true;
    }

    /** Starts `attache args…` (finding the instance through its discovery file) and returns. */
    QProcess *startCli(const QStringList &args, const QProcessEnvironment &env = {})
    {
        auto *process = new QProcess;
        m_processes.append(process);
        process->setProcessEnvironment(env.isEmpty() ? environment() : env);
        process->setWorkingDirectory(m_dir.path());
        QObject::connect(process, &QProcess::readyReadStandardOutput, process,
                         [this, process] { m_out[process] += process->readAllStandardOutput(); });
        QObject::connect(process, &QProcess::readyReadStandardError, process,
                         [this, process] { m_err[process] += process->readAllStandardError(); });
        process->start(QStringLiteral(ATTACHE_BINARY),
                       QStringList { QStringLiteral("--discovery-file"), discoveryPath() } + args);
        return process;
    }

    QByteArray out(QProcess *process) const { return m_out.value(process); }
    QByteArray err(QProcess *process) const { return m_err.value(process); }

    /** Waits for a started client to end. */
    CliResult finish(QProcess *process, int timeoutMs = TimeoutMs)
    {
        (void)QTest::qWaitFor([process] { return process->state() == QProcess::NotRunning; },
                              timeoutMs);
        CliResult result;
        if (process->state() == QProcess::NotRunning)
            result.code = process->exitStatus() == QProcess::NormalExit ? process->exitCode() : -2;
        m_out[process] += process->readAllStandardOutput();
        m_err[process] += process->readAllStandardError();
        result.out = m_out.value(process);
        result.err = m_err.value(process);
        return result;
    }

    /** Runs `attache args…` with stdin (then closed) to its end. */
    CliResult cli(const QStringList &args, const QByteArray &input = {},
                  const QProcessEnvironment &env = {})
    {
        QProcess *process = startCli(args, env);
        if (!process->waitForStarted(5000))
            return {};
        process->write(input);
        process->closeWriteChannel();
        return finish(process);
    }

    /** One request to the instance with its token. */
    QJsonDocument request(const QByteArray &verb, const QString &route,
                          const QJsonObject &body = {}, int *status = nullptr)
    {
        QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port()).arg(route)));
        req.setRawHeader("Authorization", "Bearer " + token());
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = m_network.sendCustomRequest(
            req, verb, verb == "GET" ? QByteArray() : QJsonDocument(body).toJson());
        (void)QTest::qWaitFor([reply] { return reply->isFinished(); }, TimeoutMs);
        if (status)
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonDocument doc = QJsonDocument::fromJson(reply->readAll());
        delete reply;
        return doc;
    }

    /** A working directory for the tools: `work/` in the test's directory. */
    QString enableTools()
    {
        const QString work = path(QStringLiteral("work"));
        QDir().mkpath(work);
        request("POST", QStringLiteral("/working_dir"), { { QStringLiteral("path"), work } });
        return work;
    }

    /** The next reply calls write_file (path, content), then says "Written." */
    void queueWrite(const QString &file, const QString &content)
    {
        FakeReply call;
        call.tokens = { QStringLiteral("Let me write it.") };
        call.toolCalls.append(
            { QStringLiteral("call_1"), QStringLiteral("write_file"),
              QString::fromUtf8(
                  QJsonDocument(QJsonObject { { QStringLiteral("path"), file },
                                              { QStringLiteral("content"), content } })
                      .toJson(QJsonDocument::Compact)),
              2 });
        m_fake.enqueueReply(call);
        FakeReply done;
        done.tokens = { QStringLiteral("Written.") };
        m_fake.enqueueReply(done);
    }

    void stopAll()
    {
        for (const QPointer<QProcess> &process : std::as_const(m_processes)) {
            if (process && process->state() != QProcess::NotRunning) {
                process->terminate();
                if (!process->waitForFinished(5000)) {
                    process->kill();
                    process->waitForFinished(5000);
                }
            }
            delete process;
        }
        m_processes.clear();
    }

private:
    QTemporaryDir m_dir;
    FakeProvider m_fake;
    QNetworkAccessManager m_network;
    QPointer<QProcess> m_instance;
    QByteArray m_instanceOut;
    QJsonObject m_discovery;
    QList<QPointer<QProcess>> m_processes;
    QHash<QProcess *, QByteArray> m_out;
    QHash<QProcess *, QByteArray> m_err;
};
