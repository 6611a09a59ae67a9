// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The MCP section of the Tools panel as a user meets it: each server with its state, last error
// and tools; add, enable, restart and remove, saved in mcp.json and applied at once.
#include "../engine/mcpfixture.h"
#include "mcppanel.h"
#include "mcpserversmodel.h"
#include "testengine.h"
#include "toolsmodel.h"
#include "toolspanel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTableView>

using namespace McpFixture;

class TestMcpPanel : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestEngine> m_test;
    std::unique_ptr<ToolsPanel> m_panel;

    Engine &engine() { return *m_test->engine; }
    McpPanel *mcp() const { return m_panel->mcpPanel(); }
    QString mcpJson() const { return m_test->dir.filePath(QStringLiteral("mcp.json")); }
    /** Whether mcp.json, as saved, keeps the entry off. */
    bool savedDisabled(const QString &name) const
    {
        const Result<McpConfigFile> file = McpConfigFile::read(mcpJson());
        for (const McpServerConfig &server : file.value().servers) {
            if (server.name == name)
                return server.disabled;
        }
        return false;
    }
    QString stateOf(const QString &name) const
    {
        const int row = mcp()->model()->rowOf(name);
        return row < 0 ? QString()
                       : mcp()->model()->index(row, McpServersModel::StateColumn).data().toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = missing();
        if (!problem.isEmpty())
            QFAIL(qPrintable(problem));
    }
    void init()
    {
        m_test = std::make_unique<TestEngine>(QProcessEnvironment());
        QFile file(mcpJson());
        QVERIFY(file.open(QIODevice::WriteOnly));
        QJsonObject crashing = stdioEntry(
            { QStringLiteral("-e"), QStringLiteral("console.error('bad key'); process.exit(4)") });
        file.write(QJsonDocument(
                       QJsonObject {
                           { QStringLiteral("mcpServers"),
                             QJsonObject { { QStringLiteral("test"), stdioEntry({ testServer() }) },
                                           { QStringLiteral("crashing"), crashing } } } })
                       .toJson());
        file.close();
        engine().mcp().setConfigPath(mcpJson());
        m_panel = std::make_unique<ToolsPanel>(engine());
        m_panel->resize(640, 720);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    }
    void cleanup()
    {
        m_panel.reset();
        m_test.reset();
    }

    void showsEachServerWithItsStateErrorAndTools()
    {
        QAbstractItemModelTester tester(mcp()->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(mcp()->model()->rowCount(), 2);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("test")), QStringLiteral("Ready"), 60000);
        const int row = mcp()->model()->rowOf(QStringLiteral("test"));
        QCOMPARE(mcp()->model()->index(row, McpServersModel::ToolsColumn).data().toInt(), 10);
        mcp()->view()->setCurrentIndex(mcp()->model()->index(row, 0));
        QVERIFY2(mcp()->detailsLabel()->text().contains(QLatin1String("test__add")),
                 qPrintable(mcp()->detailsLabel()->text()));
        QVERIFY(mcp()->detailsLabel()->text().contains(QLatin1String("2026-07-28")));
        // Its tools are in the tools table too, asking first, and say where they come from.
        const int toolRow = m_panel->model()->rowOf(QStringLiteral("test__add"));
        QVERIFY(toolRow >= 0);
        QCOMPARE(m_panel->model()
                     ->index(toolRow, ToolsModel::PolicyColumn)
                     .data(Qt::EditRole)
                     .toString(),
                 QStringLiteral("ask"));
        QVERIFY(m_panel->model()
                    ->index(toolRow, ToolsModel::NameColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("\"test\"")));

        // The one that cannot start says why, and that it tries again.
        QTRY_VERIFY_WITH_TIMEOUT(
            stateOf(QStringLiteral("crashing")).startsWith(QLatin1String("Failed")), 60000);
        const int crashing = mcp()->model()->rowOf(QStringLiteral("crashing"));
        const QString error = mcp()
                                  ->model()
                                  ->index(crashing, McpServersModel::StateColumn)
                                  .data(Qt::ToolTipRole)
                                  .toString();
        QVERIFY2(error.contains(QLatin1String("code 4"))
                     && error.contains(QLatin1String("bad key")),
                 qPrintable(error));
        mcp()->view()->setCurrentIndex(mcp()->model()->index(crashing, 0));
        QVERIFY(mcp()->detailsLabel()->text().contains(QLatin1String("bad key")));
    }

    void theCheckBoxEnablesAndDisables()
    {
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("test")), QStringLiteral("Ready"), 60000);
        const int row = mcp()->model()->rowOf(QStringLiteral("test"));
        QVERIFY(mcp()->model()->setData(mcp()->model()->index(row, 0), Qt::Unchecked,
                                        Qt::CheckStateRole));
        QCOMPARE(stateOf(QStringLiteral("test")), QStringLiteral("Disabled"));
        QCOMPARE(m_panel->model()->rowOf(QStringLiteral("test__add")), -1);
        QVERIFY(savedDisabled(QStringLiteral("test")));
        QVERIFY(mcp()->model()->setData(mcp()->model()->index(row, 0), Qt::Checked,
                                        Qt::CheckStateRole));
        QVERIFY(!savedDisabled(QStringLiteral("test")));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("test")), QStringLiteral("Ready"), 60000);
        QVERIFY(mcp()->restartServer(QStringLiteral("test")));
        QCOMPARE(stateOf(QStringLiteral("test")), QStringLiteral("Starting"));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("test")), QStringLiteral("Ready"), 60000);
    }

    void addAndRemove()
    {
        McpServerDialog dialog(engine().mcp(), m_panel.get());
        dialog.nameEdit()->setText(QStringLiteral("added"));
        dialog.commandChoice()->setChecked(true);
        // A command line as a user types it, with quotes.
        dialog.commandEdit()->setText(
            QStringLiteral("'%1' '%2' --legacy").arg(node(), testServer()));
        dialog.environmentEdit()->setPlainText(QStringLiteral("GREETING=${USER:-you}"));
        QVERIFY(dialog.apply());
        QCOMPARE(mcp()->model()->rowCount(), 3);
        const McpServerConfig saved = *engine().mcp().config(QStringLiteral("added"));
        QCOMPARE(saved.command, node());
        QCOMPARE(saved.args, QStringList({ testServer(), QStringLiteral("--legacy") }));
        QCOMPARE(saved.env.value(QStringLiteral("GREETING")), QStringLiteral("${USER:-you}"));
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(QStringLiteral("added")), QStringLiteral("Ready"), 60000);

        // The same name again is refused, in the dialog.
        McpServerDialog again(engine().mcp(), m_panel.get());
        again.nameEdit()->setText(QStringLiteral("added"));
        again.urlChoice()->setChecked(true);
        again.urlEdit()->setText(QStringLiteral("http://127.0.0.1:1/mcp"));
        QVERIFY(!again.apply());
        QVERIFY(again.errorLabel()->text().contains(QLatin1String("already")));

        QVERIFY(mcp()->removeServer(QStringLiteral("added")));
        QCOMPARE(mcp()->model()->rowOf(QStringLiteral("added")), -1);
        QCOMPARE(m_panel->model()->rowOf(QStringLiteral("added__add")), -1);
        QCOMPARE(McpConfigFile::read(mcpJson()).value().servers.size(), 2);
    }
};

QTEST_MAIN(TestMcpPanel)
#include "tst_mcppanel.moc"
