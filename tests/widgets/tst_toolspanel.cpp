// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The tools panel as a user meets it: policies, the working directory and auto-inject, following
// changes made by other clients live.
#include "attachewarnings.h"
#include "mainwindow.h"
#include "testengine.h"
#include "toolsmodel.h"
#include "toolspanel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QWheelEvent>

class TestToolsPanel : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestEngine> m_test;
    std::unique_ptr<ToolsPanel> m_panel;

    Engine &engine() { return *m_test->engine; }
    QModelIndex policyIndex(const QString &tool) const
    {
        return m_panel->model()->index(m_panel->model()->rowOf(tool), ToolsModel::PolicyColumn);
    }
    QComboBox *policyCombo(const QString &tool) const
    {
        return qobject_cast<QComboBox *>(m_panel->view()->indexWidget(policyIndex(tool)));
    }
    QString shownPolicy(const QString &tool) const { return policyIndex(tool).data().toString(); }

private Q_SLOTS:
    void init()
    {
        failOnAttacheWarnings();
        m_test = std::make_unique<TestEngine>(QProcessEnvironment());
        m_panel = std::make_unique<ToolsPanel>(engine());
        m_panel->resize(520, 420);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    }
    void cleanup()
    {
        m_panel.reset();
        m_test.reset();
    }

    void listsEveryToolWithItsPolicy()
    {
        ToolsModel *model = m_panel->model();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model->rowCount(), int(engine().tools().describe().size()));
        QVERIFY(model->rowOf(QStringLiteral("read_file")) >= 0);
        QVERIFY(model->rowOf(QStringLiteral("run_command")) >= 0);
        // Reading is allowed, changing files and running programs ask first.
        QCOMPARE(shownPolicy(QStringLiteral("read_file")), QStringLiteral("Allow"));
        QCOMPARE(shownPolicy(QStringLiteral("write_file")), QStringLiteral("Ask first"));
        QCOMPARE(shownPolicy(QStringLiteral("run_command")), QStringLiteral("Ask first"));
        const QModelIndex name =
            model->index(model->rowOf(QStringLiteral("write_file")), ToolsModel::NameColumn);
        QCOMPARE(name.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
        QVERIFY(
            !model->index(name.row(), ToolsModel::DescriptionColumn).data().toString().isEmpty());
        QVERIFY(name.data(Qt::ToolTipRole).toString().contains(QLatin1String("Changes files")));

        // Changes from elsewhere run through the tester too.
        QVERIFY(engine().tools().setEnabled({ QStringLiteral("write_file") }, false).ok());
        QCOMPARE(name.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
        QVERIFY(model->setData(name, Qt::Checked, Qt::CheckStateRole));
        QVERIFY(engine().tools().isEnabled(QStringLiteral("write_file")));
    }

    void policyChosenInTheListIsSaved()
    {
        QComboBox *combo = policyCombo(QStringLiteral("write_file"));
        QVERIFY(combo);
        QVERIFY(combo->isVisible());
        QCOMPARE(combo->currentData().toString(), QStringLiteral("ask"));
        const int deny = combo->findData(QStringLiteral("deny"));
        combo->setCurrentIndex(deny);
        Q_EMIT combo->activated(deny); // as a click on the entry does
        QCOMPARE(engine().tools().policy(QStringLiteral("write_file")), ToolBox::Policy::Deny);
        QCOMPARE(shownPolicy(QStringLiteral("write_file")), QStringLiteral("Deny"));

        // Saved where the tool box keeps policies: a restart reads it back.
        Settings reread(m_test->settings.fileName());
        ToolBox restarted(reread);
        QCOMPARE(restarted.policy(QStringLiteral("write_file")), ToolBox::Policy::Deny);
    }

    void wheelPassingOverAPolicyLeavesIt()
    {
        QComboBox *combo = policyCombo(QStringLiteral("run_command"));
        QVERIFY(!combo->hasFocus());
        const QPoint centre = combo->rect().center();
        QWheelEvent wheel(centre, combo->mapToGlobal(centre), QPoint(), QPoint(0, -120),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(combo, &wheel);
        QCOMPARE(combo->currentData().toString(), QStringLiteral("ask"));
        QCOMPARE(engine().tools().policy(QStringLiteral("run_command")), ToolBox::Policy::Ask);
    }

    void policiesChangedByAnotherClientShowAtOnce()
    {
        QSignalSpy changed(m_panel->model(), &QAbstractItemModel::dataChanged);
        // What POST /tools/config does.
        ToolBox::ConfigChange change;
        change.policies.insert(QStringLiteral("run_command"), ToolBox::Policy::Allow);
        QVERIFY(engine().tools().applyConfig(change).ok());
        QCOMPARE(shownPolicy(QStringLiteral("run_command")), QStringLiteral("Allow"));
        QCOMPARE(policyCombo(QStringLiteral("run_command"))->currentData().toString(),
                 QStringLiteral("allow"));
        QVERIFY(changed.count() >= 1);

        // An "always" answer to a permission request (POST /permissions/{id}) makes it allow.
        PermissionBroker &broker = engine().tools().permissions();
        PermissionRequest request;
        request.tool = QStringLiteral("write_file");
        request.sessionId = engine().currentSessionId();
        const PermissionRequest sent =
            broker.ask(request, this, [](bool, const QString &, const QString &) {});
        QVERIFY(
            broker
                .respond(sent.id, true, PermissionBroker::Scope::Always, QStringLiteral("c_editor"))
                .ok());
        QCOMPARE(shownPolicy(QStringLiteral("write_file")), QStringLiteral("Allow"));
        QCOMPARE(policyCombo(QStringLiteral("write_file"))->currentData().toString(),
                 QStringLiteral("allow"));
    }

    void workingDirectoryIsShownAndChanged()
    {
        QVERIFY(m_panel->workingDirectoryLabel()->text().contains(QLatin1String("None chosen")));
        QTemporaryDir project;
        QVERIFY(m_panel->setWorkingDirectory(project.path()));
        const QString canonical = QFileInfo(project.path()).canonicalFilePath();
        QCOMPARE(engine().tools().workspace().root(), canonical);
        QCOMPARE(m_panel->workingDirectoryLabel()->text(), QDir::toNativeSeparators(canonical));
        QVERIFY(!m_panel->errorLabel()->isVisible());

        // A folder that is not there: a readable reason, and the old directory stays.
        const QString missing = project.filePath(QStringLiteral("gone"));
        QVERIFY(!m_panel->setWorkingDirectory(missing));
        QVERIFY(m_panel->errorLabel()->isVisible());
        QVERIFY(m_panel->errorLabel()->text().contains(QLatin1String("not an existing directory")));
        QVERIFY(m_panel->errorLabel()->text().contains(missing));
        QCOMPARE(engine().tools().workspace().root(), canonical);

        // Another client (POST /working_dir) moves it: the panel follows.
        QTemporaryDir other;
        QVERIFY(engine().tools().setWorkingDirectory(other.path()).ok());
        QCOMPARE(m_panel->workingDirectoryLabel()->text(),
                 QDir::toNativeSeparators(QFileInfo(other.path()).canonicalFilePath()));
    }

    void autoInjectFollowsBothWays()
    {
        QCheckBox *box = m_panel->autoInjectBox();
        QVERIFY(!box->isChecked());
        box->click();
        QVERIFY(engine().autoInject());
        QVERIFY(Settings(m_test->settings.fileName()).value(Settings::AutoInject));
        engine().setAutoInject(false); // POST /auto_inject from an editor
        QTRY_VERIFY(!box->isChecked()); // the topic's notification follows the change
    }

    void windowHasAToolsDock()
    {
        MainWindow window(engine(), m_test->settings);
        QVERIFY(window.toolsDock());
        QCOMPARE(window.toolsDock()->objectName(), QStringLiteral("toolsDock"));
        QCOMPARE(window.toolsDock()->widget(), window.toolsPanel());
        bool inViewMenu = false;
        for (QAction *menu : window.menuBar()->actions()) {
            if (menu->menu()
                && menu->menu()->actions().contains(window.toolsDock()->toggleViewAction()))
                inViewMenu = true;
        }
        QVERIFY(inViewMenu);
    }
};

QTEST_MAIN(TestToolsPanel)
#include "tst_toolspanel.moc"
