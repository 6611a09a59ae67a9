// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The usage view over a real ledger (SQLite in a temporary folder): chats through the fake
// provider show up in the table, the totals and the chart, by every breakdown.
#include "attachewarnings.h"
#include "fakeprovider.h"
#include "mainwindow.h"
#include "sessions/sessionstore.h"
#include "testengine.h"
#include "usagechart.h"
#include "usageview.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>

/** An engine whose sessions and usage persist, as the app runs it. */
struct LedgerEngine
{
    explicit LedgerEngine(const QUrl &provider)
        : settings(dir.filePath(QStringLiteral("settings.ini")))
        , store(dir.filePath(QStringLiteral("attache.db")))
    {
        opened = store.open();
        catalog = ProviderCatalog::load({}, TestEngine::pointingAt(provider));
        engine = std::make_unique<Engine>(catalog, settings, &store);
    }
    ~LedgerEngine()
    {
        engine.reset();
        store.flush();
    }

    QTemporaryDir dir;
    Settings settings;
    SessionStore store;
    Status opened;
    ProviderCatalog catalog;
    std::unique_ptr<Engine> engine;
};

class TestUsageView : public QObject
{
    Q_OBJECT

private:
    FakeProvider *m_fake = nullptr;
    std::unique_ptr<LedgerEngine> m_app;
    std::unique_ptr<UsageView> m_view;

    Engine &engine() { return *m_app->engine; }
    UsageModel *model() const { return m_view->model(); }
    QString cell(int row, int column) const
    {
        return model()->index(row, column).data().toString();
    }
    // One finished chat turn: promptTokens in, one token out per word of the reply.
    void chat(const QString &session, int promptTokens, const QStringList &reply,
              const QString &client = QStringLiteral("gui"))
    {
        FakeReply answer;
        answer.tokens = reply;
        answer.promptTokens = promptTokens;
        m_fake->enqueueReply(answer);
        ChatRequest request;
        request.message = QStringLiteral("hello");
        request.session = session;
        request.clientId = client;
        Result<Run *> run = engine().chat(request);
        QVERIFY(run.ok());
        QSignalSpy finished(&engine(), &Engine::runFinished);
        QVERIFY(finished.wait(5000));
    }

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void init()
    {
        failOnAttacheWarnings();
        m_fake = new FakeProvider(this);
        QVERIFY(m_fake->listen());
        m_app = std::make_unique<LedgerEngine>(m_fake->baseUrl());
        QVERIFY(m_app->opened.ok());
        m_view = std::make_unique<UsageView>(engine());
        m_view->resize(760, 320);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }
    void cleanup()
    {
        m_view.reset();
        m_app.reset();
        delete m_fake;
    }

    void emptyLedgerSaysSo()
    {
        QCOMPARE(model()->rowCount(), 0);
        QCOMPARE(m_view->totalsLabel()->text(), QStringLiteral("No chats in this period."));
        QVERIFY(m_view->chart()->bars().isEmpty());
    }

