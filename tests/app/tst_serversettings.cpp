// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// What a user sets for the server in settings.ini, and the token reset from the command line,
// checked against the real binary.
#include "attacheprocess.h"

#include <QDir>

class TestServerSettings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void settingsShapeTheServer();
    void resetTokenFromCommandLine();
    void resetTokenWithNothingRunning();
};

namespace {

quint16 portOf(const QJsonObject &discovery)
{
    return quint16(discovery.value(QLatin1String("port")).toInt());
}

QByteArray bearer(const QJsonObject &discovery)
{
    return "Bearer " + discovery.value(QLatin1String("token")).toString().toLatin1();
}

} // namespace

void TestServerSettings::settingsShapeTheServer()
{
    AttacheProcesses attache;
    QVERIFY(QDir().mkpath(attache.configDir()));
    QFile ini(attache.configDir() + QLatin1String("/settings.ini"));
    QVERIFY(ini.open(QIODevice::WriteOnly));
    ini.write("[server]\n"
              "allowedOrigins=https://editor.example, https://*.tools.example\n"
              "maxBodyBytes=4096\n");
    ini.close();

    QProcess *process = attache.start(
        { QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0") });
    QString why;
    const QJsonObject discovery = attache.waitForDiscovery(process, &why);
    QVERIFY2(!discovery.isEmpty(), qPrintable(why));
    const quint16 port = portOf(discovery);
    const QByteArray auth = bearer(discovery);

    const auto statusFrom = [&](const QByteArray &origin) {
        return attache
            .request("GET", port, QStringLiteral("/status"),
                     { { "Authorization", auth }, { "Origin", origin } })
            .status;
    };
    QCOMPARE(statusFrom("https://editor.example"), 200);
    QCOMPARE(statusFrom("https://web.tools.example"), 200);
    // The user's list replaces the default one.
    QCOMPARE(statusFrom("vscode-webview://abcdef"), 403);
    QCOMPARE(statusFrom("https://evil.example"), 403);

    const QByteArray small = R"({"message":"hi","session":"settings-test"})";
    QByteArray large = R"({"message":")" + QByteArray(5000, 'x') + R"("})";
    const HttpAnswer refused = attache.request("POST", port, QStringLiteral("/history/clear"),
                                               { { "Authorization", auth } }, large);
    QCOMPARE(refused.status, 413);
    const HttpAnswer accepted = attache.request("POST", port, QStringLiteral("/history/clear"),
                                                { { "Authorization", auth } }, small);
    QVERIFY2(accepted.status != 413, accepted.body);
}

void TestServerSettings::resetTokenFromCommandLine()
{
    AttacheProcesses attache;
    QProcess *server = attache.start(
        { QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0") });
    QString why;
    const QJsonObject before = attache.waitForDiscovery(server, &why);
    QVERIFY2(!before.isEmpty(), qPrintable(why));
    const quint16 port = portOf(before);
    QCOMPARE(attache
                 .request("GET", port, QStringLiteral("/status"),
                          { { "Authorization", bearer(before) } })
                 .status,
             200);

    QProcess *reset = attache.start({ QStringLiteral("--reset-token") });
    QVERIFY(reset->waitForFinished(10000));
    const QByteArray said = attache.output(reset) + attache.errors(reset);
    QVERIFY2(reset->exitStatus() == QProcess::NormalExit && reset->exitCode() == 0, said);
    QVERIFY2(said.contains("Token reset"), said);
    QVERIFY2(!said.contains(before.value(QLatin1String("token")).toString().toLatin1()), said);

    // The discovery file names the new token; the old one no longer opens anything.
    QJsonObject after;
    QTRY_VERIFY_WITH_TIMEOUT(
        (after = attache.waitForDiscovery(server, &why),
         after.value(QLatin1String("token")) != before.value(QLatin1String("token"))),
        5000);
    QCOMPARE(attache
                 .request("GET", port, QStringLiteral("/status"),
                          { { "Authorization", bearer(before) } })
                 .status,
             401);
    QCOMPARE(
        attache
            .request("GET", port, QStringLiteral("/status"), { { "Authorization", bearer(after) } })
            .status,
        200);
}

void TestServerSettings::resetTokenWithNothingRunning()
{
    AttacheProcesses attache;
    QProcess *reset = attache.start({ QStringLiteral("--reset-token") });
    QVERIFY(reset->waitForFinished(10000));
    QCOMPARE(reset->exitCode(), 1);
    const QByteArray said = attache.errors(reset);
    QVERIFY2(said.contains("not running"), said);
}

QTEST_GUILESS_MAIN(TestServerSettings)
#include "tst_serversettings.moc"
