// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The window from the keyboard and in a small size: where the focus goes (New, a chat opened,
// Tab), the shortcuts and the Help menu, and the side panels folding away at 800×600.
#include "chatpanel.h"
#include "fakeprovider.h"
#include "findbar.h"
#include "helpdialogs.h"
#include "mainwindow.h"
#include "modalanswer.h"
#include "providerpanel.h"
#include "sessionmodel.h"
#include "sessionpanel.h"
#include "testengine.h"
#include "transcriptview.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableWidget>
#include <QTest>
#include <QToolBar>

class TestWindowFocus : public QObject
{
    Q_OBJECT

private:
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<TestEngine> m_test;
    std::unique_ptr<MainWindow> m_window;

    Engine &engine() { return *m_test->engine; }
    SessionPanel *sessions() const { return m_window->sessionPanel(); }
    QPlainTextEdit *input() const { return m_window->chatPanel()->input(); }
    void talk(const QString &message)
    {
        FakeReply reply;
        reply.tokens = { QStringLiteral("Sure.") };
        m_fake->enqueueReply(reply);
        ChatRequest request;
        request.message = message;
        request.clientId = QStringLiteral("c_test");
        Run *run = engine().chat(request).value();
        QTRY_VERIFY(run->isFinished());
    }
    QModelIndex rowOf(const QString &id) const
    {
        const int row = sessions()->model()->rowOf(id);
        return sessions()->proxy()->mapFromSource(sessions()->model()->index(row));
    }

private Q_SLOTS:
    void init()
    {
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<TestEngine>(TestEngine::pointingAt(m_fake->baseUrl()));
        m_window = std::make_unique<MainWindow>(engine(), m_test->settings);
        m_window->resize(1300, 820);
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }
    void cleanup()
    {
        m_window.reset();
        m_test.reset();
        delete m_fake;
    }

