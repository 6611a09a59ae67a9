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
#include "fakeprovider.h"
#include "sseparser.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cerrno>
#include <csignal>
#include <functional>
#include <memory>
#include <utility>

namespace {

constexpr int StartTimeoutMs = 10000;
constexpr int AnswerTimeoutMs = 10000;
constexpr int DefaultIterations = 200;
constexpr int ReportedProblems = 6; // of each kind; the rest are counted

/** A turn whose completion a client saw (stream_end, or a 200 stream=false answer). */
struct Turn
{
    QString user;
    QString reply;
    QString session; // the id the server named
    int iteration = 0;
    QString how;
    qint64 seenAtNs = 0; // on the test's clock
};

/** One chat request on its way. */
struct ChatInFlight
{
    int iteration = 0;
    bool stream = true;
    QString user;
    QString how;
    QPointer<QNetworkReply> reply;
    SseParser parser;
    QString session;
    int chunks = 0;
    int killAfterChunks = -1; // streamed: SIGKILL once this many chunks came (0: at stream_start)
    bool killOnEnd = false; // SIGKILL the moment the completion is seen
    int endMoment = 0; // the KillMoment to count that kill under
    bool completed = false;
    bool done = false;
};
using Chat = std::shared_ptr<ChatInFlight>;

enum class KillMoment {
    DuringStream,
    AfterStreamEnd,
    AfterJsonAnswer,
    AfterFirstOfTwoStreams,
    DuringRename,
    DuringNewSession,
    AtRandomTime,
};
constexpr int KillMomentCount = 7;

QString momentName(KillMoment moment)
{
    switch (moment) {
    case KillMoment::DuringStream:
        return QStringLiteral("during a stream");
    case KillMoment::AfterStreamEnd:
        return QStringLiteral("right after stream_end");
    case KillMoment::AfterJsonAnswer:
        return QStringLiteral("right after a stream=false answer");
    case KillMoment::AfterFirstOfTwoStreams:
        return QStringLiteral("first of two parallel streams ended");
    case KillMoment::DuringRename:
        return QStringLiteral("during a session rename");
    case KillMoment::DuringNewSession:
        return QStringLiteral("during a new session");
    case KillMoment::AtRandomTime:
        return QStringLiteral("at a random time");
    }
    return {};
}

enum class Step { StreamedChat, JsonChat, ChatInNewSession, ChatInEarlierSession, Rename, NewSession, LoadEarlier };
constexpr int StepCount = 7;

/**
 * Waits for done() while serving the event loop, with no sleep between polls (QTest::qWaitFor
 * sleeps 10 ms): a kill must follow what the client sees at once, not some milliseconds later.
 */
bool spinUntil(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer clock;
    clock.start();
    QTimer wake; // bounds each wait, so the deadline is noticed
    wake.start(2);
    while (!done()) {
        if (clock.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
    return true;
}

QString tail(const QByteArray &log, int lines = 8)
{
    QByteArrayList all = log.trimmed().split('\n');
    if (all.size() > lines)
        all = all.mid(all.size() - lines);
    return QString::fromUtf8(all.join("\n  "));
}

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void completedTurnsSurviveSigkill();
    void halfMadeSettingsLockDoesNotFreezeTheServer();
    void cleanupTestCase();

private:
    QString path(const QString &relative) const { return m_dir.filePath(relative); }
    QString databasePath() const { return path(QStringLiteral("data/attache.db")); }
    QString discoveryPath() const { return path(QStringLiteral("state/attache/server.json")); }
    QString logPath() const { return path(QStringLiteral("attache.log")); }
    QByteArray childLog() const;

    bool startChild();
    void killChild(KillMoment moment, const QString &detail);
    void reapChild();
    bool childGone(const ChatInFlight &chat) const { return m_killed || chat.iteration != m_iteration; }

    QNetworkReply *send(const QByteArray &verb, const QString &route, const QJsonObject &body = {});
    /** Sends and waits; the HTTP status, or 0 when the child died first. */
    int call(const QByteArray &verb, const QString &route, const QJsonObject &body, QJsonObject *answer = nullptr);

    QString uniqueMessage();
    void nextReply();
    Chat startChat(bool stream, const QString &session, const QString &how);
    void onStreamEvent(ChatInFlight &chat, const SseEvent &event);
    void onChatFinished(ChatInFlight &chat);
    void record(ChatInFlight &chat, const QString &reply);
    bool waitFor(const QList<Chat> &chats);

    QString pickSession();
    void runStep(Step step);
    void runKillStep(KillMoment moment);
    void checkDatabase();
    void problem(const QString &text);
    /** "HTTP <status>", or what is known about a server that did not answer. */
    QString answered(int status) const;

    QTemporaryDir m_dir;
    QProcessEnvironment m_environment;
    std::unique_ptr<FakeProvider> m_fake;
    std::unique_ptr<QNetworkAccessManager> m_network;
    quint32 m_seed = 0;
    QRandomGenerator m_random; // what to do and when to kill
    QRandomGenerator m_replyRandom; // how fast the fake answers (asked at times the event loop decides)
    QElapsedTimer m_clock;
    qint64 m_killedAtNs = 0;

    // The child of the current iteration
    QProcess *m_child = nullptr;
    qint64 m_pid = 0;
    quint16 m_port = 0;
    QByteArray m_token;
    bool m_killed = false;
    QString m_killDetail;
    int m_iteration = 0;
    QStringList m_sessionNames; // made in this iteration and not renamed since
    QList<QPointer<QNetworkReply>> m_inFlight;

    // What the clients saw, and what was found
    QList<Turn> m_turns;
    QSet<int> m_reported; // turns already reported missing (they stay missing)
    QStringList m_problems; // lost turns aside, the first ones
    QStringList m_lostTurns; // the first ones
    int m_problemCount = 0;
    int m_lostTurnCount = 0;
    int m_counter = 0; // makes every message and reply unique
    int m_replies = 0;
    int m_kills = 0;
    qint64 m_turnChecks = 0;
    QHash<QString, int> m_killsByMoment;
    bool m_reportedDamage = false;
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

    m_environment = QProcessEnvironment::systemEnvironment();
    const QStringList keys = m_environment.keys();
    for (const QString &key : keys) {
        if (key.endsWith(QLatin1String("_API_KEY")) || key.startsWith(QLatin1String("ATTACHE_")))
            m_environment.remove(key);
    }
    m_environment.insert(QStringLiteral("HOME"), m_dir.path());
    m_environment.insert(QStringLiteral("XDG_STATE_HOME"), path(QStringLiteral("state")));
    m_environment.insert(QStringLiteral("XDG_CONFIG_HOME"), path(QStringLiteral("config")));
    m_environment.insert(QStringLiteral("ATTACHE_OPENAI_BASE_URL"), m_fake->baseUrl().toString());
}

void TestCrashSafety::cleanupTestCase()
{
    if (m_child && m_child->state() != QProcess::NotRunning) {
        ::kill(pid_t(m_pid), SIGKILL);
        m_child->waitForFinished(5000);
    }
    delete m_child;
    m_child = nullptr;
    m_network.reset();
    m_fake.reset();
}

QByteArray TestCrashSafety::childLog() const
{
    QFile file(logPath());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void TestCrashSafety::problem(const QString &text)
{
    ++m_problemCount;
    const bool lostTurn = text.contains(QLatin1String("is not in the database"));
    m_lostTurnCount += lostTurn;
    QStringList &list = lostTurn ? m_lostTurns : m_problems;
    if (list.size() < ReportedProblems)
        list.append(text);
    qWarning("%s", qUtf8Printable(text));
}

QString TestCrashSafety::answered(int status) const
{
    if (status != 0)
        return QStringLiteral("HTTP %1").arg(status);
    QString hint;
    const QFileInfo lock(path(QStringLiteral("config/attache/settings.ini.lock")));
    if (lock.exists()) {
        hint = QStringLiteral("; %1 is there, %2 bytes%3")
                       .arg(lock.filePath())
                       .arg(lock.size())
                       .arg(lock.size() == 0 ? QStringLiteral(": a QSettings lock a killed process left half-made, "
                                                              "which QLockFile only takes for stale after 30 s")
                                             : QString());
    }
    return QStringLiteral("nothing within %1 ms (the server stopped answering%2)").arg(AnswerTimeoutMs).arg(hint);
}

// The child ------------------------------------------------------------------------------------

bool TestCrashSafety::startChild()
{
    delete m_child;
    m_child = new QProcess(this);
    m_child->setProcessEnvironment(m_environment);
    m_child->setWorkingDirectory(m_dir.path());
    m_child->setProcessChannelMode(QProcess::MergedChannels);
    m_child->setStandardOutputFile(logPath(), QIODevice::Truncate);
    m_killed = false;
    m_killDetail.clear();
    m_sessionNames.clear();
    m_network->clearConnectionCache();
    m_child->start(QStringLiteral(ATTACHE_BINARY),
                   { QStringLiteral("--headless"), QStringLiteral("--port"), QStringLiteral("0"),
                     QStringLiteral("--data-dir"), path(QStringLiteral("data")) });
    if (!m_child->waitForStarted(5000)) {
        problem(QStringLiteral("iteration %1: attache did not start: %2").arg(m_iteration).arg(m_child->errorString()));
        return false;
    }
    m_pid = m_child->processId();
    QJsonObject discovery;
    const auto ready = [&] {
        QFile file(discoveryPath());
        if (!file.open(QIODevice::ReadOnly))
            return false;
        discovery = QJsonDocument::fromJson(file.readAll()).object();
        return discovery.value(QLatin1String("pid")).toInteger() == m_pid;
    };
    spinUntil([&] { return ready() || m_child->state() == QProcess::NotRunning; }, StartTimeoutMs);
    if (!ready()) {
        m_child->waitForFinished(1000);
        const QByteArray log = childLog();
        problem(QStringLiteral("iteration %1: attache %2 before writing its discovery file%3:\n  %4")
                        .arg(m_iteration)
                        .arg(m_child->state() == QProcess::NotRunning
                                     ? QStringLiteral("exited with code %1").arg(m_child->exitCode())
                                     : QStringLiteral("did not get ready in %1 ms").arg(StartTimeoutMs))
                        .arg(log.contains("already running")
                                     ? QStringLiteral(" (refused: it took the stale discovery file of the "
                                                      "killed process for a running instance)")
                                     : QString())
                        .arg(tail(log)));
        return false;
    }
    m_port = quint16(discovery.value(QLatin1String("port")).toInt());
    m_token = discovery.value(QLatin1String("token")).toString().toLatin1();

    // The database the last kill left must have been taken as it is, not moved aside.
    QJsonObject status;
    const int code = call("GET", QStringLiteral("/status"), {}, &status);
    if (code != 200) {
        problem(QStringLiteral("iteration %1: GET /status answered %2").arg(m_iteration).arg(answered(code)));
    } else if (status.value(QLatin1String("storage")).toString() != databasePath()
               || status.contains(QLatin1String("storage_warning")) || status.contains(QLatin1String("storage_error"))) {
        problem(QStringLiteral("iteration %1: after the previous kill, attache does not use its database as it is: %2")
                        .arg(m_iteration)
                        .arg(QString::fromUtf8(QJsonDocument(status).toJson(QJsonDocument::Compact))));
    }
    const QStringList damaged = QDir(path(QStringLiteral("data"))).entryList({ QStringLiteral("*damaged*") });
    if (!damaged.isEmpty() && !std::exchange(m_reportedDamage, true))
        problem(QStringLiteral("iteration %1: the database was moved aside as damaged: %2")
                        .arg(m_iteration)
                        .arg(damaged.join(QLatin1String(", "))));
    return true;
}

void TestCrashSafety::killChild(KillMoment moment, const QString &detail)
{
    if (m_killed)
        return;
    if (::kill(pid_t(m_pid), SIGKILL) != 0)
        problem(QStringLiteral("iteration %1: kill(%2, SIGKILL) failed: %3").arg(m_iteration).arg(m_pid).arg(qt_error_string(errno)));
    m_killed = true;
    m_killedAtNs = m_clock.nsecsElapsed();
    ++m_kills;
    ++m_killsByMoment[momentName(moment)];
    m_killDetail = momentName(moment) + (detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(detail));
}

void TestCrashSafety::reapChild()
{
    if (m_child->state() != QProcess::NotRunning && !m_child->waitForFinished(5000)) {
        problem(QStringLiteral("iteration %1: attache did not die of SIGKILL within 5 s").arg(m_iteration));
        return;
    }
    if (m_child->exitStatus() != QProcess::CrashExit || m_child->exitCode() != SIGKILL) {
        problem(QStringLiteral("iteration %1: attache ended by itself (%2, code %3) before the kill %4:\n  %5")
                        .arg(m_iteration)
                        .arg(m_child->exitStatus() == QProcess::CrashExit ? QStringLiteral("crashed")
                                                                          : QStringLiteral("exited"))
                        .arg(m_child->exitCode())
                        .arg(m_killDetail, tail(childLog())));
    }
    // Replies to the dead child end with connection errors; they belong to this iteration.
    for (const QPointer<QNetworkReply> &reply : std::as_const(m_inFlight)) {
        if (reply && !reply->isFinished())
            reply->abort();
    }
    m_inFlight.clear();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    const QByteArray log = childLog();
    if (log.contains("Could not save"))
        problem(QStringLiteral("iteration %1: attache failed to save on a healthy disk:\n  %2").arg(m_iteration).arg(tail(log)));
}

// HTTP -----------------------------------------------------------------------------------------

QNetworkReply *TestCrashSafety::send(const QByteArray &verb, const QString &route, const QJsonObject &body)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(route)));
    request.setRawHeader("Authorization", "Bearer " + m_token);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(AnswerTimeoutMs);
    const QByteArray bytes = verb == "GET" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    QNetworkReply *reply = m_network->sendCustomRequest(request, verb, bytes);
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    m_inFlight.append(reply);
    return reply;
}

