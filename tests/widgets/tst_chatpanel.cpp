// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The chat panel as a user meets it: type, press Enter, watch the reply stream in, stop it,
// read what went wrong. The engine is real and talks to the fake provider over HTTP.
#include "attachewarnings.h"
#include "chatpanel.h"
#include "engine.h"
#include "eventorder.h"
#include "fakeprovider.h"
#include "mainwindow.h"
#include "onboardingpage.h"
#include "providers/providercatalog.h"
#include "settings.h"

#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QProcessEnvironment>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocument>

#include <memory>
#include <optional>

namespace {

QStringList words(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *w : list)
        out.append(QString::fromUtf8(w));
    return out;
}

} // namespace

#define RETURN_IF_FAILED()                                                                         \
    do {                                                                                           \
        if (QTest::currentTestFailed())                                                            \
            return;                                                                                \
    } while (false)

class TestChatPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void enterSendsAndReplyStreams();
    void shiftEnterInsertsNewline();
    void stopCancelsTheReply();
    void sendIsDisabledWhileStreaming();
    void renderingIsThrottled_data();
    void renderingIsThrottled();
    void upstreamErrorIsShownAndUserCanRetry();
    void upAndDownRecallEarlierMessages();
    void onboardingUntilAProviderCanAnswer();
    void onboardingLeadsToTheProviderPanel();
    void mainWindowRenders();
    void runsOfOtherClientsAppearLive();

private:
    // Builds settings, catalog and engine; env decides which providers are usable.
    void buildEngine(const QProcessEnvironment &env);
    QProcessEnvironment fakeEnvironment() const;
    ChatPanel *showPanel();
    QTextBrowser *transcript() const;
    QLabel *visibleLabelContaining(const QString &text) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<FakeProvider> m_fake;
    std::unique_ptr<Settings> m_settings;
    std::optional<ProviderCatalog> m_catalog;
    std::unique_ptr<Engine> m_engine;
    std::unique_ptr<QWidget> m_window; // a ChatPanel or a MainWindow
    ChatPanel *m_panel = nullptr;
};

void TestChatPanel::init()
{
    failOnAttacheWarnings();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_fake = std::make_unique<FakeProvider>();
    QVERIFY(m_fake->listen());
}

void TestChatPanel::cleanup()
{
    m_panel = nullptr;
    m_window.reset();
    m_engine.reset();
    m_catalog.reset();
    m_settings.reset();
    m_fake.reset();
    m_dir.reset();
}

QProcessEnvironment TestChatPanel::fakeEnvironment() const
{
    QProcessEnvironment env;
    env.insert(QStringLiteral("ATTACHE_OPENAI_BASE_URL"), m_fake->baseUrl().toString());
    return env;
}

void TestChatPanel::buildEngine(const QProcessEnvironment &env)
{
    QFile builtIn(QStringLiteral(":/attache/providers.json"));
    QVERIFY2(builtIn.open(QIODevice::ReadOnly), "the built-in catalog is not in the resources");
    Result<ProviderCatalog> catalog =
        ProviderCatalog::fromJson(builtIn.readAll(), QByteArray(), env);
    QVERIFY(catalog.ok());
    m_catalog.emplace(catalog.value());
    m_settings = std::make_unique<Settings>(m_dir->filePath(QStringLiteral("settings.ini")));
    m_engine = std::make_unique<Engine>(*m_catalog, *m_settings);
}

ChatPanel *TestChatPanel::showPanel()
{
    auto *panel = new ChatPanel(*m_engine);
    m_window.reset(panel);
    m_panel = panel;
    panel->resize(640, 480);
    panel->show();
    if (!QTest::qWaitForWindowExposed(panel))
        qWarning("the chat panel was not exposed");
    return panel;
}

QTextBrowser *TestChatPanel::transcript() const
{
    return m_panel ? m_panel->findChild<QTextBrowser *>() : nullptr;
}

