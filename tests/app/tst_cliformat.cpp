// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The command-line client's pieces that need no instance: the streaming Markdown styler, the
// table, the command line, and the shell completions (which must list every command).
#include "cli/commandline.h"
#include "cli/markdownstyler.h"
#include "cli/table.h"

#include <QProcess>
#include <QTest>

using namespace Cli;

class TestCliFormat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void stylerWaitsOnlyForWhatDecidesAStyle_data();
    void stylerWaitsOnlyForWhatDecidesAStyle();
    void unstyledPassesThrough();
    void tableFitsTheWidth();
    void commandLine_data();
    void commandLine();
    void completionsListEveryCommand();
};

void TestCliFormat::stylerWaitsOnlyForWhatDecidesAStyle_data()
{
    QTest::addColumn<QStringList>("chunks");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain text leaves at once")
        << QStringList { QStringLiteral("Hel"), QStringLiteral("lo") } << QByteArray("Hello");
    QTest::newRow("heading split across chunks")
        << QStringList { QStringLiteral("#"), QStringLiteral("# Ti"), QStringLiteral("tle\nok") }
        << QByteArray("\033[1;34m## Title\033[0m\nok");
    QTest::newRow("hash without a space is text")
        << QStringList { QStringLiteral("#hashtag\n") } << QByteArray("#hashtag\n");
    QTest::newRow("fenced code") << QStringList {
        QStringLiteral("``"), QStringLiteral("`sh\nls -l\n``"), QStringLiteral("`\n")
    } << QByteArray("\033[2m```sh\033[0m\n\033[33mls -l\033[0m\n\033[2m```\033[0m\n");
    QTest::newRow("inline code and bold")
        << QStringList { QStringLiteral("a `b` **c*"), QStringLiteral("* d*e") }
        << QByteArray("a \033[36mb\033[0m \033[1mc\033[0m d*e");
}

void TestCliFormat::stylerWaitsOnlyForWhatDecidesAStyle()
{
    QFETCH(QStringList, chunks);
    QFETCH(QByteArray, expected);
    MarkdownStyler styler(true);
    QByteArray out;
    for (const QString &chunk : chunks)
        out += styler.feed(chunk);
    out += styler.finish();
    QCOMPARE(out, expected);
    // The first chunk of plain text is not held back at all.
    MarkdownStyler fresh(true);
    QCOMPARE(fresh.feed(u"Hi"), QByteArray("Hi"));
}

void TestCliFormat::unstyledPassesThrough()
{
    MarkdownStyler styler(false);
    QCOMPARE(styler.feed(u"# Title\n```\nx\n```\n**b**"),
             QByteArray("# Title\n```\nx\n```\n**b**"));
    QCOMPARE(styler.finish(), QByteArray());
    QVERIFY(!styler.atLineStart());
}

void TestCliFormat::tableFitsTheWidth()
{
    Table table({ QStringLiteral("NAME"), QStringLiteral("COUNT") });
    table.alignRight(1);
    table.setElastic(0);
    table.addRow(
        { QStringLiteral("a rather long name that does not fit"), Table::number(1234567) });
    table.addRow({ QStringLiteral("short"), Table::number(5) });
    const QStringList lines = table.render(30, {}).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    for (const QString &line : lines)
        QVERIFY2(line.size() <= 30, qPrintable(line));
    QCOMPARE(lines.at(1), QStringLiteral("a rather long name…  1,234,567"));
    QCOMPARE(lines.at(2), QStringLiteral("short                        5"));
    QCOMPARE(table.render(0, {}).split(QLatin1Char('\n')).at(1),
             QStringLiteral("a rather long name that does not fit  1,234,567"));
    QCOMPARE(Table::money(0), QStringLiteral("—"));
    QCOMPARE(Table::money(0.0123), QStringLiteral("$0.0123"));
    QCOMPARE(Table::money(12.3), QStringLiteral("$12.30"));
}

