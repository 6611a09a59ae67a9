// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessionsfixture.h"

/** Exporting a session as Markdown or JSON, and importing the JSON back. */
class TestSessionsExport : public SessionsFixture
{
    Q_OBJECT

private Q_SLOTS:
    void exportsMarkdown()
    {
        QCOMPARE(post(QStringLiteral("/session/new"),
                      { { QStringLiteral("name"), QStringLiteral("Trip notes") } })
                     .status,
                 201);
        QCOMPARE(chat(QStringLiteral("Where should we go?"), {},
                      replyOf({ QStringLiteral("Lisbon "), QStringLiteral("in May.") }))
                     .status,
                 200);

        const Answer md = get(query(QStringLiteral("/session/export"),
                                    { { QStringLiteral("session"), QStringLiteral("Trip notes") },
                                      { QStringLiteral("format"), QStringLiteral("markdown") } }));
        QCOMPARE(md.status, 200);
        QVERIFY2(md.contentType.startsWith("text/markdown"), md.contentType);
        QVERIFY2(md.disposition.startsWith("attachment"), md.disposition);
        QVERIFY2(md.disposition.contains("filename=\"Trip-notes.md\""), md.disposition);
        const QString text = QString::fromUtf8(md.body);
        QVERIFY2(text.startsWith(QLatin1String("# Trip notes\n")), qPrintable(text));
        const qsizetype question = text.indexOf(QLatin1String("## You\n\nWhere should we go?\n"));
        const qsizetype answer = text.indexOf(QLatin1String("## Attache\n\nLisbon in May.\n"));
        QVERIFY2(question > 0 && answer > question, qPrintable(text));

        // Markdown is the default format; the current session the default session.
        const Answer plain = get(QStringLiteral("/session/export"));
        QCOMPARE(plain.status, 200);
        QCOMPARE(plain.body.mid(plain.body.indexOf("\n## ")),
                 md.body.mid(md.body.indexOf("\n## ")));

        QCOMPARE(get(query(QStringLiteral("/session/export"),
                           { { QStringLiteral("format"), QStringLiteral("pdf") } }))
                     .status,
                 400);
        QCOMPARE(get(query(QStringLiteral("/session/export"),
                           { { QStringLiteral("session"), QStringLiteral("Nope") } }))
                     .status,
                 404);
    }

    void exportedJsonImportsBack()
    {
        QCOMPARE(post(QStringLiteral("/session/new"),
                      { { QStringLiteral("name"), QStringLiteral("Recipes") } })
                     .status,
                 201);
        QCOMPARE(chat(QStringLiteral("Bread?"), {},
                      replyOf({ QStringLiteral("Flour, water, salt, time.") }))
                     .status,
                 200);
        QCOMPARE(chat(QStringLiteral("And \"sourdough\"?"), {},
                      replyOf({ QStringLiteral("A starter: ünïcödé ✓.") }))
                     .status,
                 200);
        const QJsonArray messages = history();
        QCOMPARE(messages.size(), 4);

        const Answer exported =
            get(query(QStringLiteral("/session/export"),
                      { { QStringLiteral("session"), QStringLiteral("Recipes") },
                        { QStringLiteral("format"), QStringLiteral("json") } }));
        QCOMPARE(exported.status, 200);
        QVERIFY2(exported.contentType.startsWith("application/json"), exported.contentType);
        QVERIFY2(exported.disposition.startsWith("attachment")
                     && exported.disposition.contains("filename=\"Recipes.json\""),
                 exported.disposition);
        QCOMPARE(exported.json[QLatin1String("name")].toString(), QStringLiteral("Recipes"));
        QCOMPARE(exported.json[QLatin1String("messages")].toArray(), messages);

        const qint64 sessionsBefore = topic(QStringLiteral("sessions"));
        const qint64 historyBefore = topic(QStringLiteral("history"));
        const Answer imported = send("POST", QStringLiteral("/session/import"), exported.body);
        QCOMPARE(imported.status, 201);
        const QString id = imported.session()[QLatin1String("id")].toString();
        QVERIFY(!id.isEmpty() && id != currentId());
        const QString name = imported.session()[QLatin1String("name")].toString();
        QVERIFY2(name != QLatin1String("Recipes") && name.startsWith(QLatin1String("Recipes")),
                 qPrintable(name));
        QCOMPARE(imported.session()[QLatin1String("message_count")].toInt(), 4);
        QCOMPARE(history(id), messages);
        QVERIFY(topic(QStringLiteral("sessions")) > sessionsBefore);
        QVERIFY(topic(QStringLiteral("history")) > historyBefore);

        // Imported under a name of the user's choosing: a taken one is refused, a free one used.
        const Answer taken =
            send("POST", QStringLiteral("/session/import?name=Recipes"), exported.body);
        QCOMPARE(taken.status, 409);
        QCOMPARE(taken.errorCode(), QStringLiteral("conflict"));
        const Answer named =
            send("POST", QStringLiteral("/session/import?name=Dinner%20ideas"), exported.body);
        QCOMPARE(named.status, 201);
        QCOMPARE(named.session()[QLatin1String("name")].toString(), QStringLiteral("Dinner ideas"));

        const Answer garbage = send("POST", QStringLiteral("/session/import"), "{\"not\": ");
        QCOMPARE(garbage.status, 400);
        QCOMPARE(
            send("POST", QStringLiteral("/session/import"), R"({"name":"Empty","messages":[]})")
                .status,
            400);
        QCOMPARE(sessions().size(), 4);
    }
};

QTEST_GUILESS_MAIN(TestSessionsExport)
#include "tst_sessionsexport.moc"
