// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// `attache chat`, code, cancel, follow, permissions, approve and deny, without a terminal: what
// a script piping into and out of attache sees.
#include "clifixture.h"

#include <QRegularExpression>

#include <csignal>

class TestCliChat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup() { m_fixture.reset(); }

    void replyStreamsAsPlainText();
    void messageFromStdin();
    void stdinIsContextForTheMessage();
    void jsonIsTheWireEvents();
    void sessionNewProviderModelAndFile();
    void failedRunExitsOneWithTheReason();
    void interruptCancelsTheRun();
    void cancelCommand();
    void codeTaskOnALineRange();
    void followPrintsEveryRun();
    void permissionsApprovedFromAnotherCommand();
    void permissionDenied();

private:
    std::unique_ptr<CliFixture> m_fixture;
};

void TestCliChat::init()
{
    m_fixture = std::make_unique<CliFixture>();
    QVERIFY(m_fixture->startInstance());
}

void TestCliChat::replyStreamsAsPlainText()
{
    FakeReply reply;
    reply.tokens = { QStringLiteral("# Title\n"), QStringLiteral("Some `code`.") };
    m_fixture->fake().enqueueReply(reply);
    const CliResult result =
        m_fixture->cli({ QStringLiteral("chat"), QStringLiteral("hello there") });
    QCOMPARE(result.code, 0);
    // Piped: the reply as written, no escape sequences, its last line ended.
    QCOMPARE(result.out, QByteArray("# Title\nSome `code`.\n"));
    QVERIFY2(result.err.isEmpty(), qPrintable(result.describe()));
    const QJsonArray messages =
        m_fixture->fake().chatRequests().last()[QLatin1String("messages")].toArray();
    QCOMPARE(messages.last()[QLatin1String("content")].toString(), QStringLiteral("hello there"));
}

void TestCliChat::messageFromStdin()
{
    for (const QStringList &args :
         { QStringList { QStringLiteral("chat") },
           QStringList { QStringLiteral("chat"), QStringLiteral("-") } }) {
        const CliResult result = m_fixture->cli(args, "a question from a pipe\n");
        QCOMPARE(result.code, 0);
        QCOMPARE(result.out, QByteArray("Hello from the fake provider.\n"));
        const QJsonArray messages =
            m_fixture->fake().chatRequests().last()[QLatin1String("messages")].toArray();
        QCOMPARE(messages.last()[QLatin1String("content")].toString(),
                 QStringLiteral("a question from a pipe\n"));
    }
}

void TestCliChat::stdinIsContextForTheMessage()
{
    const QByteArray diff = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n";
    const CliResult result =
        m_fixture->cli({ QStringLiteral("chat"), QStringLiteral("review this") }, diff);
    QCOMPARE(result.code, 0);
    const QString sent = m_fixture->fake()
                             .chatRequests()
                             .last()[QLatin1String("messages")]
                             .toArray()
                             .last()[QLatin1String("content")]
                             .toString();
    QVERIFY2(sent.startsWith(QStringLiteral("review this\n\n```diff\n")), qPrintable(sent));
    QVERIFY(sent.contains(QStringLiteral("+new\n")));
}

void TestCliChat::jsonIsTheWireEvents()
{
    const CliResult result =
        m_fixture->cli({ QStringLiteral("chat"), QStringLiteral("--json"), QStringLiteral("hi") });
    QCOMPARE(result.code, 0);
    const QList<QByteArray> lines = result.out.trimmed().split('\n');
    QStringList types;
    QString run;
    quint64 seq = 0;
    for (const QByteArray &line : lines) {
        // Exactly the envelope: these keys in this order, as SSE and stdio carry it too.
        QVERIFY2(line.startsWith("{\"type\":\""), line.constData());
        const QJsonObject event = QJsonDocument::fromJson(line).object();
        QVERIFY(!event.isEmpty());
        types.append(event[QLatin1String("type")].toString());
        if (run.isEmpty())
            run = event[QLatin1String("run")].toString();
        QCOMPARE(event[QLatin1String("run")].toString(), run);
        QCOMPARE(quint64(event[QLatin1String("seq")].toInteger()), ++seq);
    }
    QCOMPARE(types.first(), QStringLiteral("stream_start"));
    QCOMPARE(types.count(QStringLiteral("stream_chunk")), 6);
    QCOMPARE(types.mid(types.size() - 2),
             (QStringList { QStringLiteral("usage"), QStringLiteral("stream_end") }));
    QVERIFY(lines.last().contains("\"data\":\"Hello from the fake provider.\""));
}

