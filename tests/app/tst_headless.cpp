// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Drives the real `attache` binary the way a user, an editor or a script would: start it,
// find it through the discovery file, talk to its local server, stop it with a signal.
#include "fakeprovider.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <csignal>
#include <memory>
#include <sys/stat.h>

namespace {

constexpr int StartTimeoutMs = 60000; // how long a start is waited for

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QByteArray contentType;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;

    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// One server-sent event as it came off the wire.
struct SseBlock
{
    QByteArray id;
    QByteArray data;
    bool fakeHadFinished = false; // had the fake finished its stream when this block arrived?
};

int permissionBits(const QString &path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return -1;
    return int(st.st_mode & 07777);
}

} // namespace

class TestHeadless : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void writesDiscoveryFile();
    void tokenGuardsEverythingButHealth();
    void signalEndsCleanly_data();
    void signalEndsCleanly();
    void signalRightAfterDiscoveryFileAppears();
    void takenPortMovesToNextFree();
    void secondInstanceReportsRunningOne();
    void noDisplayFallsBackToHeadless();
    void chatStreamsEndToEnd();
    void chatWithoutProviderSaysWhatToSet();
    void badPortIsUsageError();

private:
    QProcessEnvironment cleanEnvironment() const;
    QString discoveryPath() const;
    QProcess *startAttache(const QStringList &args, const QProcessEnvironment &env);
    // Waits until the child wrote a discovery file naming itself and said it is listening.
    void waitUntilReady(QProcess *process, QJsonObject *discovery);
    HttpResult request(const QByteArray &verb, quint16 port, const QString &path,
                       const QByteArray &token = {}, const QByteArray &body = {});
    QByteArray stdoutOf(QProcess *process) const { return m_stdout.value(process); }
    QByteArray stderrOf(QProcess *process) const { return m_stderr.value(process); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<QNetworkAccessManager> m_network;
    QList<QPointer<QProcess>> m_processes;
    QHash<QProcess *, QByteArray> m_stdout;
    QHash<QProcess *, QByteArray> m_stderr;
};

#define RETURN_IF_FAILED()                                                                         \
    do {                                                                                           \
        if (QTest::currentTestFailed())                                                            \
            return;                                                                                \
    } while (false)

void TestHeadless::init()
{
    QVERIFY(QFileInfo::exists(QStringLiteral(ATTACHE_BINARY)));
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_network = std::make_unique<QNetworkAccessManager>();
}

void TestHeadless::cleanup()
{
    for (const QPointer<QProcess> &process : std::as_const(m_processes)) {
        if (!process)
            continue;
        if (process->state() != QProcess::NotRunning) {
            process->kill();
            process->waitForFinished(5000);
        }
        delete process;
    }
    m_processes.clear();
    m_stdout.clear();
    m_stderr.clear();
    m_network.reset();
    m_dir.reset();
}

QProcessEnvironment TestHeadless::cleanEnvironment() const
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
    return env;
}

QString TestHeadless::discoveryPath() const
{
    return m_dir->filePath(QStringLiteral("state/attache/server.json"));
}

QProcess *TestHeadless::startAttache(const QStringList &args, const QProcessEnvironment &env)
{
    auto *process = new QProcess;
    m_processes.append(process);
    process->setProcessEnvironment(env);
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

void TestHeadless::waitUntilReady(QProcess *process, QJsonObject *discovery)
{
    QCOMPARE(process->state(), QProcess::Running);
    const qint64 pid = process->processId();
    auto ready = [&] {
        QFile file(discoveryPath());
        if (!file.open(QIODevice::ReadOnly))
            return false;
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        // The "listening" line is printed once the signal handlers are in place.
        if (json.value(QLatin1String("pid")).toInteger() != pid
            || !stdoutOf(process).contains("listening on"))
            return false;
        *discovery = json;
        return true;
    };
    QTRY_VERIFY_WITH_TIMEOUT(ready() || process->state() == QProcess::NotRunning, StartTimeoutMs);
    QVERIFY2(ready(),
             qPrintable(QStringLiteral("attache exited early (code %1); stderr: %2")
                            .arg(process->exitCode())
                            .arg(QString::fromUtf8(stderrOf(process)))));
}

HttpResult TestHeadless::request(const QByteArray &verb, quint16 port, const QString &path,
                                 const QByteArray &token, const QByteArray &body)
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port);
    url.setPath(path);
    QNetworkRequest req(url);
    req.setTransferTimeout(10000);
    if (!token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + token);
    if (!body.isEmpty())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = m_network->sendCustomRequest(req, verb, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(10000);
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    result.error = reply->error();
    reply->deleteLater();
    return result;
}

