// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachewarnings.h"
#include "fakeprovider.h"
#include "mainwindow.h"
#include "permissiondialog.h"
#include "testengine.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextLayout>

class TestPermissionDialog : public QObject
{
    Q_OBJECT

private:
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<TestEngine> m_test;
    std::unique_ptr<QTemporaryDir> m_workspace;
    std::unique_ptr<MainWindow> m_window;

    Run *askToWrite()
    {
        return ask(QStringLiteral("write_file"),
                   QStringLiteral("{\"path\": \"todo.txt\", \"content\": \"buy milk\\n\"}"));
    }
    Run *ask(const QString &tool, const QString &arguments)
    {
        FakeReply call;
        call.tokens = { QStringLiteral("Working. ") };
        call.toolCalls = { FakeToolCall { QStringLiteral("call_1"), tool, arguments, 2 } };
        m_fake->enqueueReply(call);
        FakeReply done;
        done.tokens = { QStringLiteral("Done.") };
        m_fake->enqueueReply(done);
        ChatRequest request;
        request.message = QStringLiteral("Add milk to my list");
        request.clientId = QStringLiteral("c_editor");
        return m_test->engine->chat(request).value();
    }
    PermissionDialog *dialog() const { return m_window->findChild<PermissionDialog *>(); }
    QString todoPath() const { return m_workspace->filePath(QStringLiteral("todo.txt")); }

private Q_SLOTS:
    void init()
    {
        failOnAttacheWarnings();
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<TestEngine>(TestEngine::pointingAt(m_fake->baseUrl()));
        m_workspace = std::make_unique<QTemporaryDir>();
        QVERIFY(m_test->engine->tools().setWorkingDirectory(m_workspace->path()).ok());
        m_window = std::make_unique<MainWindow>(*m_test->engine, m_test->settings);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }
    void cleanup()
    {
        m_window.reset();
        m_test.reset();
        delete m_fake;
        m_workspace.reset();
    }

    void showsTheCallAndWritesOnlyAfterAllow()
    {
        Run *run = askToWrite();
        QTRY_VERIFY(dialog());
        QTRY_VERIFY(dialog()->isVisible());
        const auto *diff = dialog()->findChild<QPlainTextEdit *>(QStringLiteral("diff"));
        QVERIFY(diff);
        QVERIFY2(diff->toPlainText().contains(QLatin1String("+buy milk")),
                 qPrintable(diff->toPlainText()));
        QVERIFY(dialog()
                    ->findChild<QPlainTextEdit *>(QStringLiteral("arguments"))
                    ->toPlainText()
                    .contains(QLatin1String("todo.txt")));
        QVERIFY(dialog()->denyButton()->isDefault());
        QVERIFY(!QFile::exists(todoPath()));
        QTest::mouseClick(dialog()->allowOnceButton(), Qt::LeftButton);
        QTRY_VERIFY(run->isFinished());
        QCOMPARE(run->state(), Run::State::Done);
        QFile written(todoPath());
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(written.readAll(), QByteArray("buy milk\n"));
        QTRY_VERIFY(!dialog());
    }

    void denyKeepsTheFileUnwritten()
    {
        Run *run = askToWrite();
        QTRY_VERIFY(dialog());
        QTest::mouseClick(dialog()->denyButton(), Qt::LeftButton);
        QTRY_VERIFY(run->isFinished());
        QVERIFY(!QFile::exists(todoPath()));
    }