void TestCliChat::sessionNewProviderModelAndFile()
{
    const QString file = m_fixture->path(QStringLiteral("notes.txt"));
    QFile notes(file);
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("remember the milk\n");
    notes.close();
    CliResult result = m_fixture->cli(
        { QStringLiteral("chat"), QStringLiteral("--new"), QStringLiteral("--provider"),
          QStringLiteral("openai"), QStringLiteral("--model"), QStringLiteral("fake-model-large"),
          QStringLiteral("--file"), file, QStringLiteral("what is in it?") });
    QCOMPARE(result.code, 0);
    const QJsonObject request = m_fixture->fake().chatRequests().last();
    QCOMPARE(request[QLatin1String("model")].toString(), QStringLiteral("fake-model-large"));
    const QJsonArray messages = request[QLatin1String("messages")].toArray();
    QCOMPARE(messages.size(), 1); // a new session: nothing before it
    QCOMPARE(
        messages.last()[QLatin1String("content")].toString(),
        QStringLiteral("what is in it?\n\n--- %1 (18 bytes) ---\n```\nremember the milk\n\n```")
            .arg(file));
    // The model was for that chat only.
    result = m_fixture->cli({ QStringLiteral("status"), QStringLiteral("--json") });
    QVERIFY(QJsonDocument::fromJson(result.out).object()[QLatin1String("model")].toString()
            != QStringLiteral("fake-model-large"));
    result = m_fixture->cli({ QStringLiteral("sessions"), QStringLiteral("--json") });
    QCOMPARE(
        QJsonDocument::fromJson(result.out).object()[QLatin1String("sessions")].toArray().size(),
        2);

    result = m_fixture->cli({ QStringLiteral("chat"), QStringLiteral("--provider"),
                              QStringLiteral("nosuch"), QStringLiteral("hi") });
    QCOMPARE(result.code, 1);
    QVERIFY2(result.err.contains("There is no provider \"nosuch\""), qPrintable(result.describe()));
}

void TestCliChat::failedRunExitsOneWithTheReason()
{
    FakeReply reply;
    reply.fault = FakeReply::Fault::ServerError;
    reply.errorMessage = QStringLiteral("the model is on fire");
    m_fixture->fake().enqueueReply(reply);
    const CliResult result = m_fixture->cli({ QStringLiteral("chat"), QStringLiteral("hi") });
    QCOMPARE(result.code, 1);
    QVERIFY2(result.err.startsWith("attache: the reply failed: ")
                 && result.err.contains("the model is on fire"),
             qPrintable(result.describe()));
}

void TestCliChat::interruptCancelsTheRun()
{
    FakeReply reply;
    reply.chunks = 100000;
    reply.delayMs = 20;
    m_fixture->fake().enqueueReply(reply);
    QSignalSpy disconnected(&m_fixture->fake(), &FakeProvider::clientDisconnected);
    QProcess *chat = m_fixture->startCli({ QStringLiteral("chat"), QStringLiteral("count") });
    chat->closeWriteChannel();
    QTRY_VERIFY_WITH_TIMEOUT(m_fixture->out(chat).contains("tok2 "), CliFixture::TimeoutMs);
    ::kill(pid_t(chat->processId()), SIGINT);
    const CliResult result = m_fixture->finish(chat);
    QCOMPARE(result.code, 130);
    QVERIFY2(result.err.contains("Cancelled."), qPrintable(result.describe()));
    QTRY_VERIFY_WITH_TIMEOUT(disconnected.size() >= 1,
                             CliFixture::TimeoutMs); // the provider stopped
    QVERIFY(m_fixture->fake().openStreams() == 0);
}

