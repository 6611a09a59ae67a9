// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// What a day of use found in the chat: a stop while a tool waits, failed turns forgotten, an
// error notice that lingered, a sent message out of view.
#include "chatpanel.h"
#include "fakeprovider.h"
#include "mainwindow.h"
#include "noticebar.h"
#include "sessions/sessionstore.h"
#include "testengine.h"
#include "transcriptclick.h"
#include "transcriptview.h"

#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextList>
#include <QToolButton>

namespace {

FakeReply reply(QStringList tokens, int delayMs = 0)
{
    FakeReply r;
    r.tokens = std::move(tokens);
    r.delayMs = delayMs;
    return r;
}

FakeReply serverError()
{
    FakeReply r = reply({ QStringLiteral("x") });
    r.fault = FakeReply::Fault::ServerError;
    return r;
}

/** An engine whose sessions live in a database file, so it can be started again. */
struct StoredEngine
{
    StoredEngine(const QString &dir, const QUrl &baseUrl)
        : settings(dir + QLatin1String("/settings.ini"))
        , store(dir + QLatin1String("/attache.db"))
    {
        opened = store.open();
        catalog = ProviderCatalog::load({}, TestEngine::pointingAt(baseUrl));
        engine = std::make_unique<Engine>(catalog, settings, &store);
    }
    ~StoredEngine()
    {
        engine.reset();
        store.flush();
    }
    Settings settings;
    SessionStore store;
    Status opened;
    ProviderCatalog catalog;
    std::unique_ptr<Engine> engine;
};

} // namespace

class TestChatBugs : public QObject
{
    Q_OBJECT

private:
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<StoredEngine> m_stored;
    std::unique_ptr<ChatPanel> m_panel;

    Engine &engine() { return *m_stored->engine; }
    QString shown() const { return m_panel->transcriptText(); }
    bool waitForReply(ChatPanel *panel)
    {
        QSignalSpy finished(panel, &ChatPanel::replyFinished);
        return finished.wait(8000);
    }
    void start()
    {
        m_stored = std::make_unique<StoredEngine>(m_dir->path(), m_fake->baseUrl());
        QVERIFY(m_stored->opened.ok());
        m_panel = std::make_unique<ChatPanel>(engine());
        m_panel->resize(760, 560);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
        m_panel->showSession();
    }
    void restart()
    {
        m_panel.reset();
        m_stored.reset();
        start();
    }

private Q_SLOTS:
    void init()
    {
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_dir = std::make_unique<QTemporaryDir>();
        start();
    }
    void cleanup()
    {
        m_panel.reset();
        m_stored.reset();
        delete m_fake;
        m_dir.reset();
    }

    void stopWhileAToolWaitsForPermission()
    {
        QVERIFY(engine().tools().setWorkingDirectory(m_dir->path()).ok());
        FakeReply call = reply({ QStringLiteral("Writing it. ") });
        call.toolCalls = { FakeToolCall { QStringLiteral("call_w"), QStringLiteral("write_file"),
                                          QStringLiteral("{\"path\": \"todo.txt\", "
                                                         "\"content\": \"milk\\n\"}"),
                                          2 } };
        m_fake->enqueueReply(call);
        QVERIFY(m_panel->send(QStringLiteral("Put milk on my list")));
        QTRY_VERIFY_WITH_TIMEOUT(shown().contains(QLatin1String("waiting for your permission")),
                                 8000);
        m_panel->stop();
        QTRY_VERIFY(!m_panel->currentRun());
        QVERIFY2(shown().contains(QLatin1String("stopped, did not run")), qPrintable(shown()));
        QVERIFY2(!shown().contains(QLatin1String("waiting for your permission")),
                 qPrintable(shown()));

        // Opened again after a restart: the call says what happened, its result too.
        restart();
        QVERIFY2(shown().contains(QLatin1String("stopped, did not run")), qPrintable(shown()));
        QVERIFY(clickLink(m_panel->transcript(), QStringLiteral("details")));
        QVERIFY2(!shown().contains(QLatin1String("No result yet")), qPrintable(shown()));
        QVERIFY2(shown().contains(QLatin1String("it did not run")), qPrintable(shown()));

        // The next request answers every call the model made.
        m_fake->enqueueReply(reply({ QStringLiteral("Fine.") }));
        QVERIFY(m_panel->send(QStringLiteral("Never mind")));
        QVERIFY(waitForReply(m_panel.get()));
        const QJsonArray sent =
            m_fake->chatRequests().constLast().value(QLatin1String("messages")).toArray();
        QStringList calls;
        QStringList answered;
        for (const QJsonValue &value : sent) {
            const QJsonObject message = value.toObject();
            for (const QJsonValue &call : message.value(QLatin1String("tool_calls")).toArray())
                calls.append(call.toObject().value(QLatin1String("id")).toString());
            if (message.value(QLatin1String("role")).toString() == QLatin1String("tool"))
                answered.append(message.value(QLatin1String("tool_call_id")).toString());
        }
        QCOMPARE(calls, QStringList { QStringLiteral("call_w") });
        QCOMPARE(answered, calls);
        QCOMPARE(shown().count(QLatin1String("Fine.")), 1);
    }

