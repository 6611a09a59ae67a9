// SPDX-FileCopyrightText: Attache contributors
// SPDX-License-Identifier: GPL-3.0-or-later
//
// A real full disk under the real `attache` binary: its data directory is a 320 KiB tmpfs,
// mounted in a private mount namespace (unshare; needs root or CAP_SYS_ADMIN, else skipped),
// and large chats fill it. Saving must fail the way the user can live with: every chat still
// answers, the history is all there, /status says what went wrong, attached clients are told,
// and the process neither crashes nor hangs on the way out.
#include "fakeprovider.h"
#include "sseclient.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <unistd.h>

namespace {

constexpr int StartTimeoutMs = 60000; // how long a start is waited for
constexpr int MessageBytes = 40 * 1024;
constexpr int MaxChats = 40; // 1.6 MiB of messages for a 320 KiB disk
constexpr int ChatsAfterTheError = 3;
const QString Unshare = QStringLiteral("/usr/bin/unshare");

struct Answer
{
    int status = 0;
    QJsonObject json;
    QByteArray body;
    QString error;
};

QString bigMessage(int n)
{
    QString text = QStringLiteral("Chat %1 on a disk that fills up. ").arg(n);
    static const QString Words = QStringLiteral("the quick brown fox jumps over the lazy dog %1; ");
    while (text.size() < MessageBytes)
        text += Words.arg(text.size());
    text.truncate(MessageBytes);
    return text;
}

bool mentionsFullDisk(const QString &text)
{
    const QString lower = text.toLower();
    return lower.contains(QLatin1String("full")) || lower.contains(QLatin1String("no space"));
}

} // namespace

class TestDiskFull : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void chatsGoOnWhenTheDiskIsFull();
    void cleanupTestCase();

private:
    QString discoveryPath() const
    {
        return m_dir.filePath(QStringLiteral("state/attache/server.json"));
    }
    Answer send(const QByteArray &verb, const QString &route, const QByteArray &body = {});
    QNetworkRequest request(const QString &route) const;

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_child;
    QNetworkAccessManager m_network;
    quint16 m_port = 0;
    QByteArray m_token;
};

void TestDiskFull::initTestCase()
{
    QVERIFY(QFileInfo::exists(QStringLiteral(ATTACHE_BINARY)));
    QVERIFY(m_dir.isValid());
    // Mounting is for root alone, and a container may take that right away even from root: no
    // package gives it back, so those two are reasons to skip. unshare is (util-linux, which
    // scripts/setup.sh installs).
    if (::geteuid() != 0)
        QSKIP("needs root (CAP_SYS_ADMIN) to mount a small tmpfs in a private mount namespace");
    QVERIFY2(QFileInfo(Unshare).isExecutable(),
             "/usr/bin/unshare is not installed (util-linux; scripts/setup.sh installs it)");
    // Can we mount here at all? Containers often take CAP_SYS_ADMIN away even from root.
    const QString probe = m_dir.filePath(QStringLiteral("probe"));
    QVERIFY(QDir().mkpath(probe));
    QProcess check;
    check.start(Unshare,
                { QStringLiteral("--mount"), QStringLiteral("--propagation"),
                  QStringLiteral("private"), QStringLiteral("sh"), QStringLiteral("-c"),
                  QStringLiteral("mount -t tmpfs -o size=16k tmpfs \"$1\" && echo mounted"),
                  QStringLiteral("sh"), probe });
    QVERIFY(check.waitForFinished(10000));
    const QByteArray out = check.readAllStandardOutput();
    if (!out.contains("mounted")) {
        const QByteArray why = check.readAllStandardError().trimmed();
        QSKIP(
            qPrintable(QStringLiteral("cannot mount a tmpfs in a private mount namespace here: %1")
                           .arg(QString::fromUtf8(why))));
    }
}

void TestDiskFull::cleanupTestCase()
{
    if (m_child && m_child->state() != QProcess::NotRunning) {
        m_child->kill();
        m_child->waitForFinished(5000);
    }
    m_child.reset();
}

QNetworkRequest TestDiskFull::request(const QString &route) const
{
    QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(route)));
    req.setRawHeader("Authorization", "Bearer " + m_token);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setTransferTimeout(15000);
    return req;
}

