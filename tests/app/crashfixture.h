// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The real `attache` binary as a child on a data directory of its own: started headless, called
// over HTTP, killed with SIGKILL and reaped; what goes wrong is gathered as problems.
#pragma once

#include "fakeprovider.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <functional>
#include <memory>
#include <utility>

inline constexpr int StartTimeoutMs = 60000; // how long a start is waited for
// How long an answer is waited for: generous, and still short of the 30 s a QSettings lock left
// half-made by a kill would freeze the server for, so such a freeze is told apart.
inline constexpr int AnswerTimeoutMs = 20000;
inline constexpr int ReportedProblems = 6; // of each kind; the rest are counted

enum class KillMoment {
    DuringStream,
    AfterStreamEnd,
    AfterJsonAnswer,
    AfterFirstOfTwoStreams,
    DuringRename,
    DuringNewSession,
    AtRandomTime,
};
inline constexpr int KillMomentCount = 7;

inline QString momentName(KillMoment moment)
{
    switch (moment) {
    case KillMoment::DuringStream:
        return QStringLiteral("during a stream");
    case KillMoment::AfterStreamEnd:
        return QStringLiteral("right after stream_end");
    case KillMoment::AfterJsonAnswer:
        return QStringLiteral("right after a stream=false answer");
    case KillMoment::AfterFirstOfTwoStreams:
        return QStringLiteral("first of two parallel streams ended");
    case KillMoment::DuringRename:
        return QStringLiteral("during a session rename");
    case KillMoment::DuringNewSession:
        return QStringLiteral("during a new session");
    case KillMoment::AtRandomTime:
        return QStringLiteral("at a random time");
    }
    return {};
}

/**
 * Waits for done() while serving the event loop, with no sleep between polls (QTest::qWaitFor
 * sleeps 10 ms): a kill must follow what the client sees at once, not some milliseconds later.
 */
inline bool spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    QTimer wake; // bounds each wait, so the deadline is noticed
    wake.start(2);
    while (!done()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    return true;
}

inline QString tail(const QByteArray &log, int lines = 8)
{
    QByteArrayList all = log.trimmed().split('\n');
    if (all.size() > lines)
        all = all.mid(all.size() - lines);
    return QString::fromUtf8(all.join("\n  "));
}

/** An `attache` child in a home of its own, a fake provider behind it, and a client to call it. */
class CrashFixture : public QObject
{
    Q_OBJECT

protected:
    QString path(const QString &relative) const { return m_dir.filePath(relative); }
    QString databasePath() const { return path(QStringLiteral("data/attache.db")); }
    QString discoveryPath() const { return path(QStringLiteral("state/attache/server.json")); }
    QString logPath() const { return path(QStringLiteral("attache.log")); }
    QByteArray childLog() const;
    /** The child's environment: nothing of the user's, a home in m_dir, the fake as provider. */
    void prepareEnvironment();
    /** Kills a child still running; lets go of the network and the fake. */
    void tearDown();

    bool startChild();
    void killChild(KillMoment moment, const QString &detail);
    void reapChild();

    QNetworkReply *send(const QByteArray &verb, const QString &route, const QJsonObject &body = {});
    /** Sends and waits; the HTTP status, or 0 when the child died first. */
    int call(const QByteArray &verb, const QString &route, const QJsonObject &body,
             QJsonObject *answer = nullptr);

    void problem(const QString &text);
    /** "HTTP <status>", or what is known about a server that did not answer. */
    QString answered(int status) const;

    QTemporaryDir m_dir;
    QProcessEnvironment m_environment;
    std::unique_ptr<FakeProvider> m_fake;
    std::unique_ptr<QNetworkAccessManager> m_network;
    QElapsedTimer m_clock;
    qint64 m_killedAtNs = 0;

    // The child of the current iteration
    QProcess *m_child = nullptr;
    qint64 m_pid = 0;
    quint16 m_port = 0;
    QByteArray m_token;
    bool m_killed = false;
    QString m_killDetail;
    int m_iteration = 0;
    QStringList m_sessionNames; // made in this iteration and not renamed since
    QList<QPointer<QNetworkReply>> m_inFlight;

    // What was found
    QStringList m_problems; // lost turns aside, the first ones
    QStringList m_lostTurns; // the first ones
    int m_problemCount = 0;
    int m_lostTurnCount = 0;
    int m_kills = 0;
    QHash<QString, int> m_killsByMoment;
    bool m_reportedDamage = false;
};