    void aFailedTurnIsKeptWithItsMark()
    {
        m_fake->enqueueReply(serverError());
        QVERIFY(m_panel->send(QStringLiteral("First question")));
        QVERIFY(waitForReply(m_panel.get()));
        restart();
        // Not two messages of the user in a row: the failed reply is there, marked.
        const QString text = shown();
        QCOMPARE(text.count(QLatin1String("First question")), 1);
        QVERIFY2(text.contains(QLatin1String("(failed)")), qPrintable(text));
        const QList<ChatMessage> history = engine().history().value();
        QCOMPARE(history.size(), 2);
        QCOMPARE(history.at(1).role, QStringLiteral("assistant"));
        QCOMPARE(history.at(1).status, QStringLiteral("failed"));

        // A stopped one too, and what is sent next leaves both marks out.
        m_fake->enqueueReply(
            reply({ QStringLiteral("slow"), QStringLiteral(" "), QStringLiteral("answer") }, 2000));
        QVERIFY(m_panel->send(QStringLiteral("Second question")));
        m_panel->stop();
        QVERIFY(!m_panel->currentRun() || waitForReply(m_panel.get()));
        restart();
        QVERIFY2(shown().contains(QLatin1String("(stopped)")), qPrintable(shown()));
        m_fake->enqueueReply(reply({ QStringLiteral("Third answer.") }));
        QVERIFY(m_panel->send(QStringLiteral("Third question")));
        QVERIFY(waitForReply(m_panel.get()));
        const QJsonArray sent =
            m_fake->chatRequests().constLast().value(QLatin1String("messages")).toArray();
        for (const QJsonValue &value : sent) {
            const QJsonObject message = value.toObject();
            if (message.value(QLatin1String("role")).toString() == QLatin1String("assistant"))
                QVERIFY(!message.value(QLatin1String("content")).toString().isEmpty()
                        || message.contains(QLatin1String("tool_calls")));
        }
    }

    void sendingScrollsToTheNewMessage()
    {
        for (int i = 0; i < 6; ++i) {
            m_fake->enqueueReply(reply({ QStringLiteral("Line one.\n\nLine two.\n\nLine three."
                                                        "\n\nLine four.\n\nLine five.") }));
            QVERIFY(m_panel->send(QStringLiteral("Question %1").arg(i)));
            QVERIFY(waitForReply(m_panel.get()));
        }
        TranscriptView *view = m_panel->transcript();
        QScrollBar *bar = view->verticalScrollBar();
        QVERIFY(bar->maximum() > 0);
        bar->setValue(0); // reading from the top
        QTRY_VERIFY(view->jumpButton()->isVisible());
        QVERIFY(!view->isAtEnd());

        m_fake->enqueueReply(reply({ QStringLiteral("The newest answer.") }, 20));
        QVERIFY(m_panel->send(QStringLiteral("One more question")));
        QVERIFY(waitForReply(m_panel.get()));
        QTRY_COMPARE(bar->value(), bar->maximum());
        QVERIFY(!view->jumpButton()->isVisible());

        // The button takes the reader back down.
        bar->setValue(0);
        QTRY_VERIFY(view->jumpButton()->isVisible());
        QTest::mouseClick(view->jumpButton(), Qt::LeftButton);
        QCOMPARE(bar->value(), bar->maximum());
        QVERIFY(!view->jumpButton()->isVisible());
    }