    void newPutsTheCursorInTheMessageBox()
    {
        talk(QStringLiteral("Something to keep")); // the current chat is not empty
        const int before = int(engine().sessions().size());
        QTest::mouseClick(sessions()->newButton(), Qt::LeftButton);
        QTRY_COMPARE(QApplication::focusWidget(), input());
        QCOMPARE(int(engine().sessions().size()), before + 1);
        // What is typed next lands in the box; a space makes no other chat.
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("a b"));
        QCOMPARE(input()->toPlainText(), QStringLiteral("a b"));
        QCOMPARE(int(engine().sessions().size()), before + 1);
    }

    void newReusesAnEmptyChat()
    {
        const int before = int(engine().sessions().size());
        const QString empty = engine().currentSessionId();
        m_window->newChat();
        m_window->newChat();
        QCOMPARE(int(engine().sessions().size()), before);
        QCOMPARE(engine().currentSessionId(), empty);

        talk(QStringLiteral("Now it has a message"));
        m_window->newChat();
        QCOMPARE(int(engine().sessions().size()), before + 1);
        const QString fresh = engine().currentSessionId();
        QVERIFY(fresh != empty);
        // Back in the first chat, New goes to the empty one rather than making a third.
        QVERIFY(engine().sessionManager().load(empty).ok());
        m_window->newChat();
        QCOMPARE(engine().currentSessionId(), fresh);
        QCOMPARE(int(engine().sessions().size()), before + 1);
    }

    void oneClickOpensAChat()
    {
        talk(QStringLiteral("The first chat"));
        const QString first = engine().currentSessionId();
        m_window->newChat();
        QVERIFY(engine().currentSessionId() != first);
        QListView *list = sessions()->list();
        list->setFocus();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                          list->visualRect(rowOf(first)).center());
        QTRY_COMPARE(engine().currentSessionId(), first);
        QTRY_COMPARE(QApplication::focusWidget(), input());
        QVERIFY(m_window->chatPanel()->transcriptText().contains(QLatin1String("The first chat")));
    }

    void tabGoesThroughTheChatInReadingOrder()
    {
        sessions()->list()->setFocus(Qt::OtherFocusReason);
        QTRY_COMPARE(QApplication::focusWidget(), sessions()->list());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), m_window->chatPanel()->transcript());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        QCOMPARE(QApplication::focusWidget(), input());
        QTest::keyClicks(input(), QStringLiteral("draft"));
        QTest::keyClick(input(), Qt::Key_Tab); // leaves the box, types no tab
        QCOMPARE(QApplication::focusWidget(), m_window->chatPanel()->sendButton());
        QCOMPARE(input()->toPlainText(), QStringLiteral("draft"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Backtab);
        QCOMPARE(QApplication::focusWidget(), input());
    }

    void focusNeverDisappears()
    {
        m_window->providerPanel()->providerCombo()->setFocus(Qt::OtherFocusReason);
        QTRY_VERIFY(QApplication::focusWidget());
        for (int i = 0; i < 60; ++i) {
            QWidget *before = QApplication::focusWidget();
            QTest::keyClick(before, i < 30 ? Qt::Key_Tab : Qt::Key_Backtab);
            QWidget *now = QApplication::focusWidget();
            QVERIFY2(now, qPrintable(QStringLiteral("focus lost after %1").arg(i)));
            QVERIFY2(now->isVisible() && now->window() == m_window.get(),
                     qPrintable(QStringLiteral("focus on a hidden %1 (%2) after %3")
                                    .arg(QString::fromLatin1(now->metaObject()->className()),
                                         now->objectName())
                                    .arg(i)));
        }
    }

    void deleteKeyAndContextMenuOnChats()
    {
        talk(QStringLiteral("Doomed chat"));
        const QString doomed = engine().currentSessionId();
        m_window->newChat();
        QListView *list = sessions()->list();
        list->setCurrentIndex(rowOf(doomed));
        list->setFocus();
        QMenu *menu = sessions()->contextMenu();
        QStringList items;
        for (QAction *action : menu->actions())
            items.append(action->text());
        delete menu;
        QVERIFY2(items.contains(QStringLiteral("Delete"))
                     && items.contains(QStringLiteral("Rename"))
                     && items.contains(QStringLiteral("Open")),
                 qPrintable(items.join(QLatin1Char(','))));
        answerNextMessageBox(QMessageBox::Yes);
        QTest::keyClick(list, Qt::Key_Delete);
        QTRY_VERIFY(!engine().session(doomed));
    }

    void shortcutsForTheMessageBoxAndFind()
    {
        talk(QStringLiteral("Where is the needle?"));
        sessions()->list()->setFocus();
        m_window->focusInputAction()->trigger();
        QCOMPARE(QApplication::focusWidget(), input());
        QCOMPARE(m_window->focusInputAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_L));
        QCOMPARE(m_window->findAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_F));

        m_window->findAction()->trigger();
        FindBar *find = m_window->chatPanel()->findBar();
        QVERIFY(find->isVisible());
        QCOMPARE(QApplication::focusWidget(), find->field());
        QTest::keyClicks(find->field(), QStringLiteral("needle"));
        // English plural forms come from the app's attache_en.ts, not loaded here.
        QCOMPARE(find->status()->text(),
                 QCoreApplication::translate("FindBar", "%n match(es)", nullptr, 1));
        QVERIFY(
            m_window->chatPanel()->transcript()->selectedText().contains(QLatin1String("needle")));
        find->field()->setText(QStringLiteral("haystack"));
        QCOMPARE(find->status()->text(), QStringLiteral("No matches"));
        QTest::keyClick(find->field(), Qt::Key_Escape);
        QVERIFY(!find->isVisible());
    }

    void helpMenuListsTheShortcuts()
    {
        QMenu *help = nullptr;
        for (QAction *action : m_window->menuBar()->actions()) {
            if (action->menu() && action->menu()->actions().contains(m_window->aboutAction()))
                help = action->menu();
        }
        QVERIFY(help);
        QVERIFY(help->actions().contains(m_window->shortcutsAction()));
        m_window->shortcutsAction()->trigger();
        auto *dialog = m_window->findChild<QDialog *>(QStringLiteral("shortcutsDialog"));
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        auto *table = dialog->findChild<QTableWidget *>();
        QStringList keys;
        for (int row = 0; row < table->rowCount(); ++row)
            keys.append(table->item(row, 0)->text());
        // Every shortcut the window's actions have is listed.
        for (QAction *action : { m_window->findAction(), m_window->focusInputAction(),
                                 m_window->newChatAction(), m_window->settingsAction() })
            QVERIFY2(keys.contains(action->shortcut().toString(QKeySequence::NativeText)),
                     qPrintable(action->shortcut().toString()));
        dialog->close();
    }

    void smallWindowsKeepTheChatWide()
    {
        QVERIFY(m_window->sessionDock()->isVisible());
        QVERIFY(m_window->providerDock()->isVisible());
        m_window->resize(800, 600);
        // The window takes the size asked for, the panels fold, nothing is cut off.
        QTRY_VERIFY2(m_window->width() == 800 && m_window->height() == 600,
                     qPrintable(QStringLiteral("%1 x %2, at least %3 wide")
                                    .arg(m_window->width())
                                    .arg(m_window->height())
                                    .arg(m_window->minimumSizeHint().width())));
        QTRY_VERIFY(!m_window->sessionDock()->isVisible());
        QVERIFY(!m_window->providerDock()->isVisible());
        QTRY_VERIFY(m_window->chatPanel()->width() > 800 * 9 / 10);
        // Nothing needs more room than the window has.
        QVERIFY(m_window->minimumSizeHint().width() <= 804);
        QVERIFY(m_window->minimumSizeHint().height() <= 600);
        QVERIFY(m_window->chatPanel()->sendButton()->isVisible());
        QVERIFY(m_window->chatPanel()->sendButton()->geometry().right()
                < m_window->chatPanel()->width());

        // A click on the toolbar brings a panel back.
        QVERIFY(m_window->panelsToolBar()->isVisible());
        m_window->sessionDock()->toggleViewAction()->trigger();
        QVERIFY(m_window->sessionDock()->isVisible());
        m_window->sessionDock()->toggleViewAction()->trigger();

        m_window->resize(1400, 900);
        QTRY_VERIFY(m_window->sessionDock()->isVisible());
        QVERIFY(m_window->providerDock()->isVisible());
    }
};

QTEST_MAIN(TestWindowFocus)
#include "tst_windowfocus.moc"