    void closesWhenAnotherClientAnswersFirst()
    {
        Run *run = askToWrite();
        QTRY_VERIFY(dialog());
        const QString id = dialog()->requestId();
        QVERIFY(m_test->engine->tools()
                    .permissions()
                    .respond(id, true, PermissionBroker::Scope::Once, QStringLiteral("c_editor"))
                    .ok());
        QTRY_VERIFY(!dialog());
        QTRY_VERIFY(run->isFinished());
        QVERIFY(QFile::exists(todoPath()));
    }
    void showsTheChangeToAnExistingFile()
    {
        QFile todo(todoPath());
        QVERIFY(todo.open(QIODevice::WriteOnly));
        todo.write("buy eggs\nwalk the dog\n");
        todo.close();
        Run *run =
            ask(QStringLiteral("write_file"),
                QStringLiteral(
                    "{\"path\": \"todo.txt\", \"content\": \"buy milk\\nwalk the dog\\n\"}"));
        QTRY_VERIFY(dialog());
        const auto *headline = dialog()->findChild<QLabel *>(QStringLiteral("headline"));
        QVERIFY2(headline->text().contains(QLatin1String("todo.txt")),
                 qPrintable(headline->text()));
        QVERIFY2(headline->text().contains(QStringLiteral("+1 −1")), qPrintable(headline->text()));
        const auto *diff = dialog()->findChild<QPlainTextEdit *>(QStringLiteral("diff"));
        QVERIFY(diff);
        const QString text = diff->toPlainText();
        QVERIFY2(text.contains(QLatin1String("-buy eggs\n+buy milk\n walk the dog")),
                 qPrintable(text));
        // Removed lines red, added lines green, as the user knows them from review tools.
        const auto colourOf = [diff](const QString &line) {
            for (QTextBlock block = diff->document()->begin(); block.isValid();
                 block = block.next()) {
                if (block.text() == line && !block.layout()->formats().isEmpty())
                    return block.layout()->formats().constFirst().format.foreground().color();
            }
            return QColor();
        };
        // The highlighter colours the text on the event loop's next pass, not at once.
        QTRY_VERIFY(colourOf(QStringLiteral("+buy milk")).isValid()
                    && colourOf(QStringLiteral("-buy eggs")).isValid());
        const QColor added = colourOf(QStringLiteral("+buy milk"));
        const QColor removed = colourOf(QStringLiteral("-buy eggs"));
        QVERIFY2(added.green() > added.red(), qPrintable(added.name()));
        QVERIFY2(removed.red() > removed.green(), qPrintable(removed.name()));
        QVERIFY(!colourOf(QStringLiteral(" walk the dog")).isValid());
        const auto *countdown = dialog()->findChild<QLabel *>(QStringLiteral("countdown"));
        QVERIFY2(countdown->text().contains(QRegularExpression(
                     QStringLiteral("Denied automatically in (2:00|1:[0-5][0-9])"))),
                 qPrintable(countdown->text()));

        QTest::mouseClick(dialog()->allowSessionButton(), Qt::LeftButton);
        QTRY_VERIFY(run->isFinished());
        QVERIFY(todo.open(QIODevice::ReadOnly));
        QCOMPARE(todo.readAll(), QByteArray("buy milk\nwalk the dog\n"));
    }

    void escapeDeniesAtOnce()
    {
        QSignalSpy resolved(&m_test->engine->tools().permissions(), &PermissionBroker::resolved);
        Run *run = askToWrite();
        QTRY_VERIFY(dialog());
        QTRY_VERIFY(dialog()->isVisible());
        QTest::keyClick(dialog(), Qt::Key_Escape);
        // Denied by the key, not by the two-minute timeout.
        QTRY_COMPARE(resolved.size(), 1);
        QCOMPARE(resolved.first().at(1).toBool(), false);
        QVERIFY(resolved.first().at(3).toString() != QLatin1String("timeout"));
        QTRY_VERIFY(!dialog());
        // The reply goes on without the write.
        QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), 30000);
        QVERIFY(!QFile::exists(todoPath()));
        QVERIFY(m_test->engine->tools().permissions().pending().isEmpty());
    }

    void showsTheCommandLineToRun()
    {
        Run *run = ask(QStringLiteral("run_command"),
                       QStringLiteral("{\"argv\": [\"git\", \"commit\", \"-m\", \"it's done\"]}"));
        QTRY_VERIFY(dialog());
        const auto *command = dialog()->findChild<QLabel *>(QStringLiteral("command"));
        QVERIFY(command);
        QCOMPARE(command->text(), QStringLiteral("$ git commit -m 'it'\\''s done'"));
        QVERIFY(!dialog()->findChild<QPlainTextEdit *>(QStringLiteral("diff")));
        QVERIFY(dialog()
                    ->findChild<QPlainTextEdit *>(QStringLiteral("arguments"))
                    ->toPlainText()
                    .contains(QLatin1String("it's done")));
        QTest::mouseClick(dialog()->denyButton(), Qt::LeftButton);
        QTRY_VERIFY(run->isFinished());
    }
};

QTEST_MAIN(TestPermissionDialog)
#include "tst_permissiondialog.moc"