// ---------------------------------------------------------------------------------------------

void TestHeadless::writesDiscoveryFile()
{
    QProcess *attache = startAttache(
        { QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0") },
        cleanEnvironment());
    QJsonObject discovery;
    waitUntilReady(attache, &discovery);
    RETURN_IF_FAILED();

    const int port = discovery.value(QLatin1String("port")).toInt();
    QVERIFY2(port > 0 && port < 65536, qPrintable(QString::number(port)));
    const QString token = discovery.value(QLatin1String("token")).toString();
    QVERIFY2(QRegularExpression(QStringLiteral("^[0-9a-f]{64}$")).match(token).hasMatch(),
             qPrintable(token));
    QCOMPARE(discovery.value(QLatin1String("pid")).toInteger(), attache->processId());
    QCOMPARE(discovery.value(QLatin1String("protocol")).toInt(), 1);
    QCOMPARE(QUrl(discovery.value(QLatin1String("url")).toString()),
             QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)));

    // The token is a secret: the file is the owner's alone, and so is its directory.
    QCOMPARE(permissionBits(discoveryPath()), 0600);
    QCOMPARE(permissionBits(QFileInfo(discoveryPath()).absolutePath()), 0700);

    const HttpResult health = request("GET", quint16(port), QStringLiteral("/health"));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json(), QJsonObject({ { QStringLiteral("status"), QStringLiteral("ok") } }));
}

void TestHeadless::tokenGuardsEverythingButHealth()
{
    QProcess *attache = startAttache(
        { QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0") },
        cleanEnvironment());
    QJsonObject discovery;
    waitUntilReady(attache, &discovery);
    RETURN_IF_FAILED();
    const quint16 port = quint16(discovery.value(QLatin1String("port")).toInt());
    const QByteArray token = discovery.value(QLatin1String("token")).toString().toLatin1();

    const HttpResult anonymous = request("GET", port, QStringLiteral("/status"));
    QCOMPARE(anonymous.status, 401);
    QVERIFY2(anonymous.contentType.startsWith("application/json"), anonymous.contentType);
    const QJsonObject error = anonymous.json().value(QLatin1String("error")).toObject();
    QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("unauthorized"));
    QVERIFY(!error.value(QLatin1String("message")).toString().isEmpty());

    const HttpResult wrong = request("GET", port, QStringLiteral("/status"), QByteArray(64, 'a'));
    QCOMPARE(wrong.status, 401);

    const HttpResult authorised = request("GET", port, QStringLiteral("/status"), token);
    QCOMPARE(authorised.status, 200);
    QVERIFY2(authorised.json().contains(QLatin1String("version")), authorised.body);
}

void TestHeadless::signalEndsCleanly_data()
{
    QTest::addColumn<int>("signal");
    QTest::newRow("SIGTERM") << int(SIGTERM);
    QTest::newRow("SIGINT") << int(SIGINT);
}

