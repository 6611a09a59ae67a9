// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessionsfixture.h"
#include "sseclient.h"

/** Listing, creating, loading, renaming, copying and deleting sessions over HTTP. */
class TestSessionsManage : public SessionsFixture
{
    Q_OBJECT

private Q_SLOTS:
    void chatSettingsAreKeptSentAndListed()
    {
        const Answer set = post(QStringLiteral("/session/settings"),
                                { { QStringLiteral("system_prompt"), QStringLiteral("Be terse.") },
                                  { QStringLiteral("temperature"), 0.2 },
                                  { QStringLiteral("max_tokens"), 100 } });
        QCOMPARE(set.status, 200);
        const QJsonObject settings =
            set.json[QLatin1String("session")].toObject()[QLatin1String("settings")].toObject();
        QCOMPARE(settings[QLatin1String("system_prompt")].toString(), QStringLiteral("Be terse."));
        QCOMPARE(settings[QLatin1String("temperature")].toDouble(), 0.2);
        QCOMPARE(settings[QLatin1String("max_tokens")].toInt(), 100);

        QCOMPARE(chat(QStringLiteral("Explain monads, please")).status, 200);
        const QJsonObject sent = m_fake->chatRequests().constLast();
        QCOMPARE(sent[QLatin1String("temperature")].toDouble(), 0.2);
        const QJsonArray messages = sent[QLatin1String("messages")].toArray();
        QCOMPARE(messages.at(0)[QLatin1String("role")].toString(), QStringLiteral("system"));
        QCOMPARE(messages.at(0)[QLatin1String("content")].toString(), QStringLiteral("Be terse."));

        const QJsonObject listed = sessions().at(0).toObject();
        QCOMPARE(listed[QLatin1String("settings")].toObject(), settings);
        // Named after its first message; the name it is addressed by stays.
        QCOMPARE(listed[QLatin1String("title")].toString(),
                 QStringLiteral("Explain monads, please"));
        QCOMPARE(listed[QLatin1String("name")].toString(), QStringLiteral("Default"));

        // null clears a field; a field left out stays; a wrong type is refused.
        const Answer cleared = post(QStringLiteral("/session/settings"),
                                    { { QStringLiteral("temperature"), QJsonValue::Null } });
        QCOMPARE(cleared.status, 200);
        const QJsonObject now =
            cleared.json[QLatin1String("session")].toObject()[QLatin1String("settings")].toObject();
        QVERIFY(!now.contains(QLatin1String("temperature")));
        QCOMPARE(now[QLatin1String("max_tokens")].toInt(), 100);
        QCOMPARE(post(QStringLiteral("/session/settings"),
                      { { QStringLiteral("temperature"), QStringLiteral("hot") } })
                     .status,
                 400);
        QCOMPARE(post(QStringLiteral("/session/settings"), { { QStringLiteral("temperature"), 7 } })
                     .status,
                 400);
    }

