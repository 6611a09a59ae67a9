// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// `attache status`, sessions, history, providers, models, use, usage, env, help, the exit codes
// and --start, run as a user would against a real headless instance.
#include "clifixture.h"

#include <QDate>
#include <QRegularExpression>

#include <csignal>

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup() { m_fixture.reset(); }

    void noInstanceSaysHowToStartOne();
    void helpAndUsageErrors_data();
    void helpAndUsageErrors();
    void status();
    void providersModelsAndUse();
    void sessionsManaged();
    void missingSessionIsAnErrorWithAHint();
    void usageTable();
    void envPointsToolsAtTheGateways();
    void startStartsAHeadlessInstance();

private:
    std::unique_ptr<CliFixture> m_fixture;
};

void TestCli::init()
{
    m_fixture = std::make_unique<CliFixture>();
}

void TestCli::noInstanceSaysHowToStartOne()
{
    const CliResult result = m_fixture->cli({ QStringLiteral("status") });
    QCOMPARE(result.code, 3);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.contains("Attache is not running"), qPrintable(result.describe()));
    QVERIFY(result.err.contains("attache --headless"));
    QVERIFY(result.err.contains("systemctl --user start attache"));
    QVERIFY(result.err.contains("--start"));
}

void TestCli::helpAndUsageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("out");
    QTest::addColumn<QByteArray>("err");
    QTest::newRow("help") << QStringList { QStringLiteral("help") } << 0 << QByteArray("  usage ")
                          << QByteArray();
    QTest::newRow("help chat") << QStringList { QStringLiteral("help"), QStringLiteral("chat") }
                               << 0 << QByteArray("Usage: attache chat [MESSAGE]") << QByteArray();
    QTest::newRow("--help") << QStringList { QStringLiteral("usage"), QStringLiteral("--help") }
                            << 0 << QByteArray("--by provider|model|session|client|day")
                            << QByteArray();
    QTest::newRow("unknown command")
        << QStringList { QStringLiteral("frobnicate") } << 2 << QByteArray()
        << QByteArray("unknown command \"frobnicate\"");
    QTest::newRow("unknown option")
        << QStringList { QStringLiteral("status"), QStringLiteral("--loud") } << 2 << QByteArray()
        << QByteArray("attache status has no option --loud");
    QTest::newRow("missing argument") << QStringList { QStringLiteral("approve") } << 2
                                      << QByteArray() << QByteArray("usage: attache approve ID");
    QTest::newRow("bad --by") << QStringList { QStringLiteral("usage"), QStringLiteral("--by"),
                                               QStringLiteral("planet") }
                              << 2 << QByteArray() << QByteArray("--by is one of provider, model");
}

void TestCli::helpAndUsageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(int, code);
    QFETCH(QByteArray, out);
    QFETCH(QByteArray, err);
    if (code != 0 || args.contains(QStringLiteral("--by")))
        QVERIFY(m_fixture->startInstance()); // usage errors are told with an instance, too
    const CliResult result = m_fixture->cli(args);
    QCOMPARE(result.code, code);
    QVERIFY2(result.out.contains(out), qPrintable(result.describe()));
    QVERIFY2(result.err.contains(err), qPrintable(result.describe()));
}

