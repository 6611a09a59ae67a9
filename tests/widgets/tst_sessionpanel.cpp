// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The session panel as a user meets it, with the list following the engine live.
#include "attachewarnings.h"
#include "chatpanel.h"
#include "fakeprovider.h"
#include "mainwindow.h"
#include "modalanswer.h"
#include "providerpanel.h"
#include "sessionmodel.h"
#include "sessionpanel.h"
#include "testengine.h"

#include <QAbstractItemModelTester>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTest>

class TestSessionPanel : public QObject
{
    Q_OBJECT

private:
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<TestEngine> m_test;
    std::unique_ptr<MainWindow> m_window;

    Engine &engine() { return *m_test->engine; }
    SessionPanel *panel() const { return m_window->sessionPanel(); }
    QStringList shownNames() const
    {
        QStringList names;
        for (int row = 0; row < panel()->proxy()->rowCount(); ++row)
            names.append(panel()->proxy()->index(row, 0).data().toString());
        return names;
    }
    QModelIndex shownIndex(const QString &name) const
    {
        for (int row = 0; row < panel()->proxy()->rowCount(); ++row) {
            const QModelIndex index = panel()->proxy()->index(row, 0);
            if (index.data().toString() == name)
                return index;
        }
        return {};
    }
    QString create(const QString &name)
    {
        return engine().sessionManager().newSession(name).value();
    }
    // A finished turn in a session, so it has history to show.
    void talk(const QString &session, const QString &message, const QString &reply)
    {
        FakeReply answer;
        answer.tokens = { reply };
        m_fake->enqueueReply(answer);
        ChatRequest request;
        request.message = message;
        request.session = session;
        request.clientId = QStringLiteral("c_test");
        Run *run = engine().chat(request).value();
        QTRY_VERIFY(run->isFinished());
    }

private Q_SLOTS:
    void init()
    {
        failOnAttacheWarnings();
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<TestEngine>(TestEngine::pointingAt(m_fake->baseUrl()));
        m_window = std::make_unique<MainWindow>(engine(), m_test->settings);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }
    void cleanup()
    {
        m_window.reset();
        m_test.reset();
        delete m_fake;
    }