QLabel *TestChatPanel::visibleLabelContaining(const QString &text) const
{
    const QList<QLabel *> labels = m_window->findChildren<QLabel *>();
    for (QLabel *label : labels) {
        if (label->isVisible() && label->text().contains(text))
            return label;
    }
    return nullptr;
}

// ---------------------------------------------------------------------------------------------

void TestChatPanel::enterSendsAndReplyStreams()
{
    FakeReply reply;
    reply.tokens = words({ "Alpha", " bravo", " charlie", " delta", " echo", " foxtrot", " golf",
                           " hotel", " india", " juliet" });
    reply.holdAfter = 3; // the rest comes once the test has seen the start
    m_fake->setDefaultReply(reply);
    buildEngine(fakeEnvironment());
    RETURN_IF_FAILED();
    ChatPanel *panel = showPanel();
    QSignalSpy finished(panel, &ChatPanel::replyFinished);

    // Everything the transcript showed while the reply was still streaming.
    QStringList whileStreaming;
    connect(transcript()->document(), &QTextDocument::contentsChanged, panel, [&] {
        if (panel->currentRun() && !panel->currentRun()->isFinished())
            whileStreaming.append(panel->transcriptText());
    });

    QTest::keyClicks(panel->input(), QStringLiteral("What comes after alpha?"));
    QTest::keyClick(panel->input(), Qt::Key_Return);

    QCOMPARE(panel->input()->toPlainText(), QString());
    QVERIFY2(panel->transcriptText().contains(QLatin1String("What comes after alpha?")),
             qPrintable(panel->transcriptText()));
    QTRY_COMPARE_WITH_TIMEOUT(m_fake->chatRequests().size(), 1, 30000);

    // A prefix of the reply is on screen before the reply is complete.
    QTRY_VERIFY_WITH_TIMEOUT(panel->transcriptText().contains(QLatin1String("Alpha")), 30000);
    QCOMPARE(m_fake->heldStreams(), 1);
    bool sawPartial = false;
    for (const QString &text : std::as_const(whileStreaming)) {
        if (text.contains(QLatin1String("Alpha")) && !text.contains(QLatin1String("juliet")))
            sawPartial = true;
    }
    QVERIFY2(sawPartial, "the reply only appeared once it was complete");
    m_fake->release();

    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QCOMPARE(finished.first().first().toString(), QStringLiteral("done"));
    QVERIFY2(panel->transcriptText().contains(reply.joinedText()),
             qPrintable(panel->transcriptText()));
    QVERIFY(panel->transcriptText().indexOf(QLatin1String("What comes after alpha?"))
            < panel->transcriptText().indexOf(reply.joinedText()));
}

void TestChatPanel::shiftEnterInsertsNewline()
{
    buildEngine(fakeEnvironment());
    RETURN_IF_FAILED();
    ChatPanel *panel = showPanel();
    QSignalSpy finished(panel, &ChatPanel::replyFinished);

    QTest::keyClicks(panel->input(), QStringLiteral("first line"));
    QTest::keyClick(panel->input(), Qt::Key_Return, Qt::ShiftModifier);
    QTest::keyClicks(panel->input(), QStringLiteral("second line"));

    QCOMPARE(panel->input()->toPlainText(), QStringLiteral("first line\nsecond line"));
    QVERIFY(!panel->currentRun());
    QVERIFY2(!panel->transcriptText().contains(QLatin1String("first line")),
             qPrintable(panel->transcriptText()));

    // Enter on its own then sends both lines as one message, the only one sent.
    QTest::keyClick(panel->input(), Qt::Key_Return);
    QCOMPARE(panel->input()->toPlainText(), QString());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QCOMPARE(m_fake->chatRequests().size(), 1);
    const QJsonArray messages =
        m_fake->chatRequests().first().value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.last().toObject().value(QLatin1String("content")).toString(),
             QStringLiteral("first line\nsecond line"));
    QVERIFY(panel->transcriptText().contains(QLatin1String("first line")));
    QVERIFY(panel->transcriptText().contains(QLatin1String("second line")));
}