inline QByteArray CrashFixture::childLog() const
{
    QFile file(logPath());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline void CrashFixture::prepareEnvironment()
{
    m_environment = QProcessEnvironment::systemEnvironment();
    const QStringList keys = m_environment.keys();
    for (const QString &key : keys) {
        if (key.endsWith(QLatin1String("_API_KEY")) || key.startsWith(QLatin1String("ATTACHE_")))
            m_environment.remove(key);
    }
    m_environment.insert(QStringLiteral("HOME"), m_dir.path());
    m_environment.insert(QStringLiteral("XDG_STATE_HOME"), path(QStringLiteral("state")));
    m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), path(QStringLiteral("config")));
    m_environment.insert(QStringLiteral("ATTACHE_OPENAI_BASE_URL"), m_fake->baseUrl().toString());
}

inline void CrashFixture::tearDown()
{
    if (m_child && m_child->state() != QProcess::NotRunning) {
        ::kill(pid_t(m_pid), SIGKILL);
        m_child->waitForFinished(5000);
    }
    delete m_child;
    m_child = nullptr;
    m_network.reset();
    m_fake.reset();
}

inline void CrashFixture::problem(const QString &text)
{
    ++m_problemCount;
    const bool lostTurn = text.contains(QLatin1String("is not in the database"));
    m_lostTurnCount += lostTurn;
    QStringList &list = lostTurn ? m_lostTurns : m_problems;
    if (list.size() < ReportedProblems)
        list.append(text);
    qWarning("%s", qUtf8Printable(text));
}

inline QString CrashFixture::answered(int status) const
{
    if (status != 0)
        return QStringLiteral("HTTP %1").arg(status);
    QString hint;
    const QFileInfo lock(path(QStringLiteral("config/attache/settings.ini.lock")));
    if (lock.exists()) {
        hint = QStringLiteral("; %1 is there, %2 bytes%3")
                   .arg(lock.filePath())
                   .arg(lock.size())
                   .arg(lock.size() == 0
                            ? QStringLiteral(": a QSettings lock a killed process left half-made, "
                                             "which QLockFile only takes for stale after 30 s")
                            : QString());
    }
    return QStringLiteral("nothing within %1 ms (the server stopped answering%2)")
        .arg(AnswerTimeoutMs)
        .arg(hint);
}

// The child ------------------------------------------------------------------------------------

inline bool CrashFixture::startChild()
{
    delete m_child;
    m_child = new QProcess(this);
    m_child->setProcessEnvironment(m_environment);
    m_child->setWorkingDirectory(m_dir.path());
    m_child->setProcessChannelMode(QProcess::MergedChannels);
    m_child->setStandardOutputFile(logPath(), QIODevice::Truncate);
    m_killed = false;
    m_killDetail.clear();
    m_sessionNames.clear();
    m_network->clearConnectionCache();
    m_child->start(QStringLiteral(ATTACHE_BINARY),
                   { QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"),
                     QStringLiteral("--data-dir"), path(QStringLiteral("data")) });
    if (!m_child->waitForStarted(5000)) {
        problem(QStringLiteral("iteration %1: attache did not start: %2")
                    .arg(m_iteration)
                    .arg(m_child->errorString()));
        return false;
    }
    m_pid = m_child->processId();
    QJsonObject discovery;
    const auto ready = [&] {
        QFile file(discoveryPath());
        if (!file.open(QIODevice::ReadOnly))
            return false;
        discovery = QJsonDocument::fromJson(file.readAll()).object();
        return discovery.value(QLatin1String("pid")).toInteger() == m_pid;
    };
    spinUntil([&] { return ready() || m_child->state() == QProcess::NotRunning; }, StartTimeoutMs);
    if (!ready()) {
        m_child->waitForFinished(1000);
        const QByteArray log = childLog();
        problem(
            QStringLiteral("iteration %1: attache %2 before writing its discovery file%3:\n  %4")
                .arg(m_iteration)
                .arg(m_child->state() == QProcess::NotRunning
                         ? QStringLiteral("exited with code %1").arg(m_child->exitCode())
                         : QStringLiteral("did not get ready in %1 ms").arg(StartTimeoutMs))
                .arg(log.contains("already running")
                         ? QStringLiteral(" (refused: it took the stale discovery file of the "
                                          "killed process for a running instance)")
                         : QString())
                .arg(tail(log)));
        return false;
    }
    m_port = quint16(discovery.value(QLatin1String("port")).toInt());
    m_token = discovery.value(QLatin1String("token")).toString().toLatin1();

    // The database the last kill left must have been taken as it is, not moved aside.
    QJsonObject status;
    const int code = call("GET", QStringLiteral("/status"), {}, &status);
    if (code != 200) {
        problem(QStringLiteral("iteration %1: GET /status answered %2")
                    .arg(m_iteration)
                    .arg(answered(code)));
    } else if (status.value(QLatin1String("storage")).toString() != databasePath()
               || status.contains(QLatin1String("storage_warning"))
               || status.contains(QLatin1String("storage_error"))) {
        problem(QStringLiteral("iteration %1: after the previous kill, attache does not use its "
                               "database as it is: %2")
                    .arg(m_iteration)
                    .arg(QString::fromUtf8(QJsonDocument(status).toJson(QJsonDocument::Compact))));
    }
    const QStringList damaged =
        QDir(path(QStringLiteral("data"))).entryList({ QStringLiteral("*damaged*") });
    if (!damaged.isEmpty() && !std::exchange(m_reportedDamage, true))
        problem(QStringLiteral("iteration %1: the database was moved aside as damaged: %2")
                    .arg(m_iteration)
                    .arg(damaged.join(QLatin1String(", "))));
    return true;
}

