// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// `attache chat` on a terminal (a pseudo-terminal from forkpty): Ctrl-C, the styled reply, the
// permission prompt answered in the terminal or by another client, the interactive session.
#include "clifixture.h"
#include "wsclient.h"

#include <QSocketNotifier>

#include <cerrno>
#include <csignal>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace {

/** A process on the slave side of a pseudo-terminal; the test types on the master side. */
class PtyProcess
{
public:
    ~PtyProcess()
    {
        delete m_notifier;
        if (m_pid > 0 && m_code == -1) {
            ::kill(m_pid, SIGKILL);
            ::waitpid(m_pid, nullptr, 0);
        }
        if (m_master >= 0)
            ::close(m_master);
    }

    bool start(const QStringList &args, const QProcessEnvironment &env)
    {
        std::vector<QByteArray> storage { QByteArray(ATTACHE_BINARY) };
        for (const QString &arg : args)
            storage.push_back(arg.toLocal8Bit());
        const qsizetype argCount = qsizetype(storage.size());
        for (const QString &entry : env.toStringList())
            storage.push_back(entry.toLocal8Bit());
        std::vector<char *> argv;
        std::vector<char *> envp;
        for (qsizetype i = 0; i < qsizetype(storage.size()); ++i)
            (i < argCount ? argv : envp).push_back(storage[size_t(i)].data());
        argv.push_back(nullptr);
        envp.push_back(nullptr);
        winsize size {};
        size.ws_row = 40;
        size.ws_col = 100;
        m_pid = ::forkpty(&m_master, nullptr, nullptr, &size);
        if (m_pid < 0)
            return false;
        if (m_pid == 0) {
            ::execve(argv[0], argv.data(), envp.data());
            ::_exit(127);
        }
        m_notifier = new QSocketNotifier(m_master, QSocketNotifier::Read);
        QObject::connect(m_notifier, &QSocketNotifier::activated, m_notifier, [this] {
            char buffer[4096];
            const ssize_t n = ::read(m_master, buffer, sizeof buffer);
            if (n > 0)
                m_output.append(buffer, n);
            else if (n < 0 && errno != EAGAIN && errno != EINTR)
                m_notifier->setEnabled(false); // EIO: the terminal's last user has gone
        });
        return true;
    }

    void type(const QByteArray &keys)
    {
        QVERIFY(::write(m_master, keys.constData(), size_t(keys.size())) == keys.size());
    }
    QByteArray output() const { return m_output; }
    qsizetype outputSize() const { return m_output.size(); }

    /** The exit code once it has ended (128 + n for a signal), else -1. */
    int exitCode()
    {
        int status = 0;
        if (m_code == -1 && ::waitpid(m_pid, &status, WNOHANG) == m_pid) {
            m_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            drain();
        }
        return m_code;
    }

private:
    /** Reads what the ended process wrote that the notifier has not seen yet: the terminal
     * hands its last words over after the exit, and a read returns them (then EIO) once its
     * other side is closed. */
    void drain()
    {
        if (m_notifier)
            m_notifier->setEnabled(false);
        char buffer[4096];
        for (;;) {
            const ssize_t n = ::read(m_master, buffer, sizeof buffer);
            if (n > 0)
                m_output.append(buffer, n);
            else if (n == 0 || errno != EINTR)
                break;
        }
    }

    pid_t m_pid = -1;
    int m_master = -1;
    int m_code = -1;
    QByteArray m_output;
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace

class TestCliPty : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup() { m_fixture.reset(); }

    void ctrlCCancelsTheRun();
    void replyIsStyledOnATerminal();
    void permissionAnsweredInTheTerminal();
    void permissionAnsweredByAnotherClient();
    void interactiveSession();

private:
    QProcessEnvironment terminalEnvironment() const;
    bool startChat(PtyProcess &pty, const QStringList &args);

    std::unique_ptr<CliFixture> m_fixture;
};

void TestCliPty::init()
{
    m_fixture = std::make_unique<CliFixture>();
    QVERIFY(m_fixture->startInstance());
}

QProcessEnvironment TestCliPty::terminalEnvironment() const
{
    QProcessEnvironment env = m_fixture->environment();
    env.insert(QStringLiteral("TERM"), QStringLiteral("xterm-256color"));
    env.remove(QStringLiteral("COLUMNS"));
    return env;
}

