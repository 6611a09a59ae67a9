// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Starting `attache` while it already runs: the second start brings the running window forward
// (or says the running one is headless) and leaves, rather than fighting over the port.
#include "attacheprocess.h"

#include <QDir>

namespace {

// How long a second start may take before the test gives up on it. (It does one local request;
// how fast is for the benchmark to say.)
constexpr int ExitTimeoutMs = 60000;

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
    QProcess *startAttache(const QStringList &args);
    void waitUntilReady(QProcess *process);
    QByteArray stdoutOf(QProcess *process) const { return m_attache->output(process); }
    QByteArray outputOf(QProcess *process) const
    {
        return m_attache->output(process) + m_attache->errors(process);
    }

    std::unique_ptr<AttacheProcesses> m_attache;
};

void TestSecondInstance::init()
{
    QVERIFY(QFileInfo::exists(QStringLiteral(ATTACHE_BINARY)));
    m_attache = std::make_unique<AttacheProcesses>();
    const QString runtime = m_attache->home() + QLatin1String("/runtime");
    QVERIFY(QDir().mkdir(runtime));
    QVERIFY(QFile::setPermissions(runtime, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
}

void TestSecondInstance::cleanup()
{
    m_attache.reset();
}

QProcess *TestSecondInstance::startAttache(const QStringList &args)
{
    QProcessEnvironment env = m_attache->environment();
    // Qt warns on stderr without one, and the test counts the lines said.
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_attache->home() + QLatin1String("/runtime"));
    // A window, drawn nowhere: the test needs no display.
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    return m_attache->start(args, env);
}

void TestSecondInstance::waitUntilReady(QProcess *process)
{
    QCOMPARE(process->state(), QProcess::Running);
    QString why;
    QVERIFY2(!m_attache->waitForDiscovery(process, &why).isEmpty(), qPrintable(why));
}

void TestSecondInstance::secondStartBringsTheWindowForward()
{
    QProcess *first = startAttache({ QStringLiteral("--port"), QStringLiteral("0") });
    waitUntilReady(first);
    if (QTest::currentTestFailed())
        return;
    QVERIFY2(!stdoutOf(first).contains("asked for the window"), stdoutOf(first));

    QProcess *second = startAttache({});
    QVERIFY2(second->waitForFinished(ExitTimeoutMs), "the second start kept running");
    QCOMPARE(second->exitStatus(), QProcess::NormalExit);
    QCOMPARE(second->exitCode(), 0);
    QTRY_VERIFY(!outputOf(second).isEmpty());
    const QByteArray said = outputOf(second).trimmed();
    QVERIFY2(!said.contains('\n'), said); // one line
    QVERIFY2(said.contains("already running") && said.contains("window"), said);

    // The running instance got the request and showed its window; it goes on running.
    QTRY_VERIFY2(stdoutOf(first).contains("asked for the window"), stdoutOf(first));
    QCOMPARE(first->state(), QProcess::Running);
    QFile file(m_attache->discoveryPath());
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
    // Whoever clicked the icon reads no terminal: a window tells them, and waits for them.
    QTRY_VERIFY_WITH_TIMEOUT(stdoutOf(second).contains("A window says so."), ExitTimeoutMs);
    const QByteArray said = outputOf(second).trimmed();
    QVERIFY2(said.contains("already running") && said.contains("headless"), said);
    QCOMPARE(second->state(), QProcess::Running);
    second->kill(); // closing the box, as far as this test cares
    QVERIFY(second->waitForFinished(ExitTimeoutMs));
    QCOMPARE(first->state(), QProcess::Running);
    QVERIFY2(!stdoutOf(first).contains("asked for the window"), stdoutOf(first));
}

QTEST_GUILESS_MAIN(TestSecondInstance)
#include "tst_secondinstance.moc"