void TestHeadless::signalEndsCleanly()
{
    QFETCH(int, signal);
    QProcess *attache = startAttache(
        { QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0") },
        cleanEnvironment());
    QJsonObject discovery;
    waitUntilReady(attache, &discovery);
    RETURN_IF_FAILED();
    QVERIFY(QFile::exists(discoveryPath()));

    if (signal == SIGTERM)
        attache->terminate();
    else
        QCOMPARE(::kill(pid_t(attache->processId()), signal), 0);
    QVERIFY2(attache->waitForFinished(60000), "attache did not exit after the signal");
    QCOMPARE(attache->exitStatus(), QProcess::NormalExit);
    QCOMPARE(attache->exitCode(), 0);
    QVERIFY2(!QFile::exists(discoveryPath()), "the discovery file outlived the process");
}

// A client that finds the discovery file may stop Attache at once (an editor closing, a script
// done with it); the file must not outlive the process then either.
void TestHeadless::signalRightAfterDiscoveryFileAppears()
{
    constexpr int Attempts = 10;
    QStringList problems;
    for (int attempt = 0; attempt < Attempts; ++attempt) {
        QProcess *attache = startAttache(
            { QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0") },
            cleanEnvironment());
        QCOMPARE(attache->state(), QProcess::Running);
        QElapsedTimer clock;
        clock.start();
        while (!QFile::exists(discoveryPath()) && attache->state() == QProcess::Running
               && clock.elapsed() < StartTimeoutMs)
            QThread::yieldCurrentThread(); // the window is short: poll tightly
        QVERIFY2(QFile::exists(discoveryPath()), stderrOf(attache));
        attache->terminate();
        QVERIFY2(attache->waitForFinished(60000), "attache did not exit after SIGTERM");
        if (attache->exitStatus() != QProcess::NormalExit || attache->exitCode() != 0
            || QFile::exists(discoveryPath())) {
            problems.append(QStringLiteral("attempt %1: %2 with code %3, discovery file %4")
                                .arg(attempt + 1)
                                .arg(attache->exitStatus() == QProcess::NormalExit
                                         ? QStringLiteral("exited")
                                         : QStringLiteral("crashed/killed"))
                                .arg(attache->exitCode())
                                .arg(QFile::exists(discoveryPath()) ? QStringLiteral("left behind")
                                                                    : QStringLiteral("removed")));
        }
        QFile::remove(discoveryPath()); // a stale one would be overwritten anyway; start clean
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1String("; "))));
}

void TestHeadless::takenPortMovesToNextFree()
{
    // A taken port with room after it to look for the next free one.
    QTcpServer occupant;
    for (int attempt = 0; attempt < 100; ++attempt) {
        QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
        if (occupant.serverPort() <= 65000)
            break;
        occupant.close();
    }
    QVERIFY(occupant.isListening());
    const quint16 taken = occupant.serverPort();
    // The next port that is free right now is where Attache should end up.
    quint16 expected = 0;
    for (quint16 candidate = taken + 1; candidate < taken + 20 && !expected; ++candidate) {
        QTcpServer probe;
        if (probe.listen(QHostAddress::LocalHost, candidate))
            expected = candidate;
    }
    QVERIFY(expected != 0);

    QProcess *attache = startAttache(
        { QStringLiteral("--headless"), QStringLiteral("--port"), QString::number(taken) },
        cleanEnvironment());
    QJsonObject discovery;
    waitUntilReady(attache, &discovery);
    RETURN_IF_FAILED();

    const int port = discovery.value(QLatin1String("port")).toInt();
    QCOMPARE(port, int(expected));
    QVERIFY(port > taken);
    QCOMPARE(QUrl(discovery.value(QLatin1String("url")).toString()).port(), port);
    QVERIFY2(stdoutOf(attache).contains(QByteArray(":" + QByteArray::number(port))),
             stdoutOf(attache));

    const HttpResult health = request("GET", quint16(port), QStringLiteral("/health"));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json().value(QLatin1String("status")).toString(), QStringLiteral("ok"));
    QVERIFY(occupant.isListening());
}