void TestCli::status()
{
    QVERIFY(m_fixture->startInstance());
    CliResult result = m_fixture->cli({ QStringLiteral("status") });
    QCOMPARE(result.code, 0);
    const QString text = QString::fromUtf8(result.out);
    QVERIFY2(text.contains(QStringLiteral("Attache %1 at http://127.0.0.1:%2, pid %3, up ")
                               .arg(QStringLiteral(ATTACHE_VERSION))
                               .arg(m_fixture->port())
                               .arg(m_fixture->instancePid())),
             qPrintable(result.describe()));
    QVERIFY(text.contains(QStringLiteral("Provider  openai, model ")));
    QVERIFY(text.contains(QStringLiteral("Clients   none attached")));
    QVERIFY(text.contains(QStringLiteral("Runs      none active")));
    QVERIFY(!result.out.contains('\033')); // piped: no styling

    result = m_fixture->cli({ QStringLiteral("status"), QStringLiteral("--json") });
    QCOMPARE(result.code, 0);
    const QJsonObject json = QJsonDocument::fromJson(result.out).object();
    const QJsonObject instance = json.value(QLatin1String("instance")).toObject();
    QCOMPARE(instance.value(QLatin1String("port")).toInt(), m_fixture->port());
    QCOMPARE(instance.value(QLatin1String("pid")).toInteger(), m_fixture->instancePid());
    QCOMPARE(instance.value(QLatin1String("version")).toString(), QStringLiteral(ATTACHE_VERSION));
    QVERIFY(instance.value(QLatin1String("uptime_seconds")).isDouble());
    QCOMPARE(json.value(QLatin1String("provider")).toString(), QStringLiteral("openai"));
    QVERIFY(json.value(QLatin1String("clients")).isArray());
    QVERIFY(json.value(QLatin1String("runs")).isArray());
}

void TestCli::providersModelsAndUse()
{
    QVERIFY(m_fixture->startInstance());
    CliResult result = m_fixture->cli({ QStringLiteral("providers") });
    QCOMPARE(result.code, 0);
    static const QRegularExpression openai(
        QStringLiteral("^\\*\\s+openai\\s+OpenAI\\s+yes\\s+http://127\\.0\\.0\\.1:"),
        QRegularExpression::MultilineOption);
    QVERIFY2(openai.match(QString::fromUtf8(result.out)).hasMatch(), qPrintable(result.describe()));

    result = m_fixture->cli({ QStringLiteral("models"), QStringLiteral("--json") });
    QCOMPARE(result.code, 0);
    QStringList ids;
    for (const QJsonValue &model : QJsonDocument::fromJson(result.out).array())
        ids.append(model[QLatin1String("id")].toString());
    QCOMPARE(ids,
             (QStringList { QStringLiteral("fake-model"), QStringLiteral("fake-model-large") }));

    result = m_fixture->cli({ QStringLiteral("use"), QStringLiteral("openai/fake-model-large") });
    QCOMPARE(result.code, 0);
    QCOMPARE(result.out, QByteArray("Chats now use openai, model fake-model-large.\n"));
    result = m_fixture->cli({ QStringLiteral("models") });
    QVERIFY2(QString::fromUtf8(result.out)
                 .contains(QRegularExpression(QStringLiteral("^\\*\\s+fake-model-large$"),
                                              QRegularExpression::MultilineOption)),
             qPrintable(result.describe()));

    result = m_fixture->cli({ QStringLiteral("use"), QStringLiteral("nosuch") });
    QCOMPARE(result.code, 1);
    QVERIFY2(result.err.contains("There is no provider \"nosuch\""), qPrintable(result.describe()));
    QVERIFY(result.err.contains("attache providers"));
}