int TestCrashSafety::call(const QByteArray &verb, const QString &route, const QJsonObject &body, QJsonObject *answer)
{
    QPointer<QNetworkReply> reply = send(verb, route, body);
    int status = 0;
    QByteArray bytes;
    connect(reply, &QNetworkReply::finished, this, [&status, &bytes, reply] {
        status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->isOpen())
            bytes = reply->readAll();
    });
    bool finished = false;
    connect(reply, &QNetworkReply::finished, this, [&finished] { finished = true; });
    if (!spinUntil([&] { return finished; }, AnswerTimeoutMs + 1000)) {
        if (reply)
            reply->abort();
        return 0;
    }
    if (answer)
        *answer = QJsonDocument::fromJson(bytes).object();
    return status;
}

// Chats ----------------------------------------------------------------------------------------

QString TestCrashSafety::uniqueMessage()
{
    static const char *const Subjects[] = { "tides", "lichens", "compilers", "glaciers", "bees", "sonnets",
                                            "volcanoes", "fonts", "owls", "comets" };
    return QStringLiteral("Message %1 of kill %2 (seed %3): tell me about %4 — «ünïcode» ✓")
            .arg(++m_counter)
            .arg(m_iteration)
            .arg(m_seed)
            .arg(QLatin1String(Subjects[m_random.bounded(10)]));
}