void TestHeadless::secondInstanceReportsRunningOne()
{
    const QProcessEnvironment env = cleanEnvironment();
    const QStringList args { QStringLiteral("--headless"), QStringLiteral("--port"),
                             QStringLiteral("0") };
    QProcess *first = startAttache(args, env);
    QJsonObject discovery;
    waitUntilReady(first, &discovery);
    RETURN_IF_FAILED();
    QFile file(discoveryPath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray before = file.readAll();
    file.close();

    QProcess *second = startAttache(args, env);
    QVERIFY2(second->waitForFinished(StartTimeoutMs), "the second instance kept running");
    QCOMPARE(second->exitStatus(), QProcess::NormalExit);
    QCOMPARE(second->exitCode(), 0);
    QTRY_VERIFY(!m_stdout.value(second).isEmpty() || !m_stderr.value(second).isEmpty());
    const QByteArray output = stdoutOf(second) + stderrOf(second);
    bool saidSo = false;
    for (const QByteArray &line : output.split('\n')) {
        if (line.contains("already running"))
            saidSo = true;
    }
    QVERIFY2(saidSo, output);

    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
    QCOMPARE(first->state(), QProcess::Running);
    const HttpResult health = request(
        "GET", quint16(discovery.value(QLatin1String("port")).toInt()), QStringLiteral("/health"));
    QCOMPARE(health.status, 200);
}

void TestHeadless::noDisplayFallsBackToHeadless()
{
    QProcessEnvironment env = cleanEnvironment();
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    QProcess *attache = startAttache({ QStringLiteral("--port"), QStringLiteral("0") }, env);
    QJsonObject discovery;
    waitUntilReady(attache, &discovery);
    RETURN_IF_FAILED();

    QByteArrayList displayLines;
    for (const QByteArray &line : stderrOf(attache).split('\n')) {
        if (line.toLower().contains("display"))
            displayLines.append(line);
    }
    QVERIFY2(displayLines.size() == 1, stderrOf(attache));
    QVERIFY2(displayLines.first().contains("no display"), displayLines.first());
    QVERIFY2(displayLines.first().contains("headless"), displayLines.first());

    const HttpResult health = request(
        "GET", quint16(discovery.value(QLatin1String("port")).toInt()), QStringLiteral("/health"));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json().value(QLatin1String("status")).toString(), QStringLiteral("ok"));
}

