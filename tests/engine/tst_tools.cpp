// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tool.h"
#include "unifieddiff.h"
#include "workspace.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <optional>
#include <signal.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(QJsonObject)

namespace {

QJsonObject args(std::initializer_list<QPair<QString, QJsonValue>> pairs)
{
    QJsonObject object;
    for (const auto &pair : pairs)
        object.insert(pair.first, pair.second);
    return object;
}

QJsonArray argv(const QStringList &words)
{
    return QJsonArray::fromStringList(words);
}

// Alive means running: a zombie waiting for a parent that does not reap (pid 1 in a container)
// has already been killed.
bool alive(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const qsizetype paren = line.lastIndexOf(')');
    return paren > 0 && line.size() > paren + 2 && line.at(paren + 2) != 'Z';
}

// Applies a unified diff to text, to check a diff by what it does rather than how it looks.
QString applyDiff(const QString &oldText, const QString &diff)
{
    QStringList lines = diff.split(QLatin1Char('\n'));
    QStringList oldLines = oldText.split(QLatin1Char('\n'));
    QStringList out;
    int cursor = 0; // next old line to copy
    for (int i = 2; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        if (line.startsWith(u"@@ -"_s)) {
            const int start =
                line.mid(4).section(QLatin1Char(','), 0, 0).section(QLatin1Char(' '), 0, 0).toInt();
            const int count = line.contains(QRegularExpression(u"^@@ -\\d+,0 "_s)) ? 0 : 1;
            const int first = count == 0 ? start : start - 1;
            while (cursor < first)
                out.append(oldLines.at(cursor++));
        } else if (line.startsWith(QLatin1Char(' '))) {
            out.append(line.mid(1));
            ++cursor;
        } else if (line.startsWith(QLatin1Char('-'))) {
            ++cursor;
        } else if (line.startsWith(QLatin1Char('+'))) {
            out.append(line.mid(1));
        }
    }
    while (cursor < oldLines.size())
        out.append(oldLines.at(cursor++));
    return out.join(QLatin1Char('\n'));
}

} // namespace

class TestTools : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
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

private:
    Tool &tool(const QString &name);
    std::optional<ToolResult> call(const QString &name, const QJsonObject &arguments,
                                   const ToolLimits &limits = {});
    void write(const QString &rel, const QByteArray &content);
    QByteArray contents(const QString &rel) const;

    std::vector<std::unique_ptr<Tool>> m_tools = builtInTools();
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_root;
    QString m_outside;
    Workspace m_workspace;
};

Tool &TestTools::tool(const QString &name)
{
    for (const auto &candidate : m_tools) {
        if (candidate->name() == name)
            return *candidate;
    }
    qFatal("no tool %s", qPrintable(name));
}

std::optional<ToolResult> TestTools::call(const QString &name, const QJsonObject &arguments,
                                          const ToolLimits &limits)
{
    QObject context;
    std::optional<ToolResult> result;
    int calls = 0;
    tool(name).run(arguments, m_workspace, limits, &context, [&](const ToolResult &r) {
        result = r;
        ++calls;
    });
    // done never runs inside run(): callers can rely on that.
    if (calls != 0)
        return std::nullopt;
    if (!QTest::qWaitFor([&] { return calls > 0; }, 20000))
        return std::nullopt;
    QTest::qWait(0);
    return calls == 1 ? result : std::nullopt;
}

void TestTools::write(const QString &rel, const QByteArray &content)
{
    const QString path = m_root + QLatin1Char('/') + rel;
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(content), content.size());
}

QByteArray TestTools::contents(const QString &rel) const
{
    QFile file(m_root + QLatin1Char('/') + rel);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<missing>");
}

