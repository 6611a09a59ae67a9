// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "toolfixture.h"

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(QJsonObject)

class TestWriteTools : public ToolFixture
{
    Q_OBJECT

private Q_SLOTS:
    void diffExact_data();
    void diffExact();
    void diffAppliesRandomEdits();
    void writePreviewTouchesNothing();
    void writeLands();
    void writeIsAtomic();
    void writeRefusesEscapes();
    void commandOutput_data();
    void commandOutput();
    void commandRejectsShellStrings_data();
    void commandRejectsShellStrings();
    void commandCannotStart();
    void commandOutputCapAndKill();
    void commandTimeout();
    void commandCancelKillsProcessGroup();
    void commandsDoNotSeeKeys();
    void protectedDirectoriesAreOutOfReach();
};

// ---------------------------------------------------------------------------------------------
// write_file and its diff

void TestWriteTools::diffExact_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QString>("expected");
    auto numbered = [](int count, QMap<int, QString> replaced = {}) {
        QString text;
        for (int i = 1; i <= count; ++i)
            text += replaced.value(i, QString::number(i)) + QLatin1Char('\n');
        return text;
    };
    QTest::newRow("one line changed")
        << u"a\nb\nc\nd\ne\nf\ng\nh\n"_s << u"a\nb\nc\nd\nE\nf\ng\nh\n"_s
        << QStringLiteral(
               "--- a/f.txt\n+++ b/f.txt\n@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n");
    QTest::newRow("new file") << QString() << u"hello\nworld\n"_s
                              << QStringLiteral(
                                     "--- a/f.txt\n+++ b/f.txt\n@@ -0,0 +1,2 @@\n+hello\n+world\n");
    QTest::newRow("everything removed")
        << u"a\nb\n"_s << QString() << u"--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +0,0 @@\n-a\n-b\n"_s;
    QTest::newRow("line inserted") << u"a\nb\n"_s << u"a\nx\nb\n"_s
                                   << u"--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +1,3 @@\n a\n+x\n b\n"_s;
    QTest::newRow("final newline removed")
        << u"a\n"_s << u"a"_s
        << QStringLiteral(
               "--- a/f.txt\n+++ b/f.txt\n@@ -1 +1 @@\n-a\n+a\n\\ No newline at end of file\n");
    QTest::newRow("two hunks")
        << numbered(20) << numbered(20, { { 2, u"two"_s }, { 18, u"eighteen"_s } })
        << QStringLiteral("--- a/f.txt\n+++ b/f.txt\n@@ -1,5 +1,5 @@\n 1\n-2\n+two\n 3\n 4\n 5\n"
                          "@@ -15,6 +15,6 @@\n 15\n 16\n 17\n-18\n+eighteen\n 19\n 20\n");
    QTest::newRow("six equal lines between: one hunk")
        << numbered(12) << numbered(12, { { 2, u"two"_s }, { 9, u"nine"_s } })
        << QStringLiteral("--- a/f.txt\n+++ b/f.txt\n@@ -1,12 +1,12 @@\n 1\n-2\n+two\n 3\n 4\n 5\n "
                          "6\n 7\n 8\n-9\n+nine\n 10\n 11\n 12\n");
    QTest::newRow("no change") << u"same\n"_s << u"same\n"_s << QString();
}

void TestWriteTools::diffExact()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(QString, expected);
    QCOMPARE(UnifiedDiff::make(before, after, u"a/f.txt"_s, u"b/f.txt"_s), expected);
}

