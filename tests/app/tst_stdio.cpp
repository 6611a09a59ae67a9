// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Drives `attache --stdio` the way an editor does: spawn it, write JSON-RPC lines to its stdin,
// read one message per line from its stdout. Both modes: hosting its own engine, and bridging
// to an instance that already runs.
#include "fakeprovider.h"
#include "rpcanswers.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

namespace {

constexpr int TimeoutMs = 30000; // how long a wait goes on before the test gives up

// One spawned attache, its stdout split into lines as they arrive.
struct Child
{
    std::unique_ptr<QProcess> process;
    QByteArray partial; // the start of a line whose newline has not come yet
    QList<QJsonObject> messages; // every stdout line, in order
    QByteArrayList strayLines; // stdout lines that are not JSON-RPC 2.0 objects
    QByteArray err;

    /** The answers (not the notifications, such as presence), in order. */
    QList<QJsonObject> answers() const { return rpcAnswers(messages); }
};

int errorCode(const QJsonObject &answer)
{
    return answer.value(QLatin1String("error")).toObject().value(QLatin1String("code")).toInt();
}

QString resultText(const QJsonObject &answer)
{
    return answer.value(QLatin1String("result")).toString();
}

QByteArray request(int id, const char *method, const QJsonObject &params = {})
{
    QJsonObject message { { QStringLiteral("jsonrpc"), QStringLiteral("2.0") },
                          { QStringLiteral("id"), id },
                          { QStringLiteral("method"), QLatin1String(method) } };
    if (!params.isEmpty())
        message.insert(QStringLiteral("params"), params);
    return QJsonDocument(message).toJson(QJsonDocument::Compact);
}

} // namespace

class TestStdio : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void hostAnswersAndStaysJsonRpc();
    void hostStreamsChat();
    void endOfInputExitsCleanly();
    void hostDrainsWhenInputEndsEarly();
    void bridgeDrainsWhenInputEndsEarly();
    void requestSplitAcrossWrites();
    void overlongLineIsDiscarded();
    void attachesToRunningInstance();
    void bridgeEndsWhenInstanceGoes();

