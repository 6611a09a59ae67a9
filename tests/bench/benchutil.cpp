// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "benchutil.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTcpServer>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <limits>
#include <sys/resource.h>

namespace Bench {

qint64 nowNs()
{
    timespec ts {};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

double nan()
{
    return std::numeric_limits<double>::quiet_NaN();
}

double median(QList<double> values)
{
    values.removeIf([](double v) { return std::isnan(v); });
    if (values.isEmpty())
        return nan();
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2;
}

double percentile(QList<double> values, double p)
{
    values.removeIf([](double v) { return std::isnan(v); });
    if (values.isEmpty())
        return nan();
    std::sort(values.begin(), values.end());
    const auto rank = qsizetype(std::ceil(p / 100.0 * double(values.size())));
    return values.at(std::clamp<qsizetype>(rank - 1, 0, values.size() - 1));
}

bool waitFor(const std::function<bool()> &done, int timeoutMs)
{
    if (done())
        return true;
    QElapsedTimer clock;
    clock.start();
    // A ticking timer bounds each blocking wait of the event loop.
    QTimer tick;
    tick.setInterval(5);
    tick.start();
    // Bounded in time, and in passes too (each pass waits at most for the 5 ms tick).
    for (qint64 pass = 0; pass < 100000000; ++pass) {
        if (done())
            return true;
        if (clock.elapsed() >= timeoutMs)
            return done();
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    return done();
}

void settle(int ms)
{
    QElapsedTimer clock;
    clock.start();
    waitFor([&clock, ms] { return clock.elapsed() >= ms; }, ms + 100);
}

bool waitQuiet(const std::function<qint64()> &counter, int quietMs, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    QElapsedTimer quiet;
    quiet.start();
    qint64 last = counter();
    return waitFor(
        [&] {
            const qint64 now = counter();
            if (now != last) {
                last = now;
                quiet.restart();
            }
            return quiet.elapsed() >= quietMs;
        },
        timeoutMs);
}

qint64 rssKb(qint64 pid)
{
    QFile file(QStringLiteral("/proc/%1/status").arg(pid));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').constFirst().toLongLong();
    }
    return -1;
}

quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

qint64 raiseFileLimit()
{
    rlimit limit {};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return -1;
    const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, rlim_t(1) << 20);
    if (limit.rlim_cur < wanted) {
        limit.rlim_cur = wanted;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    return qint64(limit.rlim_cur);
}

QStringList isolatedEnvironment(const QString &dir)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys) {
        if (key.endsWith(QLatin1String("_API_KEY")) || key.startsWith(QLatin1String("ATTACHE_"))
            || key.startsWith(QLatin1String("XDG_")))
            env.remove(key);
    }
    env.insert(QStringLiteral("HOME"), dir);
    env.insert(QStringLiteral("XDG_STATE_HOME"), dir + QLatin1String("/state"));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), dir + QLatin1String("/config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), dir + QLatin1String("/data"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), dir + QLatin1String("/cache"));
    return env.toStringList();
}

// FakeUpstream ------------------------------------------------------------------------------

FakeUpstream::~FakeUpstream()
{
    stop();
}

bool FakeUpstream::start(const Paths &paths, const QStringList &args, QString *error)
{
    return start(paths.fake, QStringList { QStringLiteral("--port"), QStringLiteral("0") } + args,
                 paths.startTimeoutMs, error);
}

bool FakeUpstream::start(const QString &program, const QStringList &args, int timeoutMs,
                         QString *error)
{
    stop();
    m_process = std::make_unique<QProcess>();
    m_output.clear();
    QProcess *process = m_process.get();
    process->setProcessChannelMode(QProcess::MergedChannels);
    QObject::connect(process, &QProcess::readyRead, process,
                     [this, process] { m_output += process->readAll(); });
    process->start(program, args);
    const QByteArray marker = "listening on http://127.0.0.1:";
    const bool ok = waitFor(
        [&] {
            return (m_output.contains(marker)
                    && m_output.indexOf('\n', m_output.indexOf(marker)) > 0)
                || process->state() == QProcess::NotRunning;
        },
        timeoutMs);
    const qsizetype at = m_output.indexOf(marker);
    if (!ok || at < 0) {
        *error = QFileInfo(program).fileName() + QStringLiteral(" did not start: ")
            + QString::fromUtf8(m_output);
        stop();
        return false;
    }
    const qsizetype end = m_output.indexOf('\n', at);
    const QByteArray url = m_output.mid(at + 13, end - at - 13).trimmed();
    m_baseUrl = QString::fromLatin1(url);
    m_port = quint16(url.mid(17).split('/').constFirst().toUInt());
    return m_port != 0;
}

void FakeUpstream::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(3000)) {
            m_process->kill();
            m_process->waitForFinished(3000);
        }
    }
    m_process.reset();
    m_port = 0;
}

bool FakeUpstream::running() const
{
    return m_process && m_process->state() == QProcess::Running;
}

