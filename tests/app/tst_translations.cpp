// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The window in the user's language: the Language setting, else ATTACHE_LANGUAGE, picks the
// translation installed before the window is built, as the app does at start.
#include "attachewarnings.h"
#include "fakeprovider.h"
#include "mainwindow.h"
#include "testengine.h"
#include "tools/tool.h"
#include "tools/workspace.h"
#include "toolsmodel.h"
#include "translations.h"

#include <QFile>
#include <QJsonObject>
#include <QLibraryInfo>
#include <QMenu>
#include <QMenuBar>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

class TestTranslations : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<FakeProvider> m_fake;
    std::unique_ptr<TestEngine> m_test;

    /** The titles of the window's menus, as the user reads them. */
    QStringList menuTitles()
    {
        MainWindow window(*m_test->engine, m_test->settings);
        QStringList titles;
        const QList<QAction *> menus = window.menuBar()->actions();
        for (QAction *menu : menus)
            titles.append(menu->text());
        return titles;
    }

private Q_SLOTS:
    void init()
    {
        failOnAttacheWarnings();
        qunsetenv("ATTACHE_LANGUAGE");
        m_fake = std::make_unique<FakeProvider>();
        QVERIFY(m_fake->listen());
        m_test = std::make_unique<TestEngine>(TestEngine::pointingAt(m_fake->baseUrl()));
    }
    void cleanup()
    {
        m_test.reset();
        m_fake.reset();
        qunsetenv("ATTACHE_LANGUAGE");
        QLocale::setDefault(QLocale::c());
    }

    void languageSettingPicksTheTranslation_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("view");
        QTest::addColumn<QString>("file");
        QTest::newRow("German") << QStringLiteral("de") << QStringLiteral("&Ansicht")
                                << QStringLiteral("&Datei");
        QTest::newRow("French") << QStringLiteral("fr") << QStringLiteral("&Affichage")
                                << QStringLiteral("&Fichier");
        QTest::newRow("English") << QStringLiteral("en") << QStringLiteral("&View")
                                 << QStringLiteral("&File");
    }
    void languageSettingPicksTheTranslation()
    {
        QFETCH(QString, language);
        QFETCH(QString, view);
        QFETCH(QString, file);
        m_test->settings.setValue(Settings::Language, language);
        Translations translations;
        const QLocale locale = translations.install(m_test->settings.value(Settings::Language));
        QCOMPARE(locale.language(), QLocale(language).language());
        QVERIFY(translations.translated()); // English too: attache_en.ts has its plural forms
        const QStringList titles = menuTitles();
        QVERIFY2(titles.contains(view) && titles.contains(file), qPrintable(titles.join(u'|')));
        // Qt's own dialogs follow (where Qt's translations are installed): a standard button.
        const bool qtTranslated = QFile::exists(QLibraryInfo::path(QLibraryInfo::TranslationsPath)
                                                + QLatin1String("/qtbase_de.qm"));
        if (language == QLatin1String("de") && qtTranslated)
            QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"),
                     QStringLiteral("Abbrechen"));
    }

    void translationsEndWithTheirOwner()
    {
        {
            Translations translations;
            translations.install(QStringLiteral("fr"));
            QVERIFY(menuTitles().contains(QStringLiteral("&Affichage")));
        }
        QVERIFY(menuTitles().contains(QStringLiteral("&View")));
    }

    void environmentChoosesWhenTheSettingIsEmpty()
    {
        qputenv("ATTACHE_LANGUAGE", "de");
        Translations translations;
        translations.install(m_test->settings.value(Settings::Language));
        QVERIFY(translations.translated());
        QVERIFY(menuTitles().contains(QStringLiteral("&Ansicht")));

        // The setting, once made, wins over the environment.
        m_test->settings.setValue(Settings::Language, QStringLiteral("fr"));
        translations.install(m_test->settings.value(Settings::Language));
        QVERIFY(menuTitles().contains(QStringLiteral("&Affichage")));
    }

    void toolDescriptionsAreShownTranslatedButSentInEnglish()
    {
        Translations translations;
        translations.install(QStringLiteral("de"));
        ToolsModel model(m_test->engine->tools());
        QString shown;
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.index(row, ToolsModel::NameColumn).data().toString()
                == QLatin1String("read_file"))
                shown = model.index(row, ToolsModel::DescriptionColumn).data().toString();
        }
        QVERIFY2(shown.startsWith(QLatin1String("Liest eine UTF-8-Textdatei")), qPrintable(shown));
        // The model and the API read the English one.
        bool sentInEnglish = false;
        for (const auto &tool : m_test->engine->tools().describe()) {
            if (tool.name == QLatin1String("read_file"))
                sentInEnglish = tool.description.startsWith(QLatin1String("Reads a UTF-8"));
        }
        QVERIFY(sentInEnglish);
    }

    void writePreviewNotesAreShownTranslatedButSentInEnglish()
    {
        QTemporaryDir root;
        QVERIFY(root.isValid());
        QFile file(root.filePath(QStringLiteral("notes.txt")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("same\n");
        file.close();
        Workspace workspace;
        QVERIFY(workspace.setRoot(root.path()));
        const auto tools = builtInTools();
        const auto writer = std::find_if(tools.begin(), tools.end(), [](const auto &tool) {
            return tool->name() == QLatin1String("write_file");
        });
        QVERIFY(writer != tools.end());
        const ToolPreview preview = (*writer)->preview(
            QJsonObject { { QStringLiteral("path"), QStringLiteral("notes.txt") },
                          { QStringLiteral("content"), QStringLiteral("same\n") } },
            workspace);

        Translations translations;
        translations.install(QStringLiteral("de"));
        QCOMPARE(preview.translated(),
                 QStringLiteral("keine Änderung: notes.txt hat diesen Inhalt bereits"));
        // API clients (and so the wire's "diff") read English whatever the window's language.
        QCOMPARE(preview.english(),
                 QStringLiteral("no change: notes.txt already has this content"));
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
