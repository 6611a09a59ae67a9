// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "toolfixture.h"

#include <QThreadPool>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(QJsonObject)

class TestTools : public ToolFixture
{
    Q_OBJECT

private Q_SLOTS:
    void builtIns();
    void readWhole();
    void readRange_data();
    void readRange();
    void readBinary_data();
    void readBinary();
    void readMultibyteAtSniffEdge();
    void readCap();
    void readCapInsideOneLine();
    void readErrors_data();
    void readErrors();
    void listing();
    void listingCaps();
    void listingErrors();
    void search();
    void searchOptions_data();
    void searchOptions();
    void searchCapAndLongLines();
    void searchRunsOffThreadAndCancels();
};

void TestTools::builtIns()
{
    QStringList names;
    for (const auto &t : m_tools) {
        names.append(t->name());
        QVERIFY(!t->description().isEmpty());
        const QJsonObject schema = t->parameters();
        QCOMPARE(schema.value(u"type"_s).toString(), u"object"_s);
        QVERIFY(schema.value(u"properties"_s).isObject());
        QVERIFY(schema.value(u"required"_s).isArray());
        for (const QJsonValue &required : schema.value(u"required"_s).toArray())
            QVERIFY(schema.value(u"properties"_s).toObject().contains(required.toString()));
    }
    QCOMPARE(names,
             QStringList({ u"read_file"_s, u"list_directory"_s, u"search_files"_s, u"write_file"_s,
                           u"run_command"_s }));
    QCOMPARE(tool(u"read_file"_s).kind(), Tool::Kind::Read);
    QCOMPARE(tool(u"list_directory"_s).kind(), Tool::Kind::Read);
    QCOMPARE(tool(u"search_files"_s).kind(), Tool::Kind::Read);
    QCOMPARE(tool(u"write_file"_s).kind(), Tool::Kind::Write);
    QCOMPARE(tool(u"run_command"_s).kind(), Tool::Kind::Exec);
}

// ---------------------------------------------------------------------------------------------
// read_file

void TestTools::readWhole()
{
    write(u"a.txt"_s, "one\ntwo\nthree\n");
    const auto result = call(u"read_file"_s, args({ { u"path"_s, u"a.txt"_s } }));
    QVERIFY(result);
    QVERIFY(!result->isError);
    QVERIFY(!result->truncated);
    QCOMPARE(result->content, u"one\ntwo\nthree\n"_s);
}

void TestTools::readRange_data()
{
    QTest::addColumn<QJsonObject>("arguments");
    QTest::addColumn<QString>("expected");
    const QString path = u"a.txt"_s;
    QTest::newRow("offset") << args({ { u"path"_s, path }, { u"offset"_s, 2 } }) << u"two\nthree"_s;
    QTest::newRow("offset and limit")
        << args({ { u"path"_s, path }, { u"offset"_s, 2 }, { u"limit"_s, 1 } }) << u"two\n"_s;
    QTest::newRow("limit") << args({ { u"path"_s, path }, { u"limit"_s, 2 } }) << u"one\ntwo\n"_s;
    QTest::newRow("limit past the end")
        << args({ { u"path"_s, path }, { u"offset"_s, 3 }, { u"limit"_s, 5 } }) << u"three"_s;
}

void TestTools::readRange()
{
    QFETCH(QJsonObject, arguments);
    QFETCH(QString, expected);
    write(u"a.txt"_s, "one\ntwo\nthree"); // no final newline
    const auto result = call(u"read_file"_s, arguments);
    QVERIFY(result);
    QVERIFY2(!result->isError, qPrintable(result->content));
    QCOMPARE(result->content, expected);
}

void TestTools::readBinary_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("NUL byte") << QByteArray("text\0more", 9);
    QTest::newRow("invalid UTF-8") << QByteArray("caf\xe9 au lait\n");
    QTest::newRow("invalid UTF-8 after the sniff") << QByteArray(9000, 'a') + QByteArray("\xff\n");
}

void TestTools::readBinary()
{
    QFETCH(QByteArray, bytes);
    write(u"b.bin"_s, bytes);
    const auto result = call(u"read_file"_s, args({ { u"path"_s, u"b.bin"_s } }));
    QVERIFY(result);
    QVERIFY(result->isError);
    QCOMPARE(result->content, u"\"b.bin\" is a binary file; read_file reads text"_s);
}

void TestTools::readMultibyteAtSniffEdge()
{
    // "é" is two bytes; the first lands on the last byte the binary check looks at.
    write(u"u.txt"_s, QByteArray(8191, 'a') + "\xc3\xa9\n");
    const auto result = call(u"read_file"_s, args({ { u"path"_s, u"u.txt"_s } }));
    QVERIFY(result);
    QVERIFY2(!result->isError, qPrintable(result->content));
    QVERIFY(result->content.endsWith(u"a\u00e9\n"_s));
}