    void listsSessionsWithTheirFields()
    {
        const Answer fresh = get(QStringLiteral("/sessions"));
        QCOMPARE(fresh.status, 200);
        const QJsonArray list = fresh.json[QLatin1String("sessions")].toArray();
        QCOMPARE(list.size(), 1);
        const QJsonObject first = list.at(0).toObject();
        QStringList keys = first.keys();
        keys.sort();
        QCOMPARE(keys,
                 QStringList({ QStringLiteral("created"), QStringLiteral("current"),
                               QStringLiteral("id"), QStringLiteral("message_count"),
                               QStringLiteral("model"), QStringLiteral("name"),
                               QStringLiteral("provider"), QStringLiteral("settings"),
                               QStringLiteral("title"), QStringLiteral("updated") }));
        QCOMPARE(first[QLatin1String("settings")].toObject(), QJsonObject());
        QCOMPARE(first[QLatin1String("title")].toString(), QStringLiteral("Default"));
        QCOMPARE(first[QLatin1String("name")].toString(), QStringLiteral("Default"));
        QCOMPARE(first[QLatin1String("current")].toBool(), true);
        QCOMPARE(fresh.json[QLatin1String("current")].toString(),
                 first[QLatin1String("id")].toString());
        QCOMPARE(first[QLatin1String("message_count")].toInt(), 0);
        const QDateTime created =
            QDateTime::fromString(first[QLatin1String("created")].toString(), Qt::ISODateWithMs);
        QVERIFY2(created.isValid(), qPrintable(first[QLatin1String("created")].toString()));
        // Made as the app started, in UTC.
        QVERIFY2(created >= m_startedAt && created <= QDateTime::currentDateTimeUtc(),
                 qPrintable(first[QLatin1String("created")].toString()));

        QCOMPARE(chat(QStringLiteral("What is a monad?")).status, 200);
        QCOMPARE(chat(QStringLiteral("Plan the week"), QStringLiteral("Side project")).status, 200);

        const QJsonArray after = sessions();
        QCOMPARE(after.size(), 2);
        // Most recently updated first.
        QCOMPARE(after.at(0)[QLatin1String("name")].toString(), QStringLiteral("Side project"));
        QCOMPARE(after.at(0)[QLatin1String("current")].toBool(),
                 false); // chatting in it does not switch
        QCOMPARE(after.at(1)[QLatin1String("name")].toString(), QStringLiteral("Default"));
        QCOMPARE(after.at(1)[QLatin1String("current")].toBool(), true);
        for (const QJsonValue &s : after) {
            QCOMPARE(s[QLatin1String("message_count")].toInt(), 2);
            QCOMPARE(s[QLatin1String("provider")].toString(), QStringLiteral("openai"));
            QCOMPARE(s[QLatin1String("model")].toString(), QStringLiteral("gpt-4o-mini"));
        }
        const QDateTime updated = QDateTime::fromString(
            after.at(1)[QLatin1String("updated")].toString(), Qt::ISODateWithMs);
        QVERIFY2(updated > created, qPrintable(after.at(1)[QLatin1String("updated")].toString()));
        QCOMPARE(after.at(1)[QLatin1String("created")].toString(),
                 first[QLatin1String("created")].toString());
    }

    void newSessionIsCreatedAndLoaded()
    {
        const qint64 before = topic(QStringLiteral("sessions"));
        const Answer work = post(QStringLiteral("/session/new"),
                                 { { QStringLiteral("name"), QStringLiteral("Work") } });
        QCOMPARE(work.status, 201);
        const QString id = work.session()[QLatin1String("id")].toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(work.session()[QLatin1String("name")].toString(), QStringLiteral("Work"));
        QCOMPARE(work.session()[QLatin1String("message_count")].toInt(), 0);
        QCOMPARE(work.session()[QLatin1String("current")].toBool(), true);
        QCOMPARE(currentId(), id);
        QVERIFY(topic(QStringLiteral("sessions")) > before);

        const Answer duplicate = post(QStringLiteral("/session/new"),
                                      { { QStringLiteral("name"), QStringLiteral("Work") } });
        QCOMPARE(duplicate.status, 409);
        QCOMPARE(duplicate.errorCode(), QStringLiteral("conflict"));
        QVERIFY2(duplicate.errorMessage().contains(QLatin1String("Work")), duplicate.body);
        QCOMPARE(post(QStringLiteral("/session/new"),
                      { { QStringLiteral("name"), QStringLiteral("   ") } })
                     .status,
                 400);
        QCOMPARE(sessions().size(), 2);
        QCOMPARE(currentId(), id);

        // No name: one is made up, unique; "load": false leaves the current one alone.
        const Answer unnamed =
            post(QStringLiteral("/session/new"), { { QStringLiteral("load"), false } });
        QCOMPARE(unnamed.status, 201);
        const QString made = unnamed.session()[QLatin1String("name")].toString();
        QVERIFY(!made.trimmed().isEmpty());
        QVERIFY(made != QLatin1String("Work") && made != QLatin1String("Default"));
        QCOMPARE(unnamed.session()[QLatin1String("current")].toBool(), false);
        QCOMPARE(currentId(), id);
        QCOMPARE(sessions().size(), 3);
    }