    void finishedChatShowsUpAtOnce()
    {
        QAbstractItemModelTester tester(model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        chat(QString(), 1234,
             { QStringLiteral("Hi"), QStringLiteral(" there"), QStringLiteral("!") });
        QCOMPARE(model()->rowCount(), 1);
        QCOMPARE(cell(0, UsageModel::NameColumn), QStringLiteral("OpenAI"));
        QCOMPARE(cell(0, UsageModel::RequestsColumn), QStringLiteral("1"));
        QCOMPARE(cell(0, UsageModel::PromptColumn), QStringLiteral("1,234"));
        QCOMPARE(cell(0, UsageModel::CompletionColumn), QStringLiteral("3"));
        // gpt-4o-mini at its catalog price: a fraction of a cent keeps its digits.
        QCOMPARE(cell(0, UsageModel::CostColumn), QStringLiteral("$0.00019"));
        QCOMPARE(model()
                     ->index(0, UsageModel::CostColumn)
                     .data(Qt::TextAlignmentRole)
                     .value<Qt::Alignment>(),
                 Qt::AlignRight | Qt::AlignVCenter);
        QVERIFY(m_view->totalsLabel()->text().contains(QLatin1String("Tokens in: 1,234")));
        QVERIFY(m_view->totalsLabel()->text().contains(QLatin1String("Tokens out: 3")));
        QCOMPARE(m_view->chart()->bars().size(), 1);
        QCOMPARE(m_view->chart()->bars().at(0).in, 1234);
        QCOMPARE(m_view->chart()->bars().at(0).out, 3);

        chat(QString(), 10, { QStringLiteral("Again") });
        QCOMPARE(cell(0, UsageModel::RequestsColumn), QStringLiteral("2"));
        QCOMPARE(cell(0, UsageModel::PromptColumn), QStringLiteral("1,244"));
    }

    void everyBreakdown()
    {
        QAbstractItemModelTester tester(model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        chat(QString(), 5, { QStringLiteral("a") });
        chat(QStringLiteral("Holiday plans"), 7, { QStringLiteral("b"), QStringLiteral("c") },
             QStringLiteral("http"));

        m_view->setBreakdown(UsageView::Breakdown::Model);
        QCOMPARE(model()->rowCount(), 1);
        QCOMPARE(cell(0, UsageModel::NameColumn), QStringLiteral("gpt-4o-mini · OpenAI"));
        QCOMPARE(model()->headerData(UsageModel::NameColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Model"));

        m_view->setBreakdown(UsageView::Breakdown::Session);
        QCOMPARE(model()->rowCount(), 2);
        QStringList sessions { cell(0, UsageModel::NameColumn), cell(1, UsageModel::NameColumn) };
        sessions.sort();
        QCOMPARE(sessions,
                 (QStringList { QStringLiteral("Default"), QStringLiteral("Holiday plans") }));

        m_view->setBreakdown(UsageView::Breakdown::Client);
        QStringList clients { cell(0, UsageModel::NameColumn), cell(1, UsageModel::NameColumn) };
        clients.sort();
        QCOMPARE(clients,
                 (QStringList { QStringLiteral("HTTP clients"), QStringLiteral("This window") }));

        m_view->setBreakdown(UsageView::Breakdown::Day);
        QCOMPARE(model()->rowCount(), 1);
        QCOMPARE(cell(0, UsageModel::NameColumn),
                 QLocale().toString(QDateTime::currentDateTimeUtc().date(), QLocale::ShortFormat));
        QCOMPARE(cell(0, UsageModel::RequestsColumn), QStringLiteral("2"));
        QCOMPARE(cell(0, UsageModel::CompletionColumn), QStringLiteral("3"));
    }

    void periodFiltersTheLedger()
    {
        chat(QString(), 5, { QStringLiteral("a") });
        // A turn from two months ago, with estimated counts, as an older Attache stored it.
        {
            QSqlDatabase db =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("past"));
            db.setDatabaseName(m_app->store.path());
            QVERIFY(db.open());
            QSqlQuery insert(db);
            insert.prepare(QStringLiteral(
                "INSERT INTO usage (session_id, run_id, client_id, provider, model, prompt_tokens,"
                " completion_tokens, cost, estimated, day, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?)"));
            const QDateTime then = QDateTime::currentDateTimeUtc().addDays(-60);
            for (const QVariant &v :
                 { QVariant(engine().currentSessionId()), QVariant(QStringLiteral("r_old")),
                   QVariant(QStringLiteral("gui")), QVariant(QStringLiteral("openai")),
                   QVariant(QStringLiteral("gpt-4o")), QVariant(1000), QVariant(2000),
                   QVariant(1.5), QVariant(1), QVariant(then.date().toString(Qt::ISODate)),
                   QVariant(then.toString(Qt::ISODateWithMs)) })
                insert.addBindValue(v);
            QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("past"));
        m_view->setBreakdown(UsageView::Breakdown::Day);
        for (const auto period :
             { UsageView::Period::Today, UsageView::Period::Week, UsageView::Period::Month }) {
            m_view->setPeriod(period);
            QCOMPARE(model()->rowCount(), 1);
            QVERIFY(m_view->totalsLabel()->text().startsWith(QLatin1String("Requests: 1 ")));
        }
        m_view->setPeriod(UsageView::Period::All);
        QCOMPARE(model()->rowCount(), 2);
        QCOMPARE(m_view->periodCombo()->currentText(), QStringLiteral("All time"));
        // Oldest day first; its estimated counts are marked.
        QCOMPARE(cell(0, UsageModel::PromptColumn), QStringLiteral("≈ 1,000"));
        QCOMPARE(cell(0, UsageModel::CostColumn), QStringLiteral("≈ $1.50"));
        QVERIFY(!model()
                     ->index(0, UsageModel::PromptColumn)
                     .data(Qt::ToolTipRole)
                     .toString()
                     .isEmpty());
        QCOMPARE(m_view->chart()->bars().size(), 2);
        QCOMPARE(m_view->chart()->bars().at(1).out, 2000); // most recent day first
        QVERIFY(m_view->totalsLabel()->text().contains(QLatin1String("$1.50")));
    }

    void costsKeepWhatMatters_data()
    {
        QTest::addColumn<double>("cost");
        QTest::addColumn<QString>("shown");
        QTest::newRow("nothing") << 0.0 << QStringLiteral("$0.00");
        QTest::newRow("dollars") << 12.5 << QStringLiteral("$12.50");
        QTest::newRow("thousands") << 1234.5 << QStringLiteral("$1,234.50");
        QTest::newRow("a cent") << 0.01 << QStringLiteral("$0.01");
        QTest::newRow("under a cent") << 0.0042 << QStringLiteral("$0.0042");
        QTest::newRow("a tiny chat") << 0.0000123 << QStringLiteral("$0.000012");
    }
    void costsKeepWhatMatters()
    {
        QFETCH(double, cost);
        QFETCH(QString, shown);
        QCOMPARE(UsageModel::formatCost(cost), shown);
    }

    void hiddenViewCatchesUpWhenShown()
    {
        m_view->hide();
        chat(QString(), 5, { QStringLiteral("a") });
        QCOMPARE(model()->rowCount(), 0); // nobody looking: not read yet
        m_view->show();
        QCOMPARE(model()->rowCount(), 1);
    }

    void tableSortsByNumbers()
    {
        chat(QStringLiteral("small"), 9, { QStringLiteral("a") });
        chat(QStringLiteral("large"), 10, { QStringLiteral("a") });
        m_view->setBreakdown(UsageView::Breakdown::Session);
        QTableView *table = m_view->table();
        table->sortByColumn(UsageModel::PromptColumn, Qt::DescendingOrder);
        QCOMPARE(table->model()->index(0, UsageModel::NameColumn).data().toString(),
                 QStringLiteral("large"));
        table->sortByColumn(UsageModel::PromptColumn, Qt::AscendingOrder);
        QCOMPARE(table->model()->index(0, UsageModel::NameColumn).data().toString(),
                 QStringLiteral("small"));
    }

    void windowHasAUsageDock()
    {
        MainWindow window(engine(), m_app->settings);
        QCOMPARE(window.usageDock()->objectName(), QStringLiteral("usageDock"));
        QCOMPARE(window.usageDock()->widget(), window.usageView());
        window.show();
        QVERIFY(!window.usageDock()->isVisible()); // on demand
        window.usageDock()->toggleViewAction()->trigger();
        QVERIFY(window.usageDock()->isVisible());
    }
};

QTEST_MAIN(TestUsageView)
#include "tst_usageview.moc"