void TestCrashSafety::nextReply()
{
    ++m_replies;
    FakeReply reply;
    reply.tokens = QStringList { QStringLiteral("Reply "), QString::number(m_replies), QStringLiteral(" (seed "),
                                 QString::number(m_seed), QStringLiteral("): "), QStringLiteral("all "),
                                 QStringLiteral("is "), QStringLiteral("well.") };
    reply.delayMs = 1 + int(m_replyRandom.bounded(5));
    m_fake->setDefaultReply(reply);
}

Chat TestCrashSafety::startChat(bool stream, const QString &session, const QString &how)
{
    auto chat = std::make_shared<ChatInFlight>();
    chat->iteration = m_iteration;
    chat->stream = stream;
    chat->user = uniqueMessage();
    chat->how = how;
    QJsonObject body { { QStringLiteral("message"), chat->user }, { QStringLiteral("stream"), stream } };
    if (!session.isEmpty())
        body.insert(QStringLiteral("session"), session);
    QNetworkReply *reply = send("POST", QStringLiteral("/chat"), body);
    chat->reply = reply;
    if (stream) {
        connect(reply, &QNetworkReply::readyRead, this, [this, chat] {
            if (!chat->reply || !chat->reply->isOpen())
                return;
            const QByteArray bytes = chat->reply->readAll();
            chat->parser.feed(bytes, [this, chat](const SseEvent &event) { onStreamEvent(*chat, event); });
        });
    }
    connect(reply, &QNetworkReply::finished, this, [this, chat] { onChatFinished(*chat); });
    return chat;
}

