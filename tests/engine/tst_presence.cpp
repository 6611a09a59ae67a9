// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "attachewarnings.h"
#include "clients/presence.h"
#include "wire/clientsjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

/** What clients are told about who else is attached: the whole list, then the changes. */
class TestPresence : public QObject
{
    Q_OBJECT

    static QJsonObject parsed(const QByteArray &json)
    {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
        if (error.error != QJsonParseError::NoError)
            qWarning("not JSON: %s", json.constData());
        return doc.object();
    }

private Q_SLOTS:
    void init() { failOnAttacheWarnings(); }
    void theListIsWhatGetClientsShows_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("plain") << QStringLiteral("VS Code 1.99");
        QTest::newRow("quotes and backslashes") << QStringLiteral("say \"hi\" \\ bye");
        QTest::newRow("control characters") << QStringLiteral("tab\there\nnew\x01line");
        QTest::newRow("beyond ASCII") << QStringLiteral("Zoë’s 編集器 \U0001F600");
        QTest::newRow("empty") << QString();
    }
    void theListIsWhatGetClientsShows()
    {
        QFETCH(QString, name);
        Presence presence;
        PresenceJson json(presence);
        presence.attach(QStringLiteral("cli"), QStringLiteral("first"), QStringLiteral("stdio"));
        const QString id =
            presence.attach(QStringLiteral("VSCode"), name, QStringLiteral("websocket"));
        const QJsonObject snapshot = parsed(json.snapshot());
        QCOMPARE(snapshot[QLatin1String("clients")].toArray(), ClientsJson::clients(presence));
        QCOMPARE(snapshot[QLatin1String("count")].toInt(), 2);
        QCOMPARE(snapshot[QLatin1String("complete")], QJsonValue(true));
        const QJsonObject second = snapshot[QLatin1String("clients")][1].toObject();
        QCOMPARE(second[QLatin1String("id")].toString(), id);
        QCOMPARE(second[QLatin1String("name")].toString(), name);
        QCOMPARE(second[QLatin1String("kind")].toString(), QStringLiteral("vscode"));
        QCOMPARE(
            QDateTime::fromString(second[QLatin1String("since")].toString(), Qt::ISODateWithMs),
            presence.find(id)->since);
    }

    void changesCarryOnlyWhatChanged()
    {
        Presence presence;
        PresenceJson json(presence);
        QSignalSpy changed(&presence, &Presence::clientsChanged);
        const QString gui = presence.attach(QStringLiteral("gui"), QStringLiteral("window"),
                                            QStringLiteral("inprocess"));
        // The first change goes out on the next turn of the event loop.
        QCOMPARE(changed.size(), 0);
        QTRY_COMPARE(changed.size(), 1);
        QJsonObject change = parsed(json.change());
        QCOMPARE(change[QLatin1String("joined")].toArray().size(), 1);
        QCOMPARE(change[QLatin1String("count")].toInt(), 1);

        // A burst right after is folded into one change: who joined, who was renamed, who left.
        const QString editor = presence.attach(QStringLiteral("vscode"), QStringLiteral("editor"),
                                               QStringLiteral("websocket"));
        const QString passing = presence.attach(QStringLiteral("cli"), QStringLiteral("one-off"),
                                                QStringLiteral("sse"));
        presence.identify(gui, QStringLiteral("gui"), QStringLiteral("renamed window"));
        presence.detach(passing);
        QCOMPARE(changed.size(), 1);
        QTRY_COMPARE(changed.size(), 2);
        change = parsed(json.change());
        QCOMPARE(change[QLatin1String("joined")].toArray().size(), 1); // the one that stayed
        QCOMPARE(change[QLatin1String("joined")][0][QLatin1String("id")].toString(), editor);
        QCOMPARE(change[QLatin1String("updated")][0][QLatin1String("name")].toString(),
                 QStringLiteral("renamed window"));
        QVERIFY(change[QLatin1String("left")].toArray().isEmpty()); // never announced
        QCOMPARE(change[QLatin1String("count")].toInt(), 2);

        // The next change is told too, whether or not the burst's window is still open.
        presence.detach(gui);
        QTRY_COMPARE(changed.size(), 3);
        change = parsed(json.change());
        QCOMPARE(change[QLatin1String("left")].toArray(), QJsonArray { gui });
        QCOMPARE(change[QLatin1String("count")].toInt(), 1);
        QCOMPARE(presence.clients().size(), 1);
    }

    void aThousandClientsAreCountedNotAllListed()
    {
        Presence presence;
        PresenceJson json(presence);
        QSignalSpy changed(&presence, &Presence::clientsChanged);
        for (int i = 0; i < 1000; ++i)
            presence.attach(QStringLiteral("other"), QStringLiteral("client %1").arg(i),
                            QStringLiteral("sse"));
        // Asked for by every newcomer of a change, made once, and bounded: each of a thousand
        // newcomers sent all thousand would be a million entries.
        const QByteArray first = json.snapshot();
        QCOMPARE(json.snapshot().constData(), first.constData());
        const QJsonObject snapshot = parsed(first);
        const QJsonArray list = snapshot[QLatin1String("clients")].toArray();
        QCOMPARE(list.size(), PresenceJson::ListLimit);
        QCOMPARE(list[PresenceJson::ListLimit - 1][QLatin1String("name")].toString(),
                 QStringLiteral("client %1").arg(PresenceJson::ListLimit - 1));
        QCOMPARE(snapshot[QLatin1String("count")].toInt(), 1000);
        QCOMPARE(snapshot[QLatin1String("complete")], QJsonValue(false));
        // The burst is one change, told as a count.
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(parsed(json.change()),
                 QJsonObject(
                     { { QStringLiteral("count"), 1000 }, { QStringLiteral("complete"), false } }));
    }
};

QTEST_GUILESS_MAIN(TestPresence)
#include "tst_presence.moc"