void TestCli::sessionsManaged()
{
    QVERIFY(m_fixture->startInstance());
    CliResult result =
        m_fixture->cli({ QStringLiteral("chat"), QStringLiteral("--session"),
                         QStringLiteral("notes"), QStringLiteral("first question") });
    QCOMPARE(result.code, 0);

    result = m_fixture->cli({ QStringLiteral("sessions") });
    QCOMPARE(result.code, 0);
    QVERIFY2(QString::fromUtf8(result.out)
                 .contains(QRegularExpression(QStringLiteral("^\\s+notes\\s+2\\s"),
                                              QRegularExpression::MultilineOption)),
             qPrintable(result.describe()));

    result = m_fixture->cli(
        { QStringLiteral("sessions"), QStringLiteral("show"), QStringLiteral("notes") });
    QCOMPARE(result.code, 0);
    QCOMPARE(result.out,
             QByteArray("[user]\nfirst question\n\n[assistant]\nHello from the fake provider.\n"));

    result = m_fixture->cli({ QStringLiteral("history"), QStringLiteral("--session"),
                              QStringLiteral("notes"), QStringLiteral("--json") });
    QCOMPARE(result.code, 0);
    const QJsonArray messages =
        QJsonDocument::fromJson(result.out).object().value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0)[QLatin1String("content")].toString(), QStringLiteral("first question"));

    result = m_fixture->cli({ QStringLiteral("sessions"), QStringLiteral("rename"),
                              QStringLiteral("notes"), QStringLiteral("journal") });
    QCOMPARE(result.code, 0);
    QCOMPARE(result.out, QByteArray("Renamed session notes to journal.\n"));

    result = m_fixture->cli(
        { QStringLiteral("sessions"), QStringLiteral("export"), QStringLiteral("journal") });
    QCOMPARE(result.code, 0);
    QVERIFY2(result.out.contains("first question")
                 && result.out.contains("Hello from the fake provider."),
             qPrintable(result.describe()));
    result = m_fixture->cli({ QStringLiteral("sessions"), QStringLiteral("export"),
                              QStringLiteral("journal"), QStringLiteral("--format"),
                              QStringLiteral("json") });
    QCOMPARE(result.code, 0);
    QVERIFY(QJsonDocument::fromJson(result.out).isObject());

    result = m_fixture->cli(
        { QStringLiteral("sessions"), QStringLiteral("rm"), QStringLiteral("journal") });
    QCOMPARE(result.code, 0);
    QCOMPARE(result.out, QByteArray("Deleted session journal.\n"));
    result = m_fixture->cli({ QStringLiteral("sessions"), QStringLiteral("--json") });
    QVERIFY(!result.out.contains("journal"));
}

void TestCli::missingSessionIsAnErrorWithAHint()
{
    QVERIFY(m_fixture->startInstance());
    const CliResult result = m_fixture->cli(
        { QStringLiteral("sessions"), QStringLiteral("show"), QStringLiteral("nowhere") });
    QCOMPARE(result.code, 1);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.startsWith("attache: ") && result.err.contains("nowhere")
                 && result.err.contains("`attache sessions` lists them."),
             qPrintable(result.describe()));
}

void TestCli::usageTable()
{
    QVERIFY(m_fixture->startInstance());
    CliResult result = m_fixture->cli({ QStringLiteral("usage") });
    QCOMPARE(result.out, QByteArray("No usage recorded yet.\n"));
    FakeReply reply;
    reply.promptTokens = 1200;
    m_fixture->fake().setDefaultReply(reply);
    for (const char *session :
         { "alpha", "a-session-with-a-rather-long-name-that-will-not-fit-in-eighty-columns" })
        QCOMPARE(m_fixture
                     ->cli({ QStringLiteral("chat"), QStringLiteral("--session"),
                             QLatin1String(session), QStringLiteral("hi") })
                     .code,
                 0);

    QProcessEnvironment narrow = m_fixture->environment();
    narrow.insert(QStringLiteral("COLUMNS"), QStringLiteral("80"));
    result = m_fixture->cli(
        { QStringLiteral("usage"), QStringLiteral("--by"), QStringLiteral("session") }, {}, narrow);
    QCOMPARE(result.code, 0);
    const QStringList lines =
        QString::fromUtf8(result.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 5); // header, two sessions, the rule, the totals
    for (const QString &line : lines)
        QVERIFY2(line.size() <= 80, qPrintable(line));
    QVERIFY(lines.at(0).startsWith(QStringLiteral("SESSION")));
    QVERIFY(lines.at(0).endsWith(QStringLiteral("COST")));
    // Numbers are right-aligned: every row ends in the same column as its header.
    QCOMPARE(lines.at(1).size(), lines.at(0).size());
    QVERIFY2(lines.join(QLatin1Char('\n')).contains(QChar(0x2026)),
             qPrintable(result.describe())); // elided
    static const QRegularExpression total(QStringLiteral("^Total\\s+2\\s+2,400\\s+12\\s+2,412\\s"));
    QVERIFY2(total.match(lines.at(4)).hasMatch(), qPrintable(lines.at(4)));

    result = m_fixture->cli({ QStringLiteral("usage"), QStringLiteral("--by"),
                              QStringLiteral("day"), QStringLiteral("--since"),
                              QStringLiteral("7d"), QStringLiteral("--json") });
    QCOMPARE(result.code, 0);
    const QJsonObject json = QJsonDocument::fromJson(result.out).object();
    QCOMPARE(json.value(QLatin1String("since")).toString(),
             QDate::currentDate().addDays(-6).toString(Qt::ISODate));
    QCOMPARE(json.value(QLatin1String("rows")).toArray().size(), 1);
    QCOMPARE(json.value(QLatin1String("totals"))[QLatin1String("requests")].toInt(), 2);

    result = m_fixture->cli({ QStringLiteral("usage"), QStringLiteral("--since"),
                              QDate::currentDate().addDays(1).toString(Qt::ISODate) });
    QVERIFY2(result.out.startsWith("No usage since "), qPrintable(result.describe()));
}

