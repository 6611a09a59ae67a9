// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// What the transcript offers beyond text: code to copy, tool calls to open, failures that say
// what to do, a reply to regenerate and coding tasks on the code at hand.
#include "attachewarnings.h"
#include "chatpanel.h"
#include "errorhelp.h"
#include "fakeprovider.h"
#include "testengine.h"
#include "transcriptclick.h"
#include "transcriptview.h"

#include <QAction>
#include <QClipboard>
#include <QGuiApplication>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

Q_DECLARE_METATYPE(FakeReply::Fault)

namespace {

FakeReply reply(QStringList tokens, int delayMs = 0)
{
    FakeReply r;
    r.tokens = std::move(tokens);
    r.delayMs = delayMs;
    return r;
}

QString lastUserMessage(const QJsonObject &request)
{
    const QJsonArray messages = request.value(QLatin1String("messages")).toArray();
    return messages.last().toObject().value(QLatin1String("content")).toString();
}

} // namespace

class TestChatTranscript : public QObject
{
    Q_OBJECT

private:
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<TestEngine> m_test;
    std::unique_ptr<ChatPanel> m_panel;
    std::unique_ptr<QTemporaryDir> m_workspace;

    Engine &engine() { return *m_test->engine; }
    TranscriptView *transcript() const { return m_panel->transcript(); }
    QString shown() const { return m_panel->transcriptText(); }
    bool waitForReply(int count)
    {
        QSignalSpy finished(m_panel.get(), &ChatPanel::replyFinished);
        while (finished.size() < count) {
            if (!finished.wait(30000))
                return false;
        }
        return true;
    }
    QLabel *notice() const { return m_panel->findChild<QLabel *>(QStringLiteral("notice")); }

private Q_SLOTS:
    void init()
    {
        failOnAttacheWarnings();
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<TestEngine>(TestEngine::pointingAt(m_fake->baseUrl()));
        m_workspace = std::make_unique<QTemporaryDir>();
        m_panel = std::make_unique<ChatPanel>(engine());
        m_panel->resize(700, 520);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
        QGuiApplication::clipboard()->clear();
    }
    void cleanup()
    {
        m_panel.reset();
        m_test.reset();
        delete m_fake;
        m_workspace.reset();
    }

    void copyPutsTheCodeOnTheClipboard()
    {
        // The first block is complete while the reply still streams: it pauses right after.
        FakeReply code =
            reply({ QStringLiteral("Double it:\n\n```python\n"), QStringLiteral("def twice(x):\n"),
                    QStringLiteral("    return x * 2  # <ok>\n"),
                    QStringLiteral("```\n\nThen print it:\n\n"),
                    QStringLiteral("~~~\nprint(twice(21))\n~~~\n"), QStringLiteral("\nThat is "),
                    QStringLiteral("all.") });
        code.holdAfter = 4;
        m_fake->enqueueReply(code);
        QSignalSpy copied(transcript(), &TranscriptView::codeCopied);
        QVERIFY(m_panel->send(QStringLiteral("Show me code")));
        QTRY_VERIFY_WITH_TIMEOUT(shown().contains(QLatin1String("Copy code")), 30000);
        QVERIFY(!m_panel->currentRun()->isFinished());
        QVERIFY(clickLink(transcript(), QStringLiteral("Copy code")));
        QCOMPARE(QGuiApplication::clipboard()->text(),
                 QStringLiteral("def twice(x):\n    return x * 2  # <ok>"));
        QCOMPARE(copied.size(), 1);

        m_fake->release();
        QVERIFY(waitForReply(1));
        QCOMPARE(shown().count(QLatin1String("Copy code")), 2);
        QVERIFY(clickLink(transcript(), QStringLiteral("Copy code"), 1));
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("print(twice(21))"));