void TestHeadless::chatStreamsEndToEnd()
{
    FakeProvider fake;
    QVERIFY(fake.listen());
    FakeReply scripted;
    scripted.tokens =
        QStringList { QStringLiteral("Once"),    QStringLiteral(" upon"), QStringLiteral(" a"),
                      QStringLiteral(" time,"),  QStringLiteral(" a"),    QStringLiteral(" test"),
                      QStringLiteral(" passed"), QStringLiteral(".") };
    scripted.holdAfter = 1; // the rest once the test has the first chunk
    fake.setDefaultReply(scripted);
    bool fakeFinished = false;
    connect(&fake, &FakeProvider::streamFinished, this, [&fakeFinished] { fakeFinished = true; });

    QProcessEnvironment env = cleanEnvironment();
    env.insert(QStringLiteral("ATTACHE_OPENAI_BASE_URL"), fake.baseUrl().toString());
    QProcess *attache = startAttache(
        { QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0") }, env);
    QJsonObject discovery;
    waitUntilReady(attache, &discovery);
    RETURN_IF_FAILED();
    const QByteArray token = discovery.value(QLatin1String("token")).toString().toLatin1();

    QUrl url(discovery.value(QLatin1String("url")).toString());
    url.setPath(QStringLiteral("/chat"));
    QNetworkRequest req(url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setRawHeader("Authorization", "Bearer " + token);
    req.setTransferTimeout(60000);
    QNetworkReply *reply =
        m_network->post(req, QByteArrayLiteral("{\"message\":\"tell me a story\"}"));

    QList<SseBlock> blocks;
    QByteArray pending;
    connect(reply, &QNetworkReply::readyRead, reply, [&] {
        pending += reply->readAll();
        qsizetype end;
        while ((end = pending.indexOf("\n\n")) >= 0) {
            const QByteArray raw = pending.left(end);
            pending.remove(0, end + 2);
            SseBlock block;
            block.fakeHadFinished = fakeFinished;
            bool hasData = false;
            for (const QByteArray &line : raw.split('\n')) {
                if (line.startsWith("id: ")) {
                    block.id = line.mid(4);
                } else if (line.startsWith("data: ")) {
                    block.data += line.mid(6);
                    hasData = true;
                }
            }
            if (hasData) // skips "retry:" and ": ping" comments
                blocks.append(block);
            if (blocks.size() == 2) // stream_start and the first chunk: the provider may go on
                fake.release();
        }
    });
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(60000));
    QCOMPARE(reply->error(), QNetworkReply::NoError);
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QVERIFY(reply->header(QNetworkRequest::ContentTypeHeader)
                .toByteArray()
                .startsWith("text/event-stream"));
    reply->deleteLater();
    QVERIFY2(pending.trimmed().isEmpty(), pending);

    // stream_start, one chunk per token, usage, stream_end, then [DONE]
    const int n = int(scripted.tokens.size());
    QCOMPARE(blocks.size(), n + 4);
    QCOMPARE(blocks.last().data, QByteArrayLiteral("[DONE]"));
    QByteArrayList types;
    QString runId;
    quint64 previousSeq = 0;
    for (int i = 0; i < blocks.size() - 1; ++i) {
        const QJsonObject event = QJsonDocument::fromJson(blocks.at(i).data).object();
        types.append(event.value(QLatin1String("type")).toString().toUtf8());
        if (i == 0)
            runId = event.value(QLatin1String("run")).toString();
        QVERIFY(!runId.isEmpty());
        QCOMPARE(event.value(QLatin1String("run")).toString(), runId);
        const QByteArray id = blocks.at(i).id;
        const qsizetype colon = id.lastIndexOf(':');
        QVERIFY2(colon > 0, id);
        QCOMPARE(QString::fromUtf8(id.left(colon)), runId);
        bool ok = false;
        const quint64 seq = id.mid(colon + 1).toULongLong(&ok);
        QVERIFY2(ok, id);
        if (i > 0)
            QCOMPARE(seq, previousSeq + 1);
        QCOMPARE(quint64(event.value(QLatin1String("seq")).toInteger()), seq);
        previousSeq = seq;
        if (i >= 1 && i <= n)
            QCOMPARE(event.value(QLatin1String("data")).toString(), scripted.tokens.at(i - 1));
        if (i == n + 1) {
            const QJsonObject usage = event.value(QLatin1String("data")).toObject();
            QCOMPARE(usage.value(QLatin1String("completion_tokens")).toInt(), n);
        }
        if (i == n + 2)
            QCOMPARE(event.value(QLatin1String("data")).toString(), scripted.joinedText());
    }
    QByteArrayList expected { "stream_start" };
    for (int i = 0; i < n; ++i)
        expected.append("stream_chunk");
    expected << "usage"
             << "stream_end";
    QCOMPARE(types, expected);

    // Streamed as written, not buffered until the provider was done.
    QVERIFY2(!blocks.at(1).fakeHadFinished,
             "the first stream_chunk arrived only after the provider had finished its stream");
    QVERIFY(fakeFinished);

    QCOMPARE(fake.chatRequests().size(), 1);
    const QJsonArray messages =
        fake.chatRequests().first().value(QLatin1String("messages")).toArray();
    QVERIFY(!messages.isEmpty());
    QCOMPARE(messages.last().toObject().value(QLatin1String("content")).toString(),
             QStringLiteral("tell me a story"));
}

void TestHeadless::chatWithoutProviderSaysWhatToSet()
{
    QProcess *attache = startAttache(
        { QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0") },
        cleanEnvironment());
    QJsonObject discovery;
    waitUntilReady(attache, &discovery);
    RETURN_IF_FAILED();
    const quint16 port = quint16(discovery.value(QLatin1String("port")).toInt());
    const QByteArray token = discovery.value(QLatin1String("token")).toString().toLatin1();

    const HttpResult chat = request("POST", port, QStringLiteral("/chat"), token,
                                    QByteArrayLiteral("{\"message\":\"hello\"}"));
    QCOMPARE(chat.status, 503);
    const QJsonObject error = chat.json().value(QLatin1String("error")).toObject();
    QCOMPARE(error.value(QLatin1String("code")).toString(), QStringLiteral("no_provider"));
    QVERIFY2(
        error.value(QLatin1String("message")).toString().contains(QLatin1String("OPENAI_API_KEY")),
        chat.body);
}

void TestHeadless::badPortIsUsageError()
{
    QProcess *attache = startAttache(
        { QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("abc") },
        cleanEnvironment());
    QVERIFY(attache->waitForFinished(StartTimeoutMs));
    QTRY_VERIFY(!m_stderr.value(attache).isEmpty());
    QCOMPARE(attache->exitStatus(), QProcess::NormalExit);
    QCOMPARE(attache->exitCode(), 2);
    const QByteArray err = stderrOf(attache);
    QVERIFY2(err.contains("--port") && err.contains("abc"), err);
    QVERIFY(!QFile::exists(discoveryPath()));
}

QTEST_GUILESS_MAIN(TestHeadless)
#include "tst_headless.moc"