void TestCrashSafety::onStreamEvent(ChatInFlight &chat, const SseEvent &event)
{
    if (event.data == "[DONE]")
        return;
    const QJsonObject json = QJsonDocument::fromJson(event.data).object();
    const QString type = json.value(QLatin1String("type")).toString();
    if (type == QLatin1String("stream_start")) {
        chat.session = json.value(QLatin1String("session")).toString();
        if (chat.killAfterChunks == 0)
            killChild(KillMoment::DuringStream, QStringLiteral("at stream_start"));
    } else if (type == QLatin1String("stream_chunk")) {
        ++chat.chunks;
        if (chat.killAfterChunks > 0 && chat.chunks == chat.killAfterChunks)
            killChild(KillMoment::DuringStream, QStringLiteral("after %1 chunks").arg(chat.chunks));
    } else if (type == QLatin1String("stream_end")) {
        // Recorded before the kill: the client had the whole reply in hand.
        record(chat, json.value(QLatin1String("data")).toString());
    } else if ((type == QLatin1String("error") || type == QLatin1String("cancelled")) && !childGone(chat)) {
        problem(QStringLiteral("iteration %1: a chat ended with %2 although nothing was killed: %3")
                        .arg(m_iteration)
                        .arg(type, QString::fromUtf8(event.data)));
    }
}

