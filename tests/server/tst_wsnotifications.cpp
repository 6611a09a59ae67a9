// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sseclient.h"
#include "wire/clientsjson.h"
#include "wschannelfixture.h"

#include <QFile>
#include <QTemporaryDir>

/** What every attached client is told: topics, notifications, presence and permission requests. */
class TestWsNotifications : public WsChannelFixture
{
    Q_OBJECT

private Q_SLOTS:
    void topicVersionsFollowChanges()
    {
        WsClient *client = connected();
        const QJsonObject subscribed = client->callAndWait(
            QStringLiteral("subscribe"),
            { { QStringLiteral("topics"),
                QJsonArray { QStringLiteral("models"), QStringLiteral("history") } } });
        const int before =
            subscribed[QLatin1String("result")][QLatin1String("versions")][QLatin1String("models")]
                .toInt();
        QCOMPARE(httpPost(QStringLiteral("/model"), R"({"model":"fake-model-large"})"), 200);
        QTRY_COMPARE(client->notifications(QStringLiteral("topic")).size(), 1);
        const QJsonObject topic = client->notifications(QStringLiteral("topic")).constFirst();
        QCOMPARE(topic[QLatin1String("topic")].toString(), QStringLiteral("models"));
        QCOMPARE(topic[QLatin1String("version")].toInt(), before + 1);
        QCOMPARE(m_test->engine->topics().version(QStringLiteral("models")), quint64(before + 1));
        // Not subscribed: no push. A change to a subscribed topic made after it is told, and
        // anything about the providers would have come before.
        QCOMPARE(httpPost(QStringLiteral("/provider"), R"({"provider":"ollama"})"), 200);
        QCOMPARE(httpPost(QStringLiteral("/history/clear"), "{}"), 200);
        const auto historyTold = [client] {
            for (const QJsonObject &t : client->notifications(QStringLiteral("topic"))) {
                if (t[QLatin1String("topic")] == QLatin1String("history"))
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(historyTold(), 30000);
        for (const QJsonObject &t : client->notifications(QStringLiteral("topic")))
            QVERIFY(t[QLatin1String("topic")] != QLatin1String("providers"));
    }

    void notificationsReachEveryClientAndAnswersTheAsker()
    {
        WsClient *asker = connected(QByteArrayLiteral("vscode"));
        WsClient *other = connected(QByteArrayLiteral("cli"));
        QNetworkRequest req(
            QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(m_server->port())));
        req.setRawHeader("Authorization", "Bearer " + Token);
        auto *feed = new SseClient(m_network.get(req), this);
        QTRY_VERIFY(!feed->events.isEmpty()); // hello

        const QJsonObject posted = asker->callAndWait(
            QStringLiteral("http_request"),
            { { QStringLiteral("method"), QStringLiteral("POST") },
              { QStringLiteral("path"), QStringLiteral("/notifications") },
              { QStringLiteral("body"),
                QJsonObject { { QStringLiteral("message"), QStringLiteral("Run the tests?") },
                              { QStringLiteral("kind"), QStringLiteral("question") } } } });
        QCOMPARE(posted[QLatin1String("result")][QLatin1String("status")].toInt(), 201);
        QTRY_COMPARE(other->notifications(QStringLiteral("notification")).size(), 1);
        QTRY_COMPARE(asker->notifications(QStringLiteral("notification")).size(), 1);
        QTRY_VERIFY(feed->types().contains(QStringLiteral("notification")));
        const QJsonObject n = other->notifications(QStringLiteral("notification")).constFirst();
        QCOMPARE(n[QLatin1String("message")].toString(), QStringLiteral("Run the tests?"));
        QCOMPARE(n[QLatin1String("kind")].toString(), QStringLiteral("question"));

        const QJsonObject replied =
            other->callAndWait(QStringLiteral("notification.reply"),
                               { { QStringLiteral("id"), n[QLatin1String("id")] },
                                 { QStringLiteral("reply"), QStringLiteral("yes") } });
        QVERIFY(replied.contains(QLatin1String("result")));
        QTRY_COMPARE(asker->notifications(QStringLiteral("notification.reply")).size(), 1);
        QCOMPARE(asker->notifications(QStringLiteral("notification.reply"))
                     .constFirst()[QLatin1String("reply")]
                     .toString(),
                 QStringLiteral("yes"));
        QCOMPARE(other->notifications(QStringLiteral("notification.reply")).size(), 0);
        QCOMPARE(
            errorCode(other->callAndWait(QStringLiteral("notification.reply"),
                                         { { QStringLiteral("id"), n[QLatin1String("id")] },
                                           { QStringLiteral("reply"), QStringLiteral("again") } })),
            -32602);
        QCOMPARE(httpPost(QStringLiteral("/notifications"), R"({"message":"x","kind":"shout"})"),
                 400);
    }

    void presenceListsAttachedClients()
    {
        WsClient *editor = connected(QByteArrayLiteral("vscode"));
        QVERIFY(editor
                    ->callAndWait(QStringLiteral("hello"),
                                  { { QStringLiteral("kind"), QStringLiteral("vscode") },
                                    { QStringLiteral("name"), QStringLiteral("VS Code 1.99") } })
                    .contains(QLatin1String("result")));
        WsClient *cli = connected(QByteArrayLiteral("cli"));
        // The whole list comes first, then only the changes (coalesced in a burst).
        QTRY_COMPARE(editor->attachedClients().size(), 2);
        QVERIFY(editor->notifications(QStringLiteral("presence"))
                    .constFirst()
                    .contains(QLatin1String("clients")));
        QTRY_COMPARE(editor->attachedClients()[0][QLatin1String("name")].toString(),
                     QStringLiteral("VS Code 1.99"));
        const QJsonArray clients = editor->attachedClients();
        QCOMPARE(clients[1][QLatin1String("kind")].toString(), QStringLiteral("cli"));
        QCOMPARE(clients[1][QLatin1String("transport")].toString(), QStringLiteral("websocket"));
        QCOMPARE(cli->attachedClients(), clients);
        QCOMPARE(QJsonValue(editor->notifications(QStringLiteral("presence"))
                                .constLast()[QLatin1String("count")])
                     .toInt(),
                 2);

        // An event feed is an attached client too, and sees the same, the whole list first.
        QNetworkRequest req(
            QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(m_server->port())));
        req.setRawHeader("Authorization", "Bearer " + Token);
        auto *feed = new SseClient(m_network.get(req), this);
        QTRY_COMPARE(editor->attachedClients().size(), 3);
        WsClient *third = connected(); // a change after the feed attached, if its own was not
        QTRY_COMPARE(editor->attachedClients().size(), 4);
        QTRY_VERIFY(feed->types().contains(QStringLiteral("presence")));
        QCOMPARE(feed->types().constFirst(), QStringLiteral("hello"));
        const QJsonObject list = feed->events[feed->types().indexOf(QStringLiteral("presence"))]
                                     .json[QLatin1String("data")]
                                     .toObject();
        QVERIFY(list[QLatin1String("clients")].toArray().size() >= 3); // the third, if coalesced
        QCOMPARE(list[QLatin1String("clients")][0][QLatin1String("name")].toString(),
                 QStringLiteral("VS Code 1.99"));
        QCOMPARE(list[QLatin1String("clients")][2][QLatin1String("transport")].toString(),
                 QStringLiteral("sse"));
        feed->reply()->abort();
        third->socket.close();
        QTRY_COMPARE(editor->attachedClients().size(), 2);

        const QString cliId = clients[1][QLatin1String("id")].toString();
        cli->socket.close();
        QTRY_COMPARE(editor->attachedClients().size(), 1);
        const QJsonObject left = editor->notifications(QStringLiteral("presence")).constLast();
        QCOMPARE(left[QLatin1String("left")].toArray(), QJsonArray { cliId });
        QVERIFY(left[QLatin1String("joined")].toArray().isEmpty());
        QCOMPARE(left[QLatin1String("count")].toInt(), 1);
        QCOMPARE(m_test->engine->presence().clients().size(), 1);
    }