void TestTools::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    const QString base = QFileInfo(m_dir->path()).canonicalFilePath();
    m_root = base + u"/root"_s;
    m_outside = base + u"/outside"_s;
    QVERIFY(QDir().mkpath(m_root));
    QVERIFY(QDir().mkpath(m_outside));
    QFile secret(m_outside + u"/secret.txt"_s);
    QVERIFY(secret.open(QIODevice::WriteOnly));
    secret.write("foo secret\n");
    m_workspace = Workspace();
    QVERIFY(m_workspace.setRoot(m_root).ok());
}

void TestTools::cleanup()
{
    m_dir.reset();
}

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
    QTest::qWait(300);
    QVERIFY(!called);
}

// ---------------------------------------------------------------------------------------------
// write_file and its diff

void TestTools::diffExact_data()
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

void TestTools::diffExact()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(QString, expected);
    QCOMPARE(UnifiedDiff::make(before, after, u"a/f.txt"_s, u"b/f.txt"_s), expected);
}

void TestTools::diffAppliesRandomEdits()
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

void TestTools::writePreviewTouchesNothing()
{
    Tool &writer = tool(u"write_file"_s);
    QString preview = writer.preview(
        args({ { u"path"_s, u"new/dir/n.txt"_s }, { u"content"_s, u"hello\nworld\n"_s } }),
        m_workspace);
    QCOMPARE(preview, u"--- /dev/null\n+++ b/new/dir/n.txt\n@@ -0,0 +1,2 @@\n+hello\n+world\n"_s);
    QVERIFY(!QFileInfo::exists(m_root + u"/new"_s));

    write(u"f.txt"_s, "one\ntwo\n");
    preview = writer.preview(args({ { u"path"_s, u"f.txt"_s }, { u"content"_s, u"one\n2\n"_s } }),
                             m_workspace);
    QCOMPARE(preview, u"--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+2\n"_s);
    QCOMPARE(contents(u"f.txt"_s), QByteArray("one\ntwo\n"));

    preview = writer.preview(args({ { u"path"_s, u"f.txt"_s }, { u"content"_s, u"one\ntwo\n"_s } }),
                             m_workspace);
    QCOMPARE(preview, u"no change: f.txt already has this content"_s);
    preview = writer.preview(
        args({ { u"path"_s, u"../outside/x.txt"_s }, { u"content"_s, u"x"_s } }), m_workspace);
    QVERIFY2(preview.startsWith(u"cannot write: "_s) && preview.contains(u"outside"_s),
             qPrintable(preview));
}

void TestTools::writeLands()
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

void TestTools::writeIsAtomic()
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

void TestTools::writeRefusesEscapes()
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

void TestTools::commandOutput_data()
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

void TestTools::commandOutput()
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

void TestTools::commandRejectsShellStrings_data()
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

void TestTools::commandRejectsShellStrings()
{
    QFETCH(QJsonObject, arguments);
    QFETCH(QString, fragment);
    const auto result = call(u"run_command"_s, arguments);
    QVERIFY(result);
    QVERIFY(result->isError);
    QVERIFY2(result->content.contains(fragment), qPrintable(result->content));
    QVERIFY(!QFileInfo::exists(m_root + u"/pwned"_s));
}

void TestTools::commandCannotStart()
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

void TestTools::commandOutputCapAndKill()
{
    ToolLimits limits;
    limits.outputCap = 1000;
    QElapsedTimer timer;
    timer.start();
    const auto result =
        call(u"run_command"_s,
             args({ { u"argv"_s, argv({ u"yes"_s }) }, { u"timeout_ms"_s, 500 } }), limits);
    QVERIFY(result);
    QVERIFY(timer.elapsed() < 10000);
    QVERIFY(result->isError);
    QVERIFY(result->truncated);
    const QString head = u"timed out after 0.5 s and was killed; output so far:\n"_s;
    QVERIFY2(result->content.startsWith(head), qPrintable(result->content.left(200)));
    QString yeses;
    for (int i = 0; i < 500; ++i)
        yeses += u"y\n"_s;
    QCOMPARE(result->content.mid(head.size(), 1000), yeses);
    QVERIFY2(result->content.mid(head.size() + 1000)
                 .startsWith(u"[output truncated: the first 1000 bytes shown, "_s),
             qPrintable(result->content.mid(head.size() + 1000)));
}