void TestCliFormat::commandLine_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QStringList>("positional");
    QTest::addColumn<QString>("session");
    QTest::newRow("options around")
        << QStringList { QStringLiteral("--discovery-file"), QStringLiteral("/x"),
                         QStringLiteral("chat"), QStringLiteral("--session=notes"),
                         QStringLiteral("hi") }
        << true << QStringLiteral("chat") << QStringList { QStringLiteral("hi") }
        << QStringLiteral("notes");
    QTest::newRow("-- ends options")
        << QStringList { QStringLiteral("chat"), QStringLiteral("--"),
                         QStringLiteral("--not-an-option") }
        << true << QStringLiteral("chat") << QStringList { QStringLiteral("--not-an-option") }
        << QString();
    QTest::newRow("stdin dash") << QStringList { QStringLiteral("chat"), QStringLiteral("-") }
                                << true << QStringLiteral("chat")
                                << QStringList { QStringLiteral("-") } << QString();
    QTest::newRow("too many") << QStringList { QStringLiteral("status"), QStringLiteral("extra") }
                              << false << QString() << QStringList() << QString();
    QTest::newRow("value missing")
        << QStringList { QStringLiteral("chat"), QStringLiteral("--session") } << false << QString()
        << QStringList() << QString();
    QTest::newRow("flag with value")
        << QStringList { QStringLiteral("chat"), QStringLiteral("--json=yes"),
                         QStringLiteral("hi") }
        << false << QString() << QStringList() << QString();
    QTest::newRow("twice") << QStringList { QStringLiteral("chat"), QStringLiteral("--model"),
                                            QStringLiteral("a"),    QStringLiteral("--model"),
                                            QStringLiteral("b"),    QStringLiteral("hi") }
                           << false << QString() << QStringList() << QString();
}

void TestCliFormat::commandLine()
{
    QFETCH(QStringList, args);
    QFETCH(bool, ok);
    CommandLine line;
    QString error;
    QCOMPARE(line.parse(args, &error), ok);
    QCOMPARE(error.isEmpty(), ok);
    if (!ok)
        return;
    QTEST(line.command, "command");
    QTEST(line.positional, "positional");
    QTEST(line.value(QStringLiteral("session")), "session");
    // The launcher sees the same: a command, unless every word is an option's value.
    std::vector<QByteArray> storage { QByteArray("attache") };
    for (const QString &arg : args)
        storage.push_back(arg.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &arg : storage)
        argv.push_back(arg.data());
    QVERIFY(CommandLine::namesCommand(int(argv.size()), argv.data()));
    char attache[] = "attache";
    char port[] = "--port";
    char zero[] = "0";
    char headless[] = "--headless";
    char *host[] = { attache, port, zero, headless };
    QVERIFY(!CommandLine::namesCommand(4, host));
}

void TestCliFormat::completionsListEveryCommand()
{
    QStringList commands;
    for (const CommandSpec &command : CommandLine::commands())
        commands.append(command.name);
    QProcess bash;
    bash.start(
        QStringLiteral("bash"),
        { QStringLiteral("-c"),
          QStringLiteral("source \"$1\" && COMP_WORDS=(attache '') && COMP_CWORD=1 && _attache "
                         "&& printf '%s\\n' \"${COMPREPLY[@]}\""),
          QStringLiteral("bash"), QStringLiteral(ATTACHE_COMPLETIONS "/attache.bash") });
    QVERIFY(bash.waitForFinished(10000));
    QCOMPARE(bash.exitCode(), 0);
    const QStringList offered = QString::fromUtf8(bash.readAllStandardOutput())
                                    .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &command : std::as_const(commands))
        QVERIFY2(offered.contains(command), qPrintable(command));
    QCOMPARE(int(std::count_if(offered.cbegin(), offered.cend(),
                               [](const QString &w) { return !w.startsWith(QLatin1Char('-')); })),
             int(commands.size()));

    QProcess zsh;
    zsh.start(
        QStringLiteral("zsh"),
        { QStringLiteral("-fc"),
          QStringLiteral("zsh -n \"$1\" || exit 1; _describe() { printf '%s\\n' \"${(@P)4}\"; }; "
                         "source <(sed -e '$d' \"$1\"); _attache_commands"),
          QStringLiteral("zsh"), QStringLiteral(ATTACHE_COMPLETIONS "/_attache") });
    if (!zsh.waitForStarted(5000))
        QSKIP("zsh is not installed (scripts/setup.sh installs it)");
    QVERIFY(zsh.waitForFinished(10000));
    QCOMPARE(zsh.exitCode(), 0);
    QStringList described;
    for (const QString &line : QString::fromUtf8(zsh.readAllStandardOutput())
                                   .split(QLatin1Char('\n'), Qt::SkipEmptyParts))
        described.append(line.section(QLatin1Char(':'), 0, 0));
    QCOMPARE(described, commands);
}

QTEST_MAIN(TestCliFormat)
#include "tst_cliformat.moc"