void TestCliChat::cancelCommand()
{
    FakeReply reply;
    reply.chunks = 100000;
    reply.delayMs = 20;
    m_fixture->fake().enqueueReply(reply);
    QProcess *chat = m_fixture->startCli({ QStringLiteral("chat"), QStringLiteral("--session"),
                                           QStringLiteral("long"), QStringLiteral("count") });
    chat->closeWriteChannel();
    QTRY_VERIFY_WITH_TIMEOUT(m_fixture->out(chat).contains("tok1 "), CliFixture::TimeoutMs);
    CliResult result = m_fixture->cli(
        { QStringLiteral("cancel"), QStringLiteral("--session"), QStringLiteral("long") });
    QCOMPARE(result.code, 0);
    QVERIFY2(QString::fromUtf8(result.out)
                 .contains(QRegularExpression(QStringLiteral("^Cancelled run r_\\w+\\.\n$"))),
             qPrintable(result.describe()));
    const CliResult chatResult = m_fixture->finish(chat);
    QCOMPARE(chatResult.code, 130);
    QVERIFY2(chatResult.err.contains("cancelled by another client"),
             qPrintable(chatResult.describe()));

    result = m_fixture->cli({ QStringLiteral("cancel") });
    QCOMPARE(result.code, 0);
    QVERIFY(result.out.startsWith("Nothing to cancel"));
    result = m_fixture->cli({ QStringLiteral("cancel"), QStringLiteral("r_nosuch") });
    QCOMPARE(result.code, 1);
    QVERIFY2(result.err.contains("There is no run \"r_nosuch\""), qPrintable(result.describe()));
}

void TestCliChat::codeTaskOnALineRange()
{
    const QString file = m_fixture->path(QStringLiteral("main.cpp"));
    QFile source(file);
    QVERIFY(source.open(QIODevice::WriteOnly));
    source.write("// one\nint two();\nint three();\n// four\n");
    source.close();
    const CliResult result = m_fixture->cli(
        { QStringLiteral("code"), QStringLiteral("review"), file + QStringLiteral(":2-3") });
    QCOMPARE(result.code, 0);
    QCOMPARE(result.out, QByteArray("Hello from the fake provider.\n"));
    const QString sent = m_fixture->fake()
                             .chatRequests()
                             .last()[QLatin1String("messages")]
                             .toArray()
                             .last()[QLatin1String("content")]
                             .toString();
    QVERIFY2(sent.contains(QStringLiteral("int two();\nint three();")), qPrintable(sent));
    QVERIFY(!sent.contains(QStringLiteral("// one")));
    QVERIFY(!sent.contains(QStringLiteral("// four")));
    QVERIFY(sent.contains(QStringLiteral("lines 2-3")));

    const CliResult missing = m_fixture->cli(
        { QStringLiteral("code"), QStringLiteral("review"), QStringLiteral("nope.cpp") });
    QCOMPARE(missing.code, 1);
    QVERIFY(missing.err.contains("cannot read nope.cpp"));
}

void TestCliChat::followPrintsEveryRun()
{
    QProcess *follow = m_fixture->startCli({ QStringLiteral("follow") });
    QTRY_VERIFY_WITH_TIMEOUT(m_fixture->err(follow).contains("Following the runs"),
                             CliFixture::TimeoutMs);
    // A client is attached once its hello is through: then runs are followed.
    QTRY_VERIFY_WITH_TIMEOUT(m_fixture->request("GET", QStringLiteral("/clients"))
                                     .object()[QLatin1String("clients")]
                                     .toArray()
                                     .size()
                                 == 1,
                             CliFixture::TimeoutMs);
    QCOMPARE(m_fixture
                 ->cli({ QStringLiteral("chat"), QStringLiteral("--session"),
                         QStringLiteral("watched"), QStringLiteral("hi") })
                 .code,
             0);
    QTRY_VERIFY_WITH_TIMEOUT(m_fixture->out(follow).contains(" done ──"), CliFixture::TimeoutMs);
    const QString text = QString::fromUtf8(m_fixture->out(follow));
    QVERIFY2(text.contains(QRegularExpression(
                 QStringLiteral("── r_\\w+ · session watched ──\nHello from the fake "
                                "provider.\n── r_\\w+ done ──\n"))),
             qPrintable(text));
    ::kill(pid_t(follow->processId()), SIGINT);
    QCOMPARE(m_fixture->finish(follow).code, 130);
}

