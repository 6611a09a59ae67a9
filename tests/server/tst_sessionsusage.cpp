// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "sessionsfixture.h"
#include "wsclient.h"

namespace {

// The openai catalog entry's prices for its default model, USD per million tokens.
constexpr double InputPrice = 0.15;
constexpr double OutputPrice = 0.6;
constexpr int PromptTokens = 7; // what the fake reports for every request

} // namespace

/** The usage ledger over HTTP: totals, and filters by session, client and day. */
class TestSessionsUsage : public SessionsFixture
{
    Q_OBJECT

private Q_SLOTS:
    void usageTotalsAndFilters()
    {
        // One chat over HTTP in "Alpha", one from an editor over the WebSocket in "Beta".
        QCOMPARE(chat(QStringLiteral("Count to three"), QStringLiteral("Alpha"),
                      replyOf({ QStringLiteral("1 "), QStringLiteral("2 "), QStringLiteral("3") }))
                     .status,
                 200);
        // A client holding its answer finds the request counted.
        const QJsonObject first = usage()[QLatin1String("totals")].toObject();
        QVERIFY2(
            first[QLatin1String("requests")].toInt() == 1,
            qPrintable(
                QStringLiteral("GET /usage right after a chat's answer does not count the chat: %1")
                    .arg(QString::fromUtf8(QJsonDocument(first).toJson(QJsonDocument::Compact)))));
        WsClient editor;
        QVERIFY(editor.open(m_app->server->port(), Token, "vscode"));
        const QJsonObject hello =
            editor.callAndWait(QStringLiteral("hello"),
                               { { QStringLiteral("kind"), QStringLiteral("vscode") },
                                 { QStringLiteral("name"), QStringLiteral("test") } });
        const QString client = hello[QLatin1String("result")][QLatin1String("client")].toString();
        QVERIFY2(!client.isEmpty(), QJsonDocument(hello).toJson());
        m_fake->enqueueReply(
            replyOf({ QStringLiteral("a "), QStringLiteral("b "), QStringLiteral("c "),
                      QStringLiteral("d "), QStringLiteral("e") }));
        const QJsonObject started =
            editor.callAndWait(QStringLiteral("chat"),
                               { { QStringLiteral("message"), QStringLiteral("Five letters") },
                                 { QStringLiteral("session"), QStringLiteral("Beta") } });
        const QString run = started[QLatin1String("result")][QLatin1String("run")].toString();
        QVERIFY2(!run.isEmpty(), QJsonDocument(started).toJson());
        QTRY_VERIFY_WITH_TIMEOUT(editor.runEnded(run), 5000);
        QCOMPARE(editor.events(run).constLast()[QLatin1String("type")].toString(),
                 QStringLiteral("stream_end"));
        const QString alpha = sessionNamed(QStringLiteral("Alpha"))[QLatin1String("id")].toString();
        const QString beta = sessionNamed(QStringLiteral("Beta"))[QLatin1String("id")].toString();
        QVERIFY(!alpha.isEmpty() && !beta.isEmpty());

        const auto cost = [](int prompt, int completion) {
            return (prompt * InputPrice + completion * OutputPrice) / 1e6;
        };
        const auto check = [&](const QJsonObject &usage, int requests, int completion,
                               const char *what) {
            const QJsonObject totals = usage[QLatin1String("totals")].toObject();
            const QByteArray where =
                QByteArray(what) + ": " + QJsonDocument(totals).toJson(QJsonDocument::Compact);
            QVERIFY2(totals[QLatin1String("requests")].toInt() == requests, where);
            QVERIFY2(totals[QLatin1String("prompt_tokens")].toInt() == requests * PromptTokens,
                     where);
            QVERIFY2(totals[QLatin1String("completion_tokens")].toInt() == completion, where);
            QVERIFY2(totals[QLatin1String("total_tokens")].toInt()
                         == requests * PromptTokens + completion,
                     where);
            QVERIFY2(qAbs(totals[QLatin1String("cost")].toDouble()
                          - cost(requests * PromptTokens, completion))
                         < 1e-12,
                     where);
        };

        const QJsonObject all = usage();
        check(all, 2, 8, "all");
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(all[QLatin1String("by_session")].toArray().size(), 2);
        QCOMPARE(all[QLatin1String("by_model")].toArray().size(), 1);
        QCOMPARE(all[QLatin1String("by_model")][0][QLatin1String("model")].toString(),
                 QStringLiteral("gpt-4o-mini"));
        QCOMPARE(all[QLatin1String("by_provider")][0][QLatin1String("provider")].toString(),
                 QStringLiteral("openai"));

        check(usage({ { QStringLiteral("session"), alpha } }), 1, 3, "session=<Alpha's id>");
        check(usage({ { QStringLiteral("session"), QStringLiteral("Beta") } }), 1, 5,
              "session=Beta (by name)");
        check(usage({ { QStringLiteral("client"), client } }), 1, 5, "client=<the editor>");
        check(usage({ { QStringLiteral("client"), client },
                      { QStringLiteral("session"), QStringLiteral("Alpha") } }),
              0, 0, "client=<the editor>&session=Alpha");

        const QDate today = m_now.date(); // by the sessions' clock, which dates the turns
        const QString yesterday = today.addDays(-1).toString(Qt::ISODate);
        const QString tomorrow = today.addDays(1).toString(Qt::ISODate);
        check(usage({ { QStringLiteral("from"), today.toString(Qt::ISODate) } }), 2, 8,
              "from=today");
        check(usage({ { QStringLiteral("from"), yesterday },
                      { QStringLiteral("to"), today.toString(Qt::ISODate) } }),
              2, 8, "from=yesterday&to=today");
        check(usage({ { QStringLiteral("to"), yesterday } }), 0, 0, "to=yesterday");
        check(usage({ { QStringLiteral("from"), tomorrow } }), 0, 0, "from=tomorrow");
        QCOMPARE(usage({ { QStringLiteral("from"),
                           today.toString(
                               Qt::ISODate) } })[QLatin1String("by_day")][0][QLatin1String("day")]
                     .toString(),
                 today.toString(Qt::ISODate));

        for (const QString &bad : { QStringLiteral("2024-13-40"), QStringLiteral("yesterday"),
                                    QStringLiteral("22/11/2026") }) {
            const Answer from =
                get(query(QStringLiteral("/usage"), { { QStringLiteral("from"), bad } }));
            QCOMPARE(from.status, 400);
            QCOMPARE(from.errorCode(), QStringLiteral("invalid_request"));
            QCOMPARE(get(query(QStringLiteral("/usage"), { { QStringLiteral("to"), bad } })).status,
                     400);
        }

        // The ledger outlives what it counts.
        QCOMPARE(post(QStringLiteral("/session/delete"),
                      { { QStringLiteral("session"), QStringLiteral("Alpha") } })
                     .status,
                 200);
        check(usage(), 2, 8, "after deleting Alpha");
    }
};

QTEST_GUILESS_MAIN(TestSessionsUsage)
#include "tst_sessionsusage.moc"