void TestCrashSafety::onChatFinished(ChatInFlight &chat)
{
    chat.done = true;
    QNetworkReply *reply = chat.reply;
    if (!reply)
        return;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (!chat.stream && status == 200 && reply->error() == QNetworkReply::NoError && reply->isOpen()) {
        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
        chat.session = answer.value(QLatin1String("session")).toString();
        if (answer.value(QLatin1String("state")).toString() == QLatin1String("done"))
            record(chat, answer.value(QLatin1String("response")).toString());
    }
    if (!chat.completed && !childGone(chat)) {
        problem(QStringLiteral("iteration %1: a chat (%2) ended without a completed turn although nothing "
                               "was killed: %3, %4")
                        .arg(m_iteration)
                        .arg(chat.how, answered(status), reply->errorString()));
    }
}

void TestCrashSafety::record(ChatInFlight &chat, const QString &reply)
{
    if (chat.completed)
        return;
    chat.completed = true;
    // Only what the client knew before the kill counts (bytes read after it, though sent
    // before, are left out).
    if (childGone(chat))
        return;
    m_turns.append({ chat.user, reply, chat.session, chat.iteration, chat.how, m_clock.nsecsElapsed() });
    if (chat.killOnEnd) {
        // The moment the client learns the turn is complete, the machine goes down.
        killChild(KillMoment(chat.endMoment), {});
        m_turns.last().how += QStringLiteral(", killed right after");
    }
}

