// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The clients panel: who is attached, live; snippets that name the server but never hold the
// token; the token reset asked for only after a confirmation.
#include "attachewarnings.h"
#include "clientsmodel.h"
#include "clientspanel.h"
#include "mainwindow.h"
#include "modalanswer.h"
#include "testengine.h"

#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QDockWidget>
#include <QGuiApplication>
#include <QJsonParseError>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

namespace {

const QByteArray Token =
    QByteArrayLiteral("5ec2e7000000000000000000000000000000000000000000000000000000ab12");

} // namespace

class TestClientsPanel : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestEngine> m_test;
    std::unique_ptr<ClientsPanel> m_panel;
    QString m_discovery;

    Engine &engine() { return *m_test->engine; }
    QStringList shownNames() const
    {
        QStringList names;
        for (int row = 0; row < m_panel->model()->rowCount(); ++row)
            names.append(m_panel->model()->index(row, ClientsModel::NameColumn).data().toString());
        return names;
    }
    // A discovery file as the app writes it, in a folder whose name needs quoting in a shell.
    QString writeDiscoveryFile()
    {
        const QString dir = m_test->dir.filePath(QStringLiteral("it's state"));
        QDir().mkpath(dir);
        const QString path = dir + QStringLiteral("/server.json");
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(QByteArrayLiteral("{\"port\": 8765, \"token\": \"") + Token
                   + QByteArrayLiteral(
                       "\", \"pid\": 1, \"protocol\": 1, \"url\": \"http://127.0.0.1:8765\"}"));
        return path;
    }