void TestChatPanel::stopCancelsTheReply()
{
    FakeReply reply;
    reply.tokens = words({ "Slowly", " and", " surely", " the", " reply", " goes", " on", " and",
                           " on", " forever" });
    reply.holdAfter = 1; // the rest would come only when the test says so, which it never does
    m_fake->setDefaultReply(reply);
    buildEngine(fakeEnvironment());
    RETURN_IF_FAILED();
    ChatPanel *panel = showPanel();
    QSignalSpy finished(panel, &ChatPanel::replyFinished);
    QSignalSpy disconnected(m_fake.get(), &FakeProvider::clientDisconnected);
    QSignalSpy completed(m_fake.get(), &FakeProvider::streamFinished);

    QVERIFY(panel->send(QStringLiteral("Take your time")));
    QTRY_VERIFY_WITH_TIMEOUT(panel->transcriptText().contains(QLatin1String("Slowly")), 30000);
    QVERIFY(panel->stopButton()->isEnabled());
    QTest::mouseClick(panel->stopButton(), Qt::LeftButton);

    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QCOMPARE(finished.first().first().toString(), QStringLiteral("cancelled"));
    // The upstream request is dropped, not left to run: the provider, which had nine more
    // tokens to send and would never have ended by itself, sees the connection go.
    QTRY_VERIFY_WITH_TIMEOUT(disconnected.size() >= 1, 30000);
    QCOMPARE(m_fake->heldStreams(), 0);
    QCOMPARE(completed.size(), 0);
    QVERIFY(!panel->stopButton()->isEnabled());
    QVERIFY(panel->sendButton()->isEnabled());
    QVERIFY2(!panel->transcriptText().contains(QLatin1String("forever")),
             qPrintable(panel->transcriptText()));
    QVERIFY2(panel->transcriptText().contains(QLatin1String("(stopped)")),
             qPrintable(panel->transcriptText()));
}

void TestChatPanel::sendIsDisabledWhileStreaming()
{
    FakeReply reply;
    reply.tokens = words({ "One", " two", " three", " four", " five" });
    reply.holdAfter = 1; // streaming until the test has tried to send again
    m_fake->setDefaultReply(reply);
    buildEngine(fakeEnvironment());
    RETURN_IF_FAILED();
    ChatPanel *panel = showPanel();
    QSignalSpy finished(panel, &ChatPanel::replyFinished);

    QVERIFY(panel->sendButton()->isEnabled());
    QVERIFY(!panel->stopButton()->isEnabled());

    QTest::keyClicks(panel->input(), QStringLiteral("Count to five"));
    QTest::keyClick(panel->input(), Qt::Key_Return);
    QVERIFY(!panel->sendButton()->isEnabled());
    QVERIFY(panel->stopButton()->isEnabled());

    // Neither Enter nor the button sends a second message while the reply streams.
    QTest::keyClicks(panel->input(), QStringLiteral("And again"));
    QTest::keyClick(panel->input(), Qt::Key_Return);
    QTest::mouseClick(panel->sendButton(), Qt::LeftButton);
    QCOMPARE(panel->input()->toPlainText(), QStringLiteral("And again"));
    QVERIFY(!panel->sendButton()->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(m_fake->heldStreams(), 1, 30000);
    QVERIFY(!panel->currentRun()->isFinished());
    m_fake->release();

    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 30000);
    QCOMPARE(finished.first().first().toString(), QStringLiteral("done"));
    QVERIFY(panel->sendButton()->isEnabled());
    QVERIFY(!panel->stopButton()->isEnabled());
    QCOMPARE(m_fake->chatRequests().size(), 1);
    QVERIFY(!panel->transcriptText().contains(QLatin1String("And again")));
}