    void loadMakesItCurrent()
    {
        const QString alpha = post(QStringLiteral("/session/new"),
                                   { { QStringLiteral("name"), QStringLiteral("Alpha") } })
                                  .session()[QLatin1String("id")]
                                  .toString();
        const QString beta = post(QStringLiteral("/session/new"),
                                  { { QStringLiteral("name"), QStringLiteral("Beta") } })
                                 .session()[QLatin1String("id")]
                                 .toString();
        QCOMPARE(currentId(), beta);

        const qint64 before = topic(QStringLiteral("sessions"));
        const Answer loaded = post(QStringLiteral("/session/load"),
                                   { { QStringLiteral("session"), QStringLiteral("Alpha") } });
        QCOMPARE(loaded.status, 200);
        QCOMPARE(loaded.session()[QLatin1String("id")].toString(), alpha);
        QCOMPARE(loaded.session()[QLatin1String("current")].toBool(), true);
        QCOMPARE(currentId(), alpha);
        QVERIFY(topic(QStringLiteral("sessions")) > before);

        // A chat that names no session lands in the loaded one.
        const Answer answer =
            chat(QStringLiteral("Which one am I in?"), {}, replyOf({ QStringLiteral("Alpha.") }));
        QCOMPARE(answer.status, 200);
        QCOMPARE(answer.json[QLatin1String("session")].toString(), alpha);
        const Answer current = get(QStringLiteral("/history"));
        QCOMPARE(current.json[QLatin1String("session")].toString(), alpha);
        QCOMPARE(current.json[QLatin1String("messages")].toArray(),
                 turn(QStringLiteral("Which one am I in?"), QStringLiteral("Alpha.")));
        QCOMPARE(history(QStringLiteral("Beta")), QJsonArray());
        QCOMPARE(sessionNamed(QStringLiteral("Alpha"))[QLatin1String("message_count")].toInt(), 2);

        // By id as well as by name.
        QCOMPARE(
            post(QStringLiteral("/session/load"), { { QStringLiteral("session"), beta } }).status,
            200);
        QCOMPARE(currentId(), beta);
        QCOMPARE(history(), QJsonArray());

        const Answer unknown = post(QStringLiteral("/session/load"),
                                    { { QStringLiteral("session"), QStringLiteral("Gamma") } });
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.errorCode(), QStringLiteral("not_found"));
        QVERIFY2(unknown.errorMessage().contains(QLatin1String("Gamma")), unknown.body);
        QCOMPARE(post(QStringLiteral("/session/load"), {}).status, 400);
        QCOMPARE(currentId(), beta);
    }

    void renameKeepsTheConversation()
    {
        QCOMPARE(
            chat(QStringLiteral("Milk, eggs"), {}, replyOf({ QStringLiteral("Noted.") })).status,
            200);
        const QString id = currentId();
        const qint64 before = topic(QStringLiteral("sessions"));
        const Answer renamed = post(QStringLiteral("/session/rename"),
                                    { { QStringLiteral("session"), QStringLiteral("Default") },
                                      { QStringLiteral("name"), QStringLiteral("Groceries") } });
        QCOMPARE(renamed.status, 200);
        QCOMPARE(renamed.session()[QLatin1String("id")].toString(), id);
        QCOMPARE(renamed.session()[QLatin1String("name")].toString(), QStringLiteral("Groceries"));
        QCOMPARE(renamed.session()[QLatin1String("message_count")].toInt(), 2);
        QVERIFY(topic(QStringLiteral("sessions")) > before);
        QVERIFY(sessionNamed(QStringLiteral("Default")).isEmpty());
        QCOMPARE(sessionNamed(QStringLiteral("Groceries"))[QLatin1String("id")].toString(), id);
        QCOMPARE(history(QStringLiteral("Groceries")),
                 turn(QStringLiteral("Milk, eggs"), QStringLiteral("Noted.")));

        QCOMPARE(post(QStringLiteral("/session/new"),
                      { { QStringLiteral("name"), QStringLiteral("Other") } })
                     .status,
                 201);
        const Answer taken = post(QStringLiteral("/session/rename"),
                                  { { QStringLiteral("session"), QStringLiteral("Other") },
                                    { QStringLiteral("name"), QStringLiteral("Groceries") } });
        QCOMPARE(taken.status, 409);
        QCOMPARE(taken.errorCode(), QStringLiteral("conflict"));
        QVERIFY2(taken.errorMessage().contains(QLatin1String("Groceries")), taken.body);
        QCOMPARE(post(QStringLiteral("/session/rename"),
                      { { QStringLiteral("session"), QStringLiteral("Other") },
                        { QStringLiteral("name"), QString() } })
                     .status,
                 400);
        QCOMPARE(post(QStringLiteral("/session/rename"),
                      { { QStringLiteral("session"), QStringLiteral("Nope") },
                        { QStringLiteral("name"), QStringLiteral("Whatever") } })
                     .status,
                 404);
        // Without "session": the current one ("Other", just created and loaded).
        const Answer current = post(QStringLiteral("/session/rename"),
                                    { { QStringLiteral("name"), QStringLiteral("Errands") } });
        QCOMPARE(current.status, 200);
        QCOMPARE(current.session()[QLatin1String("current")].toBool(), true);
        QStringList names;
        for (const QJsonValue &s : sessions())
            names.append(s[QLatin1String("name")].toString());
        names.sort();
        QCOMPARE(names, QStringList({ QStringLiteral("Errands"), QStringLiteral("Groceries") }));
    }

    void saveAsCopiesTheMessages()
    {
        QCOMPARE(chat(QStringLiteral("First"), {}, replyOf({ QStringLiteral("One.") })).status,
                 200);
        QCOMPARE(chat(QStringLiteral("Second"), {}, replyOf({ QStringLiteral("Two.") })).status,
                 200);
        const QString original = currentId();
        const QJsonArray messages = history();
        QCOMPARE(messages.size(), 4);

        const Answer copy = post(QStringLiteral("/session/save"),
                                 { { QStringLiteral("session"), QStringLiteral("Default") },
                                   { QStringLiteral("name"), QStringLiteral("Snapshot") } });
        QCOMPARE(copy.status, 201);
        const QString copyId = copy.session()[QLatin1String("id")].toString();
        QVERIFY(copyId != original);
        QCOMPARE(copy.session()[QLatin1String("name")].toString(), QStringLiteral("Snapshot"));
        QCOMPARE(copy.session()[QLatin1String("message_count")].toInt(), 4);
        QCOMPARE(currentId(), original); // saving a copy does not switch to it
        QCOMPARE(history(QStringLiteral("Snapshot")), messages);

        // The two go their own ways.
        QCOMPARE(chat(QStringLiteral("Third"), QStringLiteral("Snapshot"),
                      replyOf({ QStringLiteral("Three.") }))
                     .status,
                 200);
        QCOMPARE(history(QStringLiteral("Snapshot")).size(), 6);
        QCOMPARE(history(QStringLiteral("Default")), messages);

        // Without a name it is a checkpoint of the session itself.
        const Answer checkpoint =
            post(QStringLiteral("/session/save"),
                 { { QStringLiteral("session"), QStringLiteral("Default") } });
        QCOMPARE(checkpoint.status, 200);
        QCOMPARE(checkpoint.session()[QLatin1String("id")].toString(), original);
        QCOMPARE(sessions().size(), 2);

        QCOMPARE(post(QStringLiteral("/session/save"),
                      { { QStringLiteral("session"), QStringLiteral("Nope") },
                        { QStringLiteral("name"), QStringLiteral("X") } })
                     .status,
                 404);
        const Answer taken = post(QStringLiteral("/session/save"),
                                  { { QStringLiteral("session"), QStringLiteral("Default") },
                                    { QStringLiteral("name"), QStringLiteral("Snapshot") } });
        QCOMPARE(taken.status, 409);
        QCOMPARE(taken.errorCode(), QStringLiteral("conflict"));
        QCOMPARE(sessions().size(), 2);
    }

    void deleteSession()
    {
        QCOMPARE(chat(QStringLiteral("Scratch this"), QStringLiteral("Doomed")).status, 200);
        const QString doomed =
            sessionNamed(QStringLiteral("Doomed"))[QLatin1String("id")].toString();
        QVERIFY(!doomed.isEmpty());
        const qint64 before = topic(QStringLiteral("sessions"));
        const Answer deleted = post(QStringLiteral("/session/delete"),
                                    { { QStringLiteral("session"), QStringLiteral("Doomed") } });
        QCOMPARE(deleted.status, 200);
        QCOMPARE(deleted.json[QLatin1String("deleted")].toBool(), true);
        QVERIFY(topic(QStringLiteral("sessions")) > before);
        QVERIFY(sessionNamed(QStringLiteral("Doomed")).isEmpty());
        QCOMPARE(get(query(QStringLiteral("/history"), { { QStringLiteral("session"), doomed } }))
                     .status,
                 404);

        const Answer unknown = post(QStringLiteral("/session/delete"),
                                    { { QStringLiteral("session"), QStringLiteral("Doomed") } });
        QCOMPARE(unknown.status, 404);
        QCOMPARE(unknown.errorCode(), QStringLiteral("not_found"));
        QCOMPARE(post(QStringLiteral("/session/delete"), {}).status, 400);

        // Deleting the current session moves "current" to one that exists.
        QCOMPARE(post(QStringLiteral("/session/new"),
                      { { QStringLiteral("name"), QStringLiteral("Keep") } })
                     .status,
                 201);
        QCOMPARE(post(QStringLiteral("/session/load"),
                      { { QStringLiteral("session"), QStringLiteral("Default") } })
                     .status,
                 200);
        const QString defaultId = currentId();
        const Answer current = post(QStringLiteral("/session/delete"),
                                    { { QStringLiteral("session"), QStringLiteral("Default") } });
        QCOMPARE(current.status, 200);
        const QString now = current.json[QLatin1String("current")].toString();
        QVERIFY(now != defaultId);
        QCOMPARE(now, sessionNamed(QStringLiteral("Keep"))[QLatin1String("id")].toString());
        QCOMPARE(currentId(), now);
    }

    void deletingASessionWithARunningReplyIsRefused()
    {
        FakeReply slow;
        slow.tokens =
            QStringList { QStringLiteral("still "), QStringLiteral("going "), QStringLiteral("on "),
                          QStringLiteral("and "), QStringLiteral("on.") };
        slow.holdAfter = 1; // still streaming until the test lets it go on
        m_fake->enqueueReply(slow);
        QNetworkRequest req(
            QUrl(QStringLiteral("http://127.0.0.1:%1/chat").arg(m_app->server->port())));
        req.setRawHeader("Authorization", "Bearer " + Token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        auto *stream = new SseClient(
            m_network.post(req, R"({"message":"Talk slowly","session":"Busy"})"), this);
        QTRY_VERIFY_WITH_TIMEOUT(stream->types().contains(QStringLiteral("stream_chunk")), 30000);

        const Answer refused = post(QStringLiteral("/session/delete"),
                                    { { QStringLiteral("session"), QStringLiteral("Busy") } });
        QCOMPARE(refused.status, 409);
        QCOMPARE(refused.errorCode(), QStringLiteral("conflict"));
        QVERIFY2(refused.errorMessage().contains(QLatin1String("Busy"))
                     && (refused.errorMessage().contains(QLatin1String("stream"))
                         || refused.errorMessage().contains(QLatin1String("running"))),
                 refused.body);
        QVERIFY(!sessionNamed(QStringLiteral("Busy")).isEmpty());
        // Clearing its history is refused the same way: the reply would land in an emptied chat.
        const Answer notCleared = post(QStringLiteral("/history/clear"),
                                       { { QStringLiteral("session"), QStringLiteral("Busy") } });
        QCOMPARE(notCleared.status, 409);
        QCOMPARE(notCleared.errorCode(), QStringLiteral("conflict"));

        // The reply goes on to its end and is kept.
        QCOMPARE(m_fake->heldStreams(), 1);
        m_fake->release();
        QTRY_VERIFY_WITH_TIMEOUT(stream->finished, 30000);
        QCOMPARE(stream->types().mid(stream->types().size() - 2),
                 QStringList({ QStringLiteral("stream_end"), QStringLiteral("[DONE]") }));
        QCOMPARE(history(QStringLiteral("Busy")),
                 turn(QStringLiteral("Talk slowly"), slow.joinedText()));
        // Once it is done, the session can go.
        QCOMPARE(post(QStringLiteral("/session/delete"),
                      { { QStringLiteral("session"), QStringLiteral("Busy") } })
                     .status,
                 200);
    }
};

QTEST_GUILESS_MAIN(TestSessionsManage)
#include "tst_sessionsmanage.moc"