        // The same from the stored conversation.
        m_panel->showSession();
        QCOMPARE(shown().count(QLatin1String("Copy code")), 2);
        QVERIFY(clickLink(transcript(), QStringLiteral("Copy code"), 0));
        QCOMPARE(QGuiApplication::clipboard()->text(),
                 QStringLiteral("def twice(x):\n    return x * 2  # <ok>"));
        // The link is not part of the code shown.
        QVERIFY2(shown().contains(QLatin1String("return x * 2  # <ok>")), qPrintable(shown()));
    }

    void toolCallsShowCollapsedAndOpen()
    {
        QFile notes(m_workspace->filePath(QStringLiteral("notes.txt")));
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("secret ingredient: basil\n");
        notes.close();
        QVERIFY(engine().tools().setWorkingDirectory(m_workspace->path()).ok());
        FakeReply call = reply({ QStringLiteral("Let me look. ") });
        call.toolCalls = { FakeToolCall { QStringLiteral("call_1"), QStringLiteral("read_file"),
                                          QStringLiteral("{\"path\": \"notes.txt\"}"), 2 } };
        m_fake->enqueueReply(call);
        FakeReply answer =
            reply({ QStringLiteral("It "), QStringLiteral("says "), QStringLiteral("basil"),
                    QStringLiteral(" is "), QStringLiteral("secret.") });
        answer.holdAfter = 1; // still streaming until the test has looked
        m_fake->enqueueReply(answer);
        QVERIFY(m_panel->send(QStringLiteral("What is in notes.txt?")));

        // While the answer still streams, the call is one line, its details closed.
        QTRY_VERIFY_WITH_TIMEOUT(shown().contains(QStringLiteral("⚙ read_file · notes.txt")),
                                 30000);
        QVERIFY(!m_panel->currentRun()->isFinished());
        QVERIFY2(!shown().contains(QLatin1String("secret ingredient")), qPrintable(shown()));
        QVERIFY(shown().indexOf(QLatin1String("Let me look."))
                < shown().indexOf(QLatin1String("read_file")));

        QTRY_COMPARE_WITH_TIMEOUT(m_fake->heldStreams(), 1, 30000); // the answer, paused
        m_fake->release();
        QVERIFY(waitForReply(1));
        QVERIFY(shown().indexOf(QLatin1String("read_file"))
                < shown().indexOf(QLatin1String("It says basil")));
        QVERIFY(clickLink(transcript(), QStringLiteral("details")));
        QVERIFY2(shown().contains(QLatin1String("secret ingredient: basil")), qPrintable(shown()));
        QVERIFY(shown().contains(QLatin1String("\"path\": \"notes.txt\"")));
        QVERIFY(clickLink(transcript(), QStringLiteral("hide details")));
        QVERIFY(!shown().contains(QLatin1String("secret ingredient")));

        // Shown again from the stored conversation: the same line, closed, and it opens.
        m_panel->showSession();
        QVERIFY2(shown().contains(QStringLiteral("⚙ read_file · notes.txt")), qPrintable(shown()));
        QVERIFY(!shown().contains(QLatin1String("secret ingredient")));
        QVERIFY(clickLink(transcript(), QStringLiteral("details")));
        QVERIFY2(shown().contains(QLatin1String("secret ingredient: basil")), qPrintable(shown()));
        QVERIFY(shown().contains(QLatin1String("It says basil is secret.")));
    }

    void failuresSayWhatToDo_data()
    {
        QTest::addColumn<FakeReply::Fault>("fault");
        QTest::addColumn<QString>("fix");
        QTest::addColumn<bool>("providerLink");
        QTest::newRow("auth_failed")
            << FakeReply::Fault::Unauthorized
            << QStringLiteral("Check the key in the Provider panel") << true;
        QTest::newRow("rate_limited")
            << FakeReply::Fault::RateLimited
            << QStringLiteral("Wait 3 s, as the provider asks, then regenerate the reply") << false;
        QTest::newRow("upstream_error")
            << FakeReply::Fault::ServerError
            << QStringLiteral("Check the model and the server address") << true;
        QTest::newRow("bad_upstream")
            << FakeReply::Fault::MalformedChunk << QStringLiteral("OpenAI-compatible API") << true;
        QTest::newRow("timeout") << FakeReply::Fault::NoFirstByte
                                 << QStringLiteral("Check your network connection") << false;
    }
    void failuresSayWhatToDo()
    {
        QFETCH(FakeReply::Fault, fault);
        QFETCH(QString, fix);
        QFETCH(bool, providerLink);
        // A short time-out only where the time-out is the failure: elsewhere a busy machine could
        // take longer than it allows, and show another failure.
        if (fault == FakeReply::Fault::NoFirstByte)
            m_test->settings.setValue(Settings::FirstByteTimeoutMs, 400);
        FakeReply broken = reply({ QStringLiteral("a"), QStringLiteral("b") });
        broken.fault = fault;
        broken.faultAfter = 1;
        m_fake->enqueueReply(broken);
        QSignalSpy wantsProvider(m_panel.get(), &ChatPanel::apiKeyRequested);
        QVERIFY(m_panel->send(QStringLiteral("Hello?")));
        QVERIFY(waitForReply(1));
        // In the conversation, under the failed reply, and in the notice above the input.
        QVERIFY2(shown().contains(fix), qPrintable(shown()));
        QVERIFY(notice()->isVisible());
        QVERIFY2(notice()->text().contains(fix), qPrintable(notice()->text()));
        QCOMPARE(notice()->text().contains(QLatin1String("Open the Provider panel")), providerLink);
        if (providerLink) {
            Q_EMIT notice()->linkActivated(QStringLiteral("#provider"));
            QCOMPARE(wantsProvider.size(), 1);
        }
    }

    void anUnreadableAnswerNamesTheApiItsProviderSpeaks()
    {
        // Anthropic's base URL is the API's root: telling its user to end it in /v1 would
        // send them the wrong way.
        const EngineError error = EngineError::make(ErrorKind::BadUpstream, "garbled");
        const QString anthropic =
            ErrorHelp::whatToDo(error, engine().catalog().find(QStringLiteral("anthropic")));
        QVERIFY2(anthropic.contains(QLatin1String("Anthropic-compatible API (its root, without "
                                                  "/v1)")),
                 qPrintable(anthropic));
        const QString openai =
            ErrorHelp::whatToDo(error, engine().catalog().find(QStringLiteral("groq")));
        QVERIFY2(openai.contains(QLatin1String("OpenAI-compatible API (it usually ends in /v1)")),
                 qPrintable(openai));
        QCOMPARE(ErrorHelp::whatToDo(error, nullptr), openai);
    }

    void regenerateReplacesTheReply()
    {
        QVERIFY(!m_panel->regenerateButton()->isEnabled()); // nothing to regenerate yet
        m_fake->enqueueReply(reply({ QStringLiteral("First "), QStringLiteral("answer.") }));
        m_fake->enqueueReply(reply(
            { QStringLiteral("Second "), QStringLiteral("and "), QStringLiteral("better.") }, 80));
        QVERIFY(m_panel->send(QStringLiteral("Name a colour")));
        QVERIFY(!m_panel->regenerateButton()->isEnabled()); // not while it streams
        QVERIFY(waitForReply(1));
        QVERIFY(shown().contains(QLatin1String("First answer.")));
        QVERIFY(m_panel->regenerateButton()->isEnabled());

        QTest::mouseClick(m_panel->regenerateButton(), Qt::LeftButton);
        QTRY_VERIFY(m_panel->currentRun());
        QVERIFY(!m_panel->regenerateButton()->isEnabled());
        QVERIFY(waitForReply(1));
        QVERIFY2(shown().contains(QLatin1String("Second and better.")), qPrintable(shown()));
        QVERIFY2(!shown().contains(QLatin1String("First answer.")), qPrintable(shown()));
        QCOMPARE(shown().count(QLatin1String("Name a colour")), 1);
        QCOMPARE(m_fake->chatRequests().size(), 2);
        QCOMPARE(m_fake->chatRequests().at(1).value(QLatin1String("messages")).toArray().size(), 1);
        QCOMPARE(engine().history().value().size(), 2);
        QCOMPARE(engine().history().value().constLast().content,
                 QStringLiteral("Second and better."));
    }

    void codingTaskOnTheSelectedCode()
    {
        m_fake->enqueueReply(
            reply({ QStringLiteral("Here:\n\n```c\nint answer(void) { return 42; }\n```\n") }));
        m_fake->enqueueReply(reply({ QStringLiteral("It returns 42.") }));
        QVERIFY(m_panel->send(QStringLiteral("Write a function")));
        QVERIFY(waitForReply(1));

        QVERIFY(selectText(transcript(), QStringLiteral("int answer(void) { return 42; }")));
        QVERIFY(m_panel->codingTaskButton()->isEnabled());
        QVERIFY(m_panel->codingTaskAction(QStringLiteral("explain")));
        m_panel->codingTaskAction(QStringLiteral("explain"))->trigger();
        QVERIFY(waitForReply(1));
        const QString sent = lastUserMessage(m_fake->chatRequests().at(1));
        QVERIFY2(sent.startsWith(QLatin1String("Explain what the following")), qPrintable(sent));
        QVERIFY(sent.contains(QLatin1String("int answer(void) { return 42; }")));
        // Shown as a turn of the conversation, the answer under it.
        QVERIFY2(shown().contains(QLatin1String("Explain what the following")),
                 qPrintable(shown()));
        QVERIFY(shown().indexOf(QLatin1String("Explain what the following"))
                < shown().indexOf(QLatin1String("It returns 42.")));
    }

    void codingTaskOnThePastedCode()
    {
        m_fake->enqueueReply(reply({ QStringLiteral("Looks fine.") }));
        QTest::keyClicks(m_panel->input(), QStringLiteral("x = eval(input())"));
        QVERIFY(transcript()->selectedText().isEmpty());
        m_panel->codingTaskAction(QStringLiteral("review"))->trigger();
        QCOMPARE(m_panel->input()->toPlainText(), QString());
        QVERIFY(waitForReply(1));
        const QString sent = lastUserMessage(m_fake->chatRequests().at(0));
        QVERIFY2(sent.startsWith(QLatin1String("Review the following")), qPrintable(sent));
        QVERIFY(sent.contains(QLatin1String("x = eval(input())")));
        QVERIFY(shown().contains(QLatin1String("Looks fine.")));

        // With nothing to work on, the user is told where the code should be.
        m_panel->codingTaskAction(QStringLiteral("explain"))->trigger();
        QVERIFY(notice()->isVisible());
        QVERIFY2(notice()->text().contains(QLatin1String("Select code")),
                 qPrintable(notice()->text()));
        QCOMPARE(m_fake->chatRequests().size(), 1);
    }
};

QTEST_MAIN(TestChatTranscript)
#include "tst_chattranscript.moc"