    void modelPassesTheTester()
    {
        QAbstractItemModelTester tester(panel()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(
            panel()->proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString id = create(QStringLiteral("Alpha"));
        create(QStringLiteral("Beta"));
        QVERIFY(engine().sessionManager().rename(id, QStringLiteral("Alpha 2")).ok());
        panel()->searchBox()->setText(QStringLiteral("alp"));
        QVERIFY(engine().sessionManager().load(id).ok());
        QVERIFY(engine().sessionManager().remove(id).ok());
        panel()->searchBox()->clear();
        const QModelIndex first = panel()->model()->index(0);
        QVERIFY(!first.data(SessionModel::IdRole).toString().isEmpty());
        QVERIFY(first.data(Qt::ToolTipRole).toString().contains(QLatin1String("message")));
    }

    void listFollowsTheEngineLive()
    {
        QCOMPARE(shownNames(), QStringList { QStringLiteral("Default") });
        const QString id = create(QStringLiteral("Groceries"));
        QVERIFY(shownNames().contains(QStringLiteral("Groceries")));
        QVERIFY(engine().sessionManager().rename(id, QStringLiteral("Shopping")).ok());
        QVERIFY(shownNames().contains(QStringLiteral("Shopping")));
        QVERIFY(!shownNames().contains(QStringLiteral("Groceries")));
        QVERIFY(engine().sessionManager().remove(id).ok());
        QCOMPARE(shownNames(), QStringList { QStringLiteral("Default") });
    }

    void currentSessionIsBold()
    {
        const QString id = create(QStringLiteral("Work"));
        QVERIFY(!shownIndex(QStringLiteral("Work")).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(engine().sessionManager().load(id).ok());
        QVERIFY(shownIndex(QStringLiteral("Work")).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(shownIndex(QStringLiteral("Work")).data(SessionModel::CurrentRole).toBool());
        QCOMPARE(panel()->selectedId(), id);
    }

    void searchFiltersCaseInsensitively()
    {
        create(QStringLiteral("Rust questions"));
        create(QStringLiteral("Qt layouts"));
        QTest::keyClicks(panel()->searchBox(), QStringLiteral("RUST"));
        QCOMPARE(shownNames(), QStringList { QStringLiteral("Rust questions") });
        panel()->searchBox()->clear();
        QCOMPARE(shownNames().size(), 3);
    }

    void aClickLoadsAndChatShowsItsHistory()
    {
        talk(QStringLiteral("Alpha"), QStringLiteral("What is 2+2?"),
             QStringLiteral("It is four."));
        QVERIFY(engine().currentSessionId() != engine().session(QStringLiteral("Alpha"))->id);
        const QModelIndex index = shownIndex(QStringLiteral("Alpha"));
        QVERIFY(index.isValid());
        QListView *list = panel()->list();
        const QPoint centre = list->visualRect(index).center();
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, centre); // one click opens it
        QTRY_COMPARE(engine().currentSessionId(), engine().session(QStringLiteral("Alpha"))->id);
        const QString transcript = m_window->chatPanel()->transcriptText();
        QVERIFY2(transcript.contains(QLatin1String("What is 2+2?")), qPrintable(transcript));
        QVERIFY2(transcript.contains(QLatin1String("It is four.")), qPrintable(transcript));

        // Back to Default with Enter: its (empty) conversation replaces Alpha's.
        list->setCurrentIndex(shownIndex(QStringLiteral("Default")));
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Return);
        QTRY_COMPARE(engine().session()->name, QStringLiteral("Default"));
        QVERIFY(!m_window->chatPanel()->transcriptText().contains(QLatin1String("It is four.")));
    }

    void deleteAsksFirst()
    {
        const QString id = create(QStringLiteral("Keep me"));
        panel()->list()->setCurrentIndex(shownIndex(QStringLiteral("Keep me")));
        QString asked;
        answerNextMessageBox(QMessageBox::No, &asked);
        panel()->deleteButton()->click();
        QVERIFY2(asked.contains(QLatin1String("Keep me")), qPrintable(asked));
        QVERIFY(engine().session(id));

        answerNextMessageBox(QMessageBox::Yes);
        panel()->deleteButton()->click();
        QVERIFY(!engine().session(id));
        QVERIFY(!shownNames().contains(QStringLiteral("Keep me")));
    }

    void deletingTheCurrentSessionMovesToAnother()
    {
        talk(QStringLiteral("Other"), QStringLiteral("Remember the milk"),
             QStringLiteral("Noted."));
        const QString doomed = create(QStringLiteral("Doomed"));
        QVERIFY(engine().sessionManager().load(doomed).ok());
        QCOMPARE(panel()->selectedId(), doomed);
        answerNextMessageBox(QMessageBox::Yes);
        panel()->deleteButton()->click();
        QVERIFY(!engine().session(doomed));
        QVERIFY(!engine().currentSessionId().isEmpty());
        QVERIFY(engine().currentSessionId() != doomed);
        QCOMPARE(panel()->selectedId(), engine().currentSessionId());
        if (engine().session()->name == QLatin1String("Other"))
            QVERIFY(m_window->chatPanel()->transcriptText().contains(QLatin1String("Noted.")));
    }

    void refusedNamesAreExplained()
    {
        create(QStringLiteral("Taken"));
        const QModelIndex index = shownIndex(QStringLiteral("Default"));
        QVERIFY(panel()->proxy()->setData(index, QStringLiteral("Taken")));
        QTRY_VERIFY(m_window->findChild<QMessageBox *>(QStringLiteral("sessionError")));
        auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("sessionError"));
        QVERIFY(!box->text().isEmpty());
        box->accept();
        QVERIFY(shownNames().contains(QStringLiteral("Default")));

        QVERIFY(panel()->proxy()->setData(shownIndex(QStringLiteral("Default")),
                                          QStringLiteral("Renamed")));
        QTRY_VERIFY(shownNames().contains(QStringLiteral("Renamed")));
    }

    void docksToggleFromTheViewMenu()
    {
        QVERIFY(m_window->sessionDock()->isVisible());
        m_window->sessionDock()->toggleViewAction()->trigger();
        QVERIFY(!m_window->sessionDock()->isVisible());
        m_window->sessionDock()->toggleViewAction()->trigger();
        QVERIFY(m_window->sessionDock()->isVisible());
        QVERIFY(m_window->providerDock()->isVisible());
    }

    void titlesComeFromTheFirstMessage()
    {
        const QString id = engine().sessionManager().newSession({}).value(); // "Chat 1"
        talk(engine().session(id)->name,
             QStringLiteral("How do I bake sourdough bread at home without a proofing basket?"),
             QStringLiteral("Use a bowl."));
        const QString title = engine().session(id)->title;
        QVERIFY2(title.startsWith(QLatin1String("How do I bake sourdough bread")),
                 qPrintable(title));
        QVERIFY(title.size() <= SessionManager::MaxTitleLength);
        const QModelIndex index =
            panel()->proxy()->mapFromSource(panel()->model()->index(panel()->model()->rowOf(id)));
        QCOMPARE(index.data().toString(), title);
        // The whole title in the tooltip; the name the user gives wins over it.
        QVERIFY(index.data(Qt::ToolTipRole).toString().contains(title));
        QVERIFY(engine().sessionManager().rename(id, QStringLiteral("Bread")).ok());
        QVERIFY(shownNames().contains(QStringLiteral("Bread")));
    }

    void groupedByDay()
    {
        const QDate today(2026, 3, 10);
        const QDateTime noon(today, QTime(12, 0));
        QCOMPARE(SessionModel::groupOf(noon, today), SessionModel::Today);
        QCOMPARE(SessionModel::groupOf(noon.addDays(-1), today), SessionModel::Yesterday);
        QCOMPARE(SessionModel::groupOf(noon.addDays(-9), today), SessionModel::Earlier);

        create(QStringLiteral("Also today"));
        const QString old = create(QStringLiteral("Last week"));
        engine().sessionManager().find(old)->updated = QDateTime::currentDateTimeUtc().addDays(-8);
        panel()->model()->refresh();
        const QModelIndex oldIndex = shownIndex(QStringLiteral("Last week"));
        QCOMPARE(oldIndex.data(SessionModel::GroupRole).toInt(), int(SessionModel::Earlier));
        QCOMPARE(shownIndex(QStringLiteral("Default")).data(SessionModel::GroupRole).toInt(),
                 int(SessionModel::Today));
        // Today's first; a heading over the first of each group makes it taller.
        QCOMPARE(shownNames().constLast(), QStringLiteral("Last week"));
        QListView *list = panel()->list();
        const QModelIndex first = panel()->proxy()->index(0, 0);
        const QModelIndex second = panel()->proxy()->index(1, 0);
        QCOMPARE(second.data(SessionModel::GroupRole).toInt(), int(SessionModel::Today));
        QVERIFY(list->visualRect(first).height() > list->visualRect(second).height());
        QVERIFY(list->visualRect(oldIndex).height() > list->visualRect(second).height());
        QVERIFY(!shownIndex(QStringLiteral("Default"))
                     .data(SessionModel::DateTextRole)
                     .toString()
                     .isEmpty());
    }

    void searchLooksIntoTheMessages()
    {
        talk(QStringLiteral("Cooking"), QStringLiteral("How long do eggs boil?"),
             QStringLiteral("About nine minutes for hard-boiled."));
        talk(QStringLiteral("Travel"), QStringLiteral("Trains to Lyon?"),
             QStringLiteral("Every hour."));
        QTest::keyClicks(panel()->searchBox(), QStringLiteral("HARD-BOILED"));
        QCOMPARE(shownNames(), QStringList { QStringLiteral("Cooking") });
        QVERIFY(!panel()->noMatches()->isVisible());
        panel()->searchBox()->setText(QStringLiteral("submarine"));
        QCOMPARE(shownNames(), QStringList());
        QVERIFY(panel()->noMatches()->isVisible());
        panel()->searchBox()->clear();
        QVERIFY(!panel()->noMatches()->isVisible());
        QCOMPARE(shownNames().size(), 3);
    }

    void screenshot()
    {
        talk(QStringLiteral("Markdown tables"),
             QStringLiteral("How do I make a table in Markdown?"),
             QStringLiteral(
                 "Use pipes and a header rule:\n\n```\n| a | b |\n|---|---|\n| 1 | 2 |\n```\n\n"
                 "- **Pipes** separate columns\n- The second line marks the header."));
        create(QStringLiteral("Weekend plans"));
        QVERIFY(engine().sessionManager().load(QStringLiteral("Markdown tables")).ok());
        QTRY_VERIFY(!m_window->providerPanel()->isLoadingModels());
        const QPixmap shot = m_window->grab();
        QVERIFY(!shot.isNull());
        const QString path = qEnvironmentVariable("ATTACHE_SCREENSHOT");
        if (!path.isEmpty())
            QVERIFY(shot.save(path));
    }
};

QTEST_MAIN(TestSessionPanel)
#include "tst_sessionpanel.moc"
