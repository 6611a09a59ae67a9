// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachewarnings.h"
#include "tools/workspace.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

/*
 * Every escape is tried against real files and symlinks:
 *
 *   base/outside/secret.txt
 *   base/root-evil/x.txt            a sibling whose name starts with the root's
 *   base/rootlink -> root           the root reached through a link
 *   base/root/                      the workspace
 *       file.txt  sub/inner.txt
 *       link-in -> sub/inner.txt            linkdir-in -> sub
 *       link-out -> ../outside/secret.txt   linkdir-out -> ../outside
 *       dangling-in -> sub/created.txt      dangling-out -> ../outside/new.txt
 *       dangling-dir-out -> ../outside/nodir
 */
class TestWorkspace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { failOnAttacheWarnings(); }
    void initTestCase();
    void existing_data();
    void existing();
    void forWrite_data();
    void forWrite();
    void createAllowsMissingFolders();
    void noRoot();
    void setRootChecks();
    void rootThroughLink();
    void relative();

private:
    QString expand(QString path) const;
    void table();

    QTemporaryDir m_dir;
    QString m_base;
    QString m_root;
    Workspace m_workspace;
};

namespace {

void makeFile(const QString &path, const QByteArray &content = "text\n")
{
    QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(path));
    file.write(content);
}

void makeLink(const QString &target, const QString &link)
{
    QVERIFY2(QFile::link(target, link), qPrintable(link));
}

} // namespace

void TestWorkspace::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_base = QFileInfo(m_dir.path()).canonicalFilePath();
    m_root = m_base + u"/root"_s;
    makeFile(m_base + u"/outside/secret.txt"_s);
    makeFile(m_base + u"/root-evil/x.txt"_s);
    makeFile(m_root + u"/file.txt"_s);
    makeFile(m_root + u"/sub/inner.txt"_s);
    makeLink(m_root, m_base + u"/rootlink"_s);
    // Relative targets, as links in a checkout usually are.
    makeLink(u"sub/inner.txt"_s, m_root + u"/link-in"_s);
    makeLink(u"sub"_s, m_root + u"/linkdir-in"_s);
    makeLink(u"../outside/secret.txt"_s, m_root + u"/link-out"_s);
    makeLink(u"../outside"_s, m_root + u"/linkdir-out"_s);
    makeLink(u"sub/created.txt"_s, m_root + u"/dangling-in"_s);
    makeLink(u"../outside/new.txt"_s, m_root + u"/dangling-out"_s);
    makeLink(u"../outside/nodir"_s, m_root + u"/dangling-dir-out"_s);
    QVERIFY(m_workspace.setRoot(m_root).ok());
    QCOMPARE(m_workspace.root(), m_root);
}

QString TestWorkspace::expand(QString path) const
{
    path.replace(u"$BASE"_s, m_base);
    path.replace(u"$ROOT"_s, m_root);
    return path;
}

// expected: the canonical result relative to the root, or "!" + the error code.
void TestWorkspace::table()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("expected");
}