void TestChatPanel::renderingIsThrottled_data()
{
    QTest::addColumn<int>("delayMs");
    QTest::addColumn<int>("minimumRenders");
    QTest::addColumn<int>("maximumRenders");
    // All 200 tokens arrive at once: a few reads, a render or two each at most, however slowly.
    QTest::newRow("burst") << 0 << 1 << 60;
    // 200 tokens, one at a time: as many renders as the time taken allows, no absolute bound
    // (a slower machine takes longer, and may render more often, never more than the interval
    // allows).
    QTest::newRow("trickle") << 1 << 2 << 200;
}

void TestChatPanel::renderingIsThrottled()
{
    QFETCH(int, delayMs);
    QFETCH(int, minimumRenders);
    QFETCH(int, maximumRenders);
    FakeReply reply;
    reply.chunks = 200;
    reply.delayMs = delayMs;
    m_fake->setDefaultReply(reply);
    buildEngine(fakeEnvironment());
    RETURN_IF_FAILED();
    ChatPanel *panel = showPanel();
    QSignalSpy finished(panel, &ChatPanel::replyFinished);

    QElapsedTimer clock;
    clock.start();
    QVERIFY(panel->send(QStringLiteral("Say a lot")));
    QSignalSpy changes(transcript()->document(), &QTextDocument::contentsChanged);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    const qint64 elapsed = clock.elapsed();
    QCOMPARE(finished.first().first().toString(), QStringLiteral("done"));

    QVERIFY2(panel->transcriptText().contains(QLatin1String("tok0 tok1 tok2")),
             qPrintable(panel->transcriptText().left(200)));
    QVERIFY2(panel->transcriptText().contains(QLatin1String("tok198 tok199")),
             qPrintable(panel->transcriptText().right(200)));
    const QString counted =
        QStringLiteral("the transcript changed %1 times for 200 tokens in %2 ms")
            .arg(changes.size())
            .arg(elapsed);
    QVERIFY2(changes.size() >= minimumRenders, qPrintable(counted));
    QVERIFY2(changes.size() < maximumRenders, qPrintable(counted));
    // At most one render per interval (and the final one), however slowly the tokens come: a
    // lower bound on the time taken, which a slower machine only makes easier to meet. (A coarse
    // timer may fire a millisecond early, hence the interval less one.)
    QVERIFY2(changes.size() <= elapsed / (ChatPanel::RenderIntervalMs - 1) + 3,
             qPrintable(counted));
}

void TestChatPanel::upstreamErrorIsShownAndUserCanRetry()
{
    FakeReply rejected;
    rejected.fault = FakeReply::Fault::Unauthorized;
    m_fake->enqueueReply(rejected);
    FakeReply fine;
    fine.tokens = words({ "All", " good", " now" });
    m_fake->setDefaultReply(fine);
    buildEngine(fakeEnvironment());
    RETURN_IF_FAILED();
    ChatPanel *panel = showPanel();
    QSignalSpy finished(panel, &ChatPanel::replyFinished);

    QVERIFY(!visibleLabelContaining(QStringLiteral("rejected the API key")));
    QTest::keyClicks(panel->input(), QStringLiteral("Hello?"));
    QTest::keyClick(panel->input(), Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QCOMPARE(finished.first().first().toString(), QStringLiteral("failed"));
    QLabel *notice = visibleLabelContaining(QStringLiteral("rejected the API key"));
    QVERIFY2(notice, "no visible notice says the provider rejected the key");
    QVERIFY(panel->sendButton()->isEnabled());
    QVERIFY(!panel->stopButton()->isEnabled());

    QTest::keyClicks(panel->input(), QStringLiteral("Try again"));
    QTest::keyClick(panel->input(), Qt::Key_Return);
    QCOMPARE(panel->input()->toPlainText(), QString());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 5000);
    QCOMPARE(finished.at(1).first().toString(), QStringLiteral("done"));
    QVERIFY2(panel->transcriptText().contains(QLatin1String("All good now")),
             qPrintable(panel->transcriptText()));
    QVERIFY2(!notice->isVisible(), "the error notice stayed up after a successful send");
    QCOMPARE(m_fake->chatRequests().size(), 2);
}