    void presenceIsBoundedWhenManyAttach()
    {
        // Thousands attached: every newcomer sent all of them, and every burst of arrivals
        // sent to everyone, costs the square of their number. A newcomer is told the first
        // ones and the count, a burst only the count, and GET /clients has the whole list.
        Presence &presence = m_test->engine->presence();
        QStringList scripts;
        for (int i = 0; i < PresenceJson::ListLimit + 8; ++i)
            scripts.append(presence.attach(QStringLiteral("other"),
                                           QStringLiteral("script %1").arg(i),
                                           QStringLiteral("sse")));
        WsClient *editor = connected(QByteArrayLiteral("vscode"));
        QTRY_VERIFY(!editor->notifications(QStringLiteral("presence")).isEmpty());
        const QList<ClientInfo> attached = presence.clients();
        const QJsonObject first = editor->notifications(QStringLiteral("presence")).constFirst();
        const QJsonArray listed = first[QLatin1String("clients")].toArray();
        QCOMPARE(listed.size(), PresenceJson::ListLimit);
        for (int i = 0; i < PresenceJson::ListLimit; ++i)
            QCOMPARE(listed[i][QLatin1String("id")].toString(), attached[i].id);
        QCOMPARE(first[QLatin1String("count")].toInt(), attached.size());
        QCOMPARE(first[QLatin1String("complete")], QJsonValue(false));

        // The scripts leave at once: one message (or two, if the first went out alone) with
        // the count only.
        for (const QString &id : std::as_const(scripts))
            presence.detach(id);
        const int remaining = int(attached.size()) - int(scripts.size());
        QTRY_COMPARE(editor->notifications(QStringLiteral("presence"))
                         .constLast()[QLatin1String("count")]
                         .toInt(),
                     remaining);
        const QJsonObject burst = editor->notifications(QStringLiteral("presence")).constLast();
        QCOMPARE(burst[QLatin1String("complete")], QJsonValue(false));
        QVERIFY(!burst.contains(QLatin1String("left")));
        QVERIFY(!burst.contains(QLatin1String("joined")));

        // A small change is told in full again.
        WsClient *cli = connected(QByteArrayLiteral("cli"));
        QTRY_COMPARE(editor->notifications(QStringLiteral("presence"))
                         .constLast()[QLatin1String("count")]
                         .toInt(),
                     remaining + 1);
        const QJsonObject joined = editor->notifications(QStringLiteral("presence")).constLast();
        QCOMPARE(joined[QLatin1String("complete")], QJsonValue(true));
        QCOMPARE(joined[QLatin1String("joined")][0][QLatin1String("kind")].toString(),
                 QStringLiteral("cli"));
        QTRY_VERIFY(!cli->notifications(QStringLiteral("presence")).isEmpty());
        QCOMPARE(
            cli->notifications(QStringLiteral("presence")).constFirst()[QLatin1String("complete")],
            QJsonValue(true));

        const QJsonObject all =
            editor->callAndWait(QStringLiteral("http_request"),
                                { { QStringLiteral("method"), QStringLiteral("GET") },
                                  { QStringLiteral("path"), QStringLiteral("/clients") } });
        const QJsonObject body =
            QJsonDocument::fromJson(
                all[QLatin1String("result")][QLatin1String("body")].toString().toUtf8())
                .object();
        QCOMPARE(body[QLatin1String("clients")].toArray().size(), remaining + 1);
    }

