// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// Pulls the plug on the real `attache` binary: SIGKILL at random moments (in the middle of a
// streamed reply, right after a turn completed, while a session is renamed or created, at any
// time at all), over and over on one data directory. After every kill the database is opened
// directly, as a user's next start (or a recovery tool) would, and must be intact and hold every
// turn whose completion a client saw before the kill.
//
// ATTACHE_CRASH_ITERATIONS (default 200) sets the number of kills; ATTACHE_CRASH_SEED replays a
// run's choices (the seed is printed at the start; the timing of a real process still varies).
#include "crashchats.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QTimer>

namespace {

constexpr int DefaultIterations = 200;

enum class Step {
    StreamedChat,
    JsonChat,
    ChatInNewSession,
    ChatInEarlierSession,
    Rename,
    NewSession,
    LoadEarlier
};
constexpr int StepCount = 7;

} // namespace

/** SIGKILL at random moments, over and over: the database stays intact and keeps completed turns.
 */
class TestCrashSafety : public CrashChatFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void completedTurnsSurviveSigkill();
    void cleanupTestCase();

private:
    QString pickSession();
    void runStep(Step step);
    void runKillStep(KillMoment moment);
    void checkDatabase();

    QSet<int> m_reported; // turns already reported missing (they stay missing)
    qint64 m_turnChecks = 0;
};

void TestCrashSafety::initTestCase()
{
    QVERIFY(QFileInfo::exists(QStringLiteral(ATTACHE_BINARY)));
    QVERIFY(m_dir.isValid());
    QVERIFY(QDir().mkpath(path(QStringLiteral("data"))));

    bool ok = false;
    const quint32 seed = qEnvironmentVariable("ATTACHE_CRASH_SEED").toUInt(&ok);
    m_seed = ok ? seed : QRandomGenerator::system()->generate();
    m_random.seed(m_seed);
    m_replyRandom.seed(m_seed ^ 0x5eed5eedu);
    m_clock.start();
    qInfo("crash-safety seed %u (set ATTACHE_CRASH_SEED=%u to replay)", m_seed, m_seed);

    m_fake = std::make_unique<FakeProvider>();
    QVERIFY(m_fake->listen());
    nextReply();
    // Every request takes the default reply as it is when it arrives; the next one gets another.
    connect(m_fake.get(), &FakeProvider::chatRequestReceived, this, [this] { nextReply(); });
    m_network = std::make_unique<QNetworkAccessManager>();
    prepareEnvironment();
}

void TestCrashSafety::cleanupTestCase()
{
    tearDown();
}

// Steps ----------------------------------------------------------------------------------------

QString TestCrashSafety::pickSession()
{
    // Mostly the current session; sometimes a fresh name (a new session), sometimes an earlier one.
    const quint32 dice = m_random.bounded(10);
    if (dice < 6 || (dice >= 8 && m_sessionNames.isEmpty()))
        return {};
    if (dice < 8) {
        m_sessionNames.append(QStringLiteral("Topic %1 (seed %2)").arg(++m_counter).arg(m_seed));
        return m_sessionNames.constLast();
    }
    return m_sessionNames.at(int(m_random.bounded(quint32(m_sessionNames.size()))));
}