void TestTools::readCap()
{
    QByteArray text;
    for (int i = 1; i <= 50; ++i)
        text += "line " + QByteArray::number(i).rightJustified(2, '0') + '\n'; // 8 bytes each
    write(u"long.txt"_s, text);
    ToolLimits limits;
    limits.readCap = 100;
    auto result = call(u"read_file"_s, args({ { u"path"_s, u"long.txt"_s } }), limits);
    QVERIFY(result);
    QVERIFY(!result->isError);
    QVERIFY(result->truncated);
    // Whole lines only: 12 lines are 96 bytes, the 13th would pass the cap.
    QVERIFY2(result->content.startsWith(QString::fromLatin1(text.left(96)) + u"\n["_s),
             qPrintable(result->content));
    QVERIFY2(result->content.contains(u"lines 1-12"_s), qPrintable(result->content));
    QVERIFY(result->content.contains(u"304 more bytes"_s));
    QVERIFY(result->content.contains(u"offset=13"_s));

    // Following the note reads on from there.
    result = call(u"read_file"_s,
                  args({ { u"path"_s, u"long.txt"_s }, { u"offset"_s, 13 }, { u"limit"_s, 2 } }),
                  limits);
    QVERIFY(result);
    QVERIFY(!result->truncated);
    QCOMPARE(result->content, u"line 13\nline 14\n"_s);
}

void TestTools::readCapInsideOneLine()
{
    write(u"one.txt"_s, QByteArray(1000, 'x'));
    ToolLimits limits;
    limits.readCap = 100;
    const auto result = call(u"read_file"_s, args({ { u"path"_s, u"one.txt"_s } }), limits);
    QVERIFY(result);
    QVERIFY(result->truncated);
    QVERIFY(result->content.startsWith(QString(100, QLatin1Char('x')) + u"\n["_s));
    QVERIFY2(result->content.contains(u"line 1 cut short"_s), qPrintable(result->content));
    QVERIFY(result->content.contains(u"900 more bytes"_s));
}

void TestTools::readErrors_data()
{
    QTest::addColumn<QJsonObject>("arguments");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("folder") << args({ { u"path"_s, u"sub"_s } }) << u"is a directory"_s;
    QTest::newRow("missing") << args({ { u"path"_s, u"nope.txt"_s } }) << u"does not exist"_s;
    QTest::newRow("escape") << args({ { u"path"_s, u"../outside/secret.txt"_s } })
                            << u"outside the working directory"_s;
    QTest::newRow("link out") << args({ { u"path"_s, u"link-out"_s } })
                              << u"outside the working directory"_s;
    QTest::newRow("no path") << QJsonObject() << u"missing argument \"path\""_s;
    QTest::newRow("path not a string")
        << args({ { u"path"_s, 3 } }) << u"\"path\" must be a string"_s;
    QTest::newRow("offset zero") << args({ { u"path"_s, u"a.txt"_s }, { u"offset"_s, 0 } })
                                 << u"\"offset\" must be a whole number"_s;
    QTest::newRow("offset as text") << args({ { u"path"_s, u"a.txt"_s }, { u"offset"_s, u"2"_s } })
                                    << u"\"offset\" must be a whole number"_s;
    QTest::newRow("offset past the end") << args({ { u"path"_s, u"a.txt"_s }, { u"offset"_s, 4 } })
                                         << u"\"a.txt\" has 2 lines; offset 4 is past the end"_s;
}

void TestTools::readErrors()
{
    QFETCH(QJsonObject, arguments);
    QFETCH(QString, fragment);
    write(u"a.txt"_s, "one\ntwo\n");
    write(u"sub/x.txt"_s, "x\n");
    QVERIFY(QFile::link(m_outside + u"/secret.txt"_s, m_root + u"/link-out"_s));
    const auto result = call(u"read_file"_s, arguments);
    QVERIFY(result);
    QVERIFY(result->isError);
    QVERIFY2(result->content.contains(fragment), qPrintable(result->content));
    QVERIFY(!result->content.contains(u"foo secret"_s));
}

// ---------------------------------------------------------------------------------------------
// list_directory