    void aReplyEndingInAListLeavesNoBulletAboveTheChat()
    {
        TranscriptView view;
        Turn question;
        question.role = Turn::Role::User;
        question.who = QStringLiteral("You");
        question.text = QStringLiteral("Two things?");
        view.appendTurn(question);
        Turn answer;
        answer.who = QStringLiteral("Attache");
        answer.parts = { { QStringLiteral("- one\n- two\n") } };
        view.appendTurn(answer);
        // Laid out again from the top, as a change of theme does.
        view.refresh(0);
        const QTextBlock first = view.document()->firstBlock();
        QVERIFY2(!first.textList(), qPrintable(first.text()));
    }
};

/** The error notice, in the window: closed by the user, by a success, by another chat. */
class TestErrorNotice : public QObject
{
    Q_OBJECT

private:
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<TestEngine> m_test;
    std::unique_ptr<MainWindow> m_window;

    Engine &engine() { return *m_test->engine; }
    ChatPanel *chat() const { return m_window->chatPanel(); }
    NoticeBar *notice() const { return chat()->noticeBar(); }
    void failOnce()
    {
        m_fake->enqueueReply(serverError());
        QSignalSpy finished(chat(), &ChatPanel::replyFinished);
        QVERIFY(chat()->send(QStringLiteral("Hello?")));
        QVERIFY(finished.wait(8000));
        QVERIFY(notice()->isVisible());
        QVERIFY(notice()->isError());
    }

private Q_SLOTS:
    void init()
    {
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<TestEngine>(TestEngine::pointingAt(m_fake->baseUrl()));
        m_window = std::make_unique<MainWindow>(engine(), m_test->settings);
        m_window->resize(1200, 800);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }
    void cleanup()
    {
        m_window.reset();
        m_test.reset();
        delete m_fake;
    }

    void closesWithItsButton()
    {
        failOnce();
        QTest::mouseClick(notice()->closeButton(), Qt::LeftButton);
        QVERIFY(!notice()->isVisible());
    }

    void clearsOnASuccessFromAnotherClient()
    {
        failOnce();
        m_fake->enqueueReply(reply({ QStringLiteral("Working again.") }));
        ChatRequest request;
        request.message = QStringLiteral("Are you there?");
        request.clientId = QStringLiteral("c_editor");
        Run *run = engine().chat(request).value();
        QTRY_VERIFY(run->isFinished());
        QCOMPARE(run->state(), Run::State::Done);
        QTRY_VERIFY(!notice()->isVisible());
    }

    void aSuccessElsewhereLeavesIt()
    {
        failOnce();
        m_fake->enqueueReply(reply({ QStringLiteral("Elsewhere.") }));
        ChatRequest request;
        request.message = QStringLiteral("In another chat");
        request.session = QStringLiteral("Other");
        request.clientId = QStringLiteral("c_editor");
        Run *run = engine().chat(request).value();
        QTRY_VERIFY(run->isFinished());
        QVERIFY(notice()->isVisible()); // the failure it tells of is still this chat's last word
    }

    void clearsOnASessionSwitch()
    {
        failOnce();
        m_window->newChat();
        QTRY_VERIFY(engine().session()->messages.isEmpty());
        QVERIFY(!notice()->isVisible());
    }
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    int status = 0;
    {
        TestChatBugs bugs;
        status |= QTest::qExec(&bugs, argc, argv);
    }
    {
        TestErrorNotice notice;
        status |= QTest::qExec(&notice, argc, argv);
    }
    return status;
}

#include "tst_chatbugs.moc"