void TestCrashSafety::runStep(Step step)
{
    switch (step) {
    case Step::StreamedChat:
        waitFor({ startChat(true, pickSession(), QStringLiteral("streamed")) });
        break;
    case Step::JsonChat:
        waitFor({ startChat(false, pickSession(), QStringLiteral("stream=false")) });
        break;
    case Step::ChatInNewSession: {
        m_sessionNames.append(QStringLiteral("Fresh %1 (seed %2)").arg(++m_counter).arg(m_seed));
        waitFor({ startChat(m_random.bounded(2) == 0, m_sessionNames.constLast(),
                            QStringLiteral("in a new session")) });
        break;
    }
    case Step::ChatInEarlierSession: {
        const QString session = m_sessionNames.isEmpty()
            ? QString()
            : m_sessionNames.at(int(m_random.bounded(quint32(m_sessionNames.size()))));
        waitFor({ startChat(m_random.bounded(2) == 0, session,
                            QStringLiteral("in an earlier session")) });
        break;
    }
    case Step::Rename: {
        const int status =
            call("POST", QStringLiteral("/session/rename"),
                 { { QStringLiteral("name"),
                     QStringLiteral("Renamed %1 (seed %2)").arg(++m_counter).arg(m_seed) } });
        if (status != 200 && !m_killed)
            problem(QStringLiteral("iteration %1: POST /session/rename answered %2")
                        .arg(m_iteration)
                        .arg(answered(status)));
        m_sessionNames.clear(); // the current one may have been among them
        break;
    }
    case Step::NewSession: {
        const QString name = QStringLiteral("Session %1 (seed %2)").arg(++m_counter).arg(m_seed);
        const int status =
            call("POST", QStringLiteral("/session/new"), { { QStringLiteral("name"), name } });
        if (status == 201)
            m_sessionNames.append(name);
        else if (!m_killed)
            problem(QStringLiteral("iteration %1: POST /session/new answered %2")
                        .arg(m_iteration)
                        .arg(answered(status)));
        break;
    }
    case Step::LoadEarlier: {
        if (m_sessionNames.isEmpty())
            return runStep(Step::NewSession);
        const QString name =
            m_sessionNames.at(int(m_random.bounded(quint32(m_sessionNames.size()))));
        const int status =
            call("POST", QStringLiteral("/session/load"), { { QStringLiteral("session"), name } });
        if (status != 200 && !m_killed)
            problem(QStringLiteral("iteration %1: POST /session/load of \"%2\" answered %3")
                        .arg(m_iteration)
                        .arg(name, answered(status)));
        break;
    }
    }
}

void TestCrashSafety::runKillStep(KillMoment moment)
{
    switch (moment) {
    case KillMoment::DuringStream: {
        Chat chat = startChat(true, pickSession(), QStringLiteral("streamed, killed mid-stream"));
        chat->killAfterChunks = int(m_random.bounded(8)); // the reply has 8 chunks: before the last
        waitFor({ chat });
        break;
    }
    case KillMoment::AfterStreamEnd: {
        Chat chat = startChat(true, pickSession(), QStringLiteral("streamed"));
        chat->killOnEnd = true;
        chat->endMoment = int(moment);
        waitFor({ chat });
        break;
    }
    case KillMoment::AfterJsonAnswer: {
        Chat chat = startChat(false, pickSession(), QStringLiteral("stream=false"));
        chat->killOnEnd = true;
        chat->endMoment = int(moment);
        waitFor({ chat });
        break;
    }
    case KillMoment::AfterFirstOfTwoStreams: {
        // Two sessions stream at once; the machine goes down when the first one completes.
        m_sessionNames.append(QStringLiteral("Parallel %1 (seed %2)").arg(++m_counter).arg(m_seed));
        Chat first = startChat(true, QString(), QStringLiteral("parallel, current session"));
        Chat second =
            startChat(true, m_sessionNames.constLast(), QStringLiteral("parallel, other session"));
        first->killOnEnd = second->killOnEnd = true;
        first->endMoment = second->endMoment = int(moment);
        waitFor({ first, second });
        break;
    }
    case KillMoment::DuringRename:
    case KillMoment::DuringNewSession: {
        const bool rename = moment == KillMoment::DuringRename;
        const QString name = QStringLiteral("%1 %2 (seed %3)")
                                 .arg(rename ? QLatin1String("Renamed") : QLatin1String("Session"))
                                 .arg(++m_counter)
                                 .arg(m_seed);
        QNetworkReply *reply = send(
            "POST", rename ? QStringLiteral("/session/rename") : QStringLiteral("/session/new"),
            { { QStringLiteral("name"), name } });
        if (m_random.bounded(2) == 0) {
            connect(reply, &QNetworkReply::finished, this,
                    [this, moment] { killChild(moment, QStringLiteral("on its answer")); });
        } else {
            const int delay = int(m_random.bounded(4));
            QTimer::singleShot(delay, this, [this, moment, delay] {
                killChild(moment, QStringLiteral("%1 ms after sending").arg(delay));
            });
        }
        spinUntil([this] { return m_killed; }, AnswerTimeoutMs);
        break;
    }
    case KillMoment::AtRandomTime: {
        const int delay = int(m_random.bounded(300));
        QTimer::singleShot(delay, this, [this, delay] {
            killChild(KillMoment::AtRandomTime, QStringLiteral("after %1 ms").arg(delay));
        });
        for (int i = 0; i < 100 && !m_killed; ++i)
            runStep(Step(m_random.bounded(StepCount)));
        break;
    }
    }
    if (!m_killed) // e.g. the stream was shorter than the chunk count picked
        killChild(moment, QStringLiteral("after the step"));
}