Answer TestDiskFull::send(const QByteArray &verb, const QString &route, const QByteArray &body)
{
    QNetworkReply *reply = m_network.sendCustomRequest(request(route), verb, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        finished.wait(20000);
    Answer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.json = QJsonDocument::fromJson(answer.body).object();
    answer.error = reply->error() == QNetworkReply::NoError ? QString() : reply->errorString();
    reply->deleteLater();
    return answer;
}

void TestDiskFull::chatsGoOnWhenTheDiskIsFull()
{
    FakeProvider fake;
    QVERIFY(fake.listen());

    const QString data = m_dir.filePath(QStringLiteral("data"));
    QVERIFY(QDir().mkpath(data));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    const QStringList keys = env.keys();
    for (const QString &key : keys) {
        if (key.endsWith(QLatin1String("_API_KEY")) || key.startsWith(QLatin1String("ATTACHE_")))
            env.remove(key);
    }
    env.insert(QStringLiteral("HOME"), m_dir.path());
    env.insert(QStringLiteral("XDG_STATE_HOME"), m_dir.filePath(QStringLiteral("state")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("ATTACHE_OPENAI_BASE_URL"), fake.baseUrl().toString());

    // The data directory is a 320 KiB tmpfs only attache's mount namespace sees; exec keeps the
    // pid.
    m_child = std::make_unique<QProcess>();
    m_child->setProcessEnvironment(env);
    m_child->setProcessChannelMode(QProcess::MergedChannels);
    const QString log = m_dir.filePath(QStringLiteral("attache.log"));
    m_child->setStandardOutputFile(log);
    m_child->start(
        Unshare,
        { QStringLiteral("--mount"), QStringLiteral("--propagation"), QStringLiteral("private"),
          QStringLiteral("sh"), QStringLiteral("-c"),
          QStringLiteral("mount -t tmpfs -o size=320k tmpfs \"$1\" && exec \"$2\" --headless "
                         "--port 0 --data-dir \"$1\""),
          QStringLiteral("sh"), data, QStringLiteral(ATTACHE_BINARY) });
    QVERIFY(m_child->waitForStarted(5000));
    const auto childLog = [&log] {
        QFile file(log);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    QJsonObject discovery;
    const auto ready = [&] {
        QFile file(discoveryPath());
        if (!file.open(QIODevice::ReadOnly))
            return false;
        discovery = QJsonDocument::fromJson(file.readAll()).object();
        return discovery.value(QLatin1String("pid")).toInteger() == m_child->processId();
    };
    QTRY_VERIFY_WITH_TIMEOUT(ready() || m_child->state() == QProcess::NotRunning, StartTimeoutMs);
    QVERIFY2(ready(), childLog());
    m_port = quint16(discovery.value(QLatin1String("port")).toInt());
    m_token = discovery.value(QLatin1String("token")).toString().toLatin1();

    const Answer before = send("GET", QStringLiteral("/status"));
    QCOMPARE(before.status, 200);
    QVERIFY2(before.json.value(QLatin1String("storage")).toString().startsWith(data), before.body);
    QVERIFY2(!before.json.contains(QLatin1String("storage_error")), before.body);

    // An attached client listening for what the engine has to say.
    QNetworkRequest eventsRequest = request(QStringLiteral("/events"));
    eventsRequest.setTransferTimeout(0);
    auto *events = new SseClient(m_network.get(eventsRequest), this);
    QTRY_VERIFY_WITH_TIMEOUT(!events->events.isEmpty(), 5000); // "hello": subscribed

    QList<QPair<QString, QString>> turns; // message, reply
    QString storageError;
    int chatsAfterError = 0;
    for (int n = 1; n <= MaxChats && chatsAfterError < ChatsAfterTheError; ++n) {
        FakeReply reply;
        reply.tokens = QStringList { QStringLiteral("Noted "), QStringLiteral("chat "),
                                     QString::number(n), QStringLiteral(".") };
        fake.enqueueReply(reply);
        const QString message = bigMessage(n);
        const Answer chat = send("POST", QStringLiteral("/chat"),
                                 QJsonDocument(QJsonObject { { QStringLiteral("message"), message },
                                                             { QStringLiteral("stream"), false } })
                                     .toJson(QJsonDocument::Compact));
        QVERIFY2(
            chat.status == 200,
            qPrintable(
                QStringLiteral(
                    "chat %1 (storage error so far: \"%2\") answered %3 %4 %5; attache is %6:\n%7")
                    .arg(n)
                    .arg(storageError)
                    .arg(chat.status)
                    .arg(chat.error, QString::fromUtf8(chat.body.left(300)),
                         m_child->state() == QProcess::Running ? QStringLiteral("running")
                                                               : QStringLiteral("gone"),
                         QString::fromUtf8(childLog().right(2000)))));
        QCOMPARE(chat.json.value(QLatin1String("response")).toString(), reply.joinedText());
        turns.append({ message, reply.joinedText() });
        if (!storageError.isEmpty()) {
            ++chatsAfterError;
            continue;
        }
        // The chat's turn was written before its answer; a write nobody waits for (a session's
        // row) may fail later, and shows at a later chat: the loop has room for that.
        const Answer status = send("GET", QStringLiteral("/status"));
        QCOMPARE(status.status, 200);
        storageError = status.json.value(QLatin1String("storage_error")).toString();
    }
    QVERIFY2(
        !storageError.isEmpty(),
        qPrintable(QStringLiteral(
                       "%1 chats of %2 KiB into a 320 KiB disk, yet GET /status never reported a "
                       "storage_error; log:\n%3")
                       .arg(turns.size())
                       .arg(MessageBytes / 1024)
                       .arg(QString::fromUtf8(childLog().right(2000)))));
    qInfo("GET /status reported the full disk after chat %lld of %d KiB: %s",
          qint64(turns.size() - ChatsAfterTheError), MessageBytes / 1024,
          qUtf8Printable(storageError));
    QVERIFY2(mentionsFullDisk(storageError), qPrintable(storageError));

    // Every turn is still there, in order, as it was answered.
    const Answer history = send("GET", QStringLiteral("/history"));
    QCOMPARE(history.status, 200);
    const QJsonArray messages = history.json.value(QLatin1String("messages")).toArray();
    QCOMPARE(messages.size(), turns.size() * 2);
    for (int i = 0; i < turns.size(); ++i) {
        const QJsonObject user = messages.at(2 * i).toObject();
        const QJsonObject assistant = messages.at(2 * i + 1).toObject();
        QCOMPARE(user.value(QLatin1String("role")).toString(), QStringLiteral("user"));
        QVERIFY2(user.value(QLatin1String("content")).toString() == turns.at(i).first,
                 qPrintable(QStringLiteral("turn %1: the message differs").arg(i + 1)));
        QCOMPARE(assistant.value(QLatin1String("role")).toString(), QStringLiteral("assistant"));
        QCOMPARE(assistant.value(QLatin1String("content")).toString(), turns.at(i).second);
    }

    // Sessions can still be made and used; they live in memory for now.
    const Answer created =
        send("POST", QStringLiteral("/session/new"), R"({"name":"After the disk filled"})");
    QVERIFY2(created.status == 201, created.body);
    FakeReply small;
    small.tokens = QStringList { QStringLiteral("Still "), QStringLiteral("here.") };
    fake.enqueueReply(small);
    const Answer later = send("POST", QStringLiteral("/chat"),
                              R"({"message":"Are you still there?","stream":false})");
    QVERIFY2(later.status == 200, later.body);
    QCOMPARE(later.json.value(QLatin1String("response")).toString(), small.joinedText());
    const Answer listed = send("GET", QStringLiteral("/sessions"));
    QCOMPARE(listed.status, 200);
    bool found = false;
    for (const QJsonValue &session : listed.json.value(QLatin1String("sessions")).toArray()) {
        if (session[QLatin1String("name")].toString() == QLatin1String("After the disk filled")) {
            found = true;
            QCOMPARE(session[QLatin1String("message_count")].toInt(), 2);
        }
    }
    QVERIFY2(found, listed.body);

    // The attached client was told, in words that say what happened.
    const auto notified = [&] {
        for (const SseClient::Event &e : std::as_const(events->events)) {
            if (e.json.value(QLatin1String("type")).toString() == QLatin1String("notification")
                && mentionsFullDisk(e.json.value(QLatin1String("data"))
                                        .toObject()
                                        .value(QLatin1String("message"))
                                        .toString()))
                return true;
        }
        return false;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(
        notified(),
        qPrintable(QStringLiteral("no notification about the full disk among: %1")
                       .arg(events->types().join(QLatin1String(", ")))),
        5000);
    QVERIFY2(!events->finished, "the /events stream ended");

    // Still alive and answering, and it leaves cleanly when asked to.
    QCOMPARE(m_child->state(), QProcess::Running);
    QCOMPARE(send("GET", QStringLiteral("/health")).status, 200);
    m_child->terminate();
    QVERIFY2(m_child->waitForFinished(10000),
             "attache did not exit within 10 s of SIGTERM on a full disk");
    QVERIFY2(m_child->exitStatus() == QProcess::NormalExit && m_child->exitCode() == 0,
             qPrintable(QStringLiteral("attache ended with %1, code %2:\n%3")
                            .arg(m_child->exitStatus() == QProcess::NormalExit
                                     ? QStringLiteral("exit")
                                     : QStringLiteral("a crash"))
                            .arg(m_child->exitCode())
                            .arg(QString::fromUtf8(childLog().right(2000)))));
}

QTEST_GUILESS_MAIN(TestDiskFull)
#include "tst_diskfull.moc"