private:
    QProcessEnvironment cleanEnvironment() const;
    QString discoveryPath() const;
    Child &start(const QStringList &args, const QProcessEnvironment &env);
    // `attache --stdio` with no instance running: it hosts its own engine.
    Child &headless(const QProcessEnvironment &env)
    {
        return start(
            { QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0") }, env);
    }
    Child &host(const QProcessEnvironment &env)
    {
        return start({ QStringLiteral("--stdio"), QStringLiteral("--port"), QStringLiteral("0") },
                     env);
    }
    static void send(Child &child, const QByteArray &line) { child.process->write(line + '\n'); }
    // The answer to request `id`, waited for; an empty object when none came in time.
    static QJsonObject answer(Child &child, int id);
    // The events of `run` up to its terminal one, waited for.
    static QList<QJsonObject> runEvents(Child &child, const QString &run);
    // Writes ping, a notification, a bare scalar and a chat at once and closes stdin right away,
    // as `printf … | attache --stdio` does; then checks that every answer and the chat's whole
    // stream came out before a clean exit. The reply pauses after its first chunk until attache
    // has shown that chunk, long after the end of its input.
    void drainsWhenInputEndsEarly(Child &attache, FakeProvider &fake, const FakeReply &scripted);
    QJsonObject waitForDiscovery(qint64 pid) const;
    QJsonObject get(const QJsonObject &discovery, const QString &path);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::vector<std::unique_ptr<Child>> m_children;
};

void TestStdio::init()
{
    QVERIFY(QFileInfo::exists(QStringLiteral(ATTACHE_BINARY)));
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestStdio::cleanup()
{
    for (const std::unique_ptr<Child> &child : m_children) {
        if (child->process->state() != QProcess::NotRunning) {
            child->process->kill();
            child->process->waitForFinished(5000);
        }
    }
    m_children.clear();
    m_dir.reset();
}

QProcessEnvironment TestStdio::cleanEnvironment() const
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

QString TestStdio::discoveryPath() const
{
    return m_dir->filePath(QStringLiteral("state/attache/server.json"));
}

Child &TestStdio::start(const QStringList &args, const QProcessEnvironment &env)
{
    m_children.push_back(std::make_unique<Child>());
    Child &child = *m_children.back();
    child.process = std::make_unique<QProcess>();
    QProcess *process = child.process.get();
    process->setProcessEnvironment(env);
    process->setWorkingDirectory(m_dir->path());
    connect(process, &QProcess::readyReadStandardOutput, this, [&child, process] {
        child.partial += process->readAllStandardOutput();
        qsizetype end;
        while ((end = child.partial.indexOf('\n')) >= 0) {
            const QByteArray line = child.partial.left(end);
            child.partial.remove(0, end + 1);
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject()
                || doc.object().value(QLatin1String("jsonrpc")) != QLatin1String("2.0"))
                child.strayLines.append(line);
            else
                child.messages.append(doc.object());
        }
    });
    connect(process, &QProcess::readyReadStandardError, this,
            [&child, process] { child.err += process->readAllStandardError(); });
    process->start(QStringLiteral(ATTACHE_BINARY), args);
    if (!process->waitForStarted(5000))
        qWarning("attache did not start: %s", qPrintable(process->errorString()));
    return child;
}

QJsonObject TestStdio::answer(Child &child, int id)
{
    QJsonObject found;
    (void)QTest::qWaitFor(
        [&] {
            for (const QJsonObject &message : std::as_const(child.messages)) {
                if (message.value(QLatin1String("id")) == id
                    && !message.contains(QLatin1String("method")))
                    found = message;
            }
            return !found.isEmpty() || child.process->state() == QProcess::NotRunning;
        },
        TimeoutMs);
    return found;
}

QList<QJsonObject> TestStdio::runEvents(Child &child, const QString &run)
{
    QList<QJsonObject> events;
    (void)QTest::qWaitFor(
        [&] {
            events.clear();
            for (const QJsonObject &message : std::as_const(child.messages)) {
                const QJsonObject event = message.value(QLatin1String("params")).toObject();
                if (message.value(QLatin1String("method")) == QLatin1String("event")
                    && event.value(QLatin1String("run")) == run)
                    events.append(event);
            }
            const QString last = events.isEmpty()
                ? QString()
                : events.last().value(QLatin1String("type")).toString();
            return last == QLatin1String("stream_end") || last == QLatin1String("error")
                || last == QLatin1String("cancelled");
        },
        TimeoutMs);
    return events;
}

QJsonObject TestStdio::waitForDiscovery(qint64 pid) const
{
    QJsonObject discovery;
    (void)QTest::qWaitFor(
        [&] {
            QFile file(discoveryPath());
            if (!file.open(QIODevice::ReadOnly))
                return false;
            discovery = QJsonDocument::fromJson(file.readAll()).object();
            return discovery.value(QLatin1String("pid")).toInteger() == pid;
        },
        TimeoutMs);
    return discovery.value(QLatin1String("pid")).toInteger() == pid ? discovery : QJsonObject();
}

QJsonObject TestStdio::get(const QJsonObject &discovery, const QString &path)
{
    QNetworkAccessManager network;
    QUrl url(discovery.value(QLatin1String("url")).toString());
    url.setPath(path);
    QNetworkRequest req(url);
    req.setRawHeader("Authorization",
                     "Bearer " + discovery.value(QLatin1String("token")).toString().toLatin1());
    req.setTransferTimeout(TimeoutMs);
    std::unique_ptr<QNetworkReply> reply(network.get(req));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(TimeoutMs);
    return QJsonDocument::fromJson(reply->readAll()).object();
}

// ---------------------------------------------------------------------------------------------

void TestStdio::hostAnswersAndStaysJsonRpc()
{
    Child &attache = host(cleanEnvironment());
    send(attache, request(1, "ping"));
    QCOMPARE(resultText(answer(attache, 1)), QStringLiteral("pong"));

    send(attache, QByteArrayLiteral("{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"pi"));
    send(attache, request(3, "ping"));
    QVERIFY(QTest::qWaitFor([&] { return attache.answers().size() >= 3; }, TimeoutMs));
    const QJsonObject parseError = attache.answers().at(1);
    QVERIFY(parseError.value(QLatin1String("id")).isNull());
    QCOMPARE(errorCode(parseError), -32700);
    QCOMPARE(resultText(answer(attache, 3)), QStringLiteral("pong"));

    send(attache, request(4, "no.such.method"));
    QCOMPARE(errorCode(answer(attache, 4)), -32601);

    // Every REST route is reachable over the channel.
    send(attache,
         request(7, "http_request",
                 { { QStringLiteral("method"), QStringLiteral("GET") },
                   { QStringLiteral("path"), QStringLiteral("/status") } }));
    const QJsonObject result = answer(attache, 7).value(QLatin1String("result")).toObject();
    QCOMPARE(result.value(QLatin1String("status")).toInt(), 200);
    QJsonParseError error;
    const QJsonDocument body =
        QJsonDocument::fromJson(result.value(QLatin1String("body")).toString().toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(body.object().contains(QLatin1String("version")));

    // The user is told where the server listens, on stderr: stdout is the protocol's alone.
    QVERIFY(QTest::qWaitFor([&] { return attache.err.contains("listening on"); }, TimeoutMs));
    QVERIFY2(attache.strayLines.isEmpty(), attache.strayLines.join('\n'));
    QVERIFY2(attache.partial.isEmpty(), attache.partial);
}

void TestStdio::hostStreamsChat()
{
    FakeProvider fake;
    QVERIFY(fake.listen());
    FakeReply scripted;
    scripted.tokens = QStringList { QStringLiteral("Over"), QStringLiteral(" stdio"),
                                    QStringLiteral(" it"), QStringLiteral(" streams.") };
    scripted.delayMs = 10;
    fake.setDefaultReply(scripted);
    QProcessEnvironment env = cleanEnvironment();
    env.insert(QStringLiteral("ATTACHE_OPENAI_BASE_URL"), fake.baseUrl().toString());
    Child &attache = host(env);

    send(attache,
         QByteArrayLiteral(
             "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"chat\",\"params\":{\"message\":\"hi\"}}"));
    const QJsonObject reply = answer(attache, 2);
    const QJsonObject result = reply.value(QLatin1String("result")).toObject();
    const QString run = result.value(QLatin1String("run")).toString();
    QVERIFY2(!run.isEmpty(), QJsonDocument(reply).toJson(QJsonDocument::Compact));
    QVERIFY(!result.value(QLatin1String("session")).toString().isEmpty());
    // The answer comes before the run's first event.
    QCOMPARE(attache.messages.indexOf(reply), 0);

    const QList<QJsonObject> events = runEvents(attache, run);
    QByteArrayList types;
    for (int i = 0; i < events.size(); ++i) {
        types.append(events.at(i).value(QLatin1String("type")).toString().toUtf8());
        if (i > 0)
            QCOMPARE(events.at(i).value(QLatin1String("seq")).toInteger(),
                     events.at(i - 1).value(QLatin1String("seq")).toInteger() + 1);
    }
    QByteArrayList expected { "stream_start" };
    for (int i = 0; i < scripted.tokens.size(); ++i)
        expected.append("stream_chunk");
    expected << "usage"
             << "stream_end";
    QCOMPARE(types, expected);
    for (int i = 0; i < scripted.tokens.size(); ++i)
        QCOMPARE(events.at(i + 1).value(QLatin1String("data")).toString(), scripted.tokens.at(i));
    QCOMPARE(events.last().value(QLatin1String("data")).toString(), scripted.joinedText());
    QCOMPARE(fake.chatRequests().size(), 1);
    QVERIFY2(attache.strayLines.isEmpty(), attache.strayLines.join('\n'));
}

void TestStdio::endOfInputExitsCleanly()
{
    Child &attache = host(cleanEnvironment());
    // Hosting, it is an instance like --headless: others find it through the discovery file.
    const QJsonObject discovery = waitForDiscovery(attache.process->processId());
    QVERIFY2(!discovery.isEmpty(), attache.err);
    QCOMPARE(get(discovery, QStringLiteral("/health")).value(QLatin1String("status")).toString(),
             QStringLiteral("ok"));

    attache.process->closeWriteChannel();
    QVERIFY2(attache.process->waitForFinished(TimeoutMs),
             "attache kept running after stdin closed");
    QCOMPARE(attache.process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(attache.process->exitCode(), 0);
    QVERIFY2(!QFile::exists(discoveryPath()), "the discovery file outlived the process");
}

void TestStdio::drainsWhenInputEndsEarly(Child &attache, FakeProvider &fake,
                                         const FakeReply &scripted)
{
    attache.process->write(
        request(1, "ping") + '\n'
        + QByteArrayLiteral("{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}\n42\n")
        + request(2, "chat", { { QStringLiteral("message"), QStringLiteral("hi") } }) + '\n');
    attache.process->closeWriteChannel();
    const auto chunkShown = [&] {
        for (const QJsonObject &message : std::as_const(attache.messages)) {
            if (message.value(QLatin1String("method")) == QLatin1String("event")
                && message.value(QLatin1String("params"))[QLatin1String("type")]
                    == QLatin1String("stream_chunk"))
                return true;
        }
        return false;
    };
    QVERIFY2(QTest::qWaitFor(chunkShown, TimeoutMs), attache.err);
    QCOMPARE(fake.heldStreams(), 1);
    QCOMPARE(attache.process->state(), QProcess::Running); // waiting for the rest
    fake.release();
    QVERIFY2(QTest::qWaitFor([&] { return attache.process->state() == QProcess::NotRunning; },
                             TimeoutMs),
             "attache did not leave once all was answered");
    QCOMPARE(attache.process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(attache.process->exitCode(), 0);

    QCOMPARE(resultText(answer(attache, 1)), QStringLiteral("pong"));
    const QJsonObject chat = answer(attache, 2);
    const QString run =
        chat.value(QLatin1String("result")).toObject().value(QLatin1String("run")).toString();
    QVERIFY2(!run.isEmpty(), QJsonDocument(chat).toJson(QJsonDocument::Compact));
    const QList<QJsonObject> events = runEvents(attache, run);
    QVERIFY(!events.isEmpty());
    QCOMPARE(events.first().value(QLatin1String("type")).toString(),
             QStringLiteral("stream_start"));
    QCOMPARE(events.last().value(QLatin1String("type")).toString(), QStringLiteral("stream_end"));
    QCOMPARE(events.last().value(QLatin1String("data")).toString(), scripted.joinedText());
    for (int i = 1; i < events.size(); ++i)
        QCOMPARE(events.at(i).value(QLatin1String("seq")).toInteger(),
                 events.at(i - 1).value(QLatin1String("seq")).toInteger() + 1);
    // The notification is not answered; the scalar is, as an invalid request.
    int scalarAnswers = 0;
    for (const QJsonObject &message : std::as_const(attache.messages)) {
        if (message.contains(QLatin1String("id")) && message.value(QLatin1String("id")).isNull()) {
            QCOMPARE(errorCode(message), -32600);
            ++scalarAnswers;
        }
    }
    QCOMPARE(scalarAnswers, 1);
    QVERIFY2(attache.strayLines.isEmpty(), attache.strayLines.join('\n'));
    QVERIFY2(attache.partial.isEmpty(), attache.partial);
    QVERIFY2(!attache.err.contains("gave up"), attache.err);
}

void TestStdio::hostDrainsWhenInputEndsEarly()
{
    FakeProvider fake;
    QVERIFY(fake.listen());
    FakeReply scripted;
    scripted.holdAfter = 1; // still streaming long after stdin has ended
    fake.setDefaultReply(scripted);
    QProcessEnvironment env = cleanEnvironment();
    env.insert(QStringLiteral("ATTACHE_OPENAI_BASE_URL"), fake.baseUrl().toString());
    drainsWhenInputEndsEarly(host(env), fake, scripted);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(fake.chatRequests().size(), 1);
}

void TestStdio::bridgeDrainsWhenInputEndsEarly()
{
    FakeProvider fake;
    QVERIFY(fake.listen());
    FakeReply scripted;
    scripted.holdAfter = 1; // still streaming long after stdin has ended
    fake.setDefaultReply(scripted);
    QProcessEnvironment env = cleanEnvironment();
    env.insert(QStringLiteral("ATTACHE_OPENAI_BASE_URL"), fake.baseUrl().toString());
    Child &instance = headless(env);
    const QJsonObject discovery = waitForDiscovery(instance.process->processId());
    QVERIFY2(!discovery.isEmpty(), instance.err);

    // Everything is written, and stdin closed, before the bridge can have connected.
    drainsWhenInputEndsEarly(start({ QStringLiteral("--stdio") }, env), fake, scripted);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(fake.chatRequests().size(), 1);
    QCOMPARE(instance.process->state(), QProcess::Running);
    QTRY_COMPARE_WITH_TIMEOUT(
        get(discovery, QStringLiteral("/clients")).value(QLatin1String("clients")).toArray().size(),
        0, TimeoutMs);
}

void TestStdio::requestSplitAcrossWrites()
{
    Child &attache = host(cleanEnvironment());
    // A whole request and the first half of the next in one write: once the first is answered,
    // the half has been read too, and must wait for the rest.
    const QByteArray ping = request(5, "ping");
    attache.process->write(request(4, "ping") + '\n' + ping.left(ping.size() / 2));
    QCOMPARE(resultText(answer(attache, 4)), QStringLiteral("pong"));
    QCOMPARE(attache.answers().size(), 1);
    attache.process->write(ping.mid(ping.size() / 2) + "\r\n\n   \n");
    QCOMPARE(resultText(answer(attache, 5)), QStringLiteral("pong"));
    send(attache, request(6, "ping"));
    QCOMPARE(resultText(answer(attache, 6)), QStringLiteral("pong"));
    // CRLF and blank lines are framing, not messages: exactly three answers.
    QCOMPARE(attache.answers().size(), 3);
}

void TestStdio::overlongLineIsDiscarded()
{
    Child &attache = host(cleanEnvironment());
    attache.process->write(QByteArray(17 * 1024 * 1024, 'x') + '\n');
    send(attache, request(8, "ping"));
    QCOMPARE(resultText(answer(attache, 8)), QStringLiteral("pong"));
    QCOMPARE(attache.answers().size(), 2);
    const QJsonObject error = attache.answers().first();
    QVERIFY(error.value(QLatin1String("id")).isNull());
    QCOMPARE(errorCode(error), -32700);
}

void TestStdio::attachesToRunningInstance()
{
    FakeProvider fake;
    QVERIFY(fake.listen());
    QProcessEnvironment env = cleanEnvironment();
    env.insert(QStringLiteral("ATTACHE_OPENAI_BASE_URL"), fake.baseUrl().toString());
    Child &instance = headless(env);
    const QJsonObject discovery = waitForDiscovery(instance.process->processId());
    QVERIFY2(!discovery.isEmpty(), instance.err);

    env.insert(QStringLiteral("ATTACHE_CLIENT_NAME"), QStringLiteral("tst_stdio"));
    Child &bridge = start({ QStringLiteral("--stdio") }, env);
    // Written at once, before the bridge can have connected: queued, not lost.
    send(bridge, request(1, "ping"));
    QCOMPARE(resultText(answer(bridge, 1)), QStringLiteral("pong"));

    const QJsonArray clients =
        get(discovery, QStringLiteral("/clients")).value(QLatin1String("clients")).toArray();
    QCOMPARE(clients.size(), 1);
    QCOMPARE(clients.first().toObject().value(QLatin1String("transport")).toString(),
             QStringLiteral("websocket"));
    QCOMPARE(clients.first().toObject().value(QLatin1String("name")).toString(),
             QStringLiteral("tst_stdio"));

    send(bridge,
         request(2, "chat", { { QStringLiteral("message"), QStringLiteral("hello from stdio") } }));
    const QString run = answer(bridge, 2)
                            .value(QLatin1String("result"))
                            .toObject()
                            .value(QLatin1String("run"))
                            .toString();
    QVERIFY(!run.isEmpty());
    const QList<QJsonObject> events = runEvents(bridge, run);
    QVERIFY(!events.isEmpty());
    QCOMPARE(events.last().value(QLatin1String("type")).toString(), QStringLiteral("stream_end"));

    // One engine: what was said over stdio is in the running instance's history.
    const QJsonArray messages =
        get(discovery, QStringLiteral("/history")).value(QLatin1String("messages")).toArray();
    QVERIFY(!messages.isEmpty());
    QCOMPARE(messages.first().toObject().value(QLatin1String("role")).toString(),
             QStringLiteral("user"));
    QCOMPARE(messages.first().toObject().value(QLatin1String("content")).toString(),
             QStringLiteral("hello from stdio"));

    bridge.process->closeWriteChannel();
    QVERIFY(bridge.process->waitForFinished(TimeoutMs));
    QCOMPARE(bridge.process->exitCode(), 0);
    QVERIFY2(bridge.strayLines.isEmpty(), bridge.strayLines.join('\n'));
    // The bridge hosted nothing: the discovery file is still the headless instance's.
    QCOMPARE(waitForDiscovery(instance.process->processId()), discovery);
    QCOMPARE(instance.process->state(), QProcess::Running);
    QTRY_COMPARE_WITH_TIMEOUT(
        get(discovery, QStringLiteral("/clients")).value(QLatin1String("clients")).toArray().size(),
        0, TimeoutMs);
}

void TestStdio::bridgeEndsWhenInstanceGoes()
{
    const QProcessEnvironment env = cleanEnvironment();
    Child &instance = headless(env);
    QVERIFY2(!waitForDiscovery(instance.process->processId()).isEmpty(), instance.err);
    Child &bridge = start({ QStringLiteral("--stdio") }, env);
    send(bridge, request(1, "ping"));
    QCOMPARE(resultText(answer(bridge, 1)), QStringLiteral("pong"));

    instance.process->terminate();
    QVERIFY(instance.process->waitForFinished(TimeoutMs));
    QVERIFY2(bridge.process->waitForFinished(TimeoutMs),
             "the bridge outlived the instance it relays to");
    QCOMPARE(bridge.process->exitStatus(), QProcess::NormalExit);
    QCOMPARE(bridge.process->exitCode(), 1);
    bridge.err += bridge.process->readAllStandardError();
    QCOMPARE(bridge.err.trimmed().count('\n'), 0); // one line says why
    QVERIFY2(bridge.err.startsWith("attache: "), bridge.err);
    QVERIFY2(bridge.strayLines.isEmpty(), bridge.strayLines.join('\n'));
}

QTEST_GUILESS_MAIN(TestStdio)
#include "tst_stdio.moc"