void TestWorkspace::existing_data()
{
    table();
    const QString outside = u"!invalid_request"_s;
    QTest::newRow("plain file") << "file.txt"
                                << "file.txt";
    QTest::newRow("dot slash") << "./sub/inner.txt"
                               << "sub/inner.txt";
    QTest::newRow("dot dot staying inside") << "sub/../file.txt"
                                            << "file.txt";
    QTest::newRow("root itself") << "."
                                 << ".";
    QTest::newRow("folder with slash") << "sub/"
                                       << "sub";
    QTest::newRow("absolute inside") << "$ROOT/sub/inner.txt"
                                     << "sub/inner.txt";
    QTest::newRow("absolute through root link") << "$BASE/rootlink/file.txt"
                                                << "file.txt";
    QTest::newRow("link staying inside") << "link-in"
                                         << "sub/inner.txt";
    QTest::newRow("folder link staying inside") << "linkdir-in/inner.txt"
                                                << "sub/inner.txt";
    // The kernel resolves "linkdir-out/.." to base, so this names root/file.txt: inside.
    QTest::newRow("out through a link and back") << "linkdir-out/../root/file.txt"
                                                 << "file.txt";

    QTest::newRow("dot dot") << "../outside/secret.txt" << outside;
    QTest::newRow("dot dot to etc") << "../../etc/passwd" << outside;
    QTest::newRow("dot dot to missing") << "../../no/such/file" << outside;
    QTest::newRow("parent of root") << ".." << outside;
    QTest::newRow("absolute outside") << "/etc/passwd" << outside;
    QTest::newRow("absolute missing outside") << "/no/such/file" << outside;
    QTest::newRow("deep dot dot") << "sub/../../outside/secret.txt" << outside;
    QTest::newRow("dot dot after folder link") << "linkdir-in/../../outside/secret.txt" << outside;
    QTest::newRow("file link out") << "link-out" << outside;
    QTest::newRow("folder link out") << "linkdir-out" << outside;
    QTest::newRow("file under folder link out") << "linkdir-out/secret.txt" << outside;
    QTest::newRow("missing under folder link out") << "linkdir-out/missing.txt" << outside;
    QTest::newRow("dangling link out") << "dangling-out" << outside;
    QTest::newRow("sibling absolute") << "$BASE/root-evil/x.txt" << outside;
    QTest::newRow("sibling folder") << "$BASE/root-evil" << outside;
    QTest::newRow("sibling relative") << "../root-evil/x.txt" << outside;
    QTest::newRow("NUL byte") << u"file.txt"_s + QChar(0) + u"/../.."_s << outside;
    QTest::newRow("empty") << "" << outside;
    QTest::newRow("missing inside") << "missing.txt"
                                    << "!not_found";
    QTest::newRow("dangling link inside") << "dangling-in" << outside;
}

void TestWorkspace::existing()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    const Result<QString> result = m_workspace.resolveExisting(expand(path));
    if (expected.startsWith(QLatin1Char('!'))) {
        QVERIFY2(!result.ok(), qPrintable(result.ok() ? result.value() : QString()));
        QCOMPARE(result.error().code(), expected.mid(1));
        // The message names the path as given, so the model can tell which one was refused.
        QString shown = expand(path);
        shown.replace(QChar(0), u"\\0"_s);
        if (!shown.isEmpty())
            QVERIFY2(result.error().message.contains(shown), qPrintable(result.error().message));
        // A link's target outside is never named.
        if (!expand(path).contains(u"/outside"_s))
            QVERIFY(!result.error().message.contains(m_base + u"/outside"_s));
    } else {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        const QString want =
            expected == QLatin1String(".") ? m_root : m_root + QLatin1Char('/') + expected;
        QCOMPARE(result.value(), want);
    }
}

void TestWorkspace::forWrite_data()
{
    table();
    const QString outside = u"!invalid_request"_s;
    QTest::newRow("new file") << "new.txt"
                              << "new.txt";
    QTest::newRow("existing file") << "file.txt"
                                   << "file.txt";
    QTest::newRow("new file in folder") << "sub/new.txt"
                                        << "sub/new.txt";
    QTest::newRow("absolute inside") << "$ROOT/new.txt"
                                     << "new.txt";
    QTest::newRow("link staying inside") << "link-in"
                                         << "sub/inner.txt";
    QTest::newRow("new file under folder link inside") << "linkdir-in/new.txt"
                                                       << "sub/new.txt";
    QTest::newRow("dangling link inside") << "dangling-in"
                                          << "sub/created.txt";

    QTest::newRow("dot dot") << "../escape.txt" << outside;
    QTest::newRow("dot dot existing") << "../outside/secret.txt" << outside;
    QTest::newRow("absolute outside") << "/etc/passwd" << outside;
    QTest::newRow("absolute new outside") << "/tmp/attache-escape.txt" << outside;
    QTest::newRow("file link out") << "link-out" << outside;
    QTest::newRow("new file under folder link out") << "linkdir-out/new.txt" << outside;
    QTest::newRow("dangling link out") << "dangling-out" << outside;
    QTest::newRow("dangling folder link out") << "dangling-dir-out/new.txt" << outside;
    QTest::newRow("sibling absolute") << "$BASE/root-evil/new.txt" << outside;
    QTest::newRow("sibling relative") << "../root-evil/x.txt" << outside;
    QTest::newRow("dot dot through missing folder") << "nodir/../../escape.txt" << outside;
    QTest::newRow("NUL byte") << u"new"_s + QChar(0) + u".txt"_s << outside;
    QTest::newRow("empty") << "" << outside;
    QTest::newRow("a folder") << "sub" << outside;
    QTest::newRow("the root") << "." << outside;
    QTest::newRow("trailing slash") << "sub/" << outside;
    QTest::newRow("missing folder") << "nodir/new.txt"
                                    << "!not_found";
}