    void clientsOfAStoppedServerAreNoLongerAttached()
    {
        const int before = m_test->engine->presence().clients().size();
        connected();
        QNetworkRequest req(
            QUrl(QStringLiteral("http://127.0.0.1:%1/events").arg(m_server->port())));
        req.setRawHeader("Authorization", "Bearer " + Token);
        auto *feed = new SseClient(m_network.get(req), this);
        QTRY_VERIFY(!feed->events.isEmpty()); // hello
        QCOMPARE(m_test->engine->presence().clients().size(), before + 2);
        // The engine goes on (the window may still be open); the server and its clients do not.
        startServer();
        QCOMPARE(m_test->engine->presence().clients().size(), before);
    }

    void permissionFirstAnswerWinsAcrossClients()
    {
        QTemporaryDir workspace;
        QVERIFY(m_test->engine->tools().setWorkingDirectory(workspace.path()).ok());
        FakeReply call;
        call.tokens = { QStringLiteral("Writing.") };
        call.toolCalls = { FakeToolCall {
            QStringLiteral("call_1"), QStringLiteral("write_file"),
            QStringLiteral("{\"path\": \"a.txt\", \"content\": \"from the model\\n\"}"), 3 } };
        m_fake->enqueueReply(call);
        m_fake->enqueueReply(tokens(1, 0));
        WsClient *editor = connected(QByteArrayLiteral("vscode"));
        WsClient *cli = connected(QByteArrayLiteral("cli"));
        QVERIFY(editor
                    ->callAndWait(QStringLiteral("chat"),
                                  { { QStringLiteral("message"), QStringLiteral("write it") } })
                    .contains(QLatin1String("result")));
        QTRY_VERIFY(!editor->notifications(QStringLiteral("permission.request")).isEmpty()
                    && !cli->notifications(QStringLiteral("permission.request")).isEmpty());
        const QJsonObject request =
            cli->notifications(QStringLiteral("permission.request")).constFirst();
        QCOMPARE(request[QLatin1String("tool")].toString(), QStringLiteral("write_file"));
        QCOMPARE(request[QLatin1String("arguments")][QLatin1String("content")].toString(),
                 QStringLiteral("from the model\n"));
        QVERIFY(
            request[QLatin1String("diff")].toString().contains(QLatin1String("+from the model")));
        QVERIFY(!QFile::exists(workspace.filePath(QStringLiteral("a.txt"))));

        const QJsonObject first =
            cli->callAndWait(QStringLiteral("permission.respond"),
                             { { QStringLiteral("id"), request[QLatin1String("id")] },
                               { QStringLiteral("decision"), QStringLiteral("allow") },
                               { QStringLiteral("scope"), QStringLiteral("once") } });
        QVERIFY(first.contains(QLatin1String("result")));
        const QJsonObject late =
            editor->callAndWait(QStringLiteral("permission.respond"),
                                { { QStringLiteral("id"), request[QLatin1String("id")] },
                                  { QStringLiteral("decision"), QStringLiteral("deny") } });
        QCOMPARE(
            late[QLatin1String("error")][QLatin1String("data")][QLatin1String("code")].toString(),
            QStringLiteral("already_answered"));
        for (WsClient *client : { editor, cli }) {
            QTRY_COMPARE(client->notifications(QStringLiteral("permission.resolved")).size(), 1);
            const QJsonObject resolved =
                client->notifications(QStringLiteral("permission.resolved")).constFirst();
            QCOMPARE(resolved[QLatin1String("allowed")].toBool(), true);
            QCOMPARE(resolved[QLatin1String("by")].toString(),
                     cli->callAndWait(QStringLiteral(
                         "hello"))[QLatin1String("result")][QLatin1String("client")]
                         .toString());
        }
        QTRY_VERIFY(QFile::exists(workspace.filePath(QStringLiteral("a.txt"))));
        QCOMPARE(errorCode(
                     cli->callAndWait(QStringLiteral("permission.respond"),
                                      { { QStringLiteral("id"), QStringLiteral("p_nope") },
                                        { QStringLiteral("decision"), QStringLiteral("maybe") } })),
                 -32602);
    }
};

QTEST_GUILESS_MAIN(TestWsNotifications)
#include "tst_wsnotifications.moc"
