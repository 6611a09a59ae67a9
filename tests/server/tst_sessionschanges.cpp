// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessionsfixture.h"

#include <algorithm>

/** What changes to sessions leave behind: a topic bump each, and all of them after a restart. */
class TestSessionsChanges : public SessionsFixture
{
    Q_OBJECT

private:
    void restart()
    {
        m_app.reset();
        m_network.clearConnectionCache();
        start();
    }

    static QJsonArray sortedById(QJsonArray list)
    {
        QList<QJsonObject> items;
        for (const QJsonValue &v : list)
            items.append(v.toObject());
        std::sort(items.begin(), items.end(), [](const QJsonObject &a, const QJsonObject &b) {
            return a[QLatin1String("id")].toString() < b[QLatin1String("id")].toString();
        });
        QJsonArray sorted;
        for (const QJsonObject &o : items)
            sorted.append(o);
        return sorted;
    }

private Q_SLOTS:
    void everyChangeBumpsItsTopic_data()
    {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("topic");
        const QString sessions = QStringLiteral("sessions");
        const QString history = QStringLiteral("history");
        QTest::newRow("new") << QStringLiteral("new") << sessions;
        QTest::newRow("load") << QStringLiteral("load") << sessions;
        QTest::newRow("rename") << QStringLiteral("rename") << sessions;
        QTest::newRow("save as") << QStringLiteral("save as") << sessions;
        QTest::newRow("delete") << QStringLiteral("delete") << sessions;
        QTest::newRow("import: sessions") << QStringLiteral("import") << sessions;
        QTest::newRow("import: history") << QStringLiteral("import") << history;
        QTest::newRow("chat in a new session: sessions") << QStringLiteral("chat new") << sessions;
        QTest::newRow("chat") << QStringLiteral("chat") << history;
        QTest::newRow("clear history") << QStringLiteral("clear") << history;
    }

    void everyChangeBumpsItsTopic()
    {
        QFETCH(QString, change);
        QFETCH(QString, topic);
        QCOMPARE(chat(QStringLiteral("hello")).status, 200);
        QCOMPARE(post(QStringLiteral("/session/new"),
                      { { QStringLiteral("name"), QStringLiteral("Spare") },
                        { QStringLiteral("load"), false } })
                     .status,
                 201);
        const QByteArray exported =
            get(query(QStringLiteral("/session/export"),
                      { { QStringLiteral("format"), QStringLiteral("json") } }))
                .body;

        const qint64 before = this->topic(topic);
        int status = 0;
        if (change == QLatin1String("new"))
            status = post(QStringLiteral("/session/new"),
                          { { QStringLiteral("name"), QStringLiteral("Fresh") } })
                         .status;
        else if (change == QLatin1String("load"))
            status = post(QStringLiteral("/session/load"),
                          { { QStringLiteral("session"), QStringLiteral("Spare") } })
                         .status;
        else if (change == QLatin1String("rename"))
            status = post(QStringLiteral("/session/rename"),
                          { { QStringLiteral("session"), QStringLiteral("Spare") },
                            { QStringLiteral("name"), QStringLiteral("Reserve") } })
                         .status;
        else if (change == QLatin1String("save as"))
            status = post(QStringLiteral("/session/save"),
                          { { QStringLiteral("name"), QStringLiteral("Copy") } })
                         .status;
        else if (change == QLatin1String("delete"))
            status = post(QStringLiteral("/session/delete"),
                          { { QStringLiteral("session"), QStringLiteral("Spare") } })
                         .status;
        else if (change == QLatin1String("import"))
            status = send("POST", QStringLiteral("/session/import"), exported).status;
        else if (change == QLatin1String("chat new"))
            status = chat(QStringLiteral("again"), QStringLiteral("Brand new")).status;
        else if (change == QLatin1String("chat"))
            status = chat(QStringLiteral("again")).status;
        else if (change == QLatin1String("clear"))
            status = post(QStringLiteral("/history/clear"), {}).status;
        QVERIFY2(status >= 200 && status < 300, qPrintable(QString::number(status)));
        QVERIFY2(this->topic(topic) > before,
                 qPrintable(QStringLiteral("%1 stayed at %2").arg(topic).arg(before)));
    }