void TestTools::listing()
{
    write(u"b.txt"_s, "abc");
    write(u"C.md"_s, "12345");
    write(u".hidden"_s, "");
    write(u"a/inner.txt"_s, "x");
    write(u".git/config"_s, "[core]\n");
    QVERIFY(QFile::link(u"b.txt"_s, m_root + u"/in-link"_s));
    QVERIFY(QFile::link(u"a"_s, m_root + u"/in-dir-link"_s));
    QVERIFY(QFile::link(m_outside + u"/secret.txt"_s, m_root + u"/out-link"_s));
    QVERIFY(QFile::link(m_root + u"/gone"_s, m_root + u"/z-broken"_s));

    auto result = call(u"list_directory"_s, QJsonObject());
    QVERIFY(result);
    QVERIFY(!result->isError);
    QVERIFY(!result->truncated);
    QCOMPARE(result->content,
             QStringLiteral(".git/\n.hidden (0 bytes)\nC.md (5 bytes)\na/\nb.txt (3 bytes)\n"
                            "in-dir-link/ -> a\nin-link (3 bytes) -> b.txt\n"
                            "out-link -> (outside the workspace)\nz-broken -> (broken link)\n"));

    result = call(u"list_directory"_s, args({ { u"path"_s, u"a"_s } }));
    QVERIFY(result);
    QCOMPARE(result->content, u"inner.txt (1 bytes)\n"_s);

    QVERIFY(QDir(m_root).mkdir(u"empty"_s));
    result = call(u"list_directory"_s, args({ { u"path"_s, u"empty"_s } }));
    QVERIFY(result);
    QCOMPARE(result->content, u"(empty directory)\n"_s);
}

void TestTools::listingCaps()
{
    for (int i = 0; i < 1005; ++i)
        write(u"many/f%1"_s.arg(i, 4, 10, QLatin1Char('0')), "");
    auto result = call(u"list_directory"_s, args({ { u"path"_s, u"many"_s } }));
    QVERIFY(result);
    QVERIFY(result->truncated);
    QVERIFY(result->content.contains(u"f0999 (0 bytes)\n[1000 of 1005 entries shown"_s));
    QVERIFY(!result->content.contains(u"f1000"_s));

    ToolLimits limits;
    limits.outputCap = 40; // "f0000 (0 bytes)\n" is 16 characters: two fit
    result = call(u"list_directory"_s, args({ { u"path"_s, u"many"_s } }), limits);
    QVERIFY(result);
    QVERIFY(result->truncated);
    QVERIFY2(result->content.startsWith(u"f0000 (0 bytes)\nf0001 (0 bytes)\n[2 of 1005"_s),
             qPrintable(result->content));
}

void TestTools::listingErrors()
{
    write(u"a.txt"_s, "x");
    auto result = call(u"list_directory"_s, args({ { u"path"_s, u"a.txt"_s } }));
    QVERIFY(result && result->isError);
    QVERIFY(result->content.contains(u"use read_file"_s));
    result = call(u"list_directory"_s, args({ { u"path"_s, u".."_s } }));
    QVERIFY(result && result->isError);
    QVERIFY(!result->content.contains(u"secret.txt"_s));
    m_workspace = Workspace();
    result = call(u"list_directory"_s, QJsonObject());
    QVERIFY(result && result->isError);
    QCOMPARE(result->content, u"no working directory: set one with POST /working_dir"_s);
}

// ---------------------------------------------------------------------------------------------
// search_files

namespace {
const char *const SearchTree[][2] = {
    { "src/a.cpp", "int main() {\n    return foo();\n}\n" },
    { "src/b.h", "int foo();\n" },
    { "src/deep/c.cpp", "// FOO in capitals\n" },
    { "docs/readme.md", "foo is a function\n" },
    { ".git/config", "foo = bar\n" },
    { ".svn/entries", "foo\n" },
};
}

void TestTools::search()
{
    for (const auto &file : SearchTree)
        write(QString::fromLatin1(file[0]), file[1]);
    write(u"bin.dat"_s, QByteArray("foo\0foo", 7));
    write(u"big.txt"_s, "foo\n" + QByteArray(2 * 1024 * 1024, 'x'));
    QVERIFY(QFile::link(m_outside + u"/secret.txt"_s, m_root + u"/link-out"_s));
    QVERIFY(QFile::link(m_outside, m_root + u"/linkdir-out"_s));
    QVERIFY(QFile::link(u"src/b.h"_s, m_root + u"/link-in.h"_s));

    const auto result = call(u"search_files"_s, args({ { u"pattern"_s, u"foo"_s } }));
    QVERIFY(result);
    QVERIFY(!result->isError);
    QVERIFY(!result->truncated);
    QCOMPARE(result->content,
             QStringLiteral("link-in.h:1: int foo();\n"
                            "docs/readme.md:1: foo is a function\n"
                            "src/a.cpp:2: return foo();\n"
                            "src/b.h:1: int foo();\n"));
}

