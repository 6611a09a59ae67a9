// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakeprovider.h"
#include "mainwindow.h"
#include "permissiondialog.h"
#include "testengine.h"

#include <QPlainTextEdit>
#include <QPushButton>
#include <QTest>

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
        FakeReply call;
        call.tokens = { QStringLiteral("Writing. ") };
        call.toolCalls = { FakeToolCall { QStringLiteral("call_1"), QStringLiteral("write_file"),
                                          QStringLiteral("{\"path\": \"todo.txt\", \"content\": \"buy milk\\n\"}"), 2 } };
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
        QVERIFY2(diff->toPlainText().contains(QLatin1String("+buy milk")), qPrintable(diff->toPlainText()));
        QVERIFY(dialog()->findChild<QPlainTextEdit *>(QStringLiteral("arguments"))->toPlainText().contains(QLatin1String("todo.txt")));
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
        QVERIFY(m_test->engine->tools().permissions().respond(id, true, PermissionBroker::Scope::Once, QStringLiteral("c_editor")).ok());
        QTRY_VERIFY(!dialog());
        QTRY_VERIFY(run->isFinished());
        QVERIFY(QFile::exists(todoPath()));
    }
};

QTEST_MAIN(TestPermissionDialog)
#include "tst_permissiondialog.moc"