bool TestCrashSafety::waitFor(const QList<Chat> &chats)
{
    const bool ended = spinUntil([&] {
        if (m_killed)
            return true;
        for (const Chat &chat : chats) {
            if (!chat->done)
                return false;
        }
        return true;
    }, AnswerTimeoutMs + 1000);
    if (!ended) {
        problem(QStringLiteral("iteration %1: a chat got %2").arg(m_iteration).arg(answered(0)));
        killChild(KillMoment::AtRandomTime, QStringLiteral("hung chat"));
    }
    return !m_killed;
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
        waitFor({ startChat(m_random.bounded(2) == 0, m_sessionNames.constLast(), QStringLiteral("in a new session")) });
        break;
    }
    case Step::ChatInEarlierSession: {
        const QString session = m_sessionNames.isEmpty()
                ? QString()
                : m_sessionNames.at(int(m_random.bounded(quint32(m_sessionNames.size()))));
        waitFor({ startChat(m_random.bounded(2) == 0, session, QStringLiteral("in an earlier session")) });
        break;
    }
    case Step::Rename: {
        const int status = call("POST", QStringLiteral("/session/rename"),
                                { { QStringLiteral("name"), QStringLiteral("Renamed %1 (seed %2)").arg(++m_counter).arg(m_seed) } });
        if (status != 200 && !m_killed)
            problem(QStringLiteral("iteration %1: POST /session/rename answered %2").arg(m_iteration).arg(answered(status)));
        m_sessionNames.clear(); // the current one may have been among them
        break;
    }
    case Step::NewSession: {
        const QString name = QStringLiteral("Session %1 (seed %2)").arg(++m_counter).arg(m_seed);
        const int status = call("POST", QStringLiteral("/session/new"), { { QStringLiteral("name"), name } });
        if (status == 201)
            m_sessionNames.append(name);
        else if (!m_killed)
            problem(QStringLiteral("iteration %1: POST /session/new answered %2").arg(m_iteration).arg(answered(status)));
        break;
    }
    case Step::LoadEarlier: {
        if (m_sessionNames.isEmpty())
            return runStep(Step::NewSession);
        const QString name = m_sessionNames.at(int(m_random.bounded(quint32(m_sessionNames.size()))));
        const int status = call("POST", QStringLiteral("/session/load"), { { QStringLiteral("session"), name } });
        if (status != 200 && !m_killed)
            problem(QStringLiteral("iteration %1: POST /session/load of \"%2\" answered %3").arg(m_iteration).arg(name, answered(status)));
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
        Chat second = startChat(true, m_sessionNames.constLast(), QStringLiteral("parallel, other session"));
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
        QNetworkReply *reply = send("POST", rename ? QStringLiteral("/session/rename") : QStringLiteral("/session/new"),
                                    { { QStringLiteral("name"), name } });
        if (m_random.bounded(2) == 0) {
            connect(reply, &QNetworkReply::finished, this, [this, moment] { killChild(moment, QStringLiteral("on its answer")); });
        } else {
            const int delay = int(m_random.bounded(4));
            QTimer::singleShot(delay, this, [this, moment, delay] { killChild(moment, QStringLiteral("%1 ms after sending").arg(delay)); });
        }
        spinUntil([this] { return m_killed; }, AnswerTimeoutMs);
        break;
    }
    case KillMoment::AtRandomTime: {
        const int delay = int(m_random.bounded(300));
        QTimer::singleShot(delay, this, [this, delay] { killChild(KillMoment::AtRandomTime, QStringLiteral("after %1 ms").arg(delay)); });
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
        const QString where = QStringLiteral("iteration %1, killed %2").arg(m_iteration).arg(m_killDetail);
        if (!QFileInfo::exists(databasePath()) || !db.open()) {
            problem(QStringLiteral("%1: the database %2 does not open: %3").arg(where, databasePath(), db.lastError().text()));
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
                problem(QStringLiteral("%1: PRAGMA integrity_check says: %2").arg(where, integrity.join(QLatin1String("; "))));
            if (query.exec(QStringLiteral("PRAGMA foreign_key_check")) && query.next())
                problem(QStringLiteral("%1: messages of sessions that are not in the database (foreign_key_check)").arg(where));

            struct Row
            {
                qint64 id;
                QString session;
                QString role;
                QString status;
            };
            QHash<QString, QList<Row>> byContent;
            if (!query.exec(QStringLiteral("SELECT id, session_id, role, content, status FROM messages"))) {
                problem(QStringLiteral("%1: cannot read the messages: %2").arg(where, query.lastError().text()));
            } else {
                while (query.next()) {
                    byContent[query.value(3).toString()].append({ query.value(0).toLongLong(), query.value(1).toString(),
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
                        missing = QStringLiteral("the user message is there %1 time(s)").arg(users.size());
                    else if (replies.size() != 1 || replies.first().role != QLatin1String("assistant"))
                        missing = QStringLiteral("the user message is there, the reply %1 time(s)").arg(replies.size());
                    else if (replies.first().session != users.first().session || replies.first().id < users.first().id)
                        missing = QStringLiteral("the reply is not after its message in the same session");
                    else if (!replies.first().status.isEmpty())
                        missing = QStringLiteral("the reply is marked \"%1\"").arg(replies.first().status);
                    else if (!turn.session.isEmpty() && users.first().session != turn.session)
                        missing = QStringLiteral("it is in session %1, not %2").arg(users.first().session, turn.session);
                    if (!missing.isEmpty()) {
                        m_reported.insert(i);
                        const QString when = turn.iteration == m_iteration
                                ? QStringLiteral("%1 ms before the kill").arg(double(m_killedAtNs - turn.seenAtNs) / 1e6, 0, 'f', 2)
                                : QStringLiteral("in iteration %1").arg(turn.iteration);
                        problem(QStringLiteral("%1: a turn the client saw complete (%2, %3) is not in the "
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
            QVERIFY2(QFile::exists(discoveryPath()), "the killed child removed its discovery file?");
        if (!startChild())
            break; // nothing more can be learnt; the problem says why

        const int before = int(m_random.bounded(4));
        for (int i = 0; i < before && !m_killed; ++i)
            runStep(Step(m_random.bounded(StepCount)));
        runKillStep(KillMoment(m_random.bounded(KillMomentCount)));
        reapChild();
        checkDatabase();
        if (lap.elapsed() > 2000)
            qInfo("iteration %d took %lld ms (killed %s)", m_iteration, lap.elapsed(), qUtf8Printable(m_killDetail));
        slowest = qMax(slowest, lap.elapsed());
    }

    QStringList moments;
    for (auto it = m_killsByMoment.cbegin(); it != m_killsByMoment.cend(); ++it)
        moments.append(QStringLiteral("%1: %2").arg(it.key()).arg(it.value()));
    moments.sort();
    qInfo("crash safety: %d iterations, %d kills, %lld turns observed complete, %lld turn checks, "
          "%d problems, %lld ms (slowest iteration %lld ms); seed %u",
          m_iteration, m_kills, qint64(m_turns.size()), m_turnChecks, m_problemCount, clock.elapsed(), slowest, m_seed);
    qInfo("kills: %s", qUtf8Printable(moments.join(QLatin1String(", "))));
    QVERIFY2(m_problemCount == 0,
             qPrintable(QStringLiteral("%1 problem(s) in %2 kills (seed %3): %4 completed turn(s) lost, %5 other(s). "
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

// A SIGKILL between QLockFile creating settings.ini.lock and writing its owner into it (QSettings
// takes that lock on every sync, e.g. when a session is loaded or created) leaves the lock empty.
// QLockFile cannot tell whose it is and waits until it is 30 s old. The kills above land there now
// and then; this makes the moment certain. The next start must not freeze on it.
void TestCrashSafety::halfMadeSettingsLockDoesNotFreezeTheServer()
{
    ++m_iteration;
    QFile::remove(discoveryPath());
    QVERIFY(QDir().mkpath(path(QStringLiteral("config/attache"))));
    const QString lockPath = path(QStringLiteral("config/attache/settings.ini.lock"));
    QFile lock(lockPath);
    QVERIFY(lock.open(QIODevice::WriteOnly | QIODevice::Truncate));
    lock.close();

    QVERIFY2(startChild(), qPrintable(m_problems.isEmpty() ? QString() : m_problems.constLast()));
    QElapsedTimer clock;
    clock.start();
    // Switching sessions syncs the settings; a client asking for /health meanwhile is the witness.
    QNetworkReply *created = send("POST", QStringLiteral("/session/new"), { { QStringLiteral("name"), QStringLiteral("After the crash") } });
    QNetworkReply *health = send("GET", QStringLiteral("/health"));
    int status = 0;
    int healthStatus = 0;
    qint64 took = -1;
    qint64 healthTook = -1;
    QJsonObject answer;
    connect(created, &QNetworkReply::finished, this, [&] {
        took = clock.elapsed();
        status = created->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (created->isOpen())
            answer = QJsonDocument::fromJson(created->readAll()).object();
    });
    connect(health, &QNetworkReply::finished, this, [&] {
        healthTook = clock.elapsed();
        healthStatus = health->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    });
    spinUntil([&] { return took >= 0 && healthTook >= 0; }, AnswerTimeoutMs + 2000);
    const QString verdict = QStringLiteral("with the empty settings.ini.lock a kill leaves, POST /session/new answered %1 after "
                                           "%2 ms, GET /health %3 after %4 ms: the event loop blocks in QSettings::sync() "
                                           "until QLockFile takes the lock for stale, 30 s after it was made")
                                    .arg(answered(status))
                                    .arg(took)
                                    .arg(answered(healthStatus))
                                    .arg(healthTook);
    killChild(KillMoment::AtRandomTime, QStringLiteral("end of the lock test"));
    reapChild();
    QFile::remove(lockPath); // whatever happened, the next test starts clean

    QVERIFY2(status == 201 && took < 2000 && healthStatus == 200 && healthTook < 2000, qPrintable(verdict));
    QCOMPARE(answer.value(QLatin1String("session")).toObject().value(QLatin1String("name")).toString(),
             QStringLiteral("After the crash"));
}

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