void TestChatPanel::upAndDownRecallEarlierMessages()
{
    buildEngine(fakeEnvironment());
    RETURN_IF_FAILED();
    ChatPanel *panel = showPanel();
    QSignalSpy finished(panel, &ChatPanel::replyFinished);
    QPlainTextEdit *input = panel->input();
    for (const QString &message :
         { QStringLiteral("first question"), QStringLiteral("second\non two lines") }) {
        input->setPlainText(message);
        QTest::keyClick(input, Qt::Key_Return);
        QVERIFY(finished.wait(5000));
    }

    QTest::keyClick(input, Qt::Key_Up);
    QCOMPARE(input->toPlainText(), QStringLiteral("second\non two lines"));
    QTest::keyClick(input, Qt::Key_Up); // unchanged, so further back, not a line up
    QCOMPARE(input->toPlainText(), QStringLiteral("first question"));
    QTest::keyClick(input, Qt::Key_Up); // the oldest stays
    QCOMPARE(input->toPlainText(), QStringLiteral("first question"));
    QTest::keyClick(input, Qt::Key_Down);
    QCOMPARE(input->toPlainText(), QStringLiteral("second\non two lines"));
    QTest::keyClick(input, Qt::Key_Down); // past the newest: an empty input again
    QCOMPARE(input->toPlainText(), QString());

    // Once edited, the text is the user's: the arrows move the cursor and replace nothing.
    QTest::keyClick(input, Qt::Key_Up);
    QTest::keyClicks(input, QStringLiteral("!"));
    QCOMPARE(input->toPlainText(), QStringLiteral("second\non two lines!"));
    QTest::keyClick(input, Qt::Key_Up);
    QCOMPARE(input->toPlainText(), QStringLiteral("second\non two lines!"));
    QCOMPARE(input->textCursor().blockNumber(), 0);
    // A draft of one's own is never replaced either.
    input->setPlainText(QStringLiteral("draft"));
    QTest::keyClick(input, Qt::Key_Up);
    QCOMPARE(input->toPlainText(), QStringLiteral("draft"));

    // The conversation shown from the store brings its messages back to the arrows.
    input->clear();
    ChatPanel again(*m_engine);
    again.showSession();
    QTest::keyClick(again.input(), Qt::Key_Up);
    QCOMPARE(again.input()->toPlainText(), QStringLiteral("second\non two lines"));
}

void TestChatPanel::onboardingUntilAProviderCanAnswer()
{
    buildEngine(QProcessEnvironment());
    RETURN_IF_FAILED();
    ChatPanel *panel = showPanel();

    // No error: a page that says what Attache needs, with the two ways to get it.
    QVERIFY(panel->isOnboarding());
    QVERIFY(!panel->input()->isVisible());
    QVERIFY(!transcript()->isVisible());
    OnboardingPage *page = panel->onboardingPage();
    QVERIFY(page->isVisible());
    QVERIFY(page->apiKeyButton()->isVisible());
    QVERIFY(page->localServerButton()->isVisible());
    QVERIFY(page->localServerButton()->text().contains(QLatin1String("Ollama")));
    QVERIFY2(visibleLabelContaining(QStringLiteral("OPENAI_API_KEY")),
             "the page does not name OPENAI_API_KEY");
    QSignalSpy wantsKey(panel, &ChatPanel::apiKeyRequested);
    QSignalSpy wantsServer(panel, &ChatPanel::localServerRequested);
    QTest::mouseClick(page->apiKeyButton(), Qt::LeftButton);
    QTest::mouseClick(page->localServerButton(), Qt::LeftButton);
    QCOMPARE(wantsKey.size(), 1);
    QCOMPARE(wantsServer.size(), 1);
    QCOMPARE(m_fake->chatRequests().size(), 0);

    // A key entered: the chat takes the page's place, ready for a message.
    m_engine->setApiKey(QStringLiteral("openai"), QStringLiteral("sk-test"));
    QVERIFY(!panel->isOnboarding());
    QVERIFY(!page->isVisible());
    QVERIFY(panel->input()->isVisible());
    QVERIFY(transcript()->isVisible());
}