void TestTools::commandTimeout()
{
    ToolLimits limits;
    limits.commandTimeoutMs = 300; // the user's cap wins over the model's longer timeout_ms
    QElapsedTimer timer;
    timer.start();
    const auto result = call(
        u"run_command"_s,
        args({ { u"argv"_s, argv({ u"sleep"_s, u"30"_s }) }, { u"timeout_ms"_s, 60000 } }), limits);
    QVERIFY(result);
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
    QVERIFY(result->isError);
    QCOMPARE(result->content, u"timed out after 0.3 s and was killed; output so far:\n"_s);
}

void TestTools::commandCancelKillsProcessGroup()
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

    QElapsedTimer timer;
    timer.start();
    delete context;
    QVERIFY(timer.elapsed() < 3000);
    // The direct child is killed and reaped right away, not left a zombie.
    QVERIFY(!QFileInfo::exists(u"/proc/%1"_s.arg(shell)));
    QVERIFY(QTest::qWaitFor([&] { return !alive(sleeper); }, 3000));
    QTest::qWait(100);
    QVERIFY(!called);
}

void TestTools::commandsDoNotSeeKeys()
{
    qputenv("OPENAI_API_KEY", "sk-never-shown");
    qputenv("ATTACHE_OPENAI_BASE_URL", "http://127.0.0.1:9/v1");
    qputenv("ATTACHE_TEST_VISIBLE_MARKER", "x"); // ATTACHE_* goes too
    qputenv("HARMLESS_SETTING", "visible");
    const auto result = call(QStringLiteral("run_command"), { { QStringLiteral("argv"), QJsonArray { QStringLiteral("env") } } });
    qunsetenv("OPENAI_API_KEY");
    qunsetenv("ATTACHE_OPENAI_BASE_URL");
    qunsetenv("ATTACHE_TEST_VISIBLE_MARKER");
    qunsetenv("HARMLESS_SETTING");
    QVERIFY(result);
    QVERIFY(!result->content.contains(QLatin1String("sk-never-shown")));
    QVERIFY(!result->content.contains(QLatin1String("ATTACHE_")));
    QVERIFY(result->content.contains(QLatin1String("HARMLESS_SETTING=visible")));
}

void TestTools::protectedDirectoriesAreOutOfReach()
{
    // The user made $HOME the workspace; Attache's state (with its token) lives inside it.
    write(QStringLiteral("state/attache/server.json"), "{\"token\": \"secret-token-123\"}");
    write(QStringLiteral("notes.txt"), "secret-token-123 is not here\n");
    m_workspace.protect(m_root + QStringLiteral("/state/attache"));
    const auto read = call(QStringLiteral("read_file"), { { QStringLiteral("path"), QStringLiteral("state/attache/server.json") } });
    QVERIFY(read && read->isError);
    QVERIFY(!read->content.contains(QLatin1String("secret-token-123")));
    const auto search = call(QStringLiteral("search_files"), { { QStringLiteral("pattern"), QStringLiteral("secret-token-123") } });
    QVERIFY(search && !search->isError);
    QVERIFY(search->content.contains(QLatin1String("notes.txt")));
    QVERIFY(!search->content.contains(QLatin1String("server.json")));
    const auto overwrite = call(QStringLiteral("write_file"), { { QStringLiteral("path"), QStringLiteral("state/attache/server.json") },
                                                               { QStringLiteral("content"), QStringLiteral("x") } });
    QVERIFY(overwrite && overwrite->isError);
    QCOMPARE(contents(QStringLiteral("state/attache/server.json")), QByteArray("{\"token\": \"secret-token-123\"}"));
}

QTEST_GUILESS_MAIN(TestTools)
#include "tst_tools.moc"