bool TestCliPty::startChat(PtyProcess &pty, const QStringList &args)
{
    return pty.start(QStringList { QStringLiteral("--discovery-file"), m_fixture->discoveryPath(),
                                   QStringLiteral("chat") }
                         + args,
                     terminalEnvironment());
}

void TestCliPty::ctrlCCancelsTheRun()
{
    FakeReply reply;
    reply.chunks = 100000;
    reply.delayMs = 20;
    m_fixture->fake().enqueueReply(reply);
    QSignalSpy disconnected(&m_fixture->fake(), &FakeProvider::clientDisconnected);
    PtyProcess pty;
    QVERIFY(startChat(pty, { QStringLiteral("count") }));
    QTRY_VERIFY_WITH_TIMEOUT(pty.output().contains("tok2 "), CliFixture::TimeoutMs);
    pty.type("\x03"); // Ctrl-C, as the terminal sends it: SIGINT to the foreground process
    QTRY_COMPARE_WITH_TIMEOUT(pty.exitCode(), 130, CliFixture::TimeoutMs);
    QVERIFY2(pty.output().contains("Cancelling"), pty.output().constData());
    QVERIFY(pty.output().contains("Cancelled."));
    QTRY_VERIFY_WITH_TIMEOUT(disconnected.size() >= 1, CliFixture::TimeoutMs);
    QCOMPARE(m_fixture->fake().openStreams(), 0);
}

void TestCliPty::replyIsStyledOnATerminal()
{
    FakeReply reply;
    reply.tokens = { QStringLiteral("# Ti"), QStringLiteral("tle\n```cpp\nint x;\n"),
                     QStringLiteral("```\nSome "), QStringLiteral("`code`.") };
    m_fixture->fake().enqueueReply(reply);
    m_fixture->fake().enqueueReply(reply);
    PtyProcess styled;
    QVERIFY(startChat(styled, { QStringLiteral("show me") }));
    QTRY_COMPARE_WITH_TIMEOUT(styled.exitCode(), 0, CliFixture::TimeoutMs);
    const QByteArray text = styled.output();
    QVERIFY2(text.contains("\033[1;34m# Title\033[0m"), text.constData()); // a heading
    QVERIFY(text.contains("\033[2m```cpp\033[0m")); // a fence, dimmed
    QVERIFY(text.contains("\033[33mint x;\033[0m")); // code
    QVERIFY(text.contains("Some \033[36mcode\033[0m.")); // inline code

    PtyProcess raw;
    QVERIFY(startChat(raw, { QStringLiteral("--raw"), QStringLiteral("show me") }));
    QTRY_COMPARE_WITH_TIMEOUT(raw.exitCode(), 0, CliFixture::TimeoutMs);
    QVERIFY2(raw.output().contains("# Title\r\n```cpp\r\nint x;\r\n```\r\nSome `code`."),
             raw.output().constData());
    QVERIFY(!raw.output().contains('\033'));
}

void TestCliPty::permissionAnsweredInTheTerminal()
{
    const QString work = m_fixture->enableTools();
    m_fixture->queueWrite(QStringLiteral("hello.txt"), QStringLiteral("hi there\n"));
    PtyProcess pty;
    QVERIFY(startChat(pty, { QStringLiteral("write it") }));
    QTRY_VERIFY_WITH_TIMEOUT(
        pty.output().contains("Allow? [y]es once / [s]ession / [a]lways / [N]o"),
        CliFixture::TimeoutMs);
    const QByteArray asked = pty.output();
    QVERIFY2(asked.contains("Attache asks to run \033[1mwrite_file"), asked.constData());
    QVERIFY(asked.contains("path: hello.txt"));
    QVERIFY(asked.contains("+++ b/hello.txt"));
    QVERIFY(asked.contains("+hi there"));
    QVERIFY(!QFile::exists(work + QStringLiteral("/hello.txt")));
    pty.type("y");
    QTRY_COMPARE_WITH_TIMEOUT(pty.exitCode(), 0, CliFixture::TimeoutMs);
    QVERIFY2(pty.output().contains("yes, once"), pty.output().constData());
    QVERIFY(pty.output().contains("Written."));
    QFile written(work + QStringLiteral("/hello.txt"));
    QVERIFY(written.open(QIODevice::ReadOnly));
    QCOMPARE(written.readAll(), QByteArray("hi there\n"));
}

