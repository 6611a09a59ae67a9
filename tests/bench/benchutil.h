// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include <functional>
#include <memory>

// Shared plumbing of the benchmark: clocks, statistics, bounded waits and the two child
// processes (the fake upstream and Attache).
namespace Bench {

/** Monotonic nanoseconds. */
qint64 nowNs();
inline double nsToMs(qint64 ns)
{
    return double(ns) / 1e6;
}

double median(QList<double> values);
/** Nearest-rank percentile, p in (0, 100]; NaN for an empty list. */
double percentile(QList<double> values, double p);
double nan();

/** Runs the event loop until done() or timeoutMs passed; returns done(). */
bool waitFor(const std::function<bool()> &done, int timeoutMs);
/** Runs the event loop for ms. */
void settle(int ms);
/** Runs the event loop until no byte arrived for quietMs (per *counter), at most timeoutMs. */
bool waitQuiet(const std::function<qint64()> &counter, int quietMs, int timeoutMs);

/** VmRSS of a process in kB, or -1. */
qint64 rssKb(qint64 pid);
/** A loopback port that was free a moment ago. */
quint16 freePort();
/** Raises the soft RLIMIT_NOFILE to the hard limit (capped at 2^20); returns the new soft limit. */
qint64 raiseFileLimit();

struct Paths
{
    QString attache;
    QString fake;
    QStringList wrapper; // e.g. valgrind --tool=callgrind, prepended to the attache command
    int startTimeoutMs = 15000;
    int stopTimeoutMs = 5000; // SIGTERM, then SIGKILL after this
    bool verbose = false;
    /** Above 0: Attache's connection cap (server/maxConnections in its settings.ini). */
    int maxConnections = 0;
};

/** An environment without provider keys or ATTACHE_* variables, with HOME and XDG under dir. */
QStringList isolatedEnvironment(const QString &dir);

/** attache-fake-provider as a child process. */
class FakeUpstream
{
public:
    ~FakeUpstream();
    bool start(const Paths &paths, const QStringList &args, QString *error);
    /** Any program that prints "listening on http://127.0.0.1:PORT" (the Node.js relay). */
    bool start(const QString &program, const QStringList &args, int timeoutMs, QString *error);
    void stop();
    bool running() const;
    quint16 port() const { return m_port; }
    QString baseUrl() const { return m_baseUrl; }
    qint64 pid() const;

private:
    std::unique_ptr<QProcess> m_process;
    QByteArray m_output;
    quint16 m_port = 0;
    QString m_baseUrl;
};

/** `attache --headless --port 0` in its own HOME, found through its discovery file. */
class AttacheProcess
{
public:
    ~AttacheProcess();
    bool start(const Paths &paths, const QString &upstreamBaseUrl, QString *error);
    void stop();
    bool running() const;
    quint16 port() const { return m_port; }
    QByteArray token() const { return m_token; }
    qint64 pid() const { return m_pid; }
    /** Its HOME, whose state directory holds its discovery file (for `attache COMMAND`). */
    QString home() const { return m_dir ? m_dir->path() : QString(); }
    QByteArray errorOutput() const { return m_stderr; }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QProcess> m_process;
    int m_stopTimeoutMs = 5000;
    QByteArray m_stdout;
    QByteArray m_stderr;
    quint16 m_port = 0;
    QByteArray m_token;
    qint64 m_pid = 0;
};

/** A raw HTTP/1.1 request on 127.0.0.1:port (Host header included). */
QByteArray httpRequest(QByteArrayView method, QByteArrayView path, quint16 port,
                       QByteArrayView token, QByteArrayView body, QByteArrayView extraHeaders = {});
/** The JSON text of a string, quotes included (ASCII input). */
QByteArray jsonQuote(QByteArrayView text);

} // namespace Bench