void TestCliChat::permissionsApprovedFromAnotherCommand()
{
    const QString work = m_fixture->enableTools();
    m_fixture->queueWrite(QStringLiteral("hello.txt"), QStringLiteral("hi there\n"));
    QProcess *chat = m_fixture->startCli({ QStringLiteral("chat"), QStringLiteral("write it") });
    chat->closeWriteChannel();
    // No terminal here: the chat says where to answer, and waits.
    QTRY_VERIFY_WITH_TIMEOUT(m_fixture->err(chat).contains("waits for permission"),
                             CliFixture::TimeoutMs);

    CliResult result = m_fixture->cli({ QStringLiteral("permissions") });
    QCOMPARE(result.code, 0);
    static const QRegularExpression head(
        QStringLiteral("^(p\\w+)  write_file  \\(run r_\\w+, session s_\\w+; denied in "),
        QRegularExpression::MultilineOption);
    const QRegularExpressionMatch match = head.match(QString::fromUtf8(result.out));
    QVERIFY2(match.hasMatch(), qPrintable(result.describe()));
    QVERIFY(result.out.contains("    path: hello.txt\n"));
    QVERIFY2(result.out.contains("    content:\n      │ hi there\n"),
             qPrintable(result.describe()));
    QVERIFY(result.out.contains("+hi there"));
    const QString id = match.captured(1);
    QVERIFY(m_fixture->err(chat).contains(QStringLiteral("attache approve %1").arg(id).toUtf8()));

    result = m_fixture->cli({ QStringLiteral("permissions"), QStringLiteral("--json") });
    QCOMPARE(
        QJsonDocument::fromJson(result.out).object()[QLatin1String("pending")].toArray().size(), 1);

    result = m_fixture->cli({ QStringLiteral("approve"), id });
    QCOMPARE(result.code, 0);
    QCOMPARE(result.out, QStringLiteral("Allowed %1 once.\n").arg(id).toUtf8());
    const CliResult chatResult = m_fixture->finish(chat);
    QCOMPARE(chatResult.code, 0);
    QVERIFY2(chatResult.out.endsWith("Written.\n"), qPrintable(chatResult.describe()));
    QVERIFY2(chatResult.err.contains("Answered by another terminal: allowed once"),
             qPrintable(chatResult.describe()));
    QFile written(work + QStringLiteral("/hello.txt"));
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(written.readAll(), QByteArray("hi there\n"));

    // A second answer comes too late, and says so.
    result = m_fixture->cli({ QStringLiteral("deny"), id });
    QCOMPARE(result.code, 1);
    QVERIFY2(result.err.startsWith("attache: "), qPrintable(result.describe()));
}

void TestCliChat::permissionDenied()
{
    const QString work = m_fixture->enableTools();
    m_fixture->queueWrite(QStringLiteral("nope.txt"), QStringLiteral("no\n"));
    QProcess *chat = m_fixture->startCli({ QStringLiteral("chat"), QStringLiteral("write it") });
    chat->closeWriteChannel();
    QTRY_VERIFY_WITH_TIMEOUT(m_fixture->err(chat).contains("waits for permission"),
                             CliFixture::TimeoutMs);
    const QJsonArray pending = m_fixture->request("GET", QStringLiteral("/permissions"))
                                   .object()[QLatin1String("pending")]
                                   .toArray();
    QCOMPARE(pending.size(), 1);
    const QString id = pending.first()[QLatin1String("id")].toString();
    const CliResult result = m_fixture->cli({ QStringLiteral("deny"), id });
    QCOMPARE(result.code, 0);
    QCOMPARE(result.out, QStringLiteral("Denied %1.\n").arg(id).toUtf8());
    const CliResult chatResult = m_fixture->finish(chat);
    QCOMPARE(chatResult.code, 0);
    QVERIFY(chatResult.err.contains("denied"));
    QVERIFY(!QFile::exists(work + QStringLiteral("/nope.txt")));
}

QTEST_MAIN(TestCliChat)
#include "tst_clichat.moc"