void TestCli::envPointsToolsAtTheGateways()
{
    QVERIFY(m_fixture->startInstance());
    const QString port = QString::number(m_fixture->port());
    const QString token = QString::fromLatin1(m_fixture->token());
    CliResult result = m_fixture->cli({ QStringLiteral("env") });
    QCOMPARE(result.code, 0);
    QCOMPARE(QString::fromUtf8(result.out),
             QStringLiteral("export OPENAI_BASE_URL='http://127.0.0.1:%1/v1'\n"
                            "export OPENAI_API_KEY='%2'\n"
                            "export ANTHROPIC_BASE_URL='http://127.0.0.1:%1'\n"
                            "export ANTHROPIC_AUTH_TOKEN='%2'\n")
                 .arg(port, token));
    // What `eval "$(attache env)"` gives a tool.
    QProcess shell;
    shell.setProcessEnvironment(m_fixture->environment());
    shell.start(QStringLiteral("sh"),
                { QStringLiteral("-c"),
                  QStringLiteral("eval \"$1\"; echo \"$OPENAI_BASE_URL $ANTHROPIC_AUTH_TOKEN\""),
                  QStringLiteral("sh"), QString::fromUtf8(result.out) });
    QVERIFY(shell.waitForFinished(10000));
    QCOMPARE(QString::fromUtf8(shell.readAllStandardOutput()),
             QStringLiteral("http://127.0.0.1:%1/v1 %2\n").arg(port, token));

    result = m_fixture->cli(
        { QStringLiteral("env"), QStringLiteral("--shell"), QStringLiteral("fish") });
    QVERIFY(result.out.startsWith(
        QByteArray("set -gx OPENAI_BASE_URL 'http://127.0.0.1:" + port.toUtf8() + "/v1';\n")));
}

void TestCli::startStartsAHeadlessInstance()
{
    QVERIFY(m_fixture->fake().listen());
    CliResult result = m_fixture->cli(
        { QStringLiteral("status"), QStringLiteral("--json"), QStringLiteral("--start"),
          QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--config-dir"),
          m_fixture->path(QStringLiteral("config/attache")), QStringLiteral("--data-dir"),
          m_fixture->path(QStringLiteral("data/attache")) });
    QCOMPARE(result.code, 0);
    const qint64 pid = QJsonDocument::fromJson(result.out)
                           .object()[QLatin1String("instance")][QLatin1String("pid")]
                           .toInteger();
    QVERIFY2(pid > 0, qPrintable(result.describe()));
    // It is detached: this command has ended and it still answers, until it is stopped.
    result = m_fixture->cli({ QStringLiteral("status") });
    QCOMPARE(result.code, 0);
    QVERIFY(::kill(pid_t(pid), SIGTERM) == 0);
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(m_fixture->discoveryPath()), CliFixture::TimeoutMs);
    QCOMPARE(m_fixture->cli({ QStringLiteral("status") }).code, 3);
}

QTEST_MAIN(TestCli)
#include "tst_cli.moc"