inline void CrashFixture::killChild(KillMoment moment, const QString &detail)
{
    if (m_killed)
        return;
    if (::kill(pid_t(m_pid), SIGKILL) != 0)
        problem(QStringLiteral("iteration %1: kill(%2, SIGKILL) failed: %3")
                    .arg(m_iteration)
                    .arg(m_pid)
                    .arg(qt_error_string(errno)));
    m_killed = true;
    m_killedAtNs = m_clock.nsecsElapsed();
    ++m_kills;
    ++m_killsByMoment[momentName(moment)];
    m_killDetail =
        momentName(moment) + (detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(detail));
}

inline void CrashFixture::reapChild()
{
    if (m_child->state() != QProcess::NotRunning && !m_child->waitForFinished(5000)) {
        problem(QStringLiteral("iteration %1: attache did not die of SIGKILL within 5 s")
                    .arg(m_iteration));
        return;
    }
    if (m_child->exitStatus() != QProcess::CrashExit || m_child->exitCode() != SIGKILL) {
        problem(QStringLiteral(
                    "iteration %1: attache ended by itself (%2, code %3) before the kill %4:\n  %5")
                    .arg(m_iteration)
                    .arg(m_child->exitStatus() == QProcess::CrashExit ? QStringLiteral("crashed")
                                                                      : QStringLiteral("exited"))
                    .arg(m_child->exitCode())
                    .arg(m_killDetail, tail(childLog())));
    }
    // Replies to the dead child end with connection errors; they belong to this iteration.
    for (const QPointer<QNetworkReply> &reply : std::as_const(m_inFlight)) {
        if (reply && !reply->isFinished())
            reply->abort();
    }
    m_inFlight.clear();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    const QByteArray log = childLog();
    if (log.contains("Could not save"))
        problem(QStringLiteral("iteration %1: attache failed to save on a healthy disk:\n  %2")
                    .arg(m_iteration)
                    .arg(tail(log)));
}

// HTTP -----------------------------------------------------------------------------------------

inline QNetworkReply *CrashFixture::send(const QByteArray &verb, const QString &route,
                                         const QJsonObject &body)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(route)));
    request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(AnswerTimeoutMs);
    const QByteArray bytes =
        verb == "GET" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    QNetworkReply *reply = m_network->sendCustomRequest(request, verb, bytes);
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    m_inFlight.append(reply);
    return reply;
}

inline int CrashFixture::call(const QByteArray &verb, const QString &route, const QJsonObject &body,
                              QJsonObject *answer)
{
    QPointer<QNetworkReply> reply = send(verb, route, body);
    int status = 0;
    QByteArray bytes;
    connect(reply, &QNetworkReply::finished, this, [&status, &bytes, reply] {
        status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->isOpen())
            bytes = reply->readAll();
    });
    bool finished = false;
    connect(reply, &QNetworkReply::finished, this, [&finished] { finished = true; });
    if (!spinUntil([&] { return finished; }, AnswerTimeoutMs + 1000)) {
        if (reply)
            reply->abort();
        return 0;
    }
    if (answer)
        *answer = QJsonDocument::fromJson(bytes).object();
    return status;
}