private Q_SLOTS:
    void init()
    {
        failOnAttacheWarnings();
        m_test = std::make_unique<TestEngine>(QProcessEnvironment());
        m_panel = std::make_unique<ClientsPanel>(engine());
        m_discovery = writeDiscoveryFile();
        QVERIFY(!m_discovery.isEmpty());
        m_panel->setServerAddress(QUrl(QStringLiteral("http://127.0.0.1:8765")));
        m_panel->setDiscoveryFile(m_discovery);
        m_panel->resize(460, 420);
        m_panel->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    }
    void cleanup()
    {
        m_panel.reset();
        m_test.reset();
    }

    void attachedClientsAppearAndLeave()
    {
        QAbstractItemModelTester tester(m_panel->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(m_panel->model()->rowCount(), 0);
        Presence &presence = engine().presence();
        const QString editor =
            presence.attach(QStringLiteral("vscode"), QStringLiteral("VS Code: attache"),
                            QStringLiteral("websocket"));
        QTRY_COMPARE(m_panel->model()->rowCount(), 1);
        const QModelIndex kind = m_panel->model()->index(0, ClientsModel::KindColumn);
        QCOMPARE(kind.data().toString(), QStringLiteral("VS Code"));
        QCOMPARE(m_panel->model()->index(0, ClientsModel::NameColumn).data().toString(),
                 QStringLiteral("VS Code: attache"));
        QVERIFY(!m_panel->model()->index(0, ClientsModel::SinceColumn).data().toString().isEmpty());
        QVERIFY(kind.data(Qt::ToolTipRole).toString().contains(QLatin1String("WebSocket")));

        // A burst of attaches (coalesced by Presence) and a rename from a hello.
        QStringList scripts;
        for (int i = 0; i < 5; ++i)
            scripts.append(presence.attach(
                QStringLiteral("cli"), QStringLiteral("script %1").arg(i), QStringLiteral("sse")));
        QTRY_COMPARE(m_panel->model()->rowCount(), 6);
        m_panel->view()->selectRow(0);
        presence.identify(scripts.at(2), QStringLiteral("cli"), QStringLiteral("nightly build"));
        QTRY_VERIFY(shownNames().contains(QStringLiteral("nightly build")));
        presence.detach(scripts.at(0));
        presence.detach(scripts.at(4));
        QTRY_COMPARE(m_panel->model()->rowCount(), 4);
        QVERIFY(!shownNames().contains(QStringLiteral("script 0")));
        // The selected editor stays selected while others come and go.
        QCOMPARE(m_panel->view()->currentIndex().data(ClientsModel::IdRole).toString(), editor);
        presence.detach(editor);
        QTRY_VERIFY(!shownNames().contains(QStringLiteral("VS Code: attache")));
    }

    void windowShowsItselfAndTheEditors()
    {
        MainWindow window(engine(), m_test->settings);
        QCOMPARE(window.clientsDock()->objectName(), QStringLiteral("clientsDock"));
        ClientsPanel *panel = window.clientsPanel();
        QTRY_COMPARE(panel->model()->rowCount(), 1);
        QCOMPARE(panel->model()->index(0, ClientsModel::KindColumn).data().toString(),
                 QStringLiteral("Window"));
        engine().presence().attach(QStringLiteral("vscode"), QStringLiteral("VS Code"),
                                   QStringLiteral("websocket"));
        QTRY_COMPARE(panel->model()->rowCount(), 2);
    }

    void curlSnippetNamesTheServerNotTheToken()
    {
        m_panel->curlButton()->click();
        const QString snippet = QGuiApplication::clipboard()->text();
        QVERIFY(snippet.contains(QLatin1String("http://127.0.0.1:8765/chat")));
        QVERIFY(snippet.contains(QLatin1String("Authorization: Bearer $(jq -r .token ")));
        QVERIFY(!snippet.contains(QString::fromLatin1(Token)));
        QVERIFY(m_panel->statusLabel()->isVisible());

        // The shell reads the path back exactly, quote and space included.
        const QRegularExpression jq(QStringLiteral("\\$\\(jq -r \\.token (.*?)\\)\""));
        const QString quotedPath = jq.match(snippet).captured(1);
        QVERIFY(!quotedPath.isEmpty());
        QProcess shell;
        shell.start(QStringLiteral("/bin/sh"),
                    { QStringLiteral("-c"), QStringLiteral("printf %s ") + quotedPath });
        QVERIFY(shell.waitForFinished(5000));
        QCOMPARE(QString::fromUtf8(shell.readAllStandardOutput()), m_discovery);

        // The snippet's token expression, run as a user would: jq is in scripts/setup.sh's list.
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("jq")).isEmpty(),
                 "jq is not installed (scripts/setup.sh installs it)");
        QProcess token;
        token.start(
            QStringLiteral("/bin/sh"),
            { QStringLiteral("-c"),
              QStringLiteral("printf %s \"$(jq -r .token ") + quotedPath + QStringLiteral(")\"") });
        QVERIFY(token.waitForFinished(5000));
        QCOMPARE(token.readAllStandardOutput(), Token);
    }

    void vscodeSnippetIsSettingsWithoutTheToken()
    {
        m_panel->vscodeButton()->click();
        const QString snippet = QGuiApplication::clipboard()->text();
        QVERIFY(snippet.contains(QLatin1String("http://127.0.0.1:8765")));
        QVERIFY(!snippet.contains(QString::fromLatin1(Token)));
        // Below its comment line, the properties paste into the braces of settings.json.
        const QString properties = snippet.section(QLatin1Char('\n'), 1);
        QJsonParseError error {};
        const QJsonObject settings =
            QJsonDocument::fromJson(QByteArray("{") + properties.toUtf8() + QByteArray("}"), &error)
                .object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(settings.value(QLatin1String("attache.serverUrl")).toString(),
                 QStringLiteral("http://127.0.0.1:8765"));
        QCOMPARE(settings.value(QLatin1String("attache.discoveryFile")).toString(), m_discovery);
    }

    void withoutAServerNothingToCopy()
    {
        ClientsPanel panel(engine());
        QVERIFY(!panel.curlButton()->isEnabled());
        QVERIFY(!panel.vscodeButton()->isEnabled());
        QVERIFY(!panel.resetTokenButton()->isEnabled());
        QVERIFY(panel.addressLabel()->text().contains(QLatin1String("not running")));
    }

    void tokenResetAsksFirst()
    {
        QSignalSpy requested(m_panel.get(), &ClientsPanel::resetTokenRequested);
        answerNextMessageBox(QMessageBox::Cancel);
        m_panel->resetTokenButton()->click();
        QCOMPARE(requested.count(), 0);
        QString question;
        answerNextMessageBox(QMessageBox::Yes, &question);
        m_panel->resetTokenButton()->click();
        QCOMPARE(requested.count(), 1);
        QVERIFY(question.contains(QLatin1String("disconnected")));
        m_panel->showTokenReset();
        QVERIFY(m_panel->statusLabel()->isVisible());
        QVERIFY(m_panel->statusLabel()->text().startsWith(
            QLatin1String("Token reset; attached clients must reconnect")));
    }

    void windowForwardsTheResetAndShowsItsOutcome()
    {
        MainWindow window(engine(), m_test->settings);
        window.clientsPanel()->setServerAddress(QUrl(QStringLiteral("http://127.0.0.1:8765")));
        QSignalSpy requested(&window, &MainWindow::resetTokenRequested);
        answerNextMessageBox(QMessageBox::Yes);
        window.clientsPanel()->resetTokenButton()->click();
        QCOMPARE(requested.count(), 1);
        window.showTokenReset();
        QVERIFY(
            window.clientsPanel()->statusLabel()->text().contains(QLatin1String("Token reset")));
        QVERIFY(window.statusBar()->currentMessage().contains(QLatin1String("Token reset")));
    }
};

QTEST_MAIN(TestClientsPanel)
#include "tst_clientspanel.moc"