// The database ---------------------------------------------------------------------------------

void TestCrashSafety::checkDatabase()
{
    const QString connection = QStringLiteral("crash-check-%1").arg(m_iteration);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(databasePath());
        // Read-only: look at what the kill left, exactly, without checkpointing it.
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        const QString where =
            QStringLiteral("iteration %1, killed %2").arg(m_iteration).arg(m_killDetail);
        if (!QFileInfo::exists(databasePath()) || !db.open()) {
            problem(QStringLiteral("%1: the database %2 does not open: %3")
                        .arg(where, databasePath(), db.lastError().text()));
        } else {
            QSqlQuery query(db);
            QStringList integrity;
            if (query.exec(QStringLiteral("PRAGMA integrity_check"))) {
                while (query.next())
                    integrity.append(query.value(0).toString());
            } else {
                integrity.append(query.lastError().text());
            }
            if (integrity != QStringList { QStringLiteral("ok") })
                problem(QStringLiteral("%1: PRAGMA integrity_check says: %2")
                            .arg(where, integrity.join(QLatin1String("; "))));
            if (query.exec(QStringLiteral("PRAGMA foreign_key_check")) && query.next())
                problem(
                    QStringLiteral(
                        "%1: messages of sessions that are not in the database (foreign_key_check)")
                        .arg(where));

            struct Row
            {
                qint64 id;
                QString session;
                QString role;
                QString status;
            };
            QHash<QString, QList<Row>> byContent;
            if (!query.exec(
                    QStringLiteral("SELECT id, session_id, role, content, status FROM messages"))) {
                problem(QStringLiteral("%1: cannot read the messages: %2")
                            .arg(where, query.lastError().text()));
            } else {
                while (query.next()) {
                    byContent[query.value(3).toString()].append(
                        { query.value(0).toLongLong(), query.value(1).toString(),
                          query.value(2).toString(), query.value(4).toString() });
                }
                for (int i = 0; i < m_turns.size(); ++i) {
                    if (m_reported.contains(i))
                        continue;
                    const Turn &turn = m_turns.at(i);
                    ++m_turnChecks;
                    const QList<Row> users = byContent.value(turn.user);
                    const QList<Row> replies = byContent.value(turn.reply);
                    QString missing;
                    if (users.size() != 1 || users.first().role != QLatin1String("user"))
                        missing = QStringLiteral("the user message is there %1 time(s)")
                                      .arg(users.size());
                    else if (replies.size() != 1
                             || replies.first().role != QLatin1String("assistant"))
                        missing = QStringLiteral("the user message is there, the reply %1 time(s)")
                                      .arg(replies.size());
                    else if (replies.first().session != users.first().session
                             || replies.first().id < users.first().id)
                        missing = QStringLiteral(
                            "the reply is not after its message in the same session");
                    else if (!replies.first().status.isEmpty())
                        missing = QStringLiteral("the reply is marked \"%1\"")
                                      .arg(replies.first().status);
                    else if (!turn.session.isEmpty() && users.first().session != turn.session)
                        missing = QStringLiteral("it is in session %1, not %2")
                                      .arg(users.first().session, turn.session);
                    if (!missing.isEmpty()) {
                        m_reported.insert(i);
                        const QString when = turn.iteration == m_iteration
                            ? QStringLiteral("%1 ms before the kill")
                                  .arg(double(m_killedAtNs - turn.seenAtNs) / 1e6, 0, 'f', 2)
                            : QStringLiteral("in iteration %1").arg(turn.iteration);
                        problem(QStringLiteral(
                                    "%1: a turn the client saw complete (%2, %3) is not in the "
                                    "database as it was answered: %4.\n  message: %5\n  reply: %6")
                                    .arg(where, when, turn.how, missing, turn.user, turn.reply));
                    }
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
}

// The test -------------------------------------------------------------------------------------

void TestCrashSafety::completedTurnsSurviveSigkill()
{
    bool ok = false;
    int iterations = qEnvironmentVariable("ATTACHE_CRASH_ITERATIONS").toInt(&ok);
    if (!ok || iterations <= 0)
        iterations = DefaultIterations;
    QElapsedTimer clock;
    clock.start();
    qint64 slowest = 0;

    for (m_iteration = 0; m_iteration < iterations; ++m_iteration) {
        QElapsedTimer lap;
        lap.start();
        // A kill leaves the discovery file behind. Every other time it stays, naming a dead pid:
        // the next start must see through it rather than refuse as "already running".
        if (m_iteration % 2 == 0)
            QFile::remove(discoveryPath());
        else if (m_iteration > 0)
            QVERIFY2(QFile::exists(discoveryPath()),
                     "the killed child removed its discovery file?");
        if (!startChild())
            break; // nothing more can be learnt; the problem says why

        const int before = int(m_random.bounded(4));
        for (int i = 0; i < before && !m_killed; ++i)
            runStep(Step(m_random.bounded(StepCount)));
        runKillStep(KillMoment(m_random.bounded(KillMomentCount)));
        reapChild();
        checkDatabase();
        if (lap.elapsed() > 2000)
            qInfo("iteration %d took %lld ms (killed %s)", m_iteration, lap.elapsed(),
                  qUtf8Printable(m_killDetail));
        slowest = qMax(slowest, lap.elapsed());
    }

    QStringList moments;
    for (auto it = m_killsByMoment.cbegin(); it != m_killsByMoment.cend(); ++it)
        moments.append(QStringLiteral("%1: %2").arg(it.key()).arg(it.value()));
    moments.sort();
    qInfo("crash safety: %d iterations, %d kills, %lld turns observed complete, %lld turn checks, "
          "%d problems, %lld ms (slowest iteration %lld ms); seed %u",
          m_iteration, m_kills, qint64(m_turns.size()), m_turnChecks, m_problemCount,
          clock.elapsed(), slowest, m_seed);
    qInfo("kills: %s", qUtf8Printable(moments.join(QLatin1String(", "))));
    QVERIFY2(m_problemCount == 0,
             qPrintable(
                 QStringLiteral(
                     "%1 problem(s) in %2 kills (seed %3): %4 completed turn(s) lost, %5 other(s). "
                     "The first ones:\n%6")
                     .arg(m_problemCount)
                     .arg(m_kills)
                     .arg(m_seed)
                     .arg(m_lostTurnCount)
                     .arg(m_problemCount - m_lostTurnCount)
                     .arg((m_problems + m_lostTurns).join(QLatin1String("\n")))));
    QVERIFY(m_kills > 0);
    QVERIFY(!m_turns.isEmpty());
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