void TestWriteTools::diffAppliesRandomEdits()
{
    QRandomGenerator random(20240601);
    for (int round = 0; round < 300; ++round) {
        QStringList lines;
        const int count = random.bounded(40);
        for (int i = 0; i < count; ++i)
            lines.append(QString(QChar(u'a' + random.bounded(4))));
        QStringList edited = lines;
        for (int edits = random.bounded(6); edits > 0; --edits) {
            const int at = edited.isEmpty() ? 0 : random.bounded(edited.size() + 1);
            switch (random.bounded(3)) {
            case 0:
                edited.insert(at, u"new"_s);
                break;
            case 1:
                if (at < edited.size())
                    edited.removeAt(at);
                break;
            default:
                if (at < edited.size())
                    edited[at] = u"changed"_s;
            }
        }
        const QString before =
            lines.isEmpty() ? QString() : lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
        const QString after =
            edited.isEmpty() ? QString() : edited.join(QLatin1Char('\n')) + QLatin1Char('\n');
        UnifiedDiff::Stats stats;
        const QString diff = UnifiedDiff::make(before, after, u"a"_s, u"b"_s, 3, &stats);
        QCOMPARE(diff.isEmpty(), before == after);
        if (!diff.isEmpty())
            QCOMPARE(applyDiff(before, diff), after);
        QVERIFY(stats.added + stats.removed <= lines.size() + edited.size());
    }
}

void TestWriteTools::writePreviewTouchesNothing()
{
    Tool &writer = tool(u"write_file"_s);
    ToolPreview preview = writer.preview(
        args({ { u"path"_s, u"new/dir/n.txt"_s }, { u"content"_s, u"hello\nworld\n"_s } }),
        m_workspace);
    QCOMPARE(preview.diff,
             u"--- /dev/null\n+++ b/new/dir/n.txt\n@@ -0,0 +1,2 @@\n+hello\n+world\n"_s);
    QVERIFY(preview.note.isEmpty());
    QCOMPARE(preview.english(), preview.diff);
    QVERIFY(!QFileInfo::exists(m_root + u"/new"_s));

    write(u"f.txt"_s, "one\ntwo\n");
    preview = writer.preview(args({ { u"path"_s, u"f.txt"_s }, { u"content"_s, u"one\n2\n"_s } }),
                             m_workspace);
    QCOMPARE(preview.diff, u"--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+2\n"_s);
    QCOMPARE(contents(u"f.txt"_s), QByteArray("one\ntwo\n"));

    // Where there is no diff, a sentence says why (translatable for the window).
    preview = writer.preview(args({ { u"path"_s, u"f.txt"_s }, { u"content"_s, u"one\ntwo\n"_s } }),
                             m_workspace);
    QVERIFY(preview.diff.isEmpty());
    QCOMPARE(preview.english(), u"no change: f.txt already has this content"_s);
    preview = writer.preview(args({ { u"path"_s, u"empty.txt"_s }, { u"content"_s, QString() } }),
                             m_workspace);
    QCOMPARE(preview.english(), u"creates the empty file empty.txt"_s);
    preview = writer.preview(
        args({ { u"path"_s, u"../outside/x.txt"_s }, { u"content"_s, u"x"_s } }), m_workspace);
    QVERIFY2(preview.english().startsWith(u"cannot write: "_s)
                 && preview.english().contains(u"outside"_s),
             qPrintable(preview.english()));
}

void TestWriteTools::writeLands()
{
    auto result =
        call(u"write_file"_s,
             args({ { u"path"_s, u"new/dir/n.txt"_s }, { u"content"_s, u"hello\nworld\n"_s } }));
    QVERIFY(result);
    QVERIFY2(!result->isError, qPrintable(result->content));
    QCOMPARE(result->content, u"wrote 12 bytes to new/dir/n.txt (2 lines changed)"_s);
    QCOMPARE(contents(u"new/dir/n.txt"_s), QByteArray("hello\nworld\n"));

    result = call(
        u"write_file"_s,
        args({ { u"path"_s, u"new/dir/n.txt"_s }, { u"content"_s, u"hello\nw\u00f6rld\n"_s } }));
    QVERIFY(result);
    QCOMPARE(result->content, u"wrote 13 bytes to new/dir/n.txt (2 lines changed)"_s);
    QCOMPARE(contents(u"new/dir/n.txt"_s), QByteArray("hello\nw\xc3\xb6rld\n"));

    // Through a link that stays inside: the link's target is written, the link stays a link.
    write(u"sub/target.txt"_s, "old\n");
    QVERIFY(QFile::link(u"sub/target.txt"_s, m_root + u"/link-in"_s));
    result =
        call(u"write_file"_s, args({ { u"path"_s, u"link-in"_s }, { u"content"_s, u"new\n"_s } }));
    QVERIFY(result);
    QCOMPARE(result->content, u"wrote 4 bytes to sub/target.txt (2 lines changed)"_s);
    QCOMPARE(contents(u"sub/target.txt"_s), QByteArray("new\n"));
    QVERIFY(QFileInfo(m_root + u"/link-in"_s).isSymLink());
}

