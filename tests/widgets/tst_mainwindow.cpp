// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The window as a desktop app: what closing does, the tray and its messages, the layout and the
// conversation found again at the next start.
#include "attachewarnings.h"
#include "chatpanel.h"
#include "fakeprovider.h"
#include "mainwindow.h"
#include "permissiondialog.h"
#include "sessions/sessionstore.h"
#include "testengine.h"
#include "trayicon.h"

#include <QDockWidget>
#include <QJsonArray>
#include <QLabel>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTest>
#include <QTimer>

namespace {

FakeReply replyOf(const QStringList &tokens, int delayMs = 0)
{
    FakeReply reply;
    reply.tokens = tokens;
    reply.delayMs = delayMs;
    return reply;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<TestEngine> m_test;

    Engine &engine() { return *m_test->engine; }
    std::unique_ptr<MainWindow> openWindow()
    {
        auto window = std::make_unique<MainWindow>(engine(), m_test->settings);
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            qWarning("the window was not exposed");
        return window;
    }

private Q_SLOTS:
    void init()
    {
        failOnAttacheWarnings();
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<TestEngine>(TestEngine::pointingAt(m_fake->baseUrl()));
    }
    void cleanup()
    {
        m_test.reset();
        delete m_fake;
    }

    void layoutComesBackAtTheNextStart()
    {
        {
            auto window = openWindow();
            window->resize(1100, 640);
            window->providerDock()->hide();
            QTRY_COMPARE(window->size(), QSize(1100, 640));
            QSignalSpy quit(window.get(), &MainWindow::quitRequested);
            QVERIFY(window->close());
            QCOMPARE(quit.size(), 1);
        }
        QVERIFY(!m_test->settings.value(Settings::WindowGeometry).isEmpty());
        QVERIFY(!m_test->settings.value(Settings::WindowState).isEmpty());

        auto again = std::make_unique<MainWindow>(engine(), m_test->settings);
        QCOMPARE(again->size(), QSize(1100, 640));
        again->show();
        QVERIFY(QTest::qWaitForWindowExposed(again.get()));
        QCOMPARE(again->size(), QSize(1100, 640));
        QVERIFY(!again->providerDock()->isVisible());
        QVERIFY(again->sessionDock()->isVisible());
    }

    void quittingFromTheMenuKeepsTheLayoutToo()
    {
        auto window = openWindow();
        window->resize(1150, 680);
        window->sessionDock()->hide();
        QSignalSpy quit(window.get(), &MainWindow::quitRequested);
        window->quitAction()->trigger();
        QCOMPARE(quit.size(), 1);
        window.reset();

        auto again = openWindow();
        QCOMPARE(again->size(), QSize(1150, 680));
        QVERIFY(!again->sessionDock()->isVisible());
        QVERIFY(again->providerDock()->isVisible());
    }

    void lastConversationIsOnScreenAtTheNextStart()
    {
        const QString db = m_test->dir.filePath(QStringLiteral("attache.db"));
        QString sessionId;
        {
            SessionStore store(db);
            QVERIFY(store.open().ok());
            Engine first(m_test->catalog, m_test->settings, &store);
            sessionId = first.sessionManager().newSession(QStringLiteral("Trip plans")).value();
            QVERIFY(first.sessionManager().load(sessionId).ok());
            m_fake->enqueueReply(replyOf({ QStringLiteral("Take"), QStringLiteral(" the"),
                                           QStringLiteral(" night"), QStringLiteral(" train.") }));
            MainWindow window(first, m_test->settings);
            QVERIFY(window.chatPanel()->send(QStringLiteral("How do I get to Vienna?")));
            QSignalSpy finished(&first, &Engine::runFinished);
            QVERIFY(finished.wait(10000));
            store.flush();
        }

        SessionStore store(db);
        QVERIFY(store.open().ok());
        Engine second(m_test->catalog, m_test->settings, &store);
        QCOMPARE(second.currentSessionId(), sessionId);
        MainWindow window(second, m_test->settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString transcript = window.chatPanel()->transcriptText();
        QVERIFY2(transcript.contains(QLatin1String("How do I get to Vienna?")),
                 qPrintable(transcript));
        QVERIFY2(transcript.contains(QLatin1String("Take the night train.")),
                 qPrintable(transcript));
    }

    void withoutATrayClosingQuitsAndTheWindowSaysSo()
    {
        // About a desktop without a tray; where there is one, a test cannot take it away.
        if (QSystemTrayIcon::isSystemTrayAvailable())
            QSKIP("this system has a tray");
        m_test->settings.setValue(Settings::CloseToTray, true);
        auto window = openWindow();
        QVERIFY(!window->trayIcon());
        QStringList said;
        for (const QLabel *label : window->statusBar()->findChildren<QLabel *>()) {
            if (label->isVisible())
                said.append(label->text());
        }
        const QString shown = said.join(QLatin1Char('|'));
        QVERIFY2(shown.contains(QLatin1String("No system tray")), qPrintable(shown));
        // Beside the provider, not over it.
        QVERIFY2(shown.contains(QLatin1String("OpenAI")), qPrintable(shown));
        QSignalSpy quit(window.get(), &MainWindow::quitRequested);
        QVERIFY(window->close());
        QCOMPARE(quit.size(), 1);
        QVERIFY(!window->isVisible());
    }

    void closingHidesToTheTrayAndSaysSoOnce()
    {
        m_test->settings.setValue(Settings::CloseToTray, true);
        auto window = openWindow();
        window->setUpTray();
        QVERIFY(window->trayIcon());
        QVERIFY(window->trayIcon()->isVisible());
        QSignalSpy quit(window.get(), &MainWindow::quitRequested);
        QSignalSpy shown(window->trayIcon(), &TrayIcon::messageShown);

        QVERIFY(!window->close());
        QVERIFY(!window->isVisible());
        QCOMPARE(quit.size(), 0);
        QCOMPARE(shown.size(), 1);
        QCOMPARE(shown.first().at(0).toString(), QStringLiteral("Attache keeps running"));

        window->showAndRaise();
        QVERIFY(window->isVisible());
        QVERIFY(!window->close());
        QVERIFY(!window->isVisible());
        QCOMPARE(shown.size(), 1); // said once is enough
        QCOMPARE(quit.size(), 0);

        // Quit from the tray menu ends it for real.
        window->quitAction()->trigger();
        QCOMPARE(quit.size(), 1);
    }

    void closingQuitsWhenCloseToTrayIsOff()
    {
        m_test->settings.setValue(Settings::CloseToTray, false);
        auto window = openWindow();
        window->setUpTray();
        QSignalSpy quit(window.get(), &MainWindow::quitRequested);
        QVERIFY(window->close());
        QCOMPARE(quit.size(), 1);
    }

    void trayMessagesOnlyWhileTheWindowIsAway()
    {
        auto window = openWindow();
        window->setUpTray();
        TrayIcon *tray = window->trayIcon();
        QSignalSpy shown(tray, &TrayIcon::messageShown);

        // On screen, the window speaks for itself.
        QVERIFY(engine()
                    .notifications()
                    .post(QStringLiteral("Index rebuilt"), QStringLiteral("info"),
                          QStringLiteral("c_editor"))
                    .ok());
        QCOMPARE(shown.size(), 0);

        window->hide();
        QVERIFY(engine()
                    .notifications()
                    .post(QStringLiteral("Tests pass again"), QStringLiteral("info"),
                          QStringLiteral("c_editor"))
                    .ok());
        QCOMPARE(shown.size(), 1);
        QCOMPARE(shown.last().at(1).toString(), QStringLiteral("Tests pass again"));
        // A message for another client is not the window's business.
        QVERIFY(engine()
                    .notifications()
                    .post(QStringLiteral("For the editor only"), QStringLiteral("info"),
                          QStringLiteral("c_cli"), QStringLiteral("c_editor"))
                    .ok());
        QCOMPARE(shown.size(), 1);

        window->showAndRaise();
        window->showMinimized();
        QTRY_VERIFY(window->isMinimized());
        QVERIFY(engine()
                    .notifications()
                    .post(QStringLiteral("Shall I run the linter?"), QStringLiteral("question"),
                          QStringLiteral("c_editor"))
                    .ok());
        QCOMPARE(shown.size(), 2);
        QCOMPARE(shown.last().at(0).toString(), QStringLiteral("Attache asks"));
    }

    void permissionRequestWhileHiddenIsAnnouncedAndClickShowsIt()
    {
        auto window = openWindow();
        window->setUpTray();
        QSignalSpy shown(window->trayIcon(), &TrayIcon::messageShown);
        window->hide();

        PermissionRequest request;
        request.tool = QStringLiteral("run_command");
        request.arguments = { { QStringLiteral("argv"), QJsonArray { QStringLiteral("make") } } };
        QObject context;
        engine().tools().permissions().ask(request, &context,
                                           [](bool, const QString &, const QString &) {});
        QCOMPARE(shown.size(), 1);
        QCOMPARE(shown.first().at(0).toString(), QStringLiteral("Permission needed"));
        QVERIFY(shown.first().at(1).toString().contains(QLatin1String("run_command")));

        Q_EMIT window->trayIcon()->messageClicked();
        QVERIFY(window->isVisible());
        const QList<PermissionDialog *> dialogs = window->findChildren<PermissionDialog *>();
        QCOMPARE(dialogs.size(), 1);
        QVERIFY(dialogs.first()->isVisible());
    }

    void longRepliesAreAnnouncedWhenTheyFinish()
    {
        auto window = openWindow();
        window->setUpTray();
        TrayIcon *tray = window->trayIcon();
        QSignalSpy shown(tray, &TrayIcon::messageShown);
        QSignalSpy finished(&engine(), &Engine::runFinished);
        window->hide();

        // Quick: over within a long-run time longer than the test waits for it.
        tray->setLongRunMs(10 * 60 * 1000);
        m_fake->enqueueReply(replyOf({ QStringLiteral("Quick.") }));
        QVERIFY(window->chatPanel()->send(QStringLiteral("fast one")));
        QVERIFY(finished.wait(60000));
        QCOMPARE(shown.size(), 0);

        // Long: the reply is held past the long-run time before it may go on (a lower bound on
        // how long it takes, which a slow machine only lengthens).
        tray->setLongRunMs(300);
        FakeReply slow = replyOf({ QStringLiteral("Slow"), QStringLiteral(" but"),
                                   QStringLiteral(" thorough"), QStringLiteral(" answer.") });
        slow.holdAfter = 1;
        m_fake->enqueueReply(slow);
        QVERIFY(window->chatPanel()->send(QStringLiteral("slow one")));
        QTRY_COMPARE_WITH_TIMEOUT(m_fake->heldStreams(), 1, 30000);
        QTimer::singleShot(500, Qt::PreciseTimer, m_fake, &FakeProvider::release);
        QVERIFY(finished.wait(60000));
        QCOMPARE(shown.size(), 1);
        QCOMPARE(shown.first().at(0).toString(), QStringLiteral("Reply ready"));
        QCOMPARE(shown.first().at(1).toString(), QStringLiteral("Slow but thorough answer."));
    }

    void pauseServerAsksAndShowsTheState()
    {
        auto window = openWindow();
        window->setUpTray();
        window->setServerAddress(QStringLiteral("Editors attach at http://127.0.0.1:8765"));
        QSignalSpy asked(window.get(), &MainWindow::serverPauseRequested);
        QAction *pause = window->pauseServerAction();
        QVERIFY(pause->isCheckable());

        pause->trigger();
        QCOMPARE(asked.size(), 1);
        QCOMPARE(asked.first().first().toBool(), true);
        // The app answers with the server's state; the window shows it.
        window->setServerPaused(true);
        QVERIFY(pause->isChecked());
        QCOMPARE(asked.size(), 1);
        const QList<QLabel *> labels = window->statusBar()->findChildren<QLabel *>();
        const auto showing = [&labels](const QString &text) {
            for (QLabel *label : labels) {
                if (label->text().contains(text))
                    return true;
            }
            return false;
        };
        QVERIFY(showing(QStringLiteral("paused")));

        pause->trigger();
        QCOMPARE(asked.last().first().toBool(), false);
        window->setServerPaused(false);
        QVERIFY(!pause->isChecked());
        QVERIFY(showing(QStringLiteral("127.0.0.1:8765")));
    }

    void newChatStartsAFreshSession()
    {
        auto window = openWindow();
        const QString before = engine().currentSessionId();
        const int count = int(engine().sessions().size());
        window->hide();
        window->newChatAction()->trigger();
        // The current chat is still empty: New reuses it rather than making another.
        QCOMPARE(engine().currentSessionId(), before);
        QCOMPARE(int(engine().sessions().size()), count);
        QVERIFY(window->isVisible());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