void TestChatPanel::onboardingLeadsToTheProviderPanel()
{
    buildEngine(QProcessEnvironment());
    RETURN_IF_FAILED();
    auto *window = new MainWindow(*m_engine, *m_settings);
    m_window.reset(window);
    m_panel = window->chatPanel();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(m_panel->isOnboarding());
    window->providerDock()->hide();
    QTest::mouseClick(m_panel->onboardingPage()->localServerButton(), Qt::LeftButton);
    QVERIFY(window->providerDock()->isVisible());
    window->providerDock()->hide();
    QTest::mouseClick(m_panel->onboardingPage()->apiKeyButton(), Qt::LeftButton);
    QVERIFY(window->providerDock()->isVisible());
}

void TestChatPanel::mainWindowRenders()
{
    buildEngine(fakeEnvironment());
    RETURN_IF_FAILED();
    auto *window = new MainWindow(*m_engine, *m_settings);
    m_window.reset(window);
    m_panel = window->chatPanel();
    QVERIFY(m_panel);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));

    const QImage image = window->grab().toImage();
    QVERIFY(!image.isNull());
    QVERIFY2(image.width() >= 400 && image.height() >= 300,
             qPrintable(QStringLiteral("%1x%2").arg(image.width()).arg(image.height())));
    // Something is drawn: not a single flat colour.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height() && colours.size() < 3; y += 7) {
        for (int x = 0; x < image.width() && colours.size() < 3; x += 7)
            colours.insert(image.pixel(x, y));
    }
    QVERIFY(colours.size() >= 3);
    // The status bar names the provider the fake stands in for.
    QVERIFY(visibleLabelContaining(QStringLiteral("OpenAI")));
}

void TestChatPanel::runsOfOtherClientsAppearLive()
{
    buildEngine(fakeEnvironment());
    ChatPanel *panel = showPanel();
    FakeReply reply;
    reply.tokens = { QStringLiteral("Edited "), QStringLiteral("the "), QStringLiteral("file.") };
    reply.holdAfter = 1; // still streaming until the test has looked
    m_fake->setDefaultReply(reply);
    const QString editor = m_engine->presence().attach(
        QStringLiteral("vscode"), QStringLiteral("main.cpp"), QStringLiteral("websocket"));
    ChatRequest request;
    request.message = QStringLiteral("Refactor this");
    request.clientId = editor;
    QVERIFY(m_engine->chat(request).ok());
    // Shown while it streams, with who asked, before it is done.
    QTRY_VERIFY(panel->transcriptText().contains(QLatin1String("Refactor this")));
    QVERIFY(panel->transcriptText().contains(QLatin1String("VS Code (main.cpp)")));
    QTRY_VERIFY_WITH_TIMEOUT(panel->transcriptText().contains(QLatin1String("Edited")), 30000);
    QVERIFY(!panel->currentRun()->isFinished());
    QSignalSpy finished(panel, &ChatPanel::replyFinished);
    m_fake->release();
    QVERIFY(finished.wait(30000));
    QVERIFY(panel->transcriptText().contains(QLatin1String("Edited the file.")));

    // A run in another session is not this conversation: not when it starts, streams or ends.
    reply.holdAfter = -1;
    m_fake->setDefaultReply(reply);
    request.session = QStringLiteral("elsewhere");
    request.message = QStringLiteral("Unrelated question");
    const Result<Run *> unrelated = m_engine->chat(request);
    QVERIFY(unrelated.ok());
    QSignalSpy unrelatedDone(unrelated.value(), &Run::finished);
    QVERIFY(unrelated.value()->isFinished() || unrelatedDone.wait(30000));
    QVERIFY(postedEventsDelivered());
    QVERIFY(!panel->transcriptText().contains(QLatin1String("Unrelated question")));
    QCOMPARE(finished.size(), 1);
}

QTEST_MAIN(TestChatPanel)
#include "tst_chatpanel.moc"