qint64 FakeUpstream::pid() const
{
    return m_process ? m_process->processId() : 0;
}

// AttacheProcess ----------------------------------------------------------------------------

AttacheProcess::~AttacheProcess()
{
    stop();
}

bool AttacheProcess::start(const Paths &paths, const QString &upstreamBaseUrl, QString *error)
{
    stop();
    m_dir = std::make_unique<QTemporaryDir>();
    if (!m_dir->isValid()) {
        *error = QStringLiteral("no temporary directory");
        return false;
    }
    m_stopTimeoutMs = paths.stopTimeoutMs;
    if (paths.maxConnections > 0) {
        // As a user raises the cap: in the settings, read at start.
        QDir().mkpath(m_dir->filePath(QStringLiteral("config/attache")));
        QFile settings(m_dir->filePath(QStringLiteral("config/attache/settings.ini")));
        if (!settings.open(QIODevice::WriteOnly)
            || settings.write("[server]\nmaxConnections=" + QByteArray::number(paths.maxConnections)
                              + '\n')
                < 0) {
            *error = QStringLiteral("cannot write the settings: %1").arg(settings.errorString());
            return false;
        }
    }
    QStringList env = isolatedEnvironment(m_dir->path());
    if (!upstreamBaseUrl.isEmpty())
        env.append(QStringLiteral("ATTACHE_OPENAI_BASE_URL=") + upstreamBaseUrl);
    m_process = std::make_unique<QProcess>();
    QProcess *process = m_process.get();
    process->setEnvironment(env);
    process->setWorkingDirectory(m_dir->path());
    m_stdout.clear();
    m_stderr.clear();
    QObject::connect(process, &QProcess::readyReadStandardOutput, process,
                     [this, process] { m_stdout += process->readAllStandardOutput(); });
    QObject::connect(process, &QProcess::readyReadStandardError, process, [this, process] {
        m_stderr += process->readAllStandardError();
        if (m_stderr.size() > 1024 * 1024)
            m_stderr = m_stderr.right(512 * 1024);
    });
    const QStringList args { QStringLiteral("--headless"), QStringLiteral("--port"),
                             QStringLiteral("0") };
    if (paths.wrapper.isEmpty())
        process->start(paths.attache, args);
    else
        process->start(paths.wrapper.constFirst(),
                       paths.wrapper.mid(1) + QStringList { paths.attache } + args);
    const QString discovery = m_dir->filePath(QStringLiteral("state/attache/server.json"));
    QJsonObject info;
    const bool ok = waitFor(
        [&] {
            if (process->state() == QProcess::NotRunning)
                return true;
            QFile file(discovery);
            if (!m_stdout.contains("listening on") || !file.open(QIODevice::ReadOnly))
                return false;
            info = QJsonDocument::fromJson(file.readAll()).object();
            return info.value(QLatin1String("pid")).toInteger() == process->processId();
        },
        paths.startTimeoutMs);
    if (!ok || process->state() != QProcess::Running || info.isEmpty()) {
        *error = QStringLiteral("attache did not start: ") + QString::fromUtf8(m_stdout + m_stderr);
        stop();
        return false;
    }
    m_port = quint16(info.value(QLatin1String("port")).toInt());
    m_token = info.value(QLatin1String("token")).toString().toLatin1();
    m_pid = process->processId();
    return true;
}

void AttacheProcess::stop()
{
    if (m_process) {
        if (m_process->state() != QProcess::NotRunning) {
            m_process->terminate();
            if (!m_process->waitForFinished(m_stopTimeoutMs)) {
                m_process->kill();
                m_process->waitForFinished(3000);
            }
        }
        m_process.reset();
    }
    m_dir.reset();
    m_port = 0;
    m_pid = 0;
}

bool AttacheProcess::running() const
{
    return m_process && m_process->state() == QProcess::Running;
}

// HTTP text ---------------------------------------------------------------------------------

QByteArray httpRequest(QByteArrayView method, QByteArrayView path, quint16 port,
                       QByteArrayView token, QByteArrayView body, QByteArrayView extraHeaders)
{
    QByteArray out;
    out.reserve(256 + body.size());
    out += method;
    out += ' ';
    out += path;
    out += " HTTP/1.1\r\nHost: 127.0.0.1:";
    out += QByteArray::number(port);
    out += "\r\n";
    if (!token.isEmpty()) {
        out += "Authorization: Bearer ";
        out += token;
        out += "\r\n";
    }
    if (!body.isEmpty() || method == "POST") {
        out += "Content-Type: application/json\r\nContent-Length: ";
        out += QByteArray::number(body.size());
        out += "\r\n";
    }
    out += extraHeaders;
    out += "\r\n";
    out += body;
    return out;
}

QByteArray jsonQuote(QByteArrayView text)
{
    QByteArray out;
    out.reserve(text.size() + 2);
    out += '"';
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

} // namespace Bench