    void restartKeepsEverything()
    {
        QCOMPARE(chat(QStringLiteral("Hi"), {}, replyOf({ QStringLiteral("Hello!") })).status, 200);
        QCOMPARE(post(QStringLiteral("/session/new"),
                      { { QStringLiteral("name"), QStringLiteral("Work") } })
                     .status,
                 201);
        QCOMPARE(chat(QStringLiteral("Standup notes?"), {},
                      replyOf({ QStringLiteral("Shipped "), QStringLiteral("the fix.") }))
                     .status,
                 200);
        QCOMPARE(chat(QStringLiteral("Next?"), {}, replyOf({ QStringLiteral("Write the tests.") }))
                     .status,
                 200);
        QCOMPARE(post(QStringLiteral("/session/rename"),
                      { { QStringLiteral("session"), QStringLiteral("Work") },
                        { QStringLiteral("name"), QStringLiteral("Job") } })
                     .status,
                 200);
        QCOMPARE(post(QStringLiteral("/session/save"),
                      { { QStringLiteral("session"), QStringLiteral("Job") },
                        { QStringLiteral("name"), QStringLiteral("Job copy") } })
                     .status,
                 201);
        QCOMPARE(post(QStringLiteral("/session/new"),
                      { { QStringLiteral("name"), QStringLiteral("Temp") } })
                     .status,
                 201);
        QCOMPARE(chat(QStringLiteral("Throwaway")).status, 200);
        QCOMPARE(post(QStringLiteral("/session/delete"),
                      { { QStringLiteral("session"), QStringLiteral("Temp") } })
                     .status,
                 200);
        const QByteArray exported =
            get(query(QStringLiteral("/session/export"),
                      { { QStringLiteral("session"), QStringLiteral("Job") },
                        { QStringLiteral("format"), QStringLiteral("json") } }))
                .body;
        QCOMPARE(send("POST", QStringLiteral("/session/import"), exported).status, 201);
        QCOMPARE(post(QStringLiteral("/history/clear"),
                      { { QStringLiteral("session"), QStringLiteral("Default") } })
                     .status,
                 200);
        QCOMPARE(chat(QStringLiteral("After the clear"), QStringLiteral("Default"),
                      replyOf({ QStringLiteral("Fresh start.") }))
                     .status,
                 200);
        QCOMPARE(post(QStringLiteral("/session/load"),
                      { { QStringLiteral("session"), QStringLiteral("Job") } })
                     .status,
                 200);

        const Answer listBefore = get(QStringLiteral("/sessions"));
        const QJsonArray sessionsBefore = listBefore.json[QLatin1String("sessions")].toArray();
        QCOMPARE(sessionsBefore.size(), 4); // Default, Job, Job copy, the import
        QHash<QString, QJsonArray> historiesBefore;
        for (const QJsonValue &s : sessionsBefore)
            historiesBefore.insert(s[QLatin1String("id")].toString(),
                                   history(s[QLatin1String("id")].toString()));
        const QJsonObject usageBefore = usage();
        QCOMPARE(usageBefore[QLatin1String("totals")][QLatin1String("requests")].toInt(), 5);

        restart();
        if (QTest::currentTestFailed())
            return;

        const Answer listAfter = get(QStringLiteral("/sessions"));
        QCOMPARE(listAfter.json[QLatin1String("current")].toString(),
                 listBefore.json[QLatin1String("current")].toString());
        QCOMPARE(sortedById(listAfter.json[QLatin1String("sessions")].toArray()),
                 sortedById(sessionsBefore));
        for (auto it = historiesBefore.cbegin(); it != historiesBefore.cend(); ++it)
            QCOMPARE(history(it.key()), it.value());
        QCOMPARE(history(QStringLiteral("Default")),
                 turn(QStringLiteral("After the clear"), QStringLiteral("Fresh start.")));
        QCOMPARE(usage(), usageBefore);

        // The restored conversation is what the model gets with the next turn.
        QCOMPARE(
            chat(QStringLiteral("Where were we?"), {}, replyOf({ QStringLiteral("At the tests.") }))
                .status,
            200);
        const QJsonArray sent =
            m_fake->chatRequests().constLast()[QLatin1String("messages")].toArray();
        QCOMPARE(sent.size(), 5);
        QCOMPARE(sent.at(0)[QLatin1String("content")].toString(), QStringLiteral("Standup notes?"));
        QCOMPARE(sent.at(3)[QLatin1String("content")].toString(),
                 QStringLiteral("Write the tests."));
    }

    void restartKeepsTheCurrentSessionAfterDeletingIt()
    {
        // The user deletes the session on screen; Attache shows another one; a later restart
        // must come back to that one, whatever was chatted elsewhere in between.
        QCOMPARE(post(QStringLiteral("/session/new"),
                      { { QStringLiteral("name"), QStringLiteral("Notes") } })
                     .status,
                 201);
        QCOMPARE(chat(QStringLiteral("note one")).status, 200);
        QCOMPARE(post(QStringLiteral("/session/new"),
                      { { QStringLiteral("name"), QStringLiteral("Scratch") } })
                     .status,
                 201);
        const Answer deleted = post(QStringLiteral("/session/delete"),
                                    { { QStringLiteral("session"), QStringLiteral("Scratch") } });
        QCOMPARE(deleted.status, 200);
        const QString shown = deleted.json[QLatin1String("current")].toString();
        QCOMPARE(shown, sessionNamed(QStringLiteral("Notes"))[QLatin1String("id")].toString());
        // Default is now the last one changed (the sessions' clock ticks a second per change).
        QCOMPARE(chat(QStringLiteral("meanwhile, elsewhere"), QStringLiteral("Default")).status,
                 200);
        QCOMPARE(currentId(), shown);

        restart();
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(
            currentId() == shown,
            qPrintable(
                QStringLiteral("after a restart the current session is \"%1\", not \"Notes\", "
                               "which was current "
                               "when Attache stopped")
                    .arg(sessionNamed(QStringLiteral("Default"))[QLatin1String("id")].toString()
                                 == currentId()
                             ? QStringLiteral("Default")
                             : currentId())));
    }
};

QTEST_GUILESS_MAIN(TestSessionsChanges)
#include "tst_sessionschanges.moc"