void TestTools::searchOptions_data()
{
    QTest::addColumn<QJsonObject>("arguments");
    QTest::addColumn<QString>("expected");
    const QString foo = u"foo"_s;
    const QString pattern = u"pattern"_s;
    QTest::newRow("glob on names") << args({ { pattern, foo }, { u"glob"_s, u"*.cpp"_s } })
                                   << u"src/a.cpp:2: return foo();\n"_s;
    QTest::newRow("glob on paths") << args({ { pattern, foo }, { u"glob"_s, u"src/*"_s } })
                                   << u"src/a.cpp:2: return foo();\nsrc/b.h:1: int foo();\n"_s;
    QTest::newRow("under a folder") << args({ { pattern, foo }, { u"path"_s, u"src"_s } })
                                    << u"src/a.cpp:2: return foo();\nsrc/b.h:1: int foo();\n"_s;
    QTest::newRow("one file") << args({ { pattern, foo }, { u"path"_s, u"src/b.h"_s } })
                              << u"src/b.h:1: int foo();\n"_s;
    QTest::newRow("ignore case") << args(
        { { pattern, u"FOO"_s }, { u"ignore_case"_s, true }, { u"path"_s, u"src"_s } })
                                 << QStringLiteral(
                                        "src/a.cpp:2: return foo();\nsrc/b.h:1: int "
                                        "foo();\nsrc/deep/c.cpp:1: // FOO in capitals\n");
    QTest::newRow("case sensitive")
        << args({ { pattern, u"Foo"_s } }) << u"no matches for \"Foo\" in . (4 files searched)\n"_s;
    QTest::newRow("escape") << args({ { pattern, foo }, { u"path"_s, u".."_s } })
                            << u"!outside the working directory"_s;
    QTest::newRow("empty pattern")
        << args({ { pattern, QString() } }) << u"!the pattern is empty"_s;
    QTest::newRow("no pattern") << QJsonObject() << u"!missing argument \"pattern\""_s;
    QTest::newRow("ignore_case as text")
        << args({ { pattern, foo }, { u"ignore_case"_s, u"yes"_s } })
        << u"!\"ignore_case\" must be true or false"_s;
}

void TestTools::searchOptions()
{
    QFETCH(QJsonObject, arguments);
    QFETCH(QString, expected);
    for (const auto &file : SearchTree)
        write(QString::fromLatin1(file[0]), file[1]);
    const auto result = call(u"search_files"_s, arguments);
    QVERIFY(result);
    if (expected.startsWith(QLatin1Char('!'))) {
        QVERIFY(result->isError);
        QVERIFY2(result->content.contains(expected.mid(1)), qPrintable(result->content));
    } else {
        QVERIFY2(!result->isError, qPrintable(result->content));
        QCOMPARE(result->content, expected);
    }
}

void TestTools::searchCapAndLongLines()
{
    QByteArray lines;
    for (int i = 0; i < 10; ++i)
        lines += "needle " + QByteArray::number(i) + '\n';
    write(u"a.txt"_s, lines);
    write(u"b.txt"_s, "   " + QByteArray(300, 'y') + " needle\n");
    ToolLimits limits;
    limits.searchResultCap = 3;
    auto result = call(u"search_files"_s, args({ { u"pattern"_s, u"needle"_s } }), limits);
    QVERIFY(result);
    QVERIFY(result->truncated);
    QVERIFY2(
        result->content.startsWith(QStringLiteral(
            "a.txt:1: needle 0\na.txt:2: needle 1\na.txt:3: needle 2\n[stopped after 3 matches")),
        qPrintable(result->content));

    result =
        call(u"search_files"_s, args({ { u"pattern"_s, u"needle"_s }, { u"path"_s, u"b.txt"_s } }));
    QVERIFY(result);
    QVERIFY(!result->truncated);
    QCOMPARE(result->content,
             u"b.txt:1: "_s + QString(200, QLatin1Char('y')) + QChar(0x2026) + QLatin1Char('\n'));
}

void TestTools::searchRunsOffThreadAndCancels()
{
    for (int i = 0; i < 200; ++i)
        write(u"d%1/f.txt"_s.arg(i % 20) + QString::number(i), "foo\n");
    QThread *doneThread = nullptr;
    bool called = false;
    {
        QObject context;
        tool(u"search_files"_s)
            .run(args({ { u"pattern"_s, u"foo"_s } }), m_workspace, {}, &context,
                 [&](const ToolResult &) {
                     doneThread = QThread::currentThread();
                     called = true;
                 });
        QVERIFY(QTest::qWaitFor([&] { return called; }, 20000));
        QCOMPARE(doneThread, QThread::currentThread());
    }
    called = false;
    {
        auto *context = new QObject;
        tool(u"search_files"_s)
            .run(args({ { u"pattern"_s, u"foo"_s } }), m_workspace, {}, context,
                 [&](const ToolResult &) { called = true; });
        delete context; // before the scan can have reported
    }
    // Once every scan is over and what they sent has been delivered, done has still not run.
    QThreadPool::globalInstance()->waitForDone();
    QVERIFY(postedEventsDelivered());
    QVERIFY(!called);
}

QTEST_GUILESS_MAIN(TestTools)
#include "tst_tools.moc"
