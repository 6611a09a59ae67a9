// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The settings dialog over a real settings.ini: values round-trip, bad origins are refused with
// a reason, and the window hands the changes to whoever applies them.
#include "attachewarnings.h"
#include "mainwindow.h"
#include "modalanswer.h"
#include "settings.h"
#include "settingsdialog.h"
#include "testengine.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_file;
    std::unique_ptr<Settings> m_settings;
    std::unique_ptr<SettingsDialog> m_dialog;

    void clickOk() { m_dialog->buttons()->button(QDialogButtonBox::Ok)->click(); }

private Q_SLOTS:
    void init()
    {
        failOnAttacheWarnings();
        m_file = m_dir.filePath(QStringLiteral("settings.ini"));
        QFile::remove(m_file);
        m_settings = std::make_unique<Settings>(m_file);
        m_dialog = std::make_unique<SettingsDialog>(*m_settings);
        m_dialog->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_dialog.get()));
    }
    void cleanup()
    {
        m_dialog.reset();
        m_settings.reset();
    }

    void showsThePortInUseAndKeepsTheSetting()
    {
        m_dialog->setRunningPort(8790); // 8765 was taken when Attache started
        QCOMPARE(m_dialog->portSpin()->value(), 8790);
        QVERIFY2(m_dialog->portNote()->text().contains(QLatin1String("8790"))
                     && m_dialog->portNote()->text().contains(QLatin1String("8765")),
                 qPrintable(m_dialog->portNote()->text()));
        clickOk();
        m_settings->sync();
        QFile file(m_file);
        QVERIFY(!file.open(QIODevice::ReadOnly) || !file.readAll().contains("port="));
        QCOMPARE(m_settings->value(Settings::Port), 8765);

        // A port the user types is written.
        m_dialog = std::make_unique<SettingsDialog>(*m_settings);
        m_dialog->setRunningPort(8790);
        m_dialog->portSpin()->setValue(9000);
        clickOk();
        QCOMPARE(m_settings->value(Settings::Port), 9000);
    }

    void showsTheDefaults()
    {
        QCOMPARE(m_dialog->portSpin()->value(), 8765);
        QCOMPARE(m_dialog->origins(), QStringList { QStringLiteral("vscode-webview://*") });
        QVERIFY(m_dialog->closeToTrayBox()->isChecked());
        QCOMPARE(m_dialog->languageCombo()->currentData().toString(), QString());
        QCOMPARE(m_dialog->themeCombo()->currentData().toString(), QStringLiteral("system"));
        QVERIFY(!m_dialog->restartNote()->isVisible());
    }

    void roundTripsThroughTheSettingsFile()
    {
        QSignalSpy changed(m_dialog.get(), &SettingsDialog::settingsChanged);
        m_dialog->portSpin()->setValue(9123);
        m_dialog->originEdit()->setText(QStringLiteral("http://localhost:3000"));
        m_dialog->addOriginButton()->click();
        QVERIFY(m_dialog->originEdit()->text().isEmpty());
        m_dialog->closeToTrayBox()->setChecked(false);
        m_dialog->languageCombo()->setCurrentIndex(
            m_dialog->languageCombo()->findData(QStringLiteral("de")));
        QVERIFY(m_dialog->restartNote()->isVisible());
        QVERIFY(m_dialog->restartNote()->text().contains(QLatin1String("restart")));
        m_dialog->themeCombo()->setCurrentIndex(
            m_dialog->themeCombo()->findData(QStringLiteral("dark")));
        clickOk();
        QCOMPARE(changed.count(), 1);
        QVERIFY(!m_dialog->isVisible());

        // What the next start reads.
        Settings reread(m_file);
        QCOMPARE(reread.value(Settings::Port), 9123);
        QCOMPARE(reread.value(Settings::AllowedOrigins),
                 (QStringList { QStringLiteral("vscode-webview://*"),
                                QStringLiteral("http://localhost:3000") }));
        QCOMPARE(reread.value(Settings::CloseToTray), false);
        QCOMPARE(reread.value(Settings::Language), QStringLiteral("de"));
        QCOMPARE(reread.value(Settings::Theme), QStringLiteral("dark"));

        SettingsDialog again(reread);
        QCOMPARE(again.portSpin()->value(), 9123);
        QCOMPARE(again.origins().size(), 2);
        QVERIFY(!again.closeToTrayBox()->isChecked());
        QCOMPARE(again.languageCombo()->currentText(), QStringLiteral("Deutsch"));
        QCOMPARE(again.themeCombo()->currentData().toString(), QStringLiteral("dark"));
    }

    void cancelWritesNothing()
    {
        m_dialog->portSpin()->setValue(9999);
        m_dialog->buttons()->button(QDialogButtonBox::Cancel)->click();
        QCOMPARE(Settings(m_file).value(Settings::Port), 8765);
    }

    void badOriginIsRefusedWithAReason_data()
    {
        QTest::addColumn<QString>("origin");
        QTest::addColumn<QString>("reason");
        QTest::newRow("null") << QStringLiteral("null") << QStringLiteral("never allowed");
        QTest::newRow("NULL") << QStringLiteral(" NULL ") << QStringLiteral("never allowed");
        QTest::newRow("bare star") << QStringLiteral("*") << QStringLiteral("every web page");
        QTest::newRow("stars") << QStringLiteral("**") << QStringLiteral("every web page");
        QTest::newRow("any http site")
            << QStringLiteral("http://*") << QStringLiteral("other web sites");
        QTest::newRow("host prefix")
            << QStringLiteral("https://localhost*") << QStringLiteral("other web sites");
        QTest::newRow("star inside")
            << QStringLiteral("https://*.example.com") << QStringLiteral("not an origin");
        QTest::newRow("path") << QStringLiteral("http://localhost:3000/app")
                              << QStringLiteral("not an origin");
        QTest::newRow("no scheme")
            << QStringLiteral("localhost:3000") << QStringLiteral("not an origin");
        QTest::newRow("no host") << QStringLiteral("http://") << QStringLiteral("names no host");
        QTest::newRow("empty") << QStringLiteral("  ") << QStringLiteral("Enter an origin");
        QTest::newRow("duplicate")
            << QStringLiteral("VSCODE-WEBVIEW://*") << QStringLiteral("already in the list");
    }
    void badOriginIsRefusedWithAReason()
    {
        QFETCH(QString, origin);
        QFETCH(QString, reason);
        m_dialog->originEdit()->setText(origin);
        m_dialog->addOriginButton()->click();
        QVERIFY(m_dialog->originMessage()->isVisible());
        QVERIFY2(m_dialog->originMessage()->text().contains(reason),
                 qPrintable(m_dialog->originMessage()->text()));
        QCOMPARE(m_dialog->origins(), QStringList { QStringLiteral("vscode-webview://*") });
        QCOMPARE(m_dialog->originEdit()->text(), origin); // kept, to be corrected

        // Pressing OK with it still typed refuses too, and writes nothing (blank is no entry).
        if (origin.trimmed().isEmpty())
            return;
        QSignalSpy changed(m_dialog.get(), &SettingsDialog::settingsChanged);
        clickOk();
        QCOMPARE(changed.count(), 0);
        QVERIFY(m_dialog->isVisible());
        QVERIFY(!QFile::exists(m_file));
        // Typing again clears the message.
        m_dialog->originEdit()->clear();
        QVERIFY(!m_dialog->originMessage()->isVisible());
    }

    void goodOriginsAreTaken_data()
    {
        QTest::addColumn<QString>("origin");
        QTest::newRow("local web app") << QStringLiteral("http://localhost:3000");
        QTest::newRow("any port") << QStringLiteral("http://127.0.0.1:*");
        QTest::newRow("extension") << QStringLiteral("chrome-extension://abcdefghijklmnop");
        QTest::newRow("upper case") << QStringLiteral("HTTPS://Example.org");
    }
    void goodOriginsAreTaken()
    {
        QFETCH(QString, origin);
        QVERIFY(SettingsDialog::originProblem(origin).isEmpty());
        QVERIFY(m_dialog->addOrigin(origin));
        QVERIFY(!m_dialog->originMessage()->isVisible());
        QCOMPARE(m_dialog->origins().last(), origin);
    }

    void editingAnOriginIntoABadOneRevertsIt()
    {
        QListWidgetItem *item = m_dialog->originList()->item(0);
        item->setText(QStringLiteral("null"));
        QCOMPARE(item->text(), QStringLiteral("vscode-webview://*"));
        QVERIFY(m_dialog->originMessage()->isVisible());
        item->setText(QStringLiteral("vscode-webview://abc*"));
        QCOMPARE(m_dialog->origins(), QStringList { QStringLiteral("vscode-webview://abc*") });
        QVERIFY(!m_dialog->originMessage()->isVisible());
    }

    void removingEveryOriginIsAllowed()
    {
        m_dialog->originList()->setCurrentRow(0);
        QVERIFY(m_dialog->removeOriginButton()->isEnabled());
        m_dialog->removeOriginButton()->click();
        QVERIFY(m_dialog->origins().isEmpty());
        clickOk();
        QVERIFY(Settings(m_file).value(Settings::AllowedOrigins).isEmpty());
    }

    void tokenResetAsksFirst()
    {
        QSignalSpy requested(m_dialog.get(), &SettingsDialog::resetTokenRequested);
        answerNextMessageBox(QMessageBox::Cancel);
        m_dialog->resetTokenButton()->click();
        QCOMPARE(requested.count(), 0);
        answerNextMessageBox(QMessageBox::Yes);
        m_dialog->resetTokenButton()->click();
        QCOMPARE(requested.count(), 1);
        m_dialog->showTokenReset();
        QVERIFY(m_dialog->tokenMessage()->text().startsWith(QLatin1String("Token reset")));
    }

    void windowOpensItFromTheMenu()
    {
        TestEngine test { QProcessEnvironment() };
        MainWindow window(*test.engine, test.settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QAction *action = window.settingsAction();
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Comma));
        bool inEditMenu = false;
        for (QAction *menu : window.menuBar()->actions()) {
            if (menu->menu() && menu->menu()->actions().contains(action))
                inEditMenu = menu->text() == QLatin1String("&Edit");
        }
        QVERIFY(inEditMenu);

        QSignalSpy changed(&window, &MainWindow::settingsChanged);
        QSignalSpy reset(&window, &MainWindow::resetTokenRequested);
        action->trigger();
        auto *dialog = window.findChild<SettingsDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        action->trigger(); // a second time raises the same dialog
        QCOMPARE(window.findChildren<SettingsDialog *>().size(), 1);
        answerNextMessageBox(QMessageBox::Yes);
        dialog->resetTokenButton()->click();
        QCOMPARE(reset.count(), 1);
        window.showTokenReset();
        QVERIFY(dialog->tokenMessage()->isVisible());
        dialog->themeCombo()->setCurrentIndex(
            dialog->themeCombo()->findData(QStringLiteral("light")));
        dialog->buttons()->button(QDialogButtonBox::Ok)->click();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(Settings(test.settings.fileName()).value(Settings::Theme),
                 QStringLiteral("light"));
        QTRY_VERIFY(window.findChildren<SettingsDialog *>().isEmpty()); // closed and gone
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