void TestCliPty::permissionAnsweredByAnotherClient()
{
    m_fixture->enableTools();
    m_fixture->queueWrite(QStringLiteral("hello.txt"), QStringLiteral("hi there\n"));
    PtyProcess pty;
    QVERIFY(startChat(pty, { QStringLiteral("write it") }));
    QTRY_VERIFY_WITH_TIMEOUT(pty.output().contains("[N]o"), CliFixture::TimeoutMs);
    const QJsonArray pending = m_fixture->request("GET", QStringLiteral("/permissions"))
                                   .object()[QLatin1String("pending")]
                                   .toArray();
    QCOMPARE(pending.size(), 1);

    WsClient editor;
    QVERIFY(editor.open(m_fixture->port(), m_fixture->token(), "vscode"));
    editor.callAndWait(QStringLiteral("hello"),
                       { { QStringLiteral("kind"), QStringLiteral("vscode") },
                         { QStringLiteral("name"), QStringLiteral("VS Code") } });
    const QJsonObject answer =
        editor.callAndWait(QStringLiteral("permission.respond"),
                           { { QStringLiteral("id"), pending.first()[QLatin1String("id")] },
                             { QStringLiteral("decision"), QStringLiteral("allow") },
                             { QStringLiteral("scope"), QStringLiteral("session") } });
    QVERIFY2(answer.contains(QLatin1String("result")), QJsonDocument(answer).toJson().constData());
    // The question gives way (its line erased) to who answered, and the reply goes on.
    const QByteArray said = "\r\033[KAnswered by VS Code: allowed for this session";
    (void)QTest::qWaitFor([&] { return pty.output().contains(said); }, CliFixture::TimeoutMs);
    QVERIFY2(pty.output().contains(said), pty.output().toPercentEncoding(" \n").constData());
    QTRY_COMPARE_WITH_TIMEOUT(pty.exitCode(), 0, CliFixture::TimeoutMs);
    QVERIFY(pty.output().contains("Written."));
    // The terminal's keyboard was given back: no key was taken for an answer afterwards.
    QVERIFY(!pty.output().contains("yes, once"));
}

void TestCliPty::interactiveSession()
{
    PtyProcess pty;
    QVERIFY(startChat(pty, {}));
    QTRY_VERIFY_WITH_TIMEOUT(pty.output().contains("/help lists the commands"),
                             CliFixture::TimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(pty.output().contains("Default \xe2\x80\xba"), CliFixture::TimeoutMs);
    // Line editing: a typo mended with the arrow keys before Enter.
    QSignalSpy requests(&m_fixture->fake(), &FakeProvider::chatRequestReceived);
    pty.type("hello wrld");
    pty.type("\033[D\033[D\033[D");
    pty.type("o\r");
    QTRY_COMPARE_WITH_TIMEOUT(requests.size(), 1, CliFixture::TimeoutMs);
    const QJsonArray messages =
        requests.first().first().toJsonObject()[QLatin1String("messages")].toArray();
    QCOMPARE(messages.last()[QLatin1String("content")].toString(), QStringLiteral("hello world"));
    QTRY_VERIFY_WITH_TIMEOUT(pty.output().contains("Hello from the fake provider."),
                             CliFixture::TimeoutMs);
    // The prompt comes back after the reply.
    QTRY_VERIFY_WITH_TIMEOUT(pty.output().lastIndexOf("Default \xe2\x80\xba")
                                 > pty.output().indexOf("Hello from the fake"),
                             CliFixture::TimeoutMs);

    pty.type("/new\r");
    QTRY_VERIFY_WITH_TIMEOUT(pty.output().contains("New session "), CliFixture::TimeoutMs);
    pty.type("second\r");
    QTRY_COMPARE_WITH_TIMEOUT(requests.size(), 2, CliFixture::TimeoutMs);
    // A new session: the model sees only the new message.
    QCOMPARE(requests.at(1).first().toJsonObject()[QLatin1String("messages")].toArray().size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(pty.output().count("Hello from the fake provider.") == 2,
                             CliFixture::TimeoutMs);

    pty.type("/exit\r");
    QTRY_COMPARE_WITH_TIMEOUT(pty.exitCode(), 0, CliFixture::TimeoutMs);
    QFile history(m_fixture->path(QStringLiteral("state/attache/history")));
    QVERIFY(history.open(QIODevice::ReadOnly));
    const QByteArray kept = history.readAll();
    QVERIFY2(kept.contains("hello world\n") && kept.contains("/new\n"), kept.constData());
}

QTEST_MAIN(TestCliPty)
#include "tst_clipty.moc"