void TestWriteTools::writeIsAtomic()
{
    write(u"f.txt"_s, "old content\n");
    QFile before(m_root + u"/f.txt"_s);
    QVERIFY(before.open(QIODevice::ReadOnly));
    const auto result = call(
        u"write_file"_s, args({ { u"path"_s, u"f.txt"_s }, { u"content"_s, u"new content\n"_s } }));
    QVERIFY(result);
    QVERIFY(!result->isError);
    // Replaced by a rename, not rewritten in place: a reader that had the old file open still
    // sees all of the old content, and no temporary file is left behind.
    QCOMPARE(before.readAll(), QByteArray("old content\n"));
    QCOMPARE(contents(u"f.txt"_s), QByteArray("new content\n"));
    QCOMPARE(QDir(m_root).entryList(QDir::Files | QDir::Hidden), QStringList { u"f.txt"_s });

    // Root writes into a folder whatever its permissions say, so a refused write cannot be made
    // to happen; nothing a set-up script installs changes that.
    if (::geteuid() == 0)
        QSKIP("root ignores folder permissions");
    QVERIFY(QFile::setPermissions(m_root, QFile::ReadOwner | QFile::ExeOwner));
    const auto denied =
        call(u"write_file"_s, args({ { u"path"_s, u"f.txt"_s }, { u"content"_s, u"lost\n"_s } }));
    QVERIFY(QFile::setPermissions(m_root, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    QVERIFY(denied);
    QVERIFY(denied->isError);
    QVERIFY2(denied->content.startsWith(u"could not write f.txt"_s), qPrintable(denied->content));
    QCOMPARE(contents(u"f.txt"_s), QByteArray("new content\n"));
}

void TestWriteTools::writeRefusesEscapes()
{
    QVERIFY(QFile::link(m_outside + u"/secret.txt"_s, m_root + u"/link-out"_s));
    QVERIFY(QFile::link(m_outside + u"/new.txt"_s, m_root + u"/dangling-out"_s));
    QVERIFY(QFile::link(m_outside, m_root + u"/linkdir-out"_s));
    const QStringList paths { u"../outside/new.txt"_s,
                              u"link-out"_s,
                              u"dangling-out"_s,
                              u"linkdir-out/new.txt"_s,
                              u"linkdir-out/deeper/new.txt"_s,
                              m_outside + u"/new.txt"_s,
                              u"a/../../outside/new.txt"_s };
    for (const QString &path : paths) {
        const auto result =
            call(u"write_file"_s, args({ { u"path"_s, path }, { u"content"_s, u"pwned\n"_s } }));
        QVERIFY(result);
        QVERIFY2(result->isError, qPrintable(path));
        QVERIFY2(result->content.contains(u"outside the working directory"_s),
                 qPrintable(result->content));
    }
    QCOMPARE(QDir(m_outside).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
             QStringList { u"secret.txt"_s });
    QFile secret(m_outside + u"/secret.txt"_s);
    QVERIFY(secret.open(QIODevice::ReadOnly));
    QCOMPARE(secret.readAll(), QByteArray("foo secret\n"));
    QVERIFY(!QFileInfo::exists(m_root + u"/a"_s));
}

// ---------------------------------------------------------------------------------------------
// run_command

void TestWriteTools::commandOutput_data()
{
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QString>("expected");
    QTest::newRow("echo") << QStringList { u"/bin/echo"_s, u"hello world"_s }
                          << u"exit code 0\nhello world\n"_s;
    // Each word reaches the program untouched: nothing splits, expands or runs "; rm".
    QTest::newRow("no shell expansion")
        << QStringList { u"printf"_s, u"%s|%s"_s, u"a b"_s, u"$HOME; rm -rf *"_s }
        << u"exit code 0\na b|$HOME; rm -rf *"_s;
    // A shell the user's argv names explicitly is just a program.
    QTest::newRow("sh -c") << QStringList { u"sh"_s, u"-c"_s, u"echo $HOME"_s }
                           << u"exit code 0\n"_s + qEnvironmentVariable("HOME") + QLatin1Char('\n');
    QTest::newRow("exit code") << QStringList { u"sh"_s, u"-c"_s, u"exit 3"_s }
                               << u"exit code 3\n"_s;
    QTest::newRow("false") << QStringList { u"false"_s } << u"exit code 1\n"_s;
    QTest::newRow("stderr merged") << QStringList { u"sh"_s, u"-c"_s, u"echo out; echo err >&2"_s }
                                   << u"exit code 0\nout\nerr\n"_s;
    QTest::newRow("working directory is the root")
        << QStringList { u"pwd"_s } << u"exit code 0\n$ROOT\n"_s;
    QTest::newRow("stdin is empty") << QStringList { u"cat"_s } << u"exit code 0\n"_s;
    QTest::newRow("killed by a signal")
        << QStringList { u"sh"_s, u"-c"_s, u"echo bye; kill -9 $$"_s }
        << u"killed by a signal (it crashed or was killed)\nbye\n"_s;
}

void TestWriteTools::commandOutput()
{
    QFETCH(QStringList, words);
    QFETCH(QString, expected);
    expected.replace(u"$ROOT"_s, m_root);
    const auto result = call(u"run_command"_s, args({ { u"argv"_s, argv(words) } }));
    QVERIFY(result);
    QVERIFY2(!result->isError, qPrintable(result->content));
    QVERIFY(!result->truncated);
    QCOMPARE(result->content, expected);
}

void TestWriteTools::commandRejectsShellStrings_data()
{
    QTest::addColumn<QJsonObject>("arguments");
    QTest::addColumn<QString>("fragment");
    const QString key = u"argv"_s;
    QTest::newRow("a command line") << args({ { key, u"touch pwned; ls"_s } })
                                    << u"argv must be an array of strings; no shell is used"_s;
    QTest::newRow("missing") << QJsonObject() << u"argv must be a non-empty array"_s;
    QTest::newRow("empty") << args({ { key, QJsonArray() } })
                           << u"argv must be a non-empty array"_s;
    QTest::newRow("a number") << args({ { key, QJsonArray { 1 } } })
                              << u"argv[0] must be a string"_s;
    QTest::newRow("a null argument")
        << args({ { key, QJsonArray { u"ls"_s, QJsonValue() } } }) << u"argv[1] must be a string"_s;
    QTest::newRow("NUL in an argument")
        << args({ { key, QJsonArray { u"ls"_s, QString(u"a"_s + QChar(0)) } } })
        << u"argv[1] must be a string without NUL bytes"_s;
    QTest::newRow("empty program")
        << args({ { key, QJsonArray { QString() } } }) << u"argv[0] is empty"_s;
    QTest::newRow("bad timeout") << args(
        { { key, QJsonArray { u"true"_s } }, { u"timeout_ms"_s, 0 } })
                                 << u"\"timeout_ms\" must be a whole number"_s;
}

void TestWriteTools::commandRejectsShellStrings()
{
    QFETCH(QJsonObject, arguments);
    QFETCH(QString, fragment);
    const auto result = call(u"run_command"_s, arguments);
    QVERIFY(result);
    QVERIFY(result->isError);
    QVERIFY2(result->content.contains(fragment), qPrintable(result->content));
    QVERIFY(!QFileInfo::exists(m_root + u"/pwned"_s));
}

void TestWriteTools::commandCannotStart()
{
    auto result = call(u"run_command"_s,
                       args({ { u"argv"_s, argv({ u"attache-no-such-program"_s, u"x"_s }) } }));
    QVERIFY(result);
    QVERIFY(result->isError);
    QVERIFY2(result->content.startsWith(u"could not start \"attache-no-such-program\": "_s),
             qPrintable(result->content));

    m_workspace = Workspace();
    result = call(u"run_command"_s, args({ { u"argv"_s, argv({ u"true"_s }) } }));
    QVERIFY(result);
    QVERIFY(result->isError);
    QCOMPARE(result->content, u"no working directory: set one with POST /working_dir"_s);
}

void TestWriteTools::commandOutputCapAndKill()
{
    ToolLimits limits;
    limits.outputCap = 1000;
    QString yeses;
    for (int i = 0; i < 500; ++i)
        yeses += u"y\n"_s;

    // Far more than the pipe holds: the command ends only if its output is read past the cap.
    auto result = call(
        u"run_command"_s,
        args({ { u"argv"_s, argv({ u"sh"_s, u"-c"_s, u"yes | head -c 300000"_s }) } }), limits);
    QVERIFY(result);
    QVERIFY2(!result->isError, qPrintable(result->content.left(200)));
    QVERIFY(result->truncated);
    QString head = u"exit code 0\n"_s;
    QVERIFY2(result->content.startsWith(head), qPrintable(result->content.left(200)));
    QCOMPARE(result->content.mid(head.size(), 1000), yeses);
    QCOMPARE(result->content.mid(head.size() + 1000),
             u"[output truncated: the first 1000 bytes shown, 299000 more left out]\n"_s);

    // A command that never stops printing is killed at its time-out, with what it printed
    // until then, capped. (How much that is depends on how soon it ran: all of it is y's.)
    result = call(u"run_command"_s,
                  args({ { u"argv"_s, argv({ u"yes"_s }) }, { u"timeout_ms"_s, 500 } }), limits);
    QVERIFY(result);
    QVERIFY(result->isError);
    head = u"timed out after 0.5 s and was killed; output so far:\n"_s;
    QVERIFY2(result->content.startsWith(head), qPrintable(result->content.left(200)));
    const QString printed = result->content.mid(head.size());
    if (result->truncated) {
        QCOMPARE(printed.left(1000), yeses);
        QVERIFY2(printed.mid(1000).startsWith(u"[output truncated: the first 1000 bytes shown, "_s),
                 qPrintable(printed.mid(1000)));
    } else {
        QVERIFY2(yeses.startsWith(printed), qPrintable(printed.left(200)));
    }
}

void TestWriteTools::commandTimeout()
{
    ToolLimits limits;
    limits.commandTimeoutMs = 300; // the user's cap wins over the model's longer timeout_ms
    // (The call gives up after 20 s: far sooner than the model's minute or the sleep's 30 s.)
    const auto result = call(
        u"run_command"_s,
        args({ { u"argv"_s, argv({ u"sleep"_s, u"30"_s }) }, { u"timeout_ms"_s, 60000 } }), limits);
    QVERIFY(result);
    QVERIFY(result->isError);
    QCOMPARE(result->content, u"timed out after 0.3 s and was killed; output so far:\n"_s);
}

void TestWriteTools::commandCancelKillsProcessGroup()
{
    // sh starts a background sleep and waits: both must go when the call's context does.
    auto *context = new QObject;
    bool called = false;
    tool(u"run_command"_s)
        .run(args({ { u"argv"_s,
                      argv({ u"sh"_s, u"-c"_s,
                             QStringLiteral(
                                 "sleep 30 & echo $! > child.pid; echo $$ > sh.pid; wait") }) } }),
             m_workspace, {}, context, [&](const ToolResult &) { called = true; });
    auto pidIn = [this](const QString &name) {
        return contents(name).trimmed().toLongLong();
    };
    QVERIFY(QTest::qWaitFor([&] { return pidIn(u"sh.pid"_s) > 0 && pidIn(u"child.pid"_s) > 0; },
                            10000));
    const qint64 shell = pidIn(u"sh.pid"_s);
    const qint64 sleeper = pidIn(u"child.pid"_s);
    QVERIFY(alive(shell));
    QVERIFY(alive(sleeper));

    delete context;
    // The direct child is killed and reaped right away, not left a zombie.
    QVERIFY(!QFileInfo::exists(u"/proc/%1"_s.arg(shell)));
    QVERIFY(QTest::qWaitFor([&] { return !alive(sleeper); }, 30000));
    // Never reported: another command's whole run, started later, ends first.
    const auto later = call(u"run_command"_s, args({ { u"argv"_s, argv({ u"true"_s }) } }));
    QVERIFY(later);
    QVERIFY(!called);
}

void TestWriteTools::commandsDoNotSeeKeys()
{
    qputenv("OPENAI_API_KEY", "sk-never-shown");
    qputenv("ATTACHE_OPENAI_BASE_URL", "http://127.0.0.1:9/v1");
    qputenv("ATTACHE_TEST_VISIBLE_MARKER", "x"); // ATTACHE_* goes too
    qputenv("HARMLESS_SETTING", "visible");
    const auto result = call(QStringLiteral("run_command"),
                             { { QStringLiteral("argv"), QJsonArray { QStringLiteral("env") } } });
    qunsetenv("OPENAI_API_KEY");
    qunsetenv("ATTACHE_OPENAI_BASE_URL");
    qunsetenv("ATTACHE_TEST_VISIBLE_MARKER");
    qunsetenv("HARMLESS_SETTING");
    QVERIFY(result);
    QVERIFY(!result->content.contains(QLatin1String("sk-never-shown")));
    QVERIFY(!result->content.contains(QLatin1String("ATTACHE_")));
    QVERIFY(result->content.contains(QLatin1String("HARMLESS_SETTING=visible")));
}

void TestWriteTools::protectedDirectoriesAreOutOfReach()
{
    // The user made $HOME the workspace; Attache's state (with its token) lives inside it.
    write(QStringLiteral("state/attache/server.json"), "{\"token\": \"secret-token-123\"}");
    write(QStringLiteral("notes.txt"), "secret-token-123 is not here\n");
    m_workspace.protect(m_root + QStringLiteral("/state/attache"));
    const auto read =
        call(QStringLiteral("read_file"),
             { { QStringLiteral("path"), QStringLiteral("state/attache/server.json") } });
    QVERIFY(read && read->isError);
    QVERIFY(!read->content.contains(QLatin1String("secret-token-123")));
    const auto search = call(QStringLiteral("search_files"),
                             { { QStringLiteral("pattern"), QStringLiteral("secret-token-123") } });
    QVERIFY(search && !search->isError);
    QVERIFY(search->content.contains(QLatin1String("notes.txt")));
    QVERIFY(!search->content.contains(QLatin1String("server.json")));
    const auto overwrite =
        call(QStringLiteral("write_file"),
             { { QStringLiteral("path"), QStringLiteral("state/attache/server.json") },
               { QStringLiteral("content"), QStringLiteral("x") } });
    QVERIFY(overwrite && overwrite->isError);
    QCOMPARE(contents(QStringLiteral("state/attache/server.json")),
             QByteArray("{\"token\": \"secret-token-123\"}"));
}

QTEST_GUILESS_MAIN(TestWriteTools)
#include "tst_writetools.moc"
