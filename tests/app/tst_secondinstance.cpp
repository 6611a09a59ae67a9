// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Starting `attache` while it already runs: the second start brings the running window forward
// (or says the running one is headless) and leaves, rather than fighting over the port.
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

constexpr int StartTimeoutMs = 10000;
// A second start does one local request; seconds would mean it waited on something.
constexpr int QuickExitMs = 5000;

} // namespace

class TestSecondInstance : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void secondStartBringsTheWindowForward();
    void secondStartAgainstHeadlessSaysSo();

private:
    QProcessEnvironment environment() const;
    QString discoveryPath() const;
    QProcess *startAttache(const QStringList &args);
    void waitUntilReady(QProcess *process);
    QByteArray outputOf(QProcess *process) const
    {
        return m_stdout.value(process) + m_stderr.value(process);
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    QList<QPointer<QProcess>> m_processes;
    QHash<QProcess *, QByteArray> m_stdout;
    QHash<QProcess *, QByteArray> m_stderr;
};

void TestSecondInstance::init()
{
    QVERIFY(QFileInfo::exists(QStringLiteral(ATTACHE_BINARY)));
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString runtime = m_dir->filePath(QStringLiteral("runtime"));
    QVERIFY(QDir().mkdir(runtime));
    QVERIFY(QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
}

void TestSecondInstance::cleanup()
{
    for (const QPointer<QProcess> &process : std::as_const(m_processes)) {
        if (!process)
            continue;
        if (process->state() != QProcess::NotRunning) {
            process->terminate();
            if (!process->waitForFinished(5000))
                process->kill();
            process->waitForFinished(5000);
        }
        delete process;
    }
    m_processes.clear();
    m_stdout.clear();
    m_stderr.clear();
    m_dir.reset();
}

QProcessEnvironment TestSecondInstance::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys) {
        if (key.endsWith(QLatin1String("_API_KEY")) || key.startsWith(QLatin1String("ATTACHE_")))
            env.remove(key);
    }
    env.insert(QStringLiteral("HOME"), m_dir->path());
    env.insert(QStringLiteral("XDG_STATE_HOME"), m_dir->filePath(QStringLiteral("state")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("data")));
    // Qt warns on stderr without one, and the test counts the lines said.
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_dir->filePath(QStringLiteral("runtime")));
    // A window, drawn nowhere: the test needs no display.
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    return env;
}

QString TestSecondInstance::discoveryPath() const
{
    return m_dir->filePath(QStringLiteral("state/attache/server.json"));
}

QProcess *TestSecondInstance::startAttache(const QStringList &args)
{
    auto *process = new QProcess;
    m_processes.append(process);
    process->setProcessEnvironment(environment());
    process->setWorkingDirectory(m_dir->path());
    connect(process, &QProcess::readyReadStandardOutput, this,
            [this, process] { m_stdout[process] += process->readAllStandardOutput(); });
    connect(process, &QProcess::readyReadStandardError, this,
            [this, process] { m_stderr[process] += process->readAllStandardError(); });
    process->start(QStringLiteral(ATTACHE_BINARY), args);
    if (!process->waitForStarted(5000))
        qWarning("attache did not start: %s", qPrintable(process->errorString()));
    return process;
}

void TestSecondInstance::waitUntilReady(QProcess *process)
{
    QCOMPARE(process->state(), QProcess::Running);
    const qint64 pid = process->processId();
    const auto ready = [&] {
        QFile file(discoveryPath());
        if (!file.open(QIODevice::ReadOnly))
            return false;
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        return json.value(QLatin1String("pid")).toInteger() == pid
            && m_stdout.value(process).contains("listening on");
    };
    QTRY_VERIFY_WITH_TIMEOUT(ready() || process->state() == QProcess::NotRunning, StartTimeoutMs);
    QVERIFY2(ready(), outputOf(process));
}

void TestSecondInstance::secondStartBringsTheWindowForward()
{
    QProcess *first = startAttache({ QStringLiteral("--port"), QStringLiteral("0") });
    waitUntilReady(first);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(!m_stdout.value(first).contains("asked for the window"), m_stdout.value(first));

    QElapsedTimer clock;
    clock.start();
    QProcess *second = startAttache({});
    QVERIFY2(second->waitForFinished(QuickExitMs), "the second start kept running");
    QVERIFY2(clock.elapsed() < QuickExitMs, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(second->exitStatus(), QProcess::NormalExit);
    QCOMPARE(second->exitCode(), 0);
    QTRY_VERIFY(!outputOf(second).isEmpty());
    const QByteArray said = outputOf(second).trimmed();
    QVERIFY2(!said.contains('\n'), said); // one line
    QVERIFY2(said.contains("already running") && said.contains("window"), said);

    // The running instance got the request and showed its window; it goes on running.
    QTRY_VERIFY2(m_stdout.value(first).contains("asked for the window"), m_stdout.value(first));
    QCOMPARE(first->state(), QProcess::Running);
    QFile file(discoveryPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(
        QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("pid")).toInteger(),
        first->processId());
}

void TestSecondInstance::secondStartAgainstHeadlessSaysSo()
{
    QProcess *first = startAttache(
        { QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0") });
    waitUntilReady(first);
    if (QTest::currentTestFailed())
        return;

    QProcess *second = startAttache({});
    QVERIFY2(second->waitForFinished(QuickExitMs), "the second start kept running");
    QCOMPARE(second->exitStatus(), QProcess::NormalExit);
    QCOMPARE(second->exitCode(), 0);
    QTRY_VERIFY(!outputOf(second).isEmpty());
    const QByteArray said = outputOf(second).trimmed();
    QVERIFY2(!said.contains('\n'), said);
    QVERIFY2(said.contains("already running") && said.contains("headless"), said);
    QCOMPARE(first->state(), QProcess::Running);
    QVERIFY2(!m_stdout.value(first).contains("asked for the window"), m_stdout.value(first));
}

QTEST_GUILESS_MAIN(TestSecondInstance)
#include "tst_secondinstance.moc"