void TestWorkspace::forWrite()
{
    QFETCH(QString, path);
    QFETCH(QString, expected);
    const Result<QString> result = m_workspace.resolveForWrite(expand(path));
    if (expected.startsWith(QLatin1Char('!'))) {
        QVERIFY2(!result.ok(), qPrintable(result.ok() ? result.value() : QString()));
        QCOMPARE(result.error().code(), expected.mid(1));
    } else {
        QVERIFY2(result.ok(), qPrintable(result.ok() ? QString() : result.error().message));
        QCOMPARE(result.value(), m_root + QLatin1Char('/') + expected);
    }
    // Checking never creates anything.
    QVERIFY(!QFileInfo::exists(m_root + u"/new.txt"_s));
    QVERIFY(!QFileInfo::exists(m_base + u"/outside/new.txt"_s));
}

void TestWorkspace::createAllowsMissingFolders()
{
    Result<QString> result = m_workspace.resolveForCreate(u"a/b/./c/new.txt"_s);
    QVERIFY(result.ok());
    QCOMPARE(result.value(), m_root + u"/a/b/c/new.txt"_s);
    QVERIFY(!QFileInfo::exists(m_root + u"/a"_s));

    result = m_workspace.resolveForCreate(u"a/../../escape/new.txt"_s);
    QVERIFY(!result.ok());
    result = m_workspace.resolveForCreate(u"linkdir-out/a/new.txt"_s);
    QVERIFY(!result.ok());
    result = m_workspace.resolveForCreate(u"dangling-dir-out/a/new.txt"_s);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code(), u"invalid_request"_s);
    result = m_workspace.resolveForCreate(u"file.txt/new.txt"_s);
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message.contains(u"not a folder"_s),
             qPrintable(result.error().message));
}

void TestWorkspace::noRoot()
{
    const Workspace empty;
    QVERIFY(!empty.isSet());
    const QString message = u"no working directory: set one with POST /working_dir"_s;
    QCOMPARE(empty.resolveExisting(u"file.txt"_s).error().message, message);
    QCOMPARE(empty.resolveForWrite(u"file.txt"_s).error().message, message);
    QCOMPARE(empty.resolveForCreate(u"/etc/passwd"_s).error().message, message);
    QCOMPARE(empty.resolveExisting(u"/"_s).error().code(), u"invalid_request"_s);
}

void TestWorkspace::setRootChecks()
{
    Workspace workspace;
    QVERIFY(!workspace.setRoot(QString()).ok());
    QVERIFY(!workspace.setRoot(m_base + u"/no-such-folder"_s).ok());
    const Status file = workspace.setRoot(m_root + u"/file.txt"_s);
    QVERIFY(!file.ok());
    QVERIFY(file.error().message.contains(u"file.txt"_s));
    QVERIFY(!workspace.setRoot(m_root + QChar(0)).ok());
    QVERIFY(!workspace.isSet());
}

void TestWorkspace::rootThroughLink()
{
    Workspace workspace;
    QVERIFY(workspace.setRoot(m_base + u"/rootlink"_s).ok());
    QCOMPARE(workspace.root(), m_root); // stored canonical
    QCOMPARE(workspace.resolveExisting(u"file.txt"_s).value(), m_root + u"/file.txt"_s);
    QVERIFY(!workspace.resolveExisting(m_base + u"/root-evil/x.txt"_s).ok());
}

void TestWorkspace::relative()
{
    QCOMPARE(m_workspace.relative(m_root + u"/sub/inner.txt"_s), u"sub/inner.txt"_s);
    QCOMPARE(m_workspace.relative(m_root), u"."_s);
}

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
