// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// The request guard's rules on their own; tst_apiroutes and tst_limits check them on the wire.
#include "attachewarnings.h"
#include "guard.h"

#include <QTest>

class TestGuard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { failOnAttacheWarnings(); }
    void originPatterns_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<bool>("allowed");
        const QString webview = QStringLiteral("vscode-webview://*");
        const QString sub = QStringLiteral("https://*.tools.example");
        QTest::newRow("webview") << webview << QByteArray("vscode-webview://1abc") << true;
        QTest::newRow("webview, case") << webview << QByteArray("VSCode-Webview://1ABC") << true;
        QTest::newRow("webview, nothing after")
            << webview << QByteArray("vscode-webview://") << false;
        QTest::newRow("webview, path") << webview << QByteArray("vscode-webview://a/b") << false;
        QTest::newRow("other scheme")
            << webview << QByteArray("https://vscode-webview://x") << false;
        QTest::newRow("null") << webview << QByteArray("null") << false;
        QTest::newRow("subdomain") << sub << QByteArray("https://a.tools.example") << true;
        QTest::newRow("deeper subdomain") << sub << QByteArray("https://a.b.tools.example") << true;
        QTest::newRow("bare domain") << sub << QByteArray("https://tools.example") << false;
        QTest::newRow("suffix trick") << sub << QByteArray("https://a.tools.example.evil") << false;
        QTest::newRow("slash trick") << sub << QByteArray("https://evil/.tools.example") << false;
        QTest::newRow("exact") << QStringLiteral("https://editor.example")
                               << QByteArray("https://editor.example") << true;
        QTest::newRow("exact, longer") << QStringLiteral("https://editor.example")
                                       << QByteArray("https://editor.example.evil") << false;
        QTest::newRow("two stars")
            << QStringLiteral("http://*:*") << QByteArray("http://localhost:3000") << true;
        QTest::newRow("long hostile value")
            << QStringLiteral("a*b*c*d*e") << QByteArray("a" + QByteArray(60000, 'b') + "x")
            << false;
    }
    void originPatterns()
    {
        QFETCH(QString, pattern);
        QFETCH(QByteArray, origin);
        QFETCH(bool, allowed);
        const Guard guard(Guard::generateToken(), { pattern });
        QCOMPARE(guard.originAllowed(origin), allowed);
    }
};

QTEST_GUILESS_MAIN(TestGuard)
#include "tst_guard.moc"
